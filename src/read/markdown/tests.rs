//! Parser behaviour on the conventions real Markdown résumés use.

use super::*;
use crate::model::{ContactKind, Section, blocks_plain_text, plain_text};

fn parse_ok(src: &str) -> Document {
    parse(src, &|p: &str| Ok((p.to_string(), "png".to_string()))).expect("parses")
}

fn section<'a>(doc: &'a Document, title: &str) -> &'a Section {
    doc.resume
        .sections
        .iter()
        .find(|s| plain_text(&s.title) == title)
        .unwrap_or_else(|| panic!("no section {title}: {:#?}", doc.resume.sections))
}

#[test]
fn name_headline_and_contacts_from_the_body() {
    let doc = parse_ok(
        "# Jane Doe\n\nStaff Engineer\njane@example.com · +1 555 0100 · https://jane.dev\n\n## Experience\n",
    );
    let r = &doc.resume;
    assert_eq!(r.name, "Jane Doe");
    assert_eq!(plain_text(&r.headline), "Staff Engineer");
    let kinds: Vec<_> = r.contacts.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [ContactKind::Email, ContactKind::Phone, ContactKind::Url]
    );
    assert_eq!(r.contacts[2].url.as_deref(), Some("https://jane.dev"));
}

#[test]
fn entries_take_subtitle_and_meta_lines() {
    let doc = parse_ok(
        "## Experience\n\n### Staff Engineer\n\n**Acme**\n\n_Jun 2022 – Jul 2024 · Berlin_\n\nDid things.\n",
    );
    let e = &section(&doc, "Experience").entries[0];
    assert_eq!(plain_text(&e.title), "Staff Engineer");
    assert_eq!(plain_text(&e.subtitle), "Acme");
    assert_eq!(plain_text(&e.date), "Jun 2022 – Jul 2024");
    assert_eq!(plain_text(&e.meta[0]), "Berlin");
    assert_eq!(e.blocks.len(), 1);
}

#[test]
fn excerpt_without_sections_gets_an_implicit_one() {
    let doc = parse_ok("### Role\n\n_2020 – 2021_\n\nText.\n\n### Other\n\nMore.\n");
    assert_eq!(doc.resume.sections.len(), 1);
    assert!(doc.resume.sections[0].title.is_empty());
    assert_eq!(doc.resume.sections[0].entries.len(), 2);
    assert_eq!(
        plain_text(&doc.resume.sections[0].entries[0].date),
        "2020 – 2021"
    );
}

#[test]
fn bold_line_entries() {
    let doc = parse_ok("## Projects\n\n**Tracker** | Lead | 2019 – 2021\n\nBuilt it.\n");
    let e = &section(&doc, "Projects").entries[0];
    assert_eq!(plain_text(&e.title), "Tracker");
    assert_eq!(plain_text(&e.subtitle), "Lead");
    assert_eq!(plain_text(&e.date), "2019 – 2021");
    assert_eq!(e.blocks.len(), 1);
}

#[test]
fn span_headings_split_title_and_date() {
    let doc = parse_ok("## Work\n\n### <span>Designer, Lumen</span> <span>2019 -- 2021</span>\n");
    let e = &section(&doc, "Work").entries[0];
    assert_eq!(plain_text(&e.title), "Designer, Lumen");
    assert_eq!(plain_text(&e.date), "2019 -- 2021");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn internal_links_resolve_or_warn_and_keep_text() {
    let doc = parse_ok(
        "## A\n\nSee [the study](#study) and [gone](#missing).\n\n## Case\n\n### Study {#study}\n",
    );
    let para = &section(&doc, "A").blocks[0];
    let Block::Para { c } = para else { panic!() };
    assert!(
        c.iter()
            .any(|i| matches!(i, Inline::Ref { target, .. } if target == "study"))
    );
    assert!(plain_text(c).contains("gone"));
    let w: Vec<_> = doc.warnings.iter().map(|w| w.message.clone()).collect();
    assert!(w.iter().any(|m| m.contains("#missing")), "{w:?}");
    assert_eq!(doc.warnings[0].pos.map(|p| p.line), Some(3));
}

#[test]
fn escapes_html_and_comments() {
    let doc = parse_ok("Saved \\$21k<br>a <kbd>key</kbd> <!-- secret --> end\n");
    let Block::Para { c } = &doc.resume.summary[0] else {
        panic!()
    };
    let text = plain_text(c);
    assert!(text.contains("$21k"));
    assert!(text.contains("key"));
    assert!(!text.contains("secret"));
    assert!(c.contains(&Inline::Break));
    assert!(c.contains(&Inline::Code { v: "key".into() }), "{c:?}");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn footnotes_attach_to_references() {
    let doc = parse_ok("Text[^1].\n\n[^1]: The note.\n");
    let Block::Para { c } = &doc.resume.summary[0] else {
        panic!()
    };
    let Some(Inline::Note { c: note }) = c.iter().find(|i| matches!(i, Inline::Note { .. })) else {
        panic!("{c:?}")
    };
    assert_eq!(
        note,
        &[Block::Para {
            c: vec![Inline::Text {
                v: "The note.".into()
            }]
        }]
    );
    assert_eq!(doc.resume.summary.len(), 1);
}

#[test]
fn front_matter_fills_the_header() {
    let doc = parse_ok(
        "---\nname: Ada\nheadline: Analyst · **Engines**\nemail: ada@example.org\nlinks:\n  - https://github.com/ada\n  - {label: Blog, url: https://ada.dev}\n---\n\n## Work\n",
    );
    let r = &doc.resume;
    assert_eq!(r.name, "Ada");
    assert!(
        r.headline
            .iter()
            .any(|i| matches!(i, Inline::Strong { .. }))
    );
    assert_eq!(r.contacts.len(), 3);
    assert_eq!(r.contacts[1].text, "github.com/ada");
    assert_eq!(r.contacts[2].text, "Blog");
}

#[test]
fn contact_line_at_the_bottom_moves_to_the_header() {
    let doc = parse_ok("# Jo\n\n## Work\n\nStuff.\n\n----\n\njo@example.com | github.com/jo\n");
    assert_eq!(doc.resume.contacts.len(), 2);
}

#[test]
fn duplicate_headings_get_distinct_slugs() {
    let doc = parse_ok("## Work\n\n### Engineer\n\n### Engineer\n");
    let ids: Vec<_> = section(&doc, "Work")
        .entries
        .iter()
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(ids, ["engineer", "engineer-1"]);
}

#[test]
fn typst_syntax_stays_text() {
    let doc = parse_ok("## #read(\"/etc/passwd\")\n\n$x^2$ @ref <label> ] } /* */\n");
    let s = &doc.resume.sections[0];
    assert_eq!(plain_text(&s.title), "#read(\"/etc/passwd\")");
    let Block::Para { c } = &s.blocks[0] else {
        panic!()
    };
    assert_eq!(plain_text(c), "$x^2$ @ref <label> ] } /* */");
}

#[test]
fn soft_breaks_after_meta_lines_stay_spaces() {
    let doc = parse_ok("## W\n\n### T\n**Org**\n_2020 – 2021_\nLine one\nline two\\\nline three\n");
    let e = &section(&doc, "W").entries[0];
    assert_eq!(plain_text(&e.subtitle), "Org");
    let Block::Para { c } = &e.blocks[0] else {
        panic!()
    };
    assert_eq!(
        c,
        &vec![
            Inline::Text {
                v: "Line one line two".into()
            },
            Inline::Break,
            Inline::Text {
                v: "line three".into()
            }
        ]
    );
}

#[test]
fn bold_subtitle_with_parts_then_italic_date() {
    let doc = parse_ok(
        "## P\n\n### tidewatch\n\n**Open source · Maintainer**\n\n_2022 – Present_\n\nText.\n",
    );
    let e = &section(&doc, "P").entries[0];
    assert_eq!(plain_text(&e.subtitle), "Open source");
    assert_eq!(plain_text(&e.meta[0]), "Maintainer");
    assert_eq!(plain_text(&e.date), "2022 – Present");
    assert_eq!(e.blocks.len(), 1);
}

#[test]
fn heading_ids_are_taken_only_when_well_formed() {
    let doc = parse_ok("## Work {#jobs}\n\n## Odd {#not an id}\n\n## #{panic(\"x\")}\n");
    let ids: Vec<_> = doc.resume.sections.iter().map(|s| s.id.as_str()).collect();
    let titles: Vec<_> = doc
        .resume
        .sections
        .iter()
        .map(|s| plain_text(&s.title))
        .collect();
    assert_eq!(ids[0], "jobs");
    assert_eq!(titles, ["Work", "Odd {#not an id}", "#{panic(\"x\")}"]);
}

#[test]
fn html_line_break_then_line_end_starts_the_line_cleanly() {
    let doc = parse_ok("one<br>\ntwo\n");
    let Block::Para { c } = &doc.resume.summary[0] else {
        panic!()
    };
    assert_eq!(
        c,
        &vec![
            Inline::Text { v: "one".into() },
            Inline::Break,
            Inline::Text { v: "two".into() }
        ]
    );
}

#[test]
fn a_rich_list_under_the_name_is_content_not_header() {
    let doc = parse_ok("# Lee\n\n- one\n  - nested\n- two\n");
    assert!(doc.resume.headline.is_empty());
    let Block::List { items, .. } = &doc.resume.summary[0] else {
        panic!("{:?}", doc.resume)
    };
    assert_eq!(items.len(), 2);
}

#[test]
fn unfinished_html_block_starts_print_as_text() {
    // Found by fuzzing: `<?0` opens an HTML block that never closes, and re-reading its
    // text as Markdown used to open the same block again, until the stack overflowed.
    for src in ["<?0\n", "<!DOCTYPE html\n", "<div\nJane\n"] {
        let doc = parse_ok(src);
        let text = crate::model::blocks_plain_text(&doc.resume.summary);
        let expected = src.lines().next().unwrap();
        assert!(text.contains(expected), "{src:?} gave {text:?}");
    }
}

#[test]
fn an_html_h1_names_the_resume() {
    let doc = parse_ok(
        "<h1 align=\"center\">Jane Doe</h1>\n<p align=\"center\">jane@example.com</p>\n\n## Work\n\n### Engineer\n\nDid things.\n",
    );
    assert_eq!(doc.resume.name, "Jane Doe");
    assert_eq!(doc.resume.contacts[0].text, "jane@example.com");
    assert_eq!(
        plain_text(&section(&doc, "Work").entries[0].title),
        "Engineer"
    );
}

#[test]
fn thousands_of_equal_headings_get_distinct_ids_in_order() {
    let doc = parse_ok(&format!(
        "# Ada\n\n## Work\n{}",
        "\n### Same\n\nx\n".repeat(3000)
    ));
    let ids: Vec<&str> = section(&doc, "Work")
        .entries
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids.len(), 3000);
    assert_eq!(&ids[..3], ["same", "same-1", "same-2"]);
    assert_eq!(ids[2999], "same-2999");
    // An explicit id that a generated one would take is kept, and the counting skips it.
    let doc = parse_ok("# Ada\n\n## W\n\n### A {#a-1}\n\n### A\n\n### A\n");
    let ids: Vec<&str> = section(&doc, "W")
        .entries
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["a-1", "a", "a-2"]);
}

#[test]
fn combining_marks_past_thirty_are_cut_with_a_warning() {
    let doc = parse_ok(&format!(
        "# Ada\n\n## Work\n\nZoë e{}\n",
        "\u{301}".repeat(1000)
    ));
    let text = blocks_plain_text(&section(&doc, "Work").blocks);
    assert_eq!(text, format!("Zoë e{}", "\u{301}".repeat(30)));
    let warning = doc
        .warnings
        .iter()
        .find(|w| w.message.contains("combining"))
        .unwrap();
    assert_eq!(warning.pos.map(|p| p.line), Some(5));
}

#[test]
fn a_style_that_runs_on_past_a_blank_line_is_not_printed() {
    // The blank lines end pulldown-cmark's HTML block, not the `<style>`: what follows up
    // to `</style>` (a paragraph, an indented line read as code, a `#` rule) is CSS.
    for src in [
        "<div>\n<style>\nbody { x: 1 }\n\nh2 { y: 2 }\n</style>\n</div>\n\n# Jane Doe\n\n## Work\n\nWorks.\n",
        "<div>\n<style>\nbody { x: 1 }\n\n    h2 { y: 2 }\n    </style>\n\n# Jane Doe\n\n## Work\n\nWorks.\n",
        "<div><style>\nbody { x: 1 }\n\n# h2 { y: 2 }\n\n</style></div>\n\n# Jane Doe\n\n## Work\n\nWorks.\n",
    ] {
        let doc = parse_ok(src);
        assert_eq!(doc.resume.name, "Jane Doe", "{src:?}");
        let text = blocks_plain_text(&section(&doc, "Work").blocks);
        assert_eq!(text, "Works.", "{src:?}");
    }
}

#[test]
fn an_element_never_closed_hides_nothing_past_its_block() {
    let doc = parse_ok("<div><svg viewBox=\"0 0 1 1\">\n\n# Jane Doe\n\n## Work\n\nWorks.\n");
    assert_eq!(doc.resume.name, "Jane Doe");
    assert_eq!(blocks_plain_text(&section(&doc, "Work").blocks), "Works.");
}

#[test]
fn a_saved_page_after_some_markdown_is_one_html_document() {
    let src = "[My CV online](https://x.dev)\n\n<html lang=\"en\">\n\n<head>\n    <title>T</title>\n</head>\n\n<body>\n    <h1>Mostafa Safwat</h1>\n\n    <table>\n        <tr><td>Phone</td></tr>\n    </table>\n\n    <h2>Skills</h2>\n    <p>Rust</p>\n</body>\n\n</html>\n\nAfter.\n";
    let doc = parse_ok(src);
    let json = serde_json::to_string(&doc.resume).unwrap();
    assert!(
        !json.contains("\"code\""),
        "indented HTML is no code: {json}"
    );
    assert!(!json.contains("<td>") && !json.contains("<h1>"), "{json}");
    assert!(
        json.contains("Mostafa Safwat") && json.contains("After."),
        "{json}"
    );
    assert_eq!(plain_text(&section(&doc, "Skills").title), "Skills");
}
