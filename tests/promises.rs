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
    // oracle: every word, in order.
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
