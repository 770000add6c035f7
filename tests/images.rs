//! Images as a careless or hostile user supplies them: a JPEG saved as `.png`, a file that
//! will not decode next to one that will, SVG filters that would take minutes, and one
//! costly SVG used twenty times. Each check reads the real PDF (lopdf, pdftotext) or PNG.

mod common;

use std::fs;
use std::time::{Duration, Instant};

use common::*;

const PNG: &[u8] = include_bytes!("../examples/photo.png");
const CV: &str = "# Ada Lovelace\n\nAnalyst\n\n## Work\n\n### Engineer\n\nDid things.\n";

/// bench/hostile.py's filter SVG: turbulence, a morphology of radius 500, a large blur and
/// a 9×9 convolution over a region twenty times the element's size.
fn filter_svg() -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="2000">
<filter id="f" x="-10" y="-10" width="20" height="20"><feTurbulence baseFrequency="0.9" numOctaves="10"/>
<feMorphology radius="500"/><feGaussianBlur stdDeviation="300"/>
<feConvolveMatrix order="9" kernelMatrix="{}"/></filter>
<rect width="2000" height="2000" filter="url(#f)"/></svg>
"#,
        vec!["1"; 81].join(" ")
    )
}

/// A logo as people make them: a gradient, paths, a circle, no filters.
const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
<defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#ff0000"/><stop offset="1" stop-color="#ff0000"/></linearGradient></defs>
<rect width="200" height="100" fill="#0000ff"/><circle cx="50" cy="50" r="40" fill="url(#g)"/>
<path d="M120 20 L180 20 L150 80 Z" fill="#00ff00"/></svg>
"##;

/// A drop shadow: the filter a real logo might carry.
const SHADOW: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
<filter id="s"><feGaussianBlur stdDeviation="2"/><feOffset dx="2" dy="2"/></filter>
<rect x="10" y="10" width="80" height="80" fill="#333333" filter="url(#s)"/></svg>
"##;

/// An 8×8 grey baseline JPEG, built by hand: one quantisation table, Huffman tables of a
/// single one-bit code each, and one block whose DC difference is 0 and whose AC
/// coefficients end at once.
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

struct Run {
    code: Option<i32>,
    stderr: String,
    text: String,
    images: usize,
    time: Duration,
}

/// Renders `md` (with `files` beside it) to a PDF; returns what a user sees.
fn render_with(files: &[(&str, &[u8])], md: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    for (name, data) in files {
        fs::write(dir.path().join(name), data).unwrap();
    }
    fs::write(dir.path().join("cv.md"), md).unwrap();
    let pdf = dir.path().join("cv.pdf");
    let start = Instant::now();
    let out = run(&[
        dir.path().join("cv.md").to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let time = start.elapsed();
    let (text, images) = if pdf.exists() {
        (pdftotext(&pdf), image_count(&pdf))
    } else {
        (String::new(), 0)
    };
    Run {
        code: out.status.code(),
        stderr: stderr(&out),
        text,
        images,
        time,
    }
}

/// The fastest of three runs: the others' noise (tests run side by side) taken out.
fn fastest(render: impl Fn() -> Run) -> Run {
    (0..3)
        .map(|_| render())
        .min_by_key(|r| r.time)
        .expect("three runs")
}

fn with_images(refs: &[&str]) -> String {
    let body: Vec<String> = refs
        .iter()
        .enumerate()
        .map(|(i, src)| format!("![image {i}]({src})"))
        .collect();
    format!("{CV}\n{}\n", body.join("\n\n"))
}

#[test]
fn a_jpeg_saved_as_png_renders() {
    let jpeg = tiny_jpeg();
    let run = render_with(&[("photo.png", &jpeg)], &with_images(&["photo.png"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("left out"), "{}", run.stderr);
    assert_eq!(run.images, 1, "the JPEG is in the PDF as an image");
    assert!(
        !run.text.contains("image 0"),
        "its alt text did not replace it"
    );
}

#[test]
fn an_image_that_does_not_decode_costs_only_itself() {
    // A real PNG header, so the header checks pass, then half its data.
    let broken = &PNG[..PNG.len() / 2];
    let alone = render_with(&[("me.png", PNG)], &with_images(&["me.png"]));
    assert_eq!(alone.code, Some(0), "{}", alone.stderr);
    assert!(alone.images > 0);
    let run = render_with(
        &[
            ("me.png", PNG),
            ("broken.png", broken),
            ("bad.svg", b"<svg><g></svg>"),
        ],
        &with_images(&["broken.png", "me.png", "bad.svg"]),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.images, alone.images,
        "the good image is kept: {}",
        run.stderr
    );
    for bad in ["broken.png", "bad.svg"] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(bad) && l.contains("left out")),
            "no warning names {bad}: {}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("me.png"), "{}", run.stderr);
    // The left-out images print their alt text; the kept one does not.
    assert!(run.text.contains("image 0") && run.text.contains("image 2"));
    assert!(!run.text.contains("image 1"), "{}", run.text);
}

#[test]
fn a_plain_logo_still_renders_exactly() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("logo.svg"), LOGO).unwrap();
    fs::write(dir.path().join("cv.md"), with_images(&["logo.svg"])).unwrap();
    let png = dir.path().join("cv.png");
    let out = run(&[
        dir.path().join("cv.md").to_str().unwrap(),
        "-f",
        "png",
        "-o",
        png.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("left out"), "{}", stderr(&out));
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let count = |rgb: [u8; 3]| {
        buf[..info.buffer_size()]
            .chunks(channels)
            .filter(|p| p[..3] == rgb)
            .count()
    };
    // The logo's three colours, each over a good part of its area.
    for rgb in [[255, 0, 0], [0, 0, 255], [0, 255, 0]] {
        assert!(count(rgb) > 500, "colour {rgb:?} missing from the logo");
    }
}

#[test]
fn filters_beyond_the_budget_are_left_out_quickly_with_a_warning() {
    let plain = fastest(|| {
        render_with(
            &[("logo.svg", LOGO.as_bytes())],
            &with_images(&["logo.svg"]),
        )
    });
    assert_eq!(plain.code, Some(0), "{}", plain.stderr);
    let svg = filter_svg();
    let run = fastest(|| render_with(&[("f.svg", svg.as_bytes())], &with_images(&["f.svg"])));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("f.svg") && run.stderr.contains("filters would cost"),
        "{}",
        run.stderr
    );
    assert!(run.text.contains("image 0"), "the alt text prints instead");
    assert!(
        run.time < plain.time * 5,
        "filter SVG {:?} against plain SVG {:?}",
        run.time,
        plain.time
    );
    // A modest drop shadow is within the budget and drawn.
    let shadow = render_with(&[("s.svg", SHADOW.as_bytes())], &with_images(&["s.svg"]));
    assert_eq!(shadow.code, Some(0), "{}", shadow.stderr);
    assert!(!shadow.stderr.contains("left out"), "{}", shadow.stderr);
    assert!(shadow.images > 0, "the shadow is rasterised into the PDF");
}

#[test]
fn every_reference_counts_against_the_budget() {
    let svg = filter_svg();
    let one = fastest(|| render_with(&[("f.svg", svg.as_bytes())], &with_images(&["f.svg"])));
    let twenty =
        fastest(|| render_with(&[("f.svg", svg.as_bytes())], &with_images(&["f.svg"; 20])));
    assert_eq!(twenty.code, Some(0), "{}", twenty.stderr);
    assert!(
        twenty.time < one.time * 5,
        "20 references {:?} against one {:?}",
        twenty.time,
        one.time
    );
    // Twenty uses of a shadow over a wide region: the first few are drawn, the rest left
    // out, each saying why.
    let wide = SHADOW.replace(
        r#"<filter id="s">"#,
        r#"<filter id="s" x="-0.5" y="-0.5" width="2" height="2">"#,
    );
    let one = fastest(|| render_with(&[("s.svg", wide.as_bytes())], &with_images(&["s.svg"])));
    let twenty =
        fastest(|| render_with(&[("s.svg", wide.as_bytes())], &with_images(&["s.svg"; 20])));
    assert_eq!(twenty.code, Some(0), "{}", twenty.stderr);
    let left_out = twenty
        .stderr
        .lines()
        .filter(|l| l.contains("s.svg") && l.contains("every use of an image counts"))
        .count();
    assert!(left_out > 0 && left_out < 20, "{}", twenty.stderr);
    let kept = (0..20)
        .filter(|i| !twenty.text.contains(&format!("image {i}\n")))
        .count();
    assert_eq!(kept, 20 - left_out, "{}", twenty.text);
    assert!(
        twenty.time < one.time * 5,
        "20 references {:?} against one {:?}",
        twenty.time,
        one.time
    );
}

#[test]
fn svg_structure_bombs_are_left_out_with_a_warning() {
    let mut fan = String::from(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs><rect id="l0" width="1" height="1"/>"#,
    );
    for i in 1..10 {
        fan.push_str(&format!(r#"<g id="l{i}">"#));
        fan.push_str(&format!(r##"<use href="#l{}"/>"##, i - 1).repeat(10));
        fan.push_str("</g>");
    }
    fan.push_str(r##"</defs><use href="#l9"/></svg>"##);
    let run = render_with(
        &[("fan.svg", fan.as_bytes()), ("me.png", PNG)],
        &with_images(&["fan.svg", "me.png"]),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("fan.svg") && run.stderr.contains("elements"),
        "{}",
        run.stderr
    );
    assert!(run.images > 0, "the photo is kept");
}

#[test]
fn the_json_model_carries_the_sniffed_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("photo.png"), tiny_jpeg()).unwrap();
    fs::write(d.join("logo.png"), LOGO).unwrap();
    fs::write(d.join("cv.md"), with_images(&["photo.png", "logo.png"])).unwrap();
    let out = run(&[d.join("cv.md").to_str().unwrap(), "-f", "json", "-o", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut formats = Vec::new();
    collect_formats(&json, &mut formats);
    assert_eq!(formats, ["jpg", "svg"], "{json}");
}

fn collect_formats(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            if m.get("t").and_then(|t| t.as_str()) == Some("image") {
                out.push(m["format"].as_str().unwrap_or_default().to_string());
            }
            m.values().for_each(|v| collect_formats(v, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_formats(v, out)),
        _ => {}
    }
}

#[test]
fn vetting_many_references_grows_linearly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("me.png"), PNG).unwrap();
    fs::write(d.join("f.svg"), filter_svg()).unwrap();
    fs::write(d.join("s.svg"), SHADOW).unwrap();
    let renderer = resume_pdf::Renderer::new(&[] as &[&str]).unwrap();
    // Kept, refused for its cost, and kept until the budget is spent, by turns.
    let time = |n: usize| {
        let refs = "![a](me.png) ![b](./f.svg) ![c](s.svg) ".repeat(n);
        fs::write(d.join("cv.md"), format!("{CV}\n{refs}\n")).unwrap();
        let input = resume_pdf::Input::from_path(&d.join("cv.md")).unwrap();
        (0..3)
            .map(|_| {
                let start = thread_cpu_time();
                let prepared = renderer
                    .prepare(&input, &resume_pdf::Overrides::default())
                    .unwrap();
                assert!(prepared.warnings.len() >= n, "each refused use warns");
                thread_cpu_time() - start
            })
            .min()
            .unwrap()
    };
    let (small, large) = (time(300), time(3_000));
    assert!(
        large < small * 15,
        "10× the references took {large:?} against {small:?}"
    );
}

#[test]
fn a_custom_layout_that_loads_by_name_loses_only_the_misnamed_image() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("photo.png"), tiny_jpeg()).unwrap();
    fs::write(d.join("me.png"), PNG).unwrap();
    // Ignores `format`, so Typst goes by the extension and fails on the JPEG.
    fs::write(
        d.join("byname.typ"),
        "#let resume(data) = { data.name; for s in data.sections { for b in s.blocks { \
         if b.t == \"image\" { image(\"/\" + b.src, width: 2cm) } else [x] } } }\n",
    )
    .unwrap();
    fs::write(
        d.join("cv.md"),
        "---\nlayout: byname.typ\n---\n# Ada\n\n## Work\n\n![jpeg](photo.png)\n\n![png](me.png)\n",
    )
    .unwrap();
    let pdf = d.join("cv.pdf");
    let out = run(&[
        d.join("cv.md").to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("`photo.png` left out"), "{err}");
    assert!(!err.contains("me.png"), "{err}");
    let alone = render_with(&[("me.png", PNG)], &with_images(&["me.png"]));
    assert_eq!(image_count(&pdf), alone.images, "the PNG is kept");
}
