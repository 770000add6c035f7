//! The word oracle of tests/common/oracle.rs: its own checks on hand-made breakages of real
//! extracted text, then every example and fixture in every layout, read by two extractors.

mod common;

use std::sync::OnceLock;

use common::oracle::*;
use common::*;

const INPUTS: [&str; 6] = [
    "examples/full-resume.md",
    "examples/minimal.md",
    "examples/experience-excerpt.md",
    "tests/fixtures/entry-shapes.md",
    "tests/fixtures/experience-excerpt.md",
    "tests/fixtures/just-over-one-page.md",
];

/// The full example in classic: what it should read, pdftotext's words, the page count.
fn full_classic() -> &'static (Expected, Vec<String>, usize) {
    static CELL: OnceLock<(Expected, Vec<String>, usize)> = OnceLock::new();
    CELL.get_or_init(|| {
        let input = repo("examples/full-resume.md");
        let (_d, pdf, _) = render(&input, &[]);
        let md = std::fs::read_to_string(&input).unwrap();
        let pages = pdfinfo(&pdf)["Pages"].parse().unwrap();
        (
            expected_words(&md, "classic", &pdf),
            poppler_words(&pdf),
            pages,
        )
    })
}

/// Removes the `nth` (0-based) occurrence of the word sequence `phrase` from `words`.
fn remove(words: &[String], phrase: &str, nth: usize) -> Vec<String> {
    let p: Vec<&str> = phrase.split(' ').collect();
    let at = (0..words.len())
        .filter(|&i| {
            words[i..]
                .iter()
                .take(p.len())
                .map(String::as_str)
                .eq(p.iter().copied())
        })
        .nth(nth)
        .unwrap_or_else(|| panic!("`{phrase}` is not there {} times", nth + 1));
    [&words[..at], &words[at + p.len()..]].concat()
}

#[test]
fn the_oracle_passes_the_real_text_and_reports_each_dropped_duplicate() {
    let (expected, found, pages) = full_classic();
    let report = compare(expected, found, *pages);
    assert!(report.is_empty(), "{report}");
    // Each of these occurs more than once in the example: a set comparison misses its loss.
    for (phrase, nth) in [
        ("Experience", 0),
        ("Staff Software Engineer", 1),
        ("Parcelhive", 0),
        ("Languages", 1),
    ] {
        let report = compare(expected, &remove(found, phrase, nth), *pages);
        let lost: Vec<&str> = phrase.split(' ').collect();
        assert_eq!(report.missing.len(), lost.len(), "{phrase}: {report}");
        assert!(
            lost.iter().all(|w| report.missing.iter().any(|m| m == w)),
            "{report}"
        );
    }
}

#[test]
fn the_oracle_reports_swapped_blocks_and_extra_words() {
    let (expected, found, pages) = full_classic();
    // The first two bullets of the first entry, swapped.
    let start = |w: &str| found.iter().position(|x| x == w).unwrap();
    let (a, b, c) = (start("Ledger"), start("Payout"), start("Platform"));
    let swapped = [&found[..a], &found[b..c], &found[a..b], &found[c..]].concat();
    let report = compare(expected, &swapped, *pages);
    assert!(
        report.missing.is_empty() && report.extra.is_empty(),
        "{report}"
    );
    assert!(
        report
            .out_of_order
            .iter()
            .any(|w| w.contains("Payout") || w.contains("Ledger")),
        "{report}"
    );
    // A word the source does not have, and one it has once, printed twice.
    let mut more = found.clone();
    more.insert(10, "Blockchain".into());
    more.insert(20, "Kotlin,".into());
    let report = compare(expected, &more, *pages);
    assert_eq!(report.extra, ["Blockchain", "Kotlin,"], "{report}");
    // A layout's bullet or separator is no word; a lost `$` is.
    more = found.clone();
    more.insert(5, "–".into());
    assert!(compare(expected, &more, *pages).is_empty());
    let dollar = found.iter().position(|w| w == "$1.2M").unwrap();
    more[dollar + 1] = "1.2M".into();
    let report = compare(expected, &more, *pages);
    assert_eq!(
        (report.missing, report.extra),
        (vec!["$1.2M".to_string()], vec!["1.2M".to_string()])
    );
}

#[test]
fn source_words_follow_the_documented_rules() {
    let md = "---\nname: Ada Lovelace\nwebsite: https://www.ada.dev/\nlinks: [{label: Blog, url: https://b.dev}]\n---\n\
## Work {#work}\n\n### Analyst\n\n**Engine Project**\n\n_1842 – 1843 · London_\n\n\
Wrote *the* [first](https://x.org) `a  b` note[^n] <!-- hidden --> <b>bold</b> <label>.\n\n\
3. three\n4. four\n\n[^n]: The note.\n";
    let chunks = reading_order(source_chunks(md), "classic");
    let words: Vec<String> = chunks.iter().flat_map(|c| tokens(&c.text)).collect();
    let text = words.join(" ");
    assert!(
        text.starts_with("Ada Lovelace ada.dev Blog Work Analyst"),
        "{text}"
    );
    for w in [
        "the", "first", "a", "b", "bold", "<label>.", "3.", "4.", "London",
    ] {
        assert!(words.iter().any(|x| x == w), "{w} in {text}");
    }
    for w in ["hidden", "#work", "{#work}", "x.org", "**Engine"] {
        assert!(!text.contains(w), "{w} in {text}");
    }
}

#[test]
fn every_example_and_fixture_reads_whole_and_in_order_in_every_layout() {
    for md in INPUTS {
        for layout in LAYOUTS {
            let (_d, pdf, _) = render(&repo(md), &["--layout", layout]);
            assert_every_word(&repo(md), layout, &pdf);
            let source = std::fs::read_to_string(repo(md)).unwrap();
            leaks::assert_no_leaks(&source, &pdf, &format!("{md} in {layout}"));
        }
    }
}

#[test]
fn the_leak_oracle_finds_syntax_unless_the_source_meant_it() {
    let leaked = [
        ("A **bold** claim", "A **bold** claim"),
        ("<div align=center>x</div>", "<div align=center>x</div>"),
        ("[a](b)", "[a](b)"),
        ("## Skills {#skills}", "Skills {#skills}"),
        ("::: columns", "::: columns"),
        ("Name \\hfill 2019", "Name \\hfill 2019"),
        ("{{< icon x >}}", "{{< icon x >}}"),
        ("a&nbsp;b", "a&nbsp;b"),
        ("<svg viewBox=\"0 0 1 1\">", "svg viewBox=\"0 0 1 1\""),
    ];
    for (md, text) in leaked {
        assert!(
            !leaks::leaks(md, text).is_empty(),
            "{md:?} printed as {text:?} leaks"
        );
    }
    let meant = [
        ("Use `**bold**` for bold", "Use **bold** for bold"),
        ("\\*\\*not bold\\*\\*", "**not bold**"),
        ("Write `<div>` blocks", "Write <div> blocks"),
        ("\\<div> is a tag", "<div> is a tag"),
        ("```\n\\hfill\n```", "\\hfill"),
        ("Tom &amp;nbsp; Jerry", "Tom &nbsp; Jerry"),
        ("a < b and c > d", "a < b and c > d"),
        ("[{`#a](https://x.org/) b`", "[{#a](https://x.org/) b"),
        ("% a\n% b\n    **A**", "a b **A**"),
        ("<td>![0](A)!)</td>", "![0](A)!)"),
        ("#read(x) {#id-20}", "#read(x) {#id-20}"),
        ("_[](#x(:::)_", "[](#x(:::)"),
        ("a {% b", "a {% b"),
        ("**<G>**", "<G>"),
        ("[](https://x.org/{\\.a\\)", "[](https://x.org/{.a)"),
        ("| [](https://x.org/{.a) |\n|--|", "https://x.org/{.a"),
    ];
    for (md, text) in meant {
        assert_eq!(leaks::leaks(md, text), Vec::<String>::new(), "{md:?}");
    }
}

#[test]
fn a_line_of_one_letter_words_may_read_as_one_word_by_pdftotext_only() {
    let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
    let mut expected = Expected {
        ordered: words("Label a A A A done"),
        drifting: true,
        ..Expected::default()
    };
    assert!(compare(&expected, &words("Label aAAA done"), 1).is_empty());
    assert!(compare(&expected, &words("Label aA AA done"), 1).is_empty());
    // A letter more, or fewer, is still found: the letters are the source's, once each.
    for wrong in ["Label aAAAA done", "Label aAA done", "Label aAAB done"] {
        let report = compare(&expected, &words(wrong), 1);
        assert!(!report.is_empty(), "{wrong}: {report}");
    }
    // Four words of two letters are not joined (up to three are, by the drift rule), nor
    // is anything for mutool.
    expected.ordered = words("Label ab AB ab AB done");
    assert!(!compare(&expected, &words("Label abABabAB done"), 1).is_empty());
    expected.ordered = words("Label a A A A done");
    expected.drifting = false;
    assert!(!compare(&expected, &words("Label aAAA done"), 1).is_empty());
}
