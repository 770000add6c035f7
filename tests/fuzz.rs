//! Property-based fuzzing of the whole path, Markdown → model → Typst → PDF, in-process.
//!
//! CI runs a fixed seed and a bounded number of cases. A long run, in rounds of
//! `FUZZ_CASES` until `FUZZ_SECONDS` have passed:
//! `FUZZ_CASES=500 FUZZ_SECONDS=1800 cargo test --test fuzz -- --nocapture`
//! (the seed can be changed with `FUZZ_SEED`; `FUZZ_LAST=FILE` keeps the input being run,
//! for crashes that abort the process). Crashers found are kept in
//! `tests/fixtures/fuzz/` and replayed by `fuzz_regressions`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use resume_pdf::{Error, Input, Overrides, Renderer};

/// Text with everything that means something to Markdown, HTML or Typst.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,24}",
        "[a-zA-Z0-9 #$@<>\\[\\]{}()*_`~|\\\\/!:;=+\"'.,-]{0,30}",
        Just("#read(\"/etc/passwd\")".to_string()),
        Just("#{panic(\"x\")} $x^2$ @ref <label> ] } \\ /* */".to_string()),
        Just("王小明 🚀 العربية עברית".to_string()),
        Just("x".repeat(90)),
        any::<String>().prop_map(|s| s.chars().take(30).collect()),
    ]
}

fn inline() -> impl Strategy<Value = String> {
    let t = hostile_text;
    prop_oneof![
        t(),
        t().prop_map(|s| format!("**{s}**")),
        t().prop_map(|s| format!("_{s}_")),
        t().prop_map(|s| format!("`{s}`")),
        t().prop_map(|s| format!("~~{s}~~")),
        (t(), t()).prop_map(|(a, b)| format!("[{a}](https://example.org/{b})")),
        (t(), t()).prop_map(|(a, b)| format!("[{a}](#{b})")),
        (t(), t()).prop_map(|(a, b)| format!("![{a}]({b})")),
        t().prop_map(|s| format!("<span>{s}</span><br>")),
        t().prop_map(|s| format!("<div>{s}</div><!-- {s} -->")),
        (0u8..5).prop_map(|n| format!("[^{n}]")),
        Just("\\$21k".to_string()),
        Just("jane@example.com · +1 555 0100 · github.com/jane".to_string()),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(inline(), 1..6).prop_map(|v| v.join(" "))
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => line(),
        2 => (1usize..7, line()).prop_map(|(n, l)| format!("{} {l}", "#".repeat(n))),
        1 => line().prop_map(|l| format!("{l} {{#id-{}}}", l.len())),
        1 => line().prop_map(|l| format!("_{l}_")),
        1 => line().prop_map(|l| format!("**{l}** | Org | 2019 – 2021")),
        2 => prop::collection::vec((0usize..30, any::<bool>(), line()), 1..8).prop_map(|items| {
            items
                .into_iter()
                .map(|(depth, ordered, l)| format!("{}{} {l}", "  ".repeat(depth), if ordered { "1." } else { "- [x]" }))
                .collect::<Vec<_>>()
                .join("\n")
        }),
        1 => (line(), line()).prop_map(|(a, b)| format!("| {a} | b |\n|:--|--:|\n| {b} | \\| |")),
        1 => (1usize..40, line()).prop_map(|(n, l)| format!("{} {l}", ">".repeat(n))),
        1 => line().prop_map(|l| format!("```typ\n{l}\n#set page(width: 1pt)\n```")),
        1 => Just("----".to_string()),
        1 => (0u8..5, line()).prop_map(|(n, l)| format!("[^{n}]: {l}")),
        1 => line().prop_map(|l| format!("<table><tr><td>{l}</td></tr></table>")),
    ]
}

fn document() -> impl Strategy<Value = String> {
    let front = prop_oneof![
        Just(String::new()),
        hostile_text().prop_map(|s| format!(
            "---\nname: \"{}\"\nheadline: x\n---\n",
            s.replace(['"', '\\'], "")
        )),
        hostile_text().prop_map(|s| format!("---\n{s}\n---\n")),
    ];
    (front, prop::collection::vec(block(), 0..25)).prop_map(|(f, b)| f + &b.join("\n\n"))
}

/// Typst panics that resume-pdf caught (upstream bugs), with the first input of each.
type Findings = std::sync::Mutex<std::collections::BTreeMap<String, (u32, String)>>;

/// One case: anything may be refused as input, but nothing may panic, and Markdown without
/// front matter must always typeset. A caught panic inside Typst fails the case unless
/// `findings` collects them (long runs, which report them at the end).
fn check(
    renderer: &Renderer,
    dir: &Path,
    md: &str,
    findings: Option<&Findings>,
) -> Result<(), TestCaseError> {
    let input = match Input::from_bytes(md.as_bytes(), "fuzz.md", Some(dir.to_path_buf())) {
        Ok(input) => input,
        Err(Error::Input { .. }) if md.trim().is_empty() => return Ok(()),
        Err(e) => return Err(TestCaseError::fail(format!("reading failed: {e}"))),
    };
    match renderer.render(&input, &Overrides::default()) {
        Ok(rendered) => {
            let pdf = rendered
                .pdf()
                .map_err(|e| TestCaseError::fail(format!("PDF export: {e}")))?;
            prop_assert!(pdf.starts_with(b"%PDF-"));
            let model = letter_counts(&model_text(&rendered.resume));
            let lost: Vec<_> = letter_counts(&body_text(md))
                .into_iter()
                .filter(|(c, n)| model.get(c).copied().unwrap_or(0) < *n)
                .collect();
            prop_assert!(
                lost.is_empty(),
                "letters lost: {lost:?}\n--- input ---\n{md}"
            );
            Ok(())
        }
        Err(Error::Input { .. }) if md.starts_with("---") => Ok(()),
        Err(Error::Internal(message)) if findings.is_some() => {
            let mut f = findings.unwrap().lock().unwrap();
            f.entry(message).or_insert((0, md.to_string())).0 += 1;
            Ok(())
        }
        Err(e) => Err(TestCaseError::fail(format!("{e}\n--- input ---\n{md}"))),
    }
}

/// The text pulldown-cmark itself sees in the body (an oracle independent of our parser's
/// structure): every letter of it must reach the model.
fn body_text(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    // Front matter, by the documented rule: its first line reads like a YAML key (or a
    // comment); otherwise the `---` lines are Markdown.
    let yaml_key = regex::Regex::new(r"^\s*(#|[\p{L}\p{N}_-]+\s*:)").unwrap();
    let body = match md.strip_prefix("---\n").and_then(|rest| {
        let end = rest.find("\n---\n")?;
        let first = rest[..end].lines().find(|l| !l.trim().is_empty());
        first
            .is_none_or(|l| yaml_key.is_match(l))
            .then(|| &rest[end + 5..])
    }) {
        Some(body) => body,
        None => md,
    };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut text = String::new();
    // Inline pieces join as they print (`[a](#x)b` reads `ab`); blocks and breaks separate.
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::End(end) if !is_inline_end(&end) => text.push(' '),
            Event::SoftBreak | Event::HardBreak | Event::Rule | Event::FootnoteReference(_) => {
                text.push(' ')
            }
            _ => {}
        }
    }
    // `{#id}` at the end of a heading is an anchor, not text.
    let text = regex::Regex::new(r"\{#[\p{L}\p{N}_:.-]+\}")
        .unwrap()
        .replace_all(&text, " ");
    text.into_owned()
}

fn is_inline_end(end: &pulldown_cmark::TagEnd) -> bool {
    use pulldown_cmark::TagEnd::*;
    matches!(
        end,
        Emphasis | Strong | Strikethrough | Link | Image | Superscript | Subscript
    )
}

/// Every text the model carries (not URLs, paths, ids or settings).
fn model_text(resume: &resume_pdf::model::Resume) -> String {
    const INLINE: &[&str] = &[
        "text", "nobreak", "strong", "emph", "strike", "code", "link", "ref", "image",
    ];
    const NOT_TEXT: &[&str] = &["url", "src", "target", "id", "t", "kind", "lang"];
    fn walk(v: &serde_json::Value, key: &str, out: &mut String) {
        match v {
            serde_json::Value::String(s) if !NOT_TEXT.contains(&key) => out.push_str(s),
            serde_json::Value::Array(a) => {
                for x in a {
                    walk(x, key, out);
                    if x.is_array() {
                        out.push(' ');
                    }
                }
            }
            serde_json::Value::Object(o) => {
                let t = o.get("t").and_then(|t| t.as_str());
                let inline = t.is_some_and(|t| INLINE.contains(&t));
                for (k, x) in o {
                    if k != "settings" && k != "document" {
                        if !inline {
                            out.push(' ');
                        }
                        walk(x, k, out);
                    }
                }
                if !inline {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
    let mut text = String::new();
    walk(&serde_json::to_value(resume).unwrap(), "", &mut text);
    text
}

/// How often each letter and digit occurs: a check on "nothing lost" that does not depend
/// on where words are split.
fn letter_counts(text: &str) -> BTreeMap<char, usize> {
    let mut counts = BTreeMap::new();
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        *counts.entry(c).or_insert(0) += 1;
    }
    counts
}

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn fuzz_markdown_to_pdf() {
    let cases: u32 = env("FUZZ_CASES", 40);
    let seconds: u64 = env("FUZZ_SECONDS", 0);
    let seed: u64 = env("FUZZ_SEED", 20261125);
    let renderer = Renderer::new(&[] as &[&str]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("photo.png"),
        include_bytes!("../examples/photo.png"),
    )
    .unwrap();

    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let executions = std::sync::atomic::AtomicU64::new(0);
    let findings = Findings::default();
    let collect = (seconds > 0).then_some(&findings);
    // A crash that aborts the process (a stack overflow) leaves no report: with
    // `FUZZ_LAST=FILE` each input is written there before it runs.
    let last_input = std::env::var_os("FUZZ_LAST");
    // Rounds of `cases` with seeds derived from `seed`; a timed run repeats rounds until
    // its time is up, an untimed one (CI) runs one round.
    for round in 0u64.. {
        let mut seed_bytes = [0u8; 32];
        seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
        seed_bytes[8..16].copy_from_slice(&round.to_le_bytes());
        let config = Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        };
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
        let mut runner = TestRunner::new_with_rng(config, rng);
        let result = runner.run(&document(), |md| {
            let n = executions.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if n.is_multiple_of(64) {
                // Keep memory flat over long runs, as the batch command does.
                renderer.evict_cache();
            }
            if let Some(last) = &last_input {
                std::fs::write(last, &md).unwrap();
            }
            check(&renderer, dir.path(), &md, collect)
        });
        if let Err(e) = result {
            panic!("round {round}: {e}");
        }
        if seconds == 0 || Instant::now() > deadline {
            break;
        }
    }
    let executions = executions.into_inner();
    eprintln!(
        "fuzz: {executions} executions in {:.0} s (seed {seed})",
        started.elapsed().as_secs_f64()
    );
    for (message, (count, input)) in findings.into_inner().unwrap() {
        eprintln!("fuzz: caught Typst panic {count}×: {message}\n  first input: {input:?}");
    }
}

#[test]
fn fuzz_regressions() {
    let renderer = Renderer::new(&[] as &[&str]).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let md = std::fs::read_to_string(&path).unwrap();
        check(&renderer, &dir, &md, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
