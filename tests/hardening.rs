//! Hostile and broken input: nothing executes, nothing leaks, nothing crashes, nothing is
//! lost. Every check reads the real outputs: PDF text, exit status, message, files.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const PNG: &[u8] = include_bytes!("../examples/photo.png");

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

/// Renders `md` in `dir`; returns (exit code, stderr, PDF text if any).
fn render_in(dir: &Path, md: &str, extra: &[&str]) -> (Option<i32>, String, Option<String>) {
    let input = write(dir, "cv.md", md);
    let pdf = dir.join("cv.pdf");
    let _ = fs::remove_file(&pdf);
    let mut args = vec![input.to_str().unwrap(), "-o", pdf.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = run(&args);
    let text = pdf.exists().then(|| pdftotext(&pdf));
    (out.status.code(), stderr(&out), text)
}

/// The words of `text` joined by single spaces, except that a line broken right after a
/// `/` (where Typst may break a path) joins without one: the break added no space.
fn flat(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = String::new();
    for line in lines {
        if !out.is_empty() && !out.ends_with('/') {
            out.push(' ');
        }
        out.push_str(&line);
    }
    out
}

const EVIL: &[&str] = &[
    r#"#read("/etc/passwd")"#,
    r#"#import "/x.typ": *"#,
    r#"#{panic("x")}"#,
    "$x^2$",
    "@ref",
    "<label>",
    "] } \\ /* */",
];

#[test]
fn typst_syntax_prints_literally_in_every_field() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.png"), PNG).unwrap();
    let e = EVIL.join(" ");
    let yaml = e.replace('\\', "\\\\").replace('"', "\\\"");
    // Inside link and image text, Markdown needs `]` and `\` escaped to mean themselves.
    let bracketed = e.replace('\\', "\\\\").replace(']', "\\]");
    // In a wholly bold line, `*` next to the closing `**` would be emphasis: escaped, it
    // prints as itself (FORMAT.md, "Literal text and escapes").
    let starred = e.replace('*', "\\*");
    let md = format!(
        "---\nname: \"N {yaml}\"\nheadline: \"H {yaml}\"\nlocation: \"L {yaml}\"\nlinks:\n  - {{label: \"K {yaml}\", url: \"https://example.org/a?q=#read\"}}\n---\n\n\
## S {e}\n\n### T {e}\n\n**O {starred}**\n\n_2020 – 2021 · M {e}_\n\n\
P {e} [A {bracketed}](https://example.org/#{{panic}}) and `C {e}`\n\n\
| H1 {e} | H2 |\n|---|---|\n| D {e} | x |\n\n\
```\nB {e}\n```\n\n![I {bracketed}](p.png)\n"
    );
    let (code, err, text) = render_in(dir.path(), &md, &[]);
    assert_eq!(code, Some(0), "{err}");
    let text = flat(&text.unwrap());
    // Each field prints its own letter, then every snippet in order: look for that whole
    // run, so one field that swallowed a snippet fails even when another printed it.
    for prefix in [
        "N", "H", "L", "K", "S", "T", "O", "M", "P", "A", "C", "H1", "D", "B",
    ] {
        let field = format!("{prefix} {}", flat(&e));
        assert!(
            text.contains(&field),
            "field {prefix} did not print `{field}` literally:\n{text}"
        );
    }
    assert!(!text.contains("root:"), "a file's content reached the PDF");
    let pdf = dir.path().join("cv.pdf");
    assert!(
        has_alt_text(&pdf, &format!("I {e}")),
        "alt text not literal"
    );
}

#[test]
fn images_outside_the_folder_or_broken_are_left_out_with_a_warning() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("cv");
    fs::create_dir(&dir).unwrap();
    fs::write(root.path().join("outside.png"), PNG).unwrap();
    fs::write(dir.join("notes.png"), b"this is text, not an image").unwrap();
    fs::write(dir.join("truncated.png"), &PNG[..200]).unwrap();
    let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bomb.extend_from_slice(&60_000u32.to_be_bytes());
    bomb.extend_from_slice(&60_000u32.to_be_bytes());
    bomb.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    fs::write(dir.join("bomb.png"), &bomb).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.path().join("outside.png"), dir.join("link.png")).unwrap();
    let md = "# Ima Ges\n\n![Abs alt](/etc/passwd)\n\n![Up alt](../outside.png)\n\n![Link alt](link.png)\n\n\
![Missing alt](missing.png)\n\n![Text alt](notes.png)\n\n![Bomb alt](bomb.png)\n\n\
![Web alt](https://example.org/x.png)\n\nThe end.\n";
    let (code, err, text) = render_in(&dir, md, &[]);
    assert_eq!(code, Some(0), "{err}");
    let text = text.unwrap();
    for (line, file) in [
        (3, "/etc/passwd"),
        (5, "../outside.png"),
        (7, "link.png"),
        (9, "missing.png"),
        (11, "notes.png"),
        (13, "bomb.png"),
        (15, "https://example.org/x.png"),
    ] {
        assert!(
            err.contains(&format!("cv.md:{line}:")) && err.contains(&format!("`{file}`")),
            "no warning naming {file} at line {line}:\n{err}"
        );
    }
    for alt in [
        "Abs alt",
        "Up alt",
        "Link alt",
        "Missing alt",
        "Text alt",
        "Bomb alt",
        "Web alt",
        "The end.",
    ] {
        assert!(text.contains(alt), "{alt} lost:\n{text}");
    }
    assert_eq!(image_count(&dir.join("cv.pdf")), 0);

    // A file with a good header but broken data passes the checks and fails in Typst: the
    // résumé still renders, without images, and says why.
    let (code, err, text) = render_in(
        &dir,
        "# Ima Ges\n\n![Cut alt](truncated.png)\n\nStill here[^1].\n\n\
[^1]: A note with ![Noted alt](truncated.png) in it.\n",
        &[],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("truncated.png"), "{err}");
    let text = text.unwrap();
    assert!(
        text.contains("Still here") && text.contains("Cut alt") && text.contains("Noted alt"),
        "{text}"
    );
}

/// A value of ours that does not fit is told at its place and passed over: the résumé
/// renders (another tool's front matter must never fail a render).
#[test]
fn front_matter_values_that_do_not_fit_warn_at_their_place_and_render() {
    let dir = tempfile::tempdir().unwrap();
    for (input, expected) in [
        (
            "---\nname: Ada\nlinks: 3\n---\n# Ada\n",
            "cv.md:3:8: warning: front matter `links`",
        ),
        (
            "---\nfont_size: large\n---\n# A\n",
            "cv.md:2:12: warning: front matter `font_size`",
        ),
        (
            "---\naccent: notacolour\n---\n# A\n",
            "cv.md:2:9: warning: front matter `accent`",
        ),
    ] {
        let path = dir.path().join("cv.md");
        fs::write(&path, input).unwrap();
        let pdf = dir.path().join("cv.pdf");
        let out = run(&[path.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{input:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{input:?}: expected {expected:?} in\n{}",
            stderr(&out)
        );
        assert!(pdf.is_file(), "{input:?}: rendered");
    }
}

#[test]
fn broken_inputs_fail_with_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[u8], &str)] = &[
        (b"", "is empty"),
        (b"  \n\t\n", "is empty"),
        (
            b"# Name\n\nGood line\nbad \xff byte\n",
            "cv.md:4:5: error: invalid UTF-8",
        ),
        (b"---\nname: [unclosed\n---\n", "front matter"),
    ];
    for (input, expected) in cases {
        let path = dir.path().join("cv.md");
        fs::write(&path, input).unwrap();
        let pdf = dir.path().join("cv.pdf");
        let out = run(&[path.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "input {:?}",
            String::from_utf8_lossy(input)
        );
        assert!(
            stderr(&out).contains(expected),
            "input {:?}: expected {expected:?} in\n{}",
            String::from_utf8_lossy(input),
            stderr(&out)
        );
        assert!(!pdf.exists(), "no output on failure");
    }

    let out = run(&[dir.path().join("nope.md").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("nope.md") && err.to_lowercase().contains("no such file"),
        "{err}"
    );

    let sub = dir.path().join("folder.md");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("x.md"), "# X\n").unwrap();
    let out = run(&[
        sub.to_str().unwrap(),
        "-o",
        dir.path().join("x.pdf").to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a folder with -o is not one résumé"
    );
    assert!(
        stderr(&out).contains("folder.md") && stderr(&out).contains("--out-dir"),
        "{}",
        stderr(&out)
    );

    let input = write(dir.path(), "ok.md", "# Ok\n");
    let out = run(&[
        input.to_str().unwrap(),
        "-o",
        dir.path().join("missing/dir/ok.pdf").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        dir.path().join("missing/dir/ok.pdf").is_file(),
        "the output's folder is created"
    );
}

#[test]
fn unknown_keys_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let md = "\u{feff}---\r\nname: Bo Crlf\r\ncolour: red\r\n---\r\n\r\n## Work\r\n\r\n### Dev\r\n\r\n**Acme**\r\n\r\n_2020 – 2021_\r\n\r\nDid it.\r\n";
    let (code, err, text) = render_in(dir.path(), md, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("cv.md:3:1: warning: front matter: unknown key `colour`"),
        "{err}"
    );
    let text = text.unwrap();
    assert!(
        text.contains("Bo Crlf") && text.contains("Did it.") && text.contains("2020 – 2021"),
        "{text}"
    );
    let info = pdfinfo(&dir.path().join("cv.pdf"));
    assert_eq!(info["Title"], "Bo Crlf — Résumé");
}

#[test]
fn failures_leave_existing_output_and_input_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "---\nname: [\n---\n";
    let input = write(dir.path(), "cv.md", bad);
    let pdf = dir.path().join("cv.pdf");
    fs::write(&pdf, b"%PDF-previous").unwrap();
    for format in ["pdf", "json", "png"] {
        let out = run(&[
            input.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
            "-f",
            format,
        ]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            fs::read(&pdf).unwrap(),
            b"%PDF-previous",
            "existing output changed ({format})"
        );
    }
    assert_eq!(
        fs::read_to_string(&input).unwrap(),
        bad,
        "the input was written"
    );
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "temporary files left behind: {names:?}");
}

/// The same when the failure comes after Typst ran: a custom layout that fails while
/// compiling, for each output format, alone and in a batch beside a good résumé.
#[test]
fn failures_after_typst_ran_leave_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "fails.typ",
        "#let resume(data) = {\n  data.name\n  undefined-thing\n}\n",
    );
    let input = write(
        d,
        "cv.md",
        "---\nlayout: fails.typ\n---\n# Com Piled\n\nText.\n",
    );
    let good = write(d, "good.md", "# Good One\n\nFine.\n");
    for format in ["pdf", "png", "svg"] {
        let out_file = d.join(format!("cv.{format}"));
        fs::write(&out_file, b"previous").unwrap();
        let before: Vec<_> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        let out = run(&[
            input.to_str().unwrap(),
            "-o",
            out_file.to_str().unwrap(),
            "-f",
            format,
        ]);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("fails.typ:3:"),
            "{format}: {}",
            stderr(&out)
        );
        assert_eq!(
            fs::read(&out_file).unwrap(),
            b"previous",
            "{format}: output changed"
        );
        let after: Vec<_> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(before, after, "{format}: files appeared or vanished");
    }
    let out_dir = d.join("out");
    fs::create_dir(&out_dir).unwrap();
    fs::write(out_dir.join("cv.pdf"), b"previous").unwrap();
    let out = run(&[
        input.to_str().unwrap(),
        good.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(fs::read(out_dir.join("cv.pdf")).unwrap(), b"previous");
    assert!(pdftotext(&out_dir.join("good.pdf")).contains("Good One"));
}

/// Whether the tests run as root, for whom permissions do not apply: the permission tests
/// (named `…_as_non_root`) then skip, saying so, rather than pass having checked nothing.
#[cfg(unix)]
fn skip_as_root(test: &str) -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        // Straight to stderr, past the test harness's capture: a skip must be seen.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {test}: running as root, which ignores file permissions; \
             run it as another user (cargo test -- as_non_root)"
        );
    }
    root
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_fails_cleanly_as_non_root() {
    use std::os::unix::fs::PermissionsExt;
    if skip_as_root("a_read_only_output_folder_fails_cleanly_as_non_root") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).unwrap();
    fs::write(ro.join("good.pdf"), b"%PDF-previous").unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    let good = write(dir.path(), "good.md", "# Good\n");
    let out = run(&[
        good.to_str().unwrap(),
        "-o",
        ro.join("good.pdf").to_str().unwrap(),
    ]);
    let names: Vec<_> = fs::read_dir(&ro)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let previous = fs::read(ro.join("good.pdf")).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("good.pdf"), "{}", stderr(&out));
    assert_eq!(previous, b"%PDF-previous", "the existing output changed");
    assert_eq!(
        names,
        ["good.pdf"],
        "files appeared in the read-only folder"
    );
}

#[test]
fn size_and_shape_extremes_render_or_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();

    let entries: String = (0..3000)
        .map(|i| format!("### Role {i}\n\n**Org {i}**\n\n_2020 – 2021_\n\n- did {i}\n\n"))
        .collect();
    let (code, err, text) = render_in(
        dir.path(),
        &format!("# Many\n\n## Experience\n\n{entries}"),
        &[],
    );
    assert_eq!(code, Some(0), "{err}");
    let text = text.unwrap();
    assert!(text.contains("Role 2999") && text.contains("did 2999"));

    let word = "x".repeat(20_000);
    let (code, err, text) = render_in(dir.path(), &format!("# Long\n\n{word}\n"), &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        text.unwrap().matches('x').count(),
        20_000,
        "the long word lost letters"
    );

    let deep: String = (0..200)
        .map(|i| format!("{}- level{i}\n", "  ".repeat(i)))
        .collect();
    let (code, err, text) = render_in(dir.path(), &format!("# Deep\n\n{deep}"), &[]);
    assert_eq!(code, Some(0), "{err}");
    let text = text.unwrap();
    assert!(
        text.contains("level0") && text.contains("level199"),
        "deep list items lost"
    );

    let quotes = format!("# Q\n\n{} deep quote\n", ">".repeat(50_000));
    let (code, err, text) = render_in(dir.path(), &quotes, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(text.unwrap().contains("deep quote"));

    let refs: String = (0..3000).map(|i| format!("w{i}[^{i}] ")).collect();
    let defs: String = (0..3000).map(|i| format!("[^{i}]: note{i}\n")).collect();
    let (code, err, text) = render_in(dir.path(), &format!("# Notes\n\n{refs}\n\n{defs}"), &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("footnotes"), "{err}");
    let text = text.unwrap();
    assert!(
        text.contains("note0") && text.contains("note2999"),
        "footnote text lost"
    );

    let (code, err, text) = render_in(dir.path(), "# Emoji\n\n## 🚀\n\n### 🎉\n\ntext\n", &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("🚀") && err.contains("🎉"),
        "missing glyphs not named: {err}"
    );
    assert!(text.unwrap().contains("text"));

    let (code, err, _) = render_in(dir.path(), "# 王小明\n\n负责支付系统\n", &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("王") && err.contains("--font-path"), "{err}");

    let big = "lorem ipsum dolor sit amet ".repeat(200_000);
    let (code, err, text) = render_in(dir.path(), &big, &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("larger than 2 MB"), "{err}");
    assert!(text.is_none());
}

#[test]
fn custom_layout_errors_name_the_layout_file_and_line_and_stay_sandboxed() {
    let root = tempfile::tempdir().unwrap();
    let layouts = root.path().join("layouts");
    fs::create_dir(&layouts).unwrap();
    fs::write(root.path().join("secret.txt"), "TOP SECRET").unwrap();
    fs::write(layouts.join("own.txt"), "OWN FILE").unwrap();
    let cv = root.path().join("cv");
    fs::create_dir(&cv).unwrap();
    let input = write(&cv, "cv.md", "# Lay Out\n\nHello.\n");
    let pdf = cv.join("cv.pdf");
    // Renders the résumé with a layout file written with `body`.
    let with_layout = |name: &str, body: &str| {
        let path = layouts.join(name);
        fs::write(&path, body).unwrap();
        run(&[
            input.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
            "--layout",
            path.to_str().unwrap(),
        ])
    };

    let out = with_layout(
        "buggy.typ",
        "#let resume(data) = {\n  data.name\n  undefined-thing\n}\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("buggy.typ:3:"),
        "diagnostic without the layout's file and line: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!pdf.exists());

    let out = with_layout(
        "own.typ",
        "#import \"/resume-pdf/common.typ\": *\n#let resume(data) = [#data.name #read(\"own.txt\")]\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(pdftotext(&pdf).contains("OWN FILE"));

    for (name, path) in [
        ("up.typ", "../secret.txt"),
        ("abs.typ", "/etc/passwd"),
        ("cv.typ", "/cv.md"),
    ] {
        let out = with_layout(name, &format!("#let resume(data) = read(\"{path}\")\n"));
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name} read {path}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains(name), "{}", stderr(&out));
    }
}

/// A package that is really there, in each folder where Typst looks for packages (the
/// local data folder and the download cache), is still refused: the refusal, not the
/// package's absence, fails the render.
#[test]
fn a_package_present_on_disk_is_still_refused() {
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("home");
    let (data, cache) = (home.join(".local/share"), home.join(".cache"));
    for base in [&data, &cache] {
        for namespace in ["preview", "local"] {
            let pkg = base.join(format!("typst/packages/{namespace}/x/1.0.0"));
            fs::create_dir_all(&pkg).unwrap();
            let manifest =
                "[package]\nname = \"x\"\nversion = \"1.0.0\"\nentrypoint = \"lib.typ\"\n";
            fs::write(pkg.join("typst.toml"), manifest).unwrap();
            fs::write(pkg.join("lib.typ"), "#let marker = [PACKAGE LOADED]\n").unwrap();
        }
    }
    let input = write(root.path(), "cv.md", "# Pack Age\n\nHello.\n");
    let pdf = root.path().join("cv.pdf");
    for namespace in ["preview", "local"] {
        let layout = write(
            root.path(),
            "pkg.typ",
            &format!("#import \"@{namespace}/x:1.0.0\": *\n#let resume(data) = [#marker]\n"),
        );
        let out = bin()
            .args([input.to_str().unwrap(), "-o", pdf.to_str().unwrap()])
            .args(["--layout", layout.to_str().unwrap()])
            .env("HOME", &home)
            .env("XDG_DATA_HOME", &data)
            .env("XDG_CACHE_HOME", &cache)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "@{namespace} loaded: {err}");
        assert!(
            err.contains("pkg.typ:1:") && err.contains("packages are disabled"),
            "@{namespace}: not refused as a package: {err}"
        );
        assert!(!pdf.exists(), "@{namespace}: {}", pdftotext(&pdf));
    }
}

/// The small inputs that once ran for minutes or took gigabytes (bench/hostile.py times
/// them): each is refused with its place, or renders with a warning.
#[test]
fn small_inputs_that_once_blew_up_are_refused_or_capped() {
    let dir = tempfile::tempdir().unwrap();
    let cv = "# Ada Lovelace\n\nAnalyst\n\n## Work\n\n### Engineer\n\nDid things.\n";

    let label = "x".repeat(5000);
    let refs = vec!["*l"; 5000].join(", ");
    let aliases =
        format!("---\nl: &l {{label: {label}, url: https://e.org}}\nlinks: [{refs}]\n---\n{cv}");
    let (code, err, text) = render_in(dir.path(), &aliases, &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("cv.md:") && err.contains("alias"), "{err}");
    assert!(text.is_none());

    let nested = format!(
        "---\nname: Ada\nx: {}{}\n---\n{cv}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (code, err, _) = render_in(dir.path(), &nested, &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("cv.md:3:104") && err.contains("nested"),
        "{err}"
    );

    let marks = format!("{cv}\nZoë e{} done\n", "\u{301}".repeat(100_000));
    let (code, err, text) = render_in(dir.path(), &marks, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("cv.md:11:") && err.contains("combining marks"),
        "{err}"
    );
    let text = text.unwrap();
    assert!(text.contains("Zoë") && text.contains("done"), "{text}");
    // The longest run of marks is the cap. (pdftotext reads a letter with several marks
    // twice, from Typst's text layer; counting all marks would count that too.)
    let longest = text
        .split(|c| c != '\u{301}')
        .map(|run| run.chars().count())
        .max();
    assert_eq!(longest, Some(30), "{text}");

    let keys: String = (0..8000).map(|i| format!("key{i}: {i}\n")).collect();
    let same = "\n## Same\n".repeat(8000);
    let (code, err, text) = render_in(
        dir.path(),
        &format!("---\nname: Ada\n{keys}---\n{cv}{same}"),
        &[],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("unknown key `key7999` ignored"),
        "{}",
        &err[err.len().saturating_sub(300)..]
    );
    assert!(text.unwrap().contains("Did things."));
}
