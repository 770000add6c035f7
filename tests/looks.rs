//! What a reader sees on the page, in every built-in layout: nothing tall is cut off at a
//! page's end, no word runs off the page, the text layer carries exactly the characters
//! typed (no zero-width spaces or soft hyphens, hyphens kept), and no two words overlap.
//! Word boxes come from poppler's `pdftotext -bbox`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

const PNG: &[u8] = include_bytes!("../examples/photo.png");

fn render_md(dir: &Path, md: &str, layout: &str) -> PathBuf {
    let input = dir.join(format!("{layout}.md"));
    fs::write(&input, md).unwrap();
    let pdf = dir.join(format!("{layout}.pdf"));
    let out = run(&[
        input.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--layout",
        layout,
    ]);
    assert!(out.status.success(), "{layout}: {}", stderr(&out));
    pdf
}

/// The numbers in `from..to` that `text` lacks as words.
fn missing_numbers(text: &str, from: u32, to: u32) -> Vec<u32> {
    let found: std::collections::BTreeSet<String> = oracle::tokens(text).into_iter().collect();
    (from..to)
        .filter(|n| !found.contains(&n.to_string()))
        .collect()
}

/// Asserts that every numbered word of each named range (`what`, from, to) reached `text`.
fn assert_numbers_kept(layout: &str, text: &str, ranges: &[(&str, u32, u32)]) {
    for &(what, from, to) in ranges {
        let missing = missing_numbers(text, from, to);
        assert!(
            missing.is_empty(),
            "{layout}: {} of the {what}'s words lost, e.g. {:?}",
            missing.len(),
            &missing[..missing.len().min(5)]
        );
    }
}

fn numbered(from: u32, to: u32) -> String {
    (from..to)
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn quotes_code_and_captions_taller_than_a_page_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.png"), PNG).unwrap();
    // A quote of 80 paragraphs (numbers 10000–11599); a listing of 12 long lines that wrap
    // (20000–21199), the case a line count alone does not catch; an image whose caption
    // alone is longer than a page (30000–31399); an entry whose subtitle (a wholly bold
    // paragraph) is (40000–41499); and a table row that is, in the sidebar's own column
    // (50000–51199).
    let quote: String = (0..80)
        .map(|p| format!("> {}\n>\n", numbered(10000 + p * 20, 10020 + p * 20)))
        .collect();
    let code: String = (0..12)
        .map(|l| numbered(20000 + l * 100, 20100 + l * 100) + "\n")
        .collect();
    let caption = numbered(30000, 31400);
    let subtitle = numbered(40000, 41500);
    let row = numbered(50000, 51200);
    let md = format!(
        "# Tall Things\n\n## Skills\n\n| Skill | Level |\n|---|---|\n| {row} | high |\n\n\
## Experience\n\n### Quoted\n\n{quote}\n### Listed\n\n```\n{code}```\n\n\
### Pictured\n\n![A photo](p.png \"{caption}\")\n\nAfter the figure.\n\n\
### Headed\n\n**{subtitle}**\n\n_2020 – 2021_\n\nThe entry's text.\n"
    );
    for layout in LAYOUTS {
        let pdf = render_md(dir.path(), &md, layout);
        let text = pdftotext(&pdf);
        assert_numbers_kept(
            layout,
            &text,
            &[
                ("quote", 10000, 11600),
                ("code block", 20000, 21200),
                ("caption", 30000, 31400),
                ("entry head", 40000, 41500),
                ("table row", 50000, 51200),
            ],
        );
        assert!(
            text.contains("After the figure") && text.contains("The entry's text"),
            "{layout}"
        );
    }
}

#[test]
fn a_long_word_of_differently_formatted_runs_stays_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let run = |c: char| c.to_string().repeat(30);
    let token = format!(
        "{}**{}**{}*{}*{}",
        run('a'),
        run('b'),
        run('c'),
        run('d'),
        run('e')
    );
    let whole: String = "abcde".chars().map(run).collect();
    let md = format!(
        "# Runs\n\n## Skills\n\nSee {token} here.\n\n## Experience\n\n### Role\n\nIt is {token} again.\n"
    );
    for layout in LAYOUTS {
        let pdf = render_md(dir.path(), &md, layout);
        let text: String = pdftotext(&pdf).split_whitespace().collect();
        assert_eq!(
            text.matches(&whole).count(),
            2,
            "{layout}: the long word lost letters: {text}"
        );
        let (pages, boxes) = word_boxes(&pdf);
        let off: Vec<String> = off_page(&pages, &boxes)
            .iter()
            .map(|w| w.to_string())
            .collect();
        assert!(off.is_empty(), "{layout}: words run off the page: {off:?}");
    }
}

#[test]
fn long_words_and_urls_extract_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    // A 200-character URL with hyphens at many places, so that any break after one shows.
    let mut url = String::from("https://example.com/projects");
    let mut i = 0;
    while url.len() < 200 {
        url.push_str(["/payments-ledger", "-rewrite", "/step-", "x-y-z"][i % 4]);
        i += 1;
    }
    url.truncate(199);
    // Not a hyphen at the very end: pdftotext drops a line-final hyphen wherever it is.
    url.push('z');
    let display = url.trim_start_matches("https://");
    let compound = "Rindfleisch-Etikettierungs-Überwachungs-Aufgaben-Übertragungs-Gesetz";
    let long = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft";
    let names = "Müller-Lüdenscheidt ".repeat(30);
    let md = format!(
        "---\nname: Anne-Marie Müller-Lüdenscheidt\nwebsite: {url}\n---\n\n\
Summary with {url} bare and <{url}> as a link, and {compound}, {long}.\n\n\
## Skills\n\n{names}\n\n{compound} and {long}.\n\n\
## Experience\n\n### Role\n\n{names}\n\n| one | two | three | four |\n|---|---|---|---|\n\
| {compound} | {long} | {url} | Müller-Lüdenscheidt and more |\n"
    );
    for layout in LAYOUTS {
        let pdf = render_md(dir.path(), &md, layout);
        let text = pdftotext(&pdf);
        for (c, name) in [('\u{200B}', "U+200B"), ('\u{AD}', "soft hyphen U+00AD")] {
            assert!(!text.contains(c), "{layout}: {name} in the text layer");
        }
        // Line breaks show as newlines; nothing else may come between the characters. (The
        // table's cells interleave line by line in extracted text, so they are not read
        // for whole words, only for lost hyphens.)
        let joined = text.replace('\n', "");
        assert!(
            joined.matches(&url).count() >= 2 && joined.matches(display).count() >= 3,
            "{layout}: the URL, bare, as a link and as a contact, does not extract whole:\n{text}"
        );
        for word in [compound, long, "Anne-Marie"] {
            assert!(
                joined.contains(word),
                "{layout}: `{word}` does not extract whole"
            );
        }
        assert_eq!(
            joined.matches("Müller-Lüdenscheidt").count(),
            62,
            "{layout}: a hyphenated name lost its hyphen:\n{text}"
        );
        for pair in url.split('/').chain(compound.split('/')).flat_map(|part| {
            let halves: Vec<&str> = part.split('-').collect();
            halves
                .windows(2)
                .map(|w| format!("{}{}", w[0], w[1]))
                .collect::<Vec<_>>()
        }) {
            let pair = pair.trim_start_matches(['/', ':']);
            assert!(
                pair.len() < 4 || !joined.contains(pair),
                "{layout}: a hyphen went missing: `{pair}`"
            );
        }
    }
}

#[test]
fn automatic_hyphenation_is_off() {
    // With hyphenation on, Typst breaks `Verantwortungsbereich` and pdftotext writes the
    // hyphen it adds as U+00AD; a narrow table column forces the question.
    let dir = tempfile::tempdir().unwrap();
    let cell = "Verantwortungsbereich Qualitätssicherung Softwareentwicklung ".repeat(3);
    let md = format!(
        "# Hyphens\n\n## Experience\n\n| a | b | c | d | e |\n|---|---|---|---|---|\n| {cell} | {cell} | {cell} | {cell} | {cell} |\n"
    );
    for layout in LAYOUTS {
        let text = pdftotext(&render_md(dir.path(), &md, layout));
        assert!(!text.contains('\u{AD}'), "{layout}: hyphenated:\n{text}");
        assert_eq!(text.matches("Qualitätssicherung").count(), 15, "{layout}");
    }
}

#[test]
fn names_and_headings_taller_than_a_page_lose_nothing() {
    // Headings and the name are sticky, and a sticky block taller than a page inside a grid
    // cell (the sidebar's columns, a header beside a photo) loses its end in Typst 0.15.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.png"), PNG).unwrap();
    let md = format!(
        "---\nname: {}\n---\n\n![A photo](p.png)\n\n## {}\n\n### {}\n\nText.\n\n#### {}\n\nMore.\n\n\
## Skills\n\n### {}\n\nRust.\n",
        numbered(10000, 10600),
        numbered(20000, 21200),
        numbered(30000, 31200),
        numbered(40000, 41200),
        numbered(50000, 51200),
    );
    for layout in LAYOUTS {
        let text = pdftotext(&render_md(dir.path(), &md, layout));
        assert_numbers_kept(
            layout,
            &text,
            &[
                ("name", 10000, 10600),
                ("section title", 20000, 21200),
                ("entry title", 30000, 31200),
                ("heading", 40000, 41200),
                ("sidebar entry title", 50000, 51200),
            ],
        );
    }
}

#[test]
fn no_two_words_overlap_in_any_example_or_entry_shape() {
    let mut inputs: Vec<PathBuf> = fs::read_dir(repo("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    inputs.sort();
    inputs.push(repo("tests/fixtures/entry-shapes.md"));
    for input in &inputs {
        for layout in LAYOUTS {
            let (_dir, pdf, _) = render(input, &["--layout", layout]);
            let (_, boxes) = word_boxes(&pdf);
            assert!(boxes.len() > 20, "{}: no words read", input.display());
            let bad = overlaps(&boxes);
            assert!(
                bad.is_empty(),
                "{} in {layout}: words overlap: {}",
                input.display(),
                describe_overlaps(&bad)
            );
        }
    }
}

#[test]
fn the_overlap_check_sees_overlapping_words() {
    // The oracle itself: words drawn over each other must be caught, words merely touching
    // or on tight lines must not.
    let b = |page, x0, y0, x1, y1| WordBox {
        page,
        x0,
        y0,
        x1,
        y1,
        text: "w".into(),
    };
    // The second overlaps the first by half its height; the third touches the second, the
    // fourth overlaps the first by a fifth of its height (lines set tight), the fifth is on
    // another page.
    let words = [
        b(0, 10.0, 10.0, 50.0, 20.0),
        b(0, 30.0, 15.0, 70.0, 25.0),
        b(0, 70.0, 15.0, 90.0, 25.0),
        b(0, 10.0, 18.0, 25.0, 28.0),
        b(1, 10.0, 10.0, 50.0, 20.0),
    ];
    let found = overlaps(&words);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.x0, found[0].1.x0), (10.0, 30.0));
}

/// Asserts that no word of `pdf` reaches past an edge of its page or lies on another.
fn assert_on_the_page(layout: &str, pdf: &Path) {
    let (pages, boxes) = word_boxes(pdf);
    let off: Vec<String> = off_page(&pages, &boxes)
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert!(off.is_empty(), "{layout}: words run off the page: {off:?}");
    let bad = overlaps(&boxes);
    assert!(
        bad.is_empty(),
        "{layout}: words overlap: {}",
        describe_overlaps(&bad)
    );
}

/// Whether every `(word, count)` occurs that often in `text` once its line breaks are
/// taken out (a word broken across lines is still whole: nothing was put between its
/// letters), with a message naming the first that does not.
fn assert_whole(layout: &str, text: &str, words: &[(&str, usize)]) {
    let joined = text.replace('\n', "");
    for &(word, count) in words {
        assert_eq!(
            joined.matches(word).count(),
            count,
            "{layout}: `{}…` ({} characters) is not whole {count} times:\n{text}",
            &word[..10],
            word.len()
        );
    }
}

#[test]
fn long_words_in_inline_code_with_spaces_break_like_prose() {
    // A word over 30 characters in code that also has a space was set whole and ran off
    // the page (poppler read 96, 76 and 99 of 100 x in classic, modern and compact); the
    // same in an HTML block, whose text is read as Markdown. In both columns of the sidebar.
    let dir = tempfile::tempdir().unwrap();
    let (x, y, z) = ("x".repeat(100), "y".repeat(100), "z".repeat(100));
    let path = format!("/srv/{}/config-{}.toml", "q".repeat(40), "r".repeat(40));
    let md = format!(
        "# Code\n\n## Skills\n\nUse `a {x}` daily.\n\n## Experience\n\n### Role\n\n\
Run `cat {path} | b {y}` here.\n\n<div>See `c {z} d` in HTML.</div>\n"
    );
    for layout in LAYOUTS {
        let pdf = render_md(dir.path(), &md, layout);
        let text = pdftotext(&pdf);
        assert_whole(layout, &text, &[(&x, 1), (&y, 1), (&z, 1), (&path, 1)]);
        for c in ['x', 'y', 'z', 'q', 'r'] {
            let typed = md.matches(c).count() - "<div></div>".matches(c).count();
            assert_eq!(text.matches(c).count(), typed, "{layout}: `{c}` lost");
        }
        assert_on_the_page(layout, &pdf);
    }
}

#[test]
fn long_words_in_code_blocks_wrap() {
    // Lines of a listing with a word over 30 characters were not broken at all: a line of
    // 90 x ran off the page (the sidebar lost 12 of them). A line of dashes, a long word
    // among short ones, and a listing in the sidebar's own column too.
    let dir = tempfile::tempdir().unwrap();
    let x = "x".repeat(90);
    let url = format!(
        "https://example.com/{}?q={}",
        "u".repeat(60),
        "v".repeat(40)
    );
    let dashes = "-".repeat(90);
    let listing = format!("```sh\n{x}\n{dashes}\ncurl -fsSL {url} | sh\nshort line\n```");
    let md = format!(
        "# Listings\n\n## Skills\n\n{listing}\n\n## Experience\n\n### Role\n\n{listing}\n\nAfter.\n"
    );
    for layout in LAYOUTS {
        let pdf = render_md(dir.path(), &md, layout);
        let text = pdftotext(&pdf);
        assert_whole(layout, &text, &[(&x, 2), (&url, 2)]);
        for c in ['x', 'u', 'v'] {
            assert_eq!(
                text.matches(c).count(),
                md.matches(c).count(),
                "{layout}: `{c}` lost"
            );
        }
        assert_eq!(text.matches("short line").count(), 2, "{layout}");
        assert!(text.contains("After."), "{layout}");
        assert_on_the_page(layout, &pdf);
    }
}

#[test]
fn a_run_of_headings_taller_than_a_page_prints_every_title() {
    // In the sidebar, 33 empty sections after the name printed 2 legible titles, the other
    // 31 drawn on top of the last (their text is in the text layer, so the words are read
    // and their boxes checked): each title stuck to the next, and the chain, taller than a
    // page in a grid cell, was cut. The same for runs of empty entries and of `####`
    // headings, in either column.
    let dir = tempfile::tempdir().unwrap();
    let sections: String = (100..133).map(|n| format!("## Section {n}\n\n")).collect();
    let entries: String = (200..245).map(|n| format!("### Entry {n}\n\n")).collect();
    let headings: String = (300..345)
        .map(|n| format!("#### Heading {n}\n\n"))
        .collect();
    let side: String = (400..445).map(|n| format!("### Skill {n}\n\n")).collect();
    let md = format!(
        "# A\n\n{sections}## Experience\n\n{entries}### Role\n\n{headings}Text.\n\n## Skills\n\n{side}"
    );
    // The run alone, as found.
    let alone = format!("# A\n\n{sections}");
    for layout in LAYOUTS {
        let pdf = render_md(dir.path(), &alone, layout);
        assert_numbers_kept(
            layout,
            &pdftotext(&pdf),
            &[("section titles alone", 100, 133)],
        );
        assert_on_the_page(layout, &pdf);
        let pdf = render_md(dir.path(), &md, layout);
        assert_on_the_page(layout, &pdf);
        let text = pdftotext(&pdf);
        assert_numbers_kept(
            layout,
            &text,
            &[
                ("section titles", 100, 133),
                ("entry titles", 200, 245),
                ("headings", 300, 345),
                ("sidebar entry titles", 400, 445),
            ],
        );
        assert!(text.contains("Text."), "{layout}");
    }
}

#[test]
fn hyphenated_words_in_code_keep_their_hyphens_at_a_line_end() {
    let dir = tempfile::tempdir().unwrap();
    // Lines long enough to wrap in every layout, with a hyphen at every few characters, so
    // that a break after one would show (pdftotext drops a line-final hyphen).
    let line = "run-it ab-cd x-y ".repeat(12);
    let md = format!("## Tools\n\n```\n{line}\n{line}\n```\n\nUse `{line}` daily.\n");
    for layout in LAYOUTS {
        let pdf = render_md(dir.path(), &md, layout);
        let text = pdftotext(&pdf);
        for (word, typed) in [("run-it", 36), ("ab-cd", 36), ("x-y", 36)] {
            assert_eq!(
                text.matches(word).count(),
                typed,
                "{layout}: `{word}` lost its hyphen at a line end:\n{text}"
            );
        }
    }
}

/// The gallery the README shows is what the code renders today: a change that moves a
/// word of the full example (a comma turned into a `·`, a footnote's space) fails here
/// until the gallery is made again (`resume-pdf examples/full-resume.md --layout L -o
/// examples/full-resume-L.pdf`, and docs/L-1.png from `-f png --ppi 80`).
#[test]
fn the_committed_gallery_is_what_the_code_renders() {
    for layout in LAYOUTS {
        let (_dir, pdf, _) = render(&repo("examples/full-resume.md"), &["--layout", layout]);
        let committed = repo(&format!("examples/full-resume-{layout}.pdf"));
        assert!(
            std::fs::read(&pdf).unwrap() == std::fs::read(&committed).unwrap(),
            "{layout}: examples/full-resume-{layout}.pdf is not what the code renders; \
             render it again (and docs/{layout}-1.png)"
        );
    }
}
