//! Code and data from the user (custom layouts, font files) run under a memory and time
//! budget: past it, that résumé fails with a message saying which budget, and a batch
//! renders the others. The budgets are tightened through the environment so that these
//! tests take seconds; the defaults are in the README's Limits table.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::*;

const CV: &str = "# Ada Lovelace\n\nAnalyst\n\n## Work\n\n### Engineer\n\nDid things.\n";

fn run_limited(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .env("RESUME_PDF_MEMORY_LIMIT_MB", "1024")
        .env("RESUME_PDF_TIME_LIMIT_S", "4")
        .args(args)
        .output()
        .unwrap()
}

fn layout(dir: &Path, name: &str, body: &str) {
    fs::write(
        dir.join(name),
        format!("#import \"/resume-pdf/common.typ\": *\n#let resume(data) = {{\n{body}\n}}\n"),
    )
    .unwrap();
}

#[test]
fn a_layout_that_loops_or_hoards_fails_alone_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Nested, since Typst stops a `while` after 10,000 rounds on its own.
    layout(
        d,
        "loops.typ",
        "for i in range(100000) { for j in range(100000) { let x = i * j } }",
    );
    layout(d, "hoards.typ", "let a = range(400000000)\n[#a.len()]");
    layout(d, "fine.typ", "[#data.name]");
    for (name, layout) in [
        ("a.md", "loops.typ"),
        ("b.md", "hoards.typ"),
        ("c.md", "fine.typ"),
    ] {
        fs::write(d.join(name), format!("---\nlayout: {layout}\n---\n{CV}")).unwrap();
    }
    fs::write(d.join("d.md"), CV).unwrap();
    let out = run_limited(
        d,
        &["a.md", "b.md", "c.md", "d.md", "--out-dir", "out", "--json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "one JSON line per résumé: {lines:?}");
    let error = |i: usize| lines[i]["error"].as_str().unwrap_or_default().to_string();
    assert!(
        error(0).contains("a.md") && error(0).contains("loops.typ") && error(0).contains(" s "),
        "{}",
        error(0)
    );
    assert!(
        error(1).contains("hoards.typ") && error(1).contains("MB of memory"),
        "{}",
        error(1)
    );
    assert_eq!(lines[2]["status"], "ok", "{:?}", lines[2]);
    assert_eq!(lines[3]["status"], "ok", "{:?}", lines[3]);
    assert!(pdftotext(&d.join("out/c.pdf")).contains("Ada Lovelace"));
    assert!(pdftotext(&d.join("out/d.pdf")).contains("Ada Lovelace"));
    assert!(!d.join("out/a.pdf").exists() && !d.join("out/b.pdf").exists());
}

#[test]
fn a_custom_layout_renders_the_same_in_its_child_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("cv.md"), CV).unwrap();
    let layout = repo("examples/custom-layout/minimal.typ");
    let args = ["cv.md", "--layout", layout.to_str().unwrap()];
    for format in ["pdf", "png", "svg"] {
        let file = format!("cv.{format}");
        let out = run_limited(d, &[&args[..], &["-f", format, "-o", &file]].concat());
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert!(fs::metadata(d.join(&file)).unwrap().len() > 100);
    }
    assert!(pdftotext(&d.join("cv.pdf")).contains("Ada Lovelace"));
    // Standard input and output pass through the child too.
    let out = bin()
        .current_dir(d)
        .args([args[1], args[2], "-", "-o", "-"])
        .stdin(fs::File::open(d.join("cv.md")).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.starts_with(b"%PDF-"));
    // A layout's own error still names its file and line.
    fs::write(
        d.join("buggy.typ"),
        "#let resume(data) = {\n  [ok]\n  panic(\"broken here\")\n}\n",
    )
    .unwrap();
    let out = run_limited(d, &["cv.md", "--layout", "buggy.typ"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("buggy.typ:3:"), "{}", stderr(&out));
}

/// Inter with its character map replaced by one claiming every code point from 0 to
/// 2³²−1: Typst's font loader collects them all into one list (16 GB).
fn font_claiming_every_code_point() -> Vec<u8> {
    let mut font = fs::read(repo("fonts/Inter-Regular.otf")).unwrap();
    let tables = u16::from_be_bytes([font[4], font[5]]) as usize;
    let entry = (0..tables)
        .map(|i| 12 + 16 * i)
        .find(|&e| &font[e..e + 4] == b"cmap")
        .expect("Inter has a cmap");
    let at = u32::from_be_bytes(font[entry + 8..entry + 12].try_into().unwrap()) as usize;
    let mut cmap = Vec::new();
    cmap.extend_from_slice(&[0, 0, 0, 1, 0, 3, 0, 10, 0, 0, 0, 12]);
    cmap.extend_from_slice(&[0, 12, 0, 0, 0, 0, 0, 28, 0, 0, 0, 0, 0, 0, 0, 1]);
    cmap.extend_from_slice(&[0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1]);
    font[at..at + cmap.len()].copy_from_slice(&cmap);
    font[entry + 12..entry + 16].copy_from_slice(&(cmap.len() as u32).to_be_bytes());
    font
}

#[test]
fn font_files_that_crash_hang_or_never_end_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fonts = d.join("fonts");
    fs::create_dir(&fonts).unwrap();
    fs::write(fonts.join("bomb.otf"), font_claiming_every_code_point()).unwrap();
    fs::write(fonts.join("empty.ttf"), b"").unwrap();
    fs::copy(
        repo("fonts/SourceCodePro-Regular.otf"),
        fonts.join("good.otf"),
    )
    .unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/dev/zero", fonts.join("zero.ttf")).unwrap();
        let fifo = fonts.join("fifo.ttf");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo is needed");
        // A folder that links to its parent must not be walked for ever.
        std::os::unix::fs::symlink(&fonts, fonts.join("loop")).unwrap();
    }
    fs::write(d.join("cv.md"), CV).unwrap();
    let out = run_limited(
        d,
        &["cv.md", "--font-path", "fonts", "--font", "Source Code Pro"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("bomb.otf") && err.contains("left out"),
        "{err}"
    );
    #[cfg(unix)]
    assert!(
        err.contains("zero.ttf") && err.contains("fifo.ttf") && err.contains("not a regular file"),
        "{err}"
    );
    assert!(pdftotext(&d.join("cv.pdf")).contains("Ada Lovelace"));

    let out = run_limited(d, &["fonts", "--font-path", "fonts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Source Code Pro"));
}
