//! Helpers for integration tests: run the real binary, read the real PDF with tools that
//! are not Typst (poppler's pdftotext/pdfinfo/pdffonts, and the lopdf crate).

#![allow(dead_code)]

pub mod foreign;
pub mod leaks;
pub mod oracle;
pub mod watching;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The built-in layouts, as `resume-pdf layouts` lists them.
pub const LAYOUTS: [&str; 4] = ["classic", "modern", "compact", "sidebar"];

pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_resume-pdf"));
    cmd.env_remove("SOURCE_DATE_EPOCH");
    cmd
}

pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Runs the binary with `args`; returns the output.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Renders `input` to a PDF in a fresh temporary folder; asserts success.
pub fn render(input: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, Output) {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    let mut args = vec![input.to_str().unwrap(), "-o", pdf.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(out.status.success(), "render failed: {}", stderr(&out));
    (dir, pdf, out)
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for the tests (apt-get install poppler-utils): {e}")
    });
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn pdftotext(pdf: &Path) -> String {
    tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
}

pub fn pdftotext_layout(pdf: &Path) -> String {
    tool(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"],
    )
}

/// `pdfinfo` as key → value.
pub fn pdfinfo(pdf: &Path) -> std::collections::BTreeMap<String, String> {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// `pdffonts` rows: (name, embedded, subset, has ToUnicode).
pub fn pdffonts(pdf: &Path) -> Vec<(String, bool, bool, bool)> {
    tool("pdffonts", &[pdf.to_str().unwrap()])
        .lines()
        .skip(2)
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let n = cols.len();
            // name type [encoding…] emb sub uni object ID
            (
                cols[0].to_string(),
                cols[n - 5] == "yes",
                cols[n - 4] == "yes",
                cols[n - 3] == "yes",
            )
        })
        .collect()
}

/// Link annotations of every page: (page number, URI or None, has internal destination).
pub fn links(pdf: &Path) -> Vec<(u32, Option<String>, bool)> {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let mut out = Vec::new();
    for (page_no, page_id) in doc.get_pages() {
        let Ok(annots) = doc.get_page_annotations(page_id) else {
            continue;
        };
        for annot in annots {
            if annot.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(b"Link".as_slice()) {
                continue;
            }
            let action = annot.get(b"A").ok().and_then(|a| match a {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).ok(),
                lopdf::Object::Dictionary(d) => Some(d),
                _ => None,
            });
            let uri = action
                .and_then(|a| a.get(b"URI").ok())
                .and_then(|u| u.as_str().ok())
                .map(|u| String::from_utf8_lossy(u).into_owned());
            let internal = annot.has(b"Dest")
                || action.is_some_and(|a| {
                    a.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"GoTo".as_slice())
                });
            out.push((page_no, uri, internal));
        }
    }
    out
}

/// Number of image XObjects in the PDF.
pub fn image_count(pdf: &Path) -> usize {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    doc.objects
        .values()
        .filter(|o| {
            o.as_stream()
                .ok()
                .and_then(|s| s.dict.get(b"Subtype").ok())
                .and_then(|s| s.as_name().ok())
                == Some(b"Image".as_slice())
        })
        .count()
}

/// Whether `alt` is some element's /Alt text: on a structure element, or as a marked-content
/// property in a page's content stream (where Typst puts it for images in figures).
pub fn has_alt_text(pdf: &Path, alt: &str) -> bool {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let in_dicts = doc.objects.values().any(|o| {
        o.as_dict()
            .ok()
            .and_then(|d| d.get(b"Alt").ok())
            .and_then(|a| a.as_str().ok())
            .is_some_and(|a| a == alt.as_bytes())
    });
    let escaped = alt
        .replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)");
    let needle = format!("/Alt({escaped})");
    let in_content = doc.objects.values().any(|o| {
        o.as_stream().ok().is_some_and(|s| {
            let data = s
                .decompressed_content()
                .unwrap_or_else(|_| s.content.clone());
            data.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
    });
    in_dicts || in_content
}

/// One word as `pdftotext -bbox` places it: page index, box (points, y downwards), text.
#[derive(Debug)]
pub struct WordBox {
    pub page: usize,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

impl std::fmt::Display for WordBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` ({:.1},{:.1}–{:.1},{:.1}) on page {}",
            self.text,
            self.x0,
            self.y0,
            self.x1,
            self.y1,
            self.page + 1
        )
    }
}

/// Page sizes (width, height) and word boxes of `pdf`, from the XHTML `pdftotext -bbox`
/// writes.
pub fn word_boxes(pdf: &Path) -> (Vec<(f64, f64)>, Vec<WordBox>) {
    let xhtml = tool(
        "pdftotext",
        &["-bbox", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"],
    );
    let page_re = regex::Regex::new(r#"<page width="([0-9.]+)" height="([0-9.]+)">"#).unwrap();
    let word_re = regex::Regex::new(
        r#"<word xMin="([0-9.-]+)" yMin="([0-9.-]+)" xMax="([0-9.-]+)" yMax="([0-9.-]+)">([^<]*)</word>"#,
    )
    .unwrap();
    let num = |s: &str| s.parse::<f64>().unwrap();
    let mut pages = Vec::new();
    let mut words = Vec::new();
    for (i, chunk) in xhtml.split("<page ").skip(1).enumerate() {
        let chunk = format!("<page {chunk}");
        let p = page_re.captures(&chunk).expect("page size");
        pages.push((num(&p[1]), num(&p[2])));
        for w in word_re.captures_iter(&chunk) {
            words.push(WordBox {
                page: i,
                x0: num(&w[1]),
                y0: num(&w[2]),
                x1: num(&w[3]),
                y1: num(&w[4]),
                text: unescape(&w[5]),
            });
        }
    }
    (pages, words)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The tolerance, in points, of [`overlaps`]: glyphs that merely touch are not on top of
/// each other.
pub const BOX_TOLERANCE: f64 = 0.5;

/// Pairs of words on the same page set on top of each other: their boxes share more than
/// [`BOX_TOLERANCE`] points across and more than a third of the smaller box's height.
/// poppler's boxes span the font's whole ascent and descent, so two lines set closer than
/// that (an entry's title over its subtitle, the sidebar's headline tucked under the name)
/// touch by up to a quarter of a line with no glyph touching; words printed over each other
/// overlap by more.
pub fn overlaps(words: &[WordBox]) -> Vec<(&WordBox, &WordBox)> {
    let tol = BOX_TOLERANCE;
    let mut sorted: Vec<&WordBox> = words.iter().collect();
    sorted.sort_by(|a, b| (a.page, a.x0).partial_cmp(&(b.page, b.x0)).unwrap());
    let mut out = Vec::new();
    for (i, a) in sorted.iter().enumerate() {
        for b in &sorted[i + 1..] {
            if b.page != a.page || b.x0 >= a.x1 - tol {
                break;
            }
            let w = a.x1.min(b.x1) - b.x0;
            let h = a.y1.min(b.y1) - a.y0.max(b.y0);
            let least = (a.y1 - a.y0).min(b.y1 - b.y0) / 3.0;
            if w > tol && h > tol.max(least) {
                out.push((*a, *b));
            }
        }
    }
    out
}

/// Words whose box reaches past an edge of its page (`pages` as [`word_boxes`] gives them).
pub fn off_page<'a>(pages: &[(f64, f64)], words: &'a [WordBox]) -> Vec<&'a WordBox> {
    words
        .iter()
        .filter(|w| {
            let (width, height) = pages[w.page];
            w.x0 < 0.0 || w.y0 < 0.0 || w.x1 > width || w.y1 > height
        })
        .collect()
}

/// The first few of `pairs`, for a failure message.
pub fn describe_overlaps(pairs: &[(&WordBox, &WordBox)]) -> String {
    pairs
        .iter()
        .take(5)
        .map(|(a, b)| format!("{a} and {b}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The CPU time the calling thread has used: a ratio of two such times does not grow
/// when other processes share the cores, as wall time does (long runs feel load more
/// than short ones).
#[cfg(unix)]
pub fn thread_cpu_time() -> std::time::Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    assert!(ok, "no thread CPU clock");
    std::time::Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

#[cfg(not(unix))]
pub fn thread_cpu_time() -> std::time::Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}
