//! A command never destroys a user's file: not the folder an eject is pointed at, not an
//! input named as the output (directly, through a link, or in a batch), not page files
//! that are not ours. Every check looks at the files on disk afterwards.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

const CV: &str = "# Ada Lovelace\n\nAnalyst\n\n## Work\n\n### Engineer\n\nDid things.\n";

/// Every file under `dir` with its bytes, for before/after comparisons.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

/// A project folder as a user has it: the Markdown, a photo, notes, a `.git` folder.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("cv.md"), CV).unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    fs::write(dir.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

#[test]
fn eject_into_the_current_folder_is_refused_and_deletes_nothing() {
    let dir = project();
    let before = snapshot(dir.path());
    for target in [".", "./", ".git"] {
        let out = run_in(dir.path(), &["cv.md", "-f", "typ", "-o", target]);
        assert_eq!(out.status.code(), Some(2), "-o {target}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("not an earlier eject"),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            snapshot(dir.path()),
            before,
            "-o {target} changed the folder"
        );
    }
    let out = run_in(dir.path(), &["cv.md", "-f", "typ", "-o", "notes.txt"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn eject_goes_into_a_new_or_empty_folder_and_replaces_only_its_own_files() {
    let dir = project();
    let target = dir.path().join("out");
    let eject = |extra: &[&str]| {
        let mut args = vec!["cv.md", "-f", "typ", "-o", "out"];
        args.extend_from_slice(extra);
        run_in(dir.path(), &args)
    };
    // A new folder, then again over our own eject.
    for _ in 0..2 {
        let out = eject(&[]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(target.join("main.typ").is_file());
        assert!(target.join(".resume-pdf-eject").is_file());
    }
    // The user's own file inside our eject survives a new eject.
    fs::write(target.join("my-notes.md"), "keep me").unwrap();
    let out = eject(&["--layout", "modern"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read(target.join("my-notes.md")).unwrap(), b"keep me");
    assert!(target.join("resume-pdf/modern.typ").is_file());
    assert!(
        !target.join("resume-pdf/classic.typ").exists(),
        "the previous eject's layout is ours and superseded"
    );
    // A file of the user's where one of ours would go is refused.
    fs::remove_file(target.join("resume-pdf/modern.typ")).unwrap();
    let marker = fs::read_to_string(target.join(".resume-pdf-eject")).unwrap();
    fs::write(
        target.join(".resume-pdf-eject"),
        marker.replace("resume-pdf/modern.typ\n", ""),
    )
    .unwrap();
    fs::write(target.join("resume-pdf/modern.typ"), "// mine").unwrap();
    let out = eject(&["--layout", "modern"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("not written by resume-pdf"));
    assert_eq!(
        fs::read(target.join("resume-pdf/modern.typ")).unwrap(),
        b"// mine"
    );

    // An empty existing folder is fine.
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let out = run_in(dir.path(), &["cv.md", "-f", "typ", "-o", "empty"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(empty.join("main.typ").is_file());
}

#[test]
fn a_forged_marker_cannot_make_an_eject_delete_outside_its_folder() {
    let dir = project();
    let target = dir.path().join("out");
    fs::create_dir(&target).unwrap();
    fs::write(
        target.join(".resume-pdf-eject"),
        "# header\n../notes.txt\n/etc/hostname\n../cv.md\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["cv.md", "-f", "typ", "-o", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read(dir.path().join("notes.txt")).unwrap(), b"mine");
    assert_eq!(fs::read_to_string(dir.path().join("cv.md")).unwrap(), CV);
}

#[test]
fn an_output_that_is_an_input_is_refused_before_any_work() {
    let dir = project();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("cv.md"), dir.path().join("link.pdf")).unwrap();
        fs::hard_link(dir.path().join("cv.md"), dir.path().join("hard.pdf")).unwrap();
    }
    let before = snapshot(dir.path());
    let cases: &[&[&str]] = &[
        &["cv.md", "-o", "cv.md"],
        &["cv.md", "-o", "./cv.md"],
        &["cv.md", "-f", "json", "-o", "cv.md"],
        &["cv.md", "-f", "png", "-o", "cv.md"],
        #[cfg(unix)]
        &["cv.md", "-o", "link.pdf"],
        #[cfg(unix)]
        &["cv.md", "-o", "hard.pdf"],
    ];
    for args in cases {
        let out = run_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("is the input"), "{}", stderr(&out));
        assert_eq!(snapshot(dir.path()), before, "{args:?} changed a file");
    }

    // In a batch, one résumé's output landing on another input.
    let batch = tempfile::tempdir().unwrap();
    fs::write(batch.path().join("a.md"), CV).unwrap();
    fs::write(batch.path().join("a.json"), "{\"mine\": true}").unwrap();
    fs::create_dir(batch.path().join("in")).unwrap();
    fs::write(batch.path().join("in/a.md"), CV).unwrap();
    let before = snapshot(batch.path());
    let out = Command::new(env!("CARGO_BIN_EXE_resume-pdf"))
        .current_dir(batch.path())
        .args(["in/a.md", "a.md", "-f", "json", "--out-dir", "."])
        .output()
        .unwrap();
    // `in/a.md` → `./a.json` (flat), `a.md` → `./a.json`: a clash, refused either way.
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(snapshot(batch.path()), before);
    fs::write(batch.path().join("in/x.md"), CV).unwrap();
    let before = snapshot(batch.path());
    let out = Command::new(env!("CARGO_BIN_EXE_resume-pdf"))
        .current_dir(batch.path())
        .args(["in/x.md", "in/x.pdf", "--out-dir", "in"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(snapshot(batch.path()), before);
}

#[test]
fn pages_go_to_files_and_stale_pages_of_ours_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let long = repo("tests/fixtures/just-over-one-page.md");
    let md = dir.path().join("cv.md");
    fs::copy(&long, &md).unwrap();
    let png = dir.path().join("cv.png");
    for format in ["png", "svg"] {
        let out = run(&[md.to_str().unwrap(), "-f", format, "-o", "-"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("2 pages"), "{}", stderr(&out));
        assert!(
            out.stdout.is_empty(),
            "page 1 alone went to standard output"
        );
    }
    let out = run(&[md.to_str().unwrap(), "-f", "png", "--ppi", "20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("cv-1.png").is_file() && dir.path().join("cv-2.png").is_file());
    // Someone else's file that happens to match the page pattern is kept.
    fs::write(dir.path().join("cv-3.png"), b"\x89PNG not ours").unwrap();
    let out = run(&[
        md.to_str().unwrap(),
        "-f",
        "png",
        "--ppi",
        "20",
        "--fit",
        "1",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(png.is_file());
    assert!(!dir.path().join("cv-1.png").exists(), "stale page 1 left");
    assert!(!dir.path().join("cv-2.png").exists(), "stale page 2 left");
    assert_eq!(
        fs::read(dir.path().join("cv-3.png")).unwrap(),
        b"\x89PNG not ours"
    );
    // And back to two pages: the single-page file is superseded.
    let out = run(&[md.to_str().unwrap(), "-f", "png", "--ppi", "20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!png.exists(), "stale single page left");
    assert!(dir.path().join("cv-2.png").is_file());
}

#[test]
fn typ_to_standard_output_and_folders_as_files_are_usage_errors() {
    let dir = project();
    let out = run_in(dir.path(), &["cv.md", "-f", "typ", "-o", "-"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("folder"), "{}", stderr(&out));
    let out = run_in(dir.path(), &["cv.md", "-o", ".git"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is a folder"), "{}", stderr(&out));
    assert!(dir.path().join(".git/HEAD").is_file());
}

#[test]
fn a_missing_output_folder_is_created_and_errors_do_not_name_temporary_files() {
    let dir = project();
    let out = run_in(dir.path(), &["cv.md", "-o", "new/deeper/cv.pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("new/deeper/cv.pdf").is_file());

    // A write that fails (the "folder" is a file; this fails for root too) names the
    // output, not our temporary file.
    let out = run_in(dir.path(), &["cv.md", "-o", "notes.txt/cv.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("notes.txt/cv.pdf"), "{err}");
    assert!(
        !err.contains(".resume-pdf-"),
        "names the temporary file: {err}"
    );
    assert_eq!(fs::read(dir.path().join("notes.txt")).unwrap(), b"mine");
}
