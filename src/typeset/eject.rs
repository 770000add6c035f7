//! `--format typ`: a folder the official `typst compile` turns into the same PDF, for
//! users who want to hand-tune the Typst.
//!
//! The folder is the user's: an eject never removes anything it did not create. It goes
//! into a new or empty folder, or over a previous eject of ours (recognised by its
//! [`MARKER`] file, which lists what that eject wrote); any other existing folder is
//! refused, and so is a file of the user's where one of ours would go.

use std::collections::BTreeSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::typeset::Prepared;
use crate::typeset::fonts::EMBEDDED;
use crate::typeset::layouts;
use crate::typeset::world::{
    CUSTOM_DIR, DATA_FILE, LayoutSource, MAX_LAYOUT_BYTES, SYSTEM_DIR, main_source,
};
use crate::write::files::Protected;

/// Lists the files an eject wrote, one relative path per line after the first.
pub(crate) const MARKER: &str = ".resume-pdf-eject";
const MARKER_HEADER: &str = "# Written by resume-pdf --format typ; these files are replaced by the next eject into this folder.";

const FONT_LICENCES: &[(&str, &str)] = &[
    (
        "OFL-Libertinus.txt",
        include_str!("../../fonts/OFL-Libertinus.txt"),
    ),
    ("OFL-Inter.txt", include_str!("../../fonts/OFL-Inter.txt")),
    (
        "OFL-SourceCodePro.txt",
        include_str!("../../fonts/OFL-SourceCodePro.txt"),
    ),
];

/// What the folder at the target path is, as far as an eject cares.
enum Target {
    Missing,
    /// Empty, or a previous eject of ours holding these files.
    Ours(BTreeSet<String>),
}

/// Writes `main.typ`, the layout and helpers, `resume.json`, the images and the fonts
/// into `dir`. Everything is written into a temporary sibling first, so a failure while
/// writing leaves `dir` as it was; `protected` are the inputs, never written over.
pub(crate) fn eject(prepared: &Prepared, dir: &Path, protected: &Protected) -> Result<(), Error> {
    let name = dir.display().to_string();
    let target = inspect(dir)?;
    let files = contents(prepared)?;
    if let Target::Ours(old) = &target {
        for (rel, _) in &files {
            let path = dir.join(rel);
            if !old.contains(rel) && fs::symlink_metadata(&path).is_ok() {
                return Err(Error::Refused(format!(
                    "{} exists and was not written by resume-pdf; move it away or eject into a new folder",
                    path.display()
                )));
            }
            protected.check(&path).map_err(Error::Refused)?;
        }
    }
    let parent = crate::write::files::folder_of(dir);
    let created =
        crate::write::files::create_folders(parent).map_err(|e| Error::write(&name, e))?;
    let staged = stage(&files, parent).map_err(|e| {
        crate::write::files::remove_created(&created);
        Error::write(&name, e)
    })?;
    match target {
        Target::Missing => {
            let kept = staged.keep();
            fs::rename(&kept, dir).map_err(|e| {
                let _ = fs::remove_dir_all(&kept);
                crate::write::files::remove_created(&created);
                Error::write(&name, e)
            })
        }
        Target::Ours(old) => {
            move_into(staged.path(), dir, &files).map_err(|e| Error::write(&name, e))?;
            let new: BTreeSet<&str> = files.iter().map(|(rel, _)| rel.as_str()).collect();
            remove_stale(dir, old.iter().filter(|rel| !new.contains(rel.as_str())));
            Ok(())
        }
    }
}

/// Whether an eject may write to `dir`, said before any work is done.
pub(crate) fn check_target(dir: &Path) -> Result<(), String> {
    match inspect(dir) {
        Ok(_) => Ok(()),
        Err(Error::Refused(message)) => Err(message),
        Err(_) => Ok(()), // an unreadable folder fails with its own message when written
    }
}

/// Refuses a target that is a file, or a folder that is neither empty nor ours.
fn inspect(dir: &Path) -> Result<Target, Error> {
    let name = dir.display().to_string();
    let meta = match fs::metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Target::Missing),
        Err(e) => return Err(Error::write(&name, e)),
    };
    if !meta.is_dir() {
        return Err(Error::Refused(format!(
            "{name} is a file; a Typst eject writes a folder: name a new folder instead"
        )));
    }
    let mut entries = fs::read_dir(dir).map_err(|e| Error::read(&name, e))?;
    if entries.next().is_none() {
        return Ok(Target::Ours(BTreeSet::new()));
    }
    let marker = dir.join(MARKER);
    let listed = fs::symlink_metadata(&marker)
        .ok()
        .filter(|m| m.is_file())
        .and_then(|_| fs::read_to_string(&marker).ok());
    match listed {
        Some(text) => Ok(Target::Ours(
            text.lines()
                .skip(1)
                .filter(|l| is_plain_relative(l))
                .map(str::to_string)
                .chain([MARKER.to_string()])
                .collect(),
        )),
        None => Err(Error::Refused(format!(
            "{name} is a folder that already holds files and is not an earlier eject of resume-pdf (it has no {MARKER}); \
             nothing was written: give a new or empty folder with -o"
        ))),
    }
}

/// A path of plain names below the folder: a marker listing `../x` or `/x` must never
/// make us delete a file outside it.
fn is_plain_relative(rel: &str) -> bool {
    !rel.is_empty()
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Every file of the eject, by relative path, the marker last.
fn contents(prepared: &Prepared) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "main.typ".into(),
            main_source(&prepared.layout).into_bytes(),
        ),
        (
            format!("{SYSTEM_DIR}/common.typ"),
            layouts::COMMON.as_bytes().to_vec(),
        ),
        (
            DATA_FILE.into(),
            serde_json::to_vec_pretty(&prepared.resume).expect("the model always serialises"),
        ),
    ];
    match &prepared.layout {
        LayoutSource::BuiltIn(layout) => {
            let source = layouts::find(layout).map(|l| l.source).unwrap_or_default();
            files.push((
                format!("{SYSTEM_DIR}/{layout}.typ"),
                source.as_bytes().to_vec(),
            ));
        }
        LayoutSource::Custom { folder, .. } => {
            let root = folder.root().display().to_string();
            let mut names = Vec::new();
            for entry in fs::read_dir(folder.root()).map_err(|e| Error::read(&root, e))? {
                let entry = entry.map_err(|e| Error::read(&root, e))?;
                names.push(entry.file_name().to_string_lossy().to_string());
            }
            names.sort();
            for file in names {
                if let Ok(bytes) = folder.read(&file, MAX_LAYOUT_BYTES) {
                    files.push((format!("{CUSTOM_DIR}/{file}"), bytes));
                }
            }
        }
    }
    for (src, bytes) in &prepared.images {
        files.push((src.clone(), bytes.to_vec()));
    }
    for (file, bytes) in EMBEDDED {
        files.push((format!("fonts/{file}"), bytes.to_vec()));
    }
    for (file, text) in FONT_LICENCES {
        files.push((format!("fonts/{file}"), text.as_bytes().to_vec()));
    }
    let listing: String = std::iter::once(MARKER_HEADER)
        .chain(files.iter().map(|(rel, _)| rel.as_str()))
        .flat_map(|l| [l, "\n"])
        .collect();
    files.push((MARKER.into(), listing.into_bytes()));
    Ok(files)
}

/// All files written into a new temporary folder beside the target.
fn stage(files: &[(String, Vec<u8>)], parent: &Path) -> std::io::Result<tempfile::TempDir> {
    let tmp = crate::write::files::temp_builder(0o777).tempdir_in(parent)?;
    for (rel, bytes) in files {
        let path = tmp.path().join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p)?;
        }
        fs::write(&path, bytes)?;
    }
    Ok(tmp)
}

/// Renames each staged file over its place in `dir` (same filesystem: each is atomic),
/// the marker last, so an interrupted update still lists every file written so far.
fn move_into(staged: &Path, dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    for (rel, _) in files {
        let to = dir.join(rel);
        if let Some(p) = to.parent() {
            fs::create_dir_all(p)?;
        }
        fs::rename(staged.join(rel), &to)?;
    }
    Ok(())
}

/// Files an earlier eject wrote that this one no longer does (an image since removed),
/// and the folders they leave empty.
fn remove_stale<'a>(dir: &Path, stale: impl Iterator<Item = &'a String>) {
    for rel in stale {
        let path = dir.join(rel);
        if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) && fs::remove_file(&path).is_ok()
        {
            let mut folder = path.parent().map(PathBuf::from);
            while let Some(f) = folder.filter(|f| f != dir && f.starts_with(dir)) {
                if fs::remove_dir(&f).is_err() {
                    break;
                }
                folder = f.parent().map(PathBuf::from);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_cannot_point_outside_the_folder() {
        assert!(is_plain_relative("fonts/Inter-Bold.otf"));
        assert!(!is_plain_relative("../cv.md"));
        assert!(!is_plain_relative("/etc/passwd"));
        assert!(!is_plain_relative("fonts/../../x"));
        assert!(!is_plain_relative(""));
    }

    #[test]
    fn a_folder_of_someone_elses_files_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("cv.md"), "# Ada").unwrap();
        assert!(matches!(inspect(dir.path()), Err(Error::Refused(_))));
        let file = dir.path().join("cv.md");
        assert!(matches!(inspect(&file), Err(Error::Refused(_))));
        assert!(matches!(
            inspect(&dir.path().join("new")),
            Ok(Target::Missing)
        ));
    }
}
