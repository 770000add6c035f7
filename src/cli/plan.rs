//! Turning the command line's inputs into jobs: which files, and where each output goes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One résumé to render and where its result goes (`None`: standard output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Job {
    pub input: PathBuf,
    pub output: Option<PathBuf>,
}

/// How outputs are named.
pub(crate) struct Naming<'a> {
    /// `-o`: the one output (only with a single input).
    pub output: Option<&'a Path>,
    pub out_dir: Option<&'a Path>,
    /// The output's extension (`pdf`), or the folder suffix for ejected Typst.
    pub suffix: &'a str,
    pub is_folder: bool,
}

/// Expands files, folders (`*.md` inside; all levels with `recursive`) and glob patterns
/// into inputs, each with the folder its `--out-dir` path is taken relative to.
pub(crate) fn expand(args: &[PathBuf], recursive: bool) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let mut out = Vec::new();
    for arg in args {
        let text = arg.to_string_lossy();
        if arg == Path::new("-") || arg.is_file() {
            out.push((arg.clone(), PathBuf::new()));
        } else if arg.is_dir() {
            let mut found = Vec::new();
            markdown_files(arg, recursive, &mut found)
                .map_err(|e| format!("{}: cannot list the folder: {e}", arg.display()))?;
            found.sort();
            if found.is_empty() {
                return Err(format!(
                    "{}: no .md files in the folder{}",
                    arg.display(),
                    if recursive {
                        ""
                    } else {
                        " (use --recursive for sub-folders)"
                    }
                ));
            }
            out.extend(found.into_iter().map(|f| (f, arg.clone())));
        } else if is_pattern(&text) {
            let base = glob_base(&text);
            let mut matched: Vec<PathBuf> = glob::glob(&text)
                .map_err(|e| format!("{text}: bad pattern: {e}"))?
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            matched.sort();
            if matched.is_empty() {
                return Err(format!("{text}: no files match"));
            }
            out.extend(matched.into_iter().map(|f| (f, base.clone())));
        } else {
            // Missing files still become jobs: each reports its own error.
            out.push((arg.clone(), PathBuf::new()));
        }
    }
    Ok(out)
}

fn markdown_files(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if recursive {
                markdown_files(&path, recursive, out)?;
            }
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Whether an input that names no file is meant as a glob pattern.
pub(crate) fn is_pattern(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// The folder part of a pattern before its first wildcard.
fn glob_base(pattern: &str) -> PathBuf {
    let cut = pattern.find(['*', '?', '[']).unwrap_or(pattern.len());
    let prefix = &pattern[..cut];
    match prefix.rfind('/') {
        Some(i) => PathBuf::from(&prefix[..=i]),
        None => PathBuf::new(),
    }
}

/// Names each input's output; refuses, before any work, two inputs that would write the
/// same file.
pub(crate) fn plan(inputs: Vec<(PathBuf, PathBuf)>, naming: &Naming) -> Result<Vec<Job>, String> {
    if naming.output.is_some() && inputs.len() > 1 {
        return Err("-o/--output takes one input; use --out-dir for several".into());
    }
    let jobs: Vec<Job> = inputs
        .into_iter()
        .map(|(input, base)| {
            let output = output_for(&input, &base, naming);
            Job { input, output }
        })
        .collect();
    let mut seen: HashMap<PathBuf, &Path> = HashMap::new();
    for job in &jobs {
        let Some(out) = &job.output else { continue };
        let key = normalise(out);
        if let Some(first) = seen.insert(key, &job.input) {
            return Err(format!(
                "{} and {} would both write {}; rename one or use separate --out-dir runs",
                first.display(),
                job.input.display(),
                out.display()
            ));
        }
    }
    if jobs.iter().filter(|j| j.output.is_none()).count() > 1 {
        return Err("only one result can go to standard output".into());
    }
    Ok(jobs)
}

fn output_for(input: &Path, base: &Path, naming: &Naming) -> Option<PathBuf> {
    if let Some(o) = naming.output {
        return (o != Path::new("-")).then(|| o.to_path_buf());
    }
    let is_stdin = input == Path::new("-");
    let stem = if is_stdin {
        "resume".into()
    } else {
        input.file_stem().unwrap_or_default().to_string_lossy()
    };
    let file = if naming.is_folder {
        format!("{stem}-{}", naming.suffix)
    } else {
        format!("{stem}.{}", naming.suffix)
    };
    match naming.out_dir {
        Some(dir) => {
            let rel_parent = input
                .parent()
                .and_then(|p| p.strip_prefix(base).ok())
                .filter(|_| !base.as_os_str().is_empty())
                .map(Path::to_path_buf)
                .unwrap_or_default();
            Some(dir.join(rel_parent).join(file))
        }
        None if is_stdin => None,
        None => Some(input.with_file_name(file)),
    }
}

/// Lexical normalisation so `a/./x.pdf` and `a/x.pdf` collide; case is kept.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naming<'a>(out_dir: Option<&'a Path>) -> Naming<'a> {
        Naming {
            output: None,
            out_dir,
            suffix: "pdf",
            is_folder: false,
        }
    }

    #[test]
    fn out_dir_keeps_sub_folders_of_a_folder_input() {
        let jobs = plan(
            vec![(PathBuf::from("people/team/a.md"), PathBuf::from("people"))],
            &naming(Some(Path::new("build"))),
        )
        .unwrap();
        assert_eq!(
            jobs[0].output.as_deref(),
            Some(Path::new("build/team/a.pdf"))
        );
    }

    #[test]
    fn files_go_flat_into_out_dir_and_beside_themselves_otherwise() {
        let inputs = vec![(PathBuf::from("people/a.md"), PathBuf::new())];
        let jobs = plan(inputs.clone(), &naming(Some(Path::new("build")))).unwrap();
        assert_eq!(jobs[0].output.as_deref(), Some(Path::new("build/a.pdf")));
        let jobs = plan(inputs, &naming(None)).unwrap();
        assert_eq!(jobs[0].output.as_deref(), Some(Path::new("people/a.pdf")));
    }

    #[test]
    fn same_output_twice_is_refused() {
        let inputs = vec![
            (PathBuf::from("x/cv.md"), PathBuf::new()),
            (PathBuf::from("y/cv.md"), PathBuf::new()),
        ];
        let err = plan(inputs, &naming(Some(Path::new("build")))).unwrap_err();
        assert!(err.contains("x/cv.md") && err.contains("y/cv.md"), "{err}");
    }

    #[test]
    fn glob_base_is_the_folder_before_the_wildcard() {
        assert_eq!(glob_base("people/*.md"), PathBuf::from("people/"));
        assert_eq!(glob_base("*.md"), PathBuf::new());
    }
}
