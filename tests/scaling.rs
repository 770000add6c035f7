//! Every pass over the input grows linearly (or n·log n): reading a generated résumé ten
//! times the size must take under fifteen times as long. Each shape once took quadratic
//! time somewhere (ids of equal headings, unknown keys, leading `<br>`s, …).
//!
//! Ratios, not absolute times, so that a slow or busy machine does not fail them; each
//! time is the thread's CPU time, the best of several runs, and the small size is chosen
//! to take milliseconds.

mod common;

use std::sync::Mutex;
use std::time::Duration;

use common::thread_cpu_time;
use resume_pdf::read::markdown;

const CV: &str = "# Ada Lovelace\n\nAnalyst\n\n## Work\n\n### Engineer\n\nDid things.\n";

fn no_images(_: &str) -> Result<(String, String), String> {
    Err("no images in these tests".into())
}

/// The CPU time this thread spends reading `source`: unlike wall time, it does not
/// grow when other processes share the cores, which long runs feel more than short ones.
fn time_once(source: &str) -> Duration {
    let start = thread_cpu_time();
    // Errors are fine (a refused input must be refused in linear time too).
    let _ = std::hint::black_box(markdown::parse(source, &no_images));
    thread_cpu_time() - start
}

/// Asserts that `make(10 * n)` reads in under 15 times the time of `make(n)`.
fn assert_linear(shape: &str, n: usize, make: impl Fn(usize) -> String) {
    // One measurement at a time: tests run in parallel threads and would slow each other.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (small, large) = (make(n), make(10 * n));
    time_once(&small); // warm up allocator and caches
    // A ratio near the limit is measured again before it fails: cache effects put linear
    // shapes at 10–14, a quadratic one lands near 100 every time.
    let mut ratios = Vec::new();
    for _ in 0..2 {
        let (t1, t10) = best_interleaved(&small, &large);
        let ratio = t10.as_secs_f64() / t1.as_secs_f64().max(1e-4);
        eprintln!(
            "{shape}: {t1:?} at {n}, {t10:?} at {}, ratio {ratio:.1}",
            10 * n
        );
        if ratio < 15.0 {
            return;
        }
        ratios.push(format!(
            "{t1:?} for {n} but {t10:?} for {} (×{ratio:.1})",
            10 * n
        ));
    }
    panic!("{shape}: not linear: {}", ratios.join("; then "));
}

/// The best time of each, from runs taken in turns: a burst of load elsewhere slows both
/// sizes alike, and the best run is the one least disturbed.
fn best_interleaved(small: &str, large: &str) -> (Duration, Duration) {
    let (mut t1, mut t10) = (Duration::MAX, Duration::MAX);
    for _ in 0..4 {
        t1 = t1.min(time_once(small));
        t10 = t10.min(time_once(large));
    }
    (t1, t10)
}

#[test]
fn headings_with_the_same_text() {
    assert_linear("same headings", 5000, |n| {
        CV.to_string() + &"\n## Same\n".repeat(n)
    });
    assert_linear("same entries", 2000, |n| {
        CV.to_string() + &"\n### Same\n\nx\n".repeat(n)
    });
}

#[test]
fn empty_headings() {
    assert_linear("empty ##", 20000, |n| CV.to_string() + &"\n##\n".repeat(n));
    assert_linear("empty ###", 20000, |n| {
        CV.to_string() + &"\n###\n".repeat(n)
    });
}

#[test]
fn unknown_front_matter_keys() {
    assert_linear("unknown keys", 5000, |n| {
        let keys: String = (0..n).map(|i| format!("key{i}: {i}\n")).collect();
        format!("---\nname: Ada\n{keys}---\n{CV}")
    });
}

#[test]
fn deeply_nested_front_matter() {
    assert_linear("nested flow value", 2000, |n| {
        format!(
            "---\nname: Ada\nx: {}{}\n---\n{CV}",
            "[".repeat(n),
            "]".repeat(n)
        )
    });
    assert_linear("nested block list", 2000, |n| {
        format!("---\nname: Ada\nx: {}y\n---\n{CV}", "- ".repeat(n))
    });
}

#[test]
fn repeated_aliases() {
    assert_linear("aliases", 1000, |n| {
        let label = "x".repeat(100);
        let refs = vec!["*l"; n].join(", ");
        format!("---\nl: &l {{label: {label}, url: https://e.org}}\nlinks: [{refs}]\n---\n{CV}")
    });
}

#[test]
fn combining_marks() {
    assert_linear("marks on one letter", 200_000, |n| {
        format!("{CV}\ne{}\n", "\u{301}".repeat(n))
    });
    assert_linear("marked letters", 20_000, |n| {
        format!("{CV}\n{}\n", "e\u{301}\u{323} ".repeat(n))
    });
}

#[test]
fn long_lines_and_breaks() {
    assert_linear("leading breaks", 10000, |n| {
        format!("{CV}\n{}text\n", "<br>".repeat(n))
    });
    assert_linear("one long word", 50_000, |n| {
        format!("{CV}\n{}\n", "x".repeat(n))
    });
    assert_linear("mixed-format token", 2000, |n| {
        format!("{CV}\n{}\n", "aaa**bbb**ccc*ddd*".repeat(n))
    });
    assert_linear("long paragraph", 20000, |n| {
        format!("{CV}\n{}\n", "word, ".repeat(n))
    });
}

#[test]
fn many_blocks() {
    assert_linear("list items", 2000, |n| {
        format!("{CV}\n{}", "- item **b** _i_ `c`\n".repeat(n))
    });
    assert_linear("nested lists", 2000, |n| {
        let items: String = (0..n)
            .map(|i| format!("{}- x\n", "  ".repeat(i % 30)))
            .collect();
        format!("{CV}\n{items}")
    });
    assert_linear("footnotes", 2000, |n| {
        let refs: String = (0..n).map(|i| format!("a[^{i}] ")).collect();
        let defs: String = (0..n).map(|i| format!("[^{i}]: note {i}\n")).collect();
        format!("{CV}\n{refs}\n\n{defs}")
    });
    assert_linear("internal links", 2000, |n| {
        let links: String = (0..n).map(|i| format!("[l](#h{i}) ")).collect();
        let heads: String = (0..n).map(|i| format!("\n### H{i}\n")).collect();
        format!("{CV}\n{links}\n{heads}")
    });
    assert_linear("html blocks", 2000, |n| {
        format!(
            "{CV}\n{}",
            "<div align=\"center\"><b>x</b><br>y</div>\n\n".repeat(n)
        )
    });
    // HTML that hides what follows it, or is told about: an element left open in each
    // block (closed once, at the end), a page's worth of icons in one block, one warning.
    assert_linear("html left open", 2000, |n| {
        format!(
            "{CV}\n{}</svg></style>\n",
            "<div><svg viewBox=\"0 0 1 1\">\n\nx\n\n<p><style>\np {}\n\n".repeat(n)
        )
    });
    assert_linear("html elements told", 2000, |n| {
        let icons = "<svg><title>t</title><path d=\"M0\"/></svg><x-y>a</x-y><meta>".repeat(n);
        format!("{CV}\n<div>{icons}</div>\n")
    });
    assert_linear("tables", 2000, |n| {
        format!(
            "{CV}\n| a | b |\n|---|---|\n{}",
            "| x | **y** |\n".repeat(n)
        )
    });
}
