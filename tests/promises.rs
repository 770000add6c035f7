//! The promises of README.md and docs/FORMAT.md that no other test held to: each checked
//! in what a user gets (the PDF read by poppler and lopdf, files, messages, system calls).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;

const PNG: &[u8] = include_bytes!("../examples/photo.png");

fn write(dir: &Path, name: &str, data: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, data).unwrap();
    path
}

/// Renders `cv.md` of `dir` to `cv.pdf` with `extra` arguments.
fn render_dir(dir: &Path, extra: &[&str]) -> (Output, PathBuf) {
    let pdf = dir.join("cv.pdf");
    let _ = fs::remove_file(&pdf);
    let cv = dir.join("cv.md");
    let mut args = vec![cv.to_str().unwrap(), "-o", pdf.to_str().unwrap()];
    args.extend_from_slice(extra);
    (run(&args), pdf)
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `photo.png` with an ancillary chunk of `padding` bytes before its end, so the file is
/// as large as wanted and still a PNG any decoder reads (unknown ancillary chunks are
/// skipped).
fn padded_png(padding: usize) -> Vec<u8> {
    let iend = PNG.len() - 12;
    assert_eq!(
        &PNG[iend + 4..iend + 8],
        b"IEND",
        "photo.png ends with IEND"
    );
    let mut chunk = b"peDd".to_vec();
    chunk.resize(4 + padding, b'.');
    let mut out = PNG[..iend].to_vec();
    out.extend_from_slice(&(padding as u32).to_be_bytes());
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&crc32fast::hash(&chunk).to_be_bytes());
    out.extend_from_slice(&PNG[iend..]);
    out
}

#[test]
fn an_image_over_10_mb_is_left_out_with_its_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    let limit = 10 * 1024 * 1024;
    let at_limit = padded_png(limit - PNG.len() - 12);
    assert_eq!(at_limit.len(), limit);
    write(dir.path(), "at.png", &at_limit);
    write(dir.path(), "over.png", padded_png(limit - PNG.len() - 11));
    write(
        dir.path(),
        "cv.md",
        "# Big Pictures\n\n![At alt](at.png)\n\n![Over alt](over.png)\n\nThe end.\n",
    );
    let (out, pdf) = render_dir(dir.path(), &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("cv.md:5:") && err.contains("`over.png`") && err.contains("10 MB"),
        "no warning naming over.png at its line: {err}"
    );
    assert!(
        !err.contains("at.png"),
        "the 10 MB image was refused: {err}"
    );
    let text = pdftotext(&pdf);
    assert!(
        text.contains("Over alt"),
        "alt text of the refused image lost:\n{text}"
    );
    assert!(
        !text.contains("At alt"),
        "the image at the limit was left out:\n{text}"
    );
    assert!(
        has_alt_text(&pdf, "At alt"),
        "the image at the limit is not drawn"
    );
    assert!(
        !has_alt_text(&pdf, "Over alt"),
        "the image over the limit is drawn"
    );
}

/// A 1×1 GIF89a: one colour, one LZW-coded pixel.
const GIF: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xff, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44,
    0x01, 0x00, 0x3b,
];

/// A 1×1 lossless WebP (VP8L).
const WEBP: &[u8] = &[
    0x52, 0x49, 0x46, 0x46, 0x1a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c,
    0x0d, 0x00, 0x00, 0x00, 0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe,
    0x07, 0x00,
];

/// An 8×8 grey baseline JPEG, built by hand (as tests/images.rs does).
fn tiny_jpeg() -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8];
    j.extend([0xFF, 0xDB, 0x00, 0x43, 0x00]);
    j.extend([1u8; 64]);
    j.extend([0xFF, 0xC0, 0x00, 0x0B, 8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
    for class in [0x00, 0x10] {
        j.extend([0xFF, 0xC4, 0x00, 0x14, class, 1]);
        j.extend([0u8; 15]);
        j.push(0x00);
    }
    j.extend([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0x00, 0, 63, 0]);
    j.push(0b0011_1111);
    j.extend([0xFF, 0xD9]);
    j
}

const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="#00ff00"/></svg>"##;

#[test]
fn png_jpeg_gif_webp_and_svg_images_render_with_their_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, Vec<u8>); 5] = [
        ("a.png", PNG.to_vec()),
        ("b.jpg", tiny_jpeg()),
        ("c.gif", GIF.to_vec()),
        ("d.webp", WEBP.to_vec()),
        ("e.svg", SVG.as_bytes().to_vec()),
    ];
    let mut md = String::from("# Five Formats\n\n## Work\n\nBefore.\n\n");
    for (name, data) in &files {
        write(dir.path(), name, data);
        md.push_str(&format!("![Alt of {name}]({name})\n\n"));
    }
    md.push_str("After.\n");
    write(dir.path(), "cv.md", md);
    let (out, pdf) = render_dir(dir.path(), &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "an image was refused: {err}");
    let text = pdftotext(&pdf);
    for (name, _) in &files {
        assert!(
            !text.contains(&format!("Alt of {name}")),
            "{name} printed its alt text instead"
        );
        assert!(
            has_alt_text(&pdf, &format!("Alt of {name}")),
            "{name}: no /Alt"
        );
    }
    // The SVG becomes vector drawing, the four bitmaps image XObjects (and soft masks
    // for those with transparency).
    assert!(
        image_count(&pdf) >= 4,
        "bitmaps drawn: {}",
        image_count(&pdf)
    );
    assert!(
        text.contains("Before.") && text.contains("After."),
        "{text}"
    );
}

/// The deepest nesting of emphasis, strong and strikethrough in the JSON model.
fn inline_depth(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(map) => {
            let below = map.values().map(inline_depth).max().unwrap_or(0);
            let formatting = ["emph", "strong", "strike"].map(serde_json::Value::from);
            below + usize::from(map.get("t").is_some_and(|t| formatting.contains(t)))
        }
        serde_json::Value::Array(items) => items.iter().map(inline_depth).max().unwrap_or(0),
        _ => 0,
    }
}

#[test]
fn inline_formatting_past_12_levels_is_dropped_and_its_text_kept() {
    let dir = tempfile::tempdir().unwrap();
    let marks = ["*", "~~", "**"];
    let open: Vec<String> = (0..20).map(|i| format!("{}w{i}", marks[i % 3])).collect();
    let close: Vec<String> = (0..20)
        .rev()
        .map(|i| format!("e{i}{}", marks[i % 3]))
        .collect();
    let line = format!("start {} {} end", open.join(" "), close.join(" "));
    write(
        dir.path(),
        "cv.md",
        format!("# Deep Format\n\n## Work\n\n{line}\n"),
    );
    let (out, pdf) = render_dir(dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Every word, in order, and the formatting marks gone.
    let plain = line.replace(['*', '~'], "");
    let text = flat(&pdftotext(&pdf));
    assert!(
        text.contains(&plain),
        "nested text lost or moved:\n{plain}\n{text}"
    );
    let json = dir.path().join("cv.json");
    let out = run(&[
        dir.path().join("cv.md").to_str().unwrap(),
        "-f",
        "json",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let model: serde_json::Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    assert_eq!(
        inline_depth(&model["sections"]),
        12,
        "formatting levels kept"
    );
}

#[test]
fn layout_files_over_4_mb_are_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let limit = 4 * 1024 * 1024;
    let layout = "#let resume(data) = [Laid #data.name out]\n";
    // A Typst comment pads the file to the size wanted.
    let padded = |size: usize| format!("{layout}//{}\n", "x".repeat(size - layout.len() - 3));
    write(dir.path(), "cv.md", "# Lim It\n\nHello.\n");
    write(dir.path(), "at.typ", padded(limit));
    write(dir.path(), "over.typ", padded(limit + 1));
    let layout = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (out, pdf) = render_dir(dir.path(), &["--layout", &layout("at.typ")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(pdftotext(&pdf).contains("Laid Lim It out"));
    let (out, pdf) = render_dir(dir.path(), &["--layout", &layout("over.typ")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("over.typ") && err.contains("4 MB"), "{err}");
    assert!(!pdf.exists());
    // A file the layout imports is held to the same limit.
    fs::rename(dir.path().join("over.typ"), dir.path().join("helper.typ")).unwrap();
    write(
        dir.path(),
        "importer.typ",
        "#import \"helper.typ\": resume\n",
    );
    let (out, _) = render_dir(dir.path(), &["--layout", &layout("importer.typ")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("helper.typ") && err.contains("4 MB"), "{err}");
}

/// The network system calls of `args` run under `strace -f` (children followed), and
/// how many programs it started (the binary and its children).
fn network_calls(dir: &Path, args: &[&str]) -> (Output, Vec<String>, usize) {
    let trace = dir.join("strace.txt");
    let out = std::process::Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=%network,execve",
            "-e",
            "signal=none",
            "-o",
        ])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_resume-pdf"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap_or_else(|e| panic!("strace is needed for this test (apt-get install strace): {e}"));
    let log = fs::read_to_string(&trace).unwrap_or_default();
    assert!(!log.is_empty(), "strace traced nothing: {}", stderr(&out));
    let execs = log.lines().filter(|l| l.contains("execve(")).count();
    let network = log
        .lines()
        // A call split across lines by another process's names its family where it starts;
        // a thread that ends inside a call shows as `???( <detached ...>`, no call at all.
        .filter(|l| {
            !l.contains("execve(")
                && !l.contains("AF_UNIX")
                && !l.contains("resumed>")
                && !l.contains("<detached ...>")
        })
        .map(str::to_string)
        .collect();
    (out, network, execs)
}

#[test]
fn no_network_call_is_ever_made() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let full = fs::read_to_string(repo("examples/full-resume.md")).unwrap();
    write(d, "photo.png", PNG);
    let md = format!("{full}\n![Remote](https://example.org/x.png)\n");
    let cv = write(d, "cv.md", md);
    let layout = write(
        d,
        "mine.typ",
        fs::read(repo("layouts/classic.typ")).unwrap(),
    );
    let fonts = d.join("fonts");
    fs::create_dir(&fonts).unwrap();
    fs::copy(repo("fonts/Inter-Regular.otf"), fonts.join("i.otf")).unwrap();
    let pdf = d.join("cv.pdf");
    let (cv, pdf, layout, fonts) = (
        cv.to_str().unwrap(),
        pdf.to_str().unwrap(),
        layout.to_str().unwrap(),
        fonts.to_str().unwrap(),
    );
    // A built-in layout in process; a custom one and fonts in child processes.
    for args in [
        vec![cv, "-o", pdf],
        vec![cv, "-o", pdf, "--layout", layout, "--font-path", fonts],
    ] {
        let (out, network, execs) = network_calls(d, &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("example.org/x.png"),
            "{}",
            stderr(&out)
        );
        assert!(network.is_empty(), "{args:?}: network calls: {network:#?}");
        if args.len() > 3 {
            assert!(
                execs >= 2,
                "strace did not follow the child processes ({execs} execs)"
            );
        }
    }
    // A package import, which Typst would download, is refused without a call either.
    let pkg = write(
        d,
        "pkg.typ",
        "#import \"@preview/x:1.0.0\": *\n#let resume(data) = []\n",
    );
    let (out, network, _) = network_calls(d, &[cv, "-o", pdf, "--layout", pkg.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(network.is_empty(), "network calls: {network:#?}");
}

/// Source Code Pro renamed "Zource Code Pro" (same length, so every table stays valid):
/// a font no machine has, that the bundled fonts do not hide.
fn zource_font() -> Vec<u8> {
    let font = fs::read(repo("fonts/SourceCodePro-Regular.otf")).unwrap();
    let swap = |data: &[u8], from: &[u8], to: &[u8]| -> Vec<u8> {
        let mut out = data.to_vec();
        let mut i = 0;
        while i + from.len() <= out.len() {
            if &out[i..i + from.len()] == from {
                out[i..i + from.len()].copy_from_slice(to);
                i += from.len();
            } else {
                i += 1;
            }
        }
        out
    };
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_be_bytes).collect() };
    let font = swap(&font, b"Source", b"Zource");
    swap(&font, &utf16("Source"), &utf16("Zource"))
}

/// A home folder with `font` wherever a font library looks for a user's fonts, and a
/// fontconfig file naming that folder: the environment that makes it a system font.
fn home_with_font(root: &Path, font: &[u8]) -> Vec<(&'static str, PathBuf)> {
    let home = root.join("home");
    for sub in [".fonts", ".local/share/fonts", "xdg-data/fonts"] {
        fs::create_dir_all(home.join(sub)).unwrap();
        fs::write(home.join(sub).join("Zource.otf"), font).unwrap();
    }
    let conf = home.join("fonts.conf");
    let dir = home.join(".fonts");
    fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<fontconfig><dir>{}</dir></fontconfig>\n",
            dir.display()
        ),
    )
    .unwrap();
    vec![
        ("HOME", home.clone()),
        ("XDG_DATA_HOME", home.join("xdg-data")),
        ("FONTCONFIG_FILE", conf),
    ]
}

#[test]
fn no_system_font_is_read_unless_font_path_names_it() {
    let root = tempfile::tempdir().unwrap();
    let d = root.path();
    let font = zource_font();
    let env = home_with_font(d, &font);
    // Characters the bundled fonts lack: a system font would be the fallback for them.
    let cv = write(d, "cv.md", "# Sys Tem\n\nHello `code` and ☃ 王.\n");
    let cv = cv.to_str().unwrap();
    let render = |pdf: &str, extra: &[&str], with_env: bool| {
        let mut cmd = bin();
        cmd.args([cv, "-o", pdf]).args(extra);
        if with_env {
            cmd.envs(env.iter().map(|(k, v)| (*k, v)));
        }
        cmd.output().unwrap()
    };
    let plain = d.join("plain.pdf");
    let homed = d.join("homed.pdf");
    let out = render(plain.to_str().unwrap(), &[], false);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = render(homed.to_str().unwrap(), &[], true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains('☃'),
        "the missing glyph was found somewhere: {}",
        stderr(&out)
    );
    assert_eq!(
        fs::read(&plain).unwrap(),
        fs::read(&homed).unwrap(),
        "a user font changed the PDF"
    );
    for (name, ..) in pdffonts(&homed) {
        let bundled = ["LibertinusSerif", "Inter", "SourceCodePro"];
        assert!(
            bundled.iter().any(|b| name.contains(&format!("+{b}"))),
            "not a bundled font: {name}"
        );
    }
    // Asked for by name, the user's font is unknown; `fonts` does not list it.
    let out = render(
        homed.to_str().unwrap(),
        &["--font", "Zource Code Pro"],
        true,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unknown font `Zource Code Pro`"),
        "{}",
        stderr(&out)
    );
    let listed = bin()
        .arg("fonts")
        .envs(env.iter().map(|(k, v)| (*k, v)))
        .output()
        .unwrap();
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert_eq!(
        listed, "Inter\nLibertinus Serif\nSource Code Pro\n",
        "fonts lists more"
    );
}

#[test]
fn font_path_fonts_are_listed_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fonts = d.join("fonts/nested");
    fs::create_dir_all(&fonts).unwrap();
    fs::write(fonts.join("Zource.otf"), zource_font()).unwrap();
    let folder = d.join("fonts");
    let folder = folder.to_str().unwrap();
    let out = run(&["fonts", "--font-path", folder]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Inter\nLibertinus Serif\nSource Code Pro\nZource Code Pro\n"
    );
    write(d, "cv.md", "# Font Path\n\nSet in the added font.\n");
    let (out, pdf) = render_dir(d, &["--font-path", folder, "--font", "Zource Code Pro"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let names: Vec<String> = pdffonts(&pdf).into_iter().map(|f| f.0).collect();
    assert!(
        names.iter().any(|n| n.contains("+ZourceCodePro")),
        "{names:?}"
    );
    assert!(pdftotext(&pdf).contains("Set in the added font."));
}

/// The document catalogue's /Lang, as lopdf reads it.
fn pdf_lang(pdf: &Path) -> Option<String> {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let lang = doc.catalog().ok()?.get(b"Lang").ok()?.as_str().ok()?;
    Some(String::from_utf8_lossy(lang).into_owned())
}

#[test]
fn lang_from_front_matter_and_command_line_reaches_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cv.md", "# Lang Uage\n\nHello.\n");
    let (_, pdf) = render_dir(dir.path(), &[]);
    assert_eq!(pdf_lang(&pdf).as_deref(), Some("en"), "the default");
    let (out, pdf) = render_dir(dir.path(), &["--lang", "de"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(pdf_lang(&pdf).as_deref(), Some("de"));
    write(
        dir.path(),
        "cv.md",
        "---\nlang: fr\n---\n# Lang Uage\n\nBonjour.\n",
    );
    let (_, pdf) = render_dir(dir.path(), &[]);
    assert_eq!(pdf_lang(&pdf).as_deref(), Some("fr"), "front matter");
    let (_, pdf) = render_dir(dir.path(), &["--lang", "it"]);
    assert_eq!(
        pdf_lang(&pdf).as_deref(),
        Some("it"),
        "the command line wins"
    );
}

/// Every colour set in the page content, as (r, g, b) in 0–1, whatever the operator
/// (`rg`, `RG`, `sc`, `scn`…).
fn colours(pdf: &Path) -> Vec<[f64; 3]> {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let op = regex::bytes::Regex::new(
        r"(?:^|\s)([0-9.]+) ([0-9.]+) ([0-9.]+) (?:rg|RG|sc|SC|scn|SCN)\b",
    )
    .unwrap();
    let num = |b: &[u8]| std::str::from_utf8(b).unwrap().parse::<f64>().unwrap();
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let Ok(stream) = object.as_stream() else {
            continue;
        };
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        for c in op.captures_iter(&data) {
            out.push([num(&c[1]), num(&c[2]), num(&c[3])]);
        }
    }
    out
}

fn has_colour(pdf: &Path, rgb: [f64; 3]) -> bool {
    colours(pdf)
        .iter()
        .any(|c| c.iter().zip(rgb).all(|(a, b)| (a - b).abs() < 0.003))
}

#[test]
fn accent_colours_the_page_in_every_layout() {
    let dir = tempfile::tempdir().unwrap();
    let md = "# Ac Cent\n\n[site](https://example.org)\n\n## Work\n\n### Engineer\n\n> A quote.\n\nDone.\n";
    write(dir.path(), "cv.md", md);
    // #336699 is 0.2 0.4 0.6; no layout uses it of its own.
    let accent = [0.2, 0.4, 0.6];
    for layout in LAYOUTS {
        let (out, pdf) = render_dir(dir.path(), &["--layout", layout]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            !has_colour(&pdf, accent),
            "{layout}: the colour is there unasked"
        );
        let (out, pdf) = render_dir(dir.path(), &["--layout", layout, "--accent", "#336699"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            has_colour(&pdf, accent),
            "{layout}: --accent unused: {:?}",
            colours(&pdf)
        );
    }
    write(
        dir.path(),
        "cv.md",
        format!("---\naccent: \"#336699\"\n---\n{md}"),
    );
    let (_, pdf) = render_dir(dir.path(), &[]);
    assert!(has_colour(&pdf, accent), "front matter accent unused");
    let (_, pdf) = render_dir(dir.path(), &["--accent", "teal"]);
    assert!(!has_colour(&pdf, accent), "the command line did not win");
    assert!(
        has_colour(&pdf, [0.0, 128.0 / 255.0, 128.0 / 255.0]),
        "teal unused"
    );
}

/// The median height of the boxes poppler gives the words `word` in `pdf`.
fn word_height(pdf: &Path, word: &str) -> f64 {
    let (_, boxes) = word_boxes(pdf);
    let mut heights: Vec<f64> = boxes
        .iter()
        .filter(|b| b.text == word)
        .map(|b| b.y1 - b.y0)
        .collect();
    assert!(!heights.is_empty(), "`{word}` not found");
    heights.sort_by(f64::total_cmp);
    heights[heights.len() / 2]
}

#[test]
fn font_size_scales_the_body_text() {
    let dir = tempfile::tempdir().unwrap();
    let md = "# Font Size\n\n## Work\n\nMeasured body text, measured twice: measured.\n";
    write(dir.path(), "cv.md", md);
    for layout in LAYOUTS {
        let (out, small) = render_dir(dir.path(), &["--layout", layout, "--font-size", "9"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let nine = word_height(&small, "measured");
        let (_, large) = render_dir(dir.path(), &["--layout", layout, "--font-size", "12"]);
        let ratio = word_height(&large, "measured") / nine;
        assert!(
            (ratio - 12.0 / 9.0).abs() < 0.02,
            "{layout}: 12 pt over 9 pt is {ratio:.3}"
        );
    }
    write(
        dir.path(),
        "cv.md",
        format!("---\nfont_size: 12\n---\n{md}"),
    );
    let (_, pdf) = render_dir(dir.path(), &[]);
    let twelve = word_height(&pdf, "measured");
    let (_, pdf) = render_dir(dir.path(), &["--font-size", "9"]);
    let ratio = twelve / word_height(&pdf, "measured");
    assert!(
        (ratio - 12.0 / 9.0).abs() < 0.02,
        "front matter then command line: {ratio:.3}"
    );
}

#[test]
fn front_matter_keywords_lang_and_website_reach_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let md = "---\nname: Web Site\nheadline: Payments Engineer\nwebsite: https://maya.example.com\n\
keywords: [Rust, Ledger Design]\nlang: de\n---\n\nHallo.\n";
    write(dir.path(), "cv.md", md);
    let (out, pdf) = render_dir(dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let info = pdfinfo(&pdf);
    let keywords = &info["Keywords"];
    for keyword in ["Rust", "Ledger Design", "Payments Engineer"] {
        assert!(
            keywords.contains(keyword),
            "{keyword} not in the keywords `{keywords}`"
        );
    }
    assert_eq!(pdf_lang(&pdf).as_deref(), Some("de"));
    let uris: Vec<_> = links(&pdf).into_iter().filter_map(|l| l.1).collect();
    assert!(
        uris.iter()
            .any(|u| u.trim_end_matches('/') == "https://maya.example.com"),
        "no link to the website: {uris:?}"
    );
    assert!(
        pdftotext(&pdf).contains("maya.example.com"),
        "the website is not printed"
    );
}

#[test]
fn svg_pages_are_numbered_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        repo("tests/fixtures/just-over-one-page.md"),
        dir.path().join("cv.md"),
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let target = out_dir.join("mine.svg");
    let cv = dir.path().join("cv.md");
    let out = run(&[
        cv.to_str().unwrap(),
        "-f",
        "svg",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut names: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["mine-1.svg", "mine-2.svg"]);
    for name in names {
        let svg = fs::read_to_string(out_dir.join(&name)).unwrap();
        assert!(
            svg.contains("<svg") && svg.trim_end().ends_with("</svg>"),
            "{name}"
        );
    }
}

/// Every construct of the format, each once, for every layout to render.
const CONSTRUCTS: &str = "---\nname: Con Structs\nheadline: Tester of layouts\n---\n\n\
Summary paragraph with a footnote[^note] and *emphasis* and `inline code`.\n\n\
## Experience\n\n### Builder\n\n**Quarry Works**\n\n_2019 – 2024 · Leeds_\n\n\
- outer point alpha\n  - middle point bravo\n    - inner point charlie\n      - deepest point delta\n\
- outer point echo\n\n1. ordered foxtrot\n2. ordered golf\n   1. nested hotel\n\n\
> Quoted india juliet.\n>\n> > Nested quote kilo.\n\n\
```\nfn lima() { mike(\"november\") }\n```\n\n\
| Tool | Use |\n|---|---|\n| oscar | papa quebec |\n| romeo | sierra |\n\n\
![Figure of a tango](figure.png \"Caption uniform\")\n\n\
## Skills\n\n- victor, whiskey\n\n[^note]: Footnote xray yankee zulu.\n";

#[test]
fn every_construct_renders_in_every_layout() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "figure.png", PNG);
    let cv = write(dir.path(), "cv.md", CONSTRUCTS);
    for layout in LAYOUTS {
        let (out, pdf) = render_dir(dir.path(), &["--layout", layout]);
        assert!(out.status.success(), "{layout}: {}", stderr(&out));
        let text = pdftotext(&pdf);
        oracle::assert_every_word(&cv, layout, &pdf);
        assert!(
            has_alt_text(&pdf, "Figure of a tango"),
            "{layout}: the image's /Alt"
        );
        assert!(image_count(&pdf) >= 1, "{layout}: the image is not drawn");
        assert!(
            !text.contains("Figure of a tango"),
            "{layout}: alt text printed instead"
        );
        let flat = flat(&text);
        for verbatim in [
            "fn lima() { mike(\"november\") }",
            "Footnote xray yankee zulu.",
        ] {
            assert!(
                flat.contains(verbatim),
                "{layout}: `{verbatim}` not verbatim:\n{flat}"
            );
        }
        let overlapping = overlaps(&word_boxes(&pdf).1).len();
        assert_eq!(overlapping, 0, "{layout}: words drawn over each other");
    }
}

/// An input that made Typst 0.15.1 panic (its shaper: "glyphs fell out of range") before
/// the reader set a mark after a space on a no-break space; it must now render.
const TYPST_PANICKED: &str = "# A\n\n_ת_ ޮ𞸧\n";

#[test]
fn a_crash_inside_typst_is_caught_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "crash.md", "# A\n\nAny text.\n");
    write(d, "good.md", "# Good Person\n\n## Work\n\nFine.\n");
    write(d, "once-crashed.md", TYPST_PANICKED);
    // No input is known to crash Typst now: a debug-build failpoint panics where Typst
    // runs, for crash.md only (src/typeset/mod.rs `crash_for_tests`).
    let out = bin()
        .current_dir(d)
        .env("RUST_BACKTRACE", "0")
        .env("RESUME_PDF_CRASH_ON", "crash.md")
        .args([
            "crash.md",
            "good.md",
            "once-crashed.md",
            "--out-dir",
            "out",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one report per résumé: {lines:?}");
    let crash = lines.iter().find(|l| l["input"] == "crash.md").unwrap();
    let error = crash["error"].as_str().unwrap_or_default();
    assert!(
        error.starts_with("crash.md: error: the typesetter failed"),
        "the crash is named against its file: {crash}"
    );
    let good = lines.iter().find(|l| l["input"] == "good.md").unwrap();
    assert_eq!(good["status"], "ok", "{good}");
    assert!(
        d.join("out/good.pdf").is_file(),
        "the good résumé was written"
    );
    assert!(!d.join("out/crash.pdf").exists(), "no output for the crash");
    let once = lines
        .iter()
        .find(|l| l["input"] == "once-crashed.md")
        .unwrap();
    assert_eq!(
        once["status"], "ok",
        "the input that crashed Typst renders: {once}"
    );
}
