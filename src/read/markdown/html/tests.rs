use super::*;

/// A host that keeps links and images as they come and records the causes told.
#[derive(Default)]
struct Record {
    told: Vec<(String, usize)>,
}

impl Host for Record {
    fn link(&mut self, href: &str, c: Vec<Inline>, out: &mut Vec<Inline>) {
        out.push(Inline::Link {
            url: href.to_string(),
            c,
        });
    }

    fn image(&mut self, src: &str, alt: &str, title: Option<&str>, out: &mut Vec<Inline>) {
        out.push(Inline::Image {
            src: src.to_string(),
            alt: alt.to_string(),
            title: title.map(str::to_string),
            format: "png".into(),
        });
    }

    fn left_out(&mut self, cause: String, offset: usize) {
        self.told.push((cause, offset));
    }
}

fn read(raw: &str) -> (Vec<Block>, Record) {
    let mut host = Record::default();
    let tops = read_block(raw, &mut host);
    (tops.into_iter().map(|t| t.block).collect(), host)
}

fn text(blocks: &[Block]) -> String {
    crate::model::blocks_plain_text(blocks)
}

#[test]
fn classifies_inline_fragments() {
    assert_eq!(classify("<br/>"), InlineTag::LineBreak);
    assert_eq!(classify("<span class=\"r\">"), InlineTag::SpanOpen);
    assert_eq!(classify("</span>"), InlineTag::Nothing);
    assert_eq!(classify("<!-- x -->"), InlineTag::Comment { closed: true });
    assert_eq!(classify("<!-- x"), InlineTag::Comment { closed: false });
    // Declarations and processing instructions are comments to HTML (`<!a</div>` too).
    for fragment in ["<!a</div>", "<!DOCTYPE x>", "<![CDATA[x]]>", "<?php x ?>"] {
        assert_eq!(classify(fragment), InlineTag::Comment { closed: true });
    }
    assert_eq!(
        classify("<KBD>"),
        InlineTag::Open(InlineMark::Code("kbd".into()))
    );
    assert_eq!(
        classify("<a href=\"https://x.org/?a=1&amp;b=2\">"),
        InlineTag::Open(InlineMark::Link(Some("https://x.org/?a=1&b=2".into())))
    );
    assert_eq!(classify("</B>"), InlineTag::Close("b".into()));
    assert_eq!(classify("<label-x>"), InlineTag::Literal);
    assert_eq!(classify("<T>"), InlineTag::Literal);
    assert!(matches!(
        classify("<svg viewBox=\"0 0 1 1\">"),
        InlineTag::Hidden { .. }
    ));
    assert_eq!(classify("<svg/>"), InlineTag::Nothing);
}

#[test]
fn headings_paragraphs_and_marks_map_onto_the_model() {
    let (blocks, host) = read(
        "<div align=\"center\">\n  <h1 id=\"me\">Jane <b>Doe</b></h1>\n  <p>Berlin &amp; Paris&nbsp;·\n      <a href=\"mailto:j@x.org\">mail</a><br>next</p>\n<hr>\n</div>\n",
    );
    assert!(host.told.is_empty());
    let Block::Heading { level: 1, id, c } = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(id, "me");
    assert_eq!(crate::model::plain_text(c), "Jane Doe");
    let Block::Para { c } = &blocks[1] else {
        panic!("{blocks:?}")
    };
    assert!(c.contains(&Inline::Break));
    assert!(matches!(&c[1], Inline::Link { url, .. } if url == "mailto:j@x.org"));
    assert_eq!(crate::model::plain_text(&c[..1]), "Berlin & Paris\u{a0}· ");
    assert_eq!(blocks[2], Block::Rule);
}

#[test]
fn what_is_never_printed_is_left_out_and_told_once() {
    let raw = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>T</title><style>p{x:1}</style></head>\n<body><p>Hi <svg viewBox=\"0 0 9 9\"><path d=\"M0 0\"/><title>icon</title></svg><svg><path d=\"M1\"/></svg></p><script>alert(1)</script><!-- note --></body></html>\n";
    let (blocks, host) = read(raw);
    assert_eq!(text(&blocks), "Hi");
    let causes: Vec<_> = host.told.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        causes,
        // A page's `<head>` is its furniture: left out without a word.
        [
            "raw HTML <svg> is not printed",
            "raw HTML <svg> is not printed",
            "raw HTML <script> is not printed"
        ]
    );
    assert_eq!(host.told[0].1, raw.find("<svg").unwrap());
}

#[test]
fn indentation_is_not_code_and_pre_is() {
    let (blocks, _) = read("<div>\n        deeply indented words\n<pre>  a\n    b</pre></div>\n");
    assert!(matches!(&blocks[0], Block::Para { .. }), "{blocks:?}");
    assert_eq!(text(&blocks[..1]), "deeply indented words");
    assert_eq!(
        blocks[1],
        Block::Code {
            lang: None,
            v: "  a\n    b".into()
        }
    );
}

#[test]
fn lists_data_tables_and_layout_tables() {
    let (blocks, _) = read(
        "<ol start=\"3\"><li>one</li><li>two <ul><li>deep</li></ul></li></ol>\n<table><tr><th>Lang</th><th>Level</th></tr><tr><td>Go</td><td><b>fluent</b></td></tr></table>\n<table><tr><td><img src=\"me.png\" alt=\"Me\"></td><td><h1>Jane</h1><p>Engineer</p></td></tr></table>\n",
    );
    let Block::List {
        ordered: true,
        start: 3,
        items,
    } = &blocks[0]
    else {
        panic!("{blocks:?}")
    };
    assert_eq!(items.len(), 2);
    assert!(matches!(items[1].c[1], Block::List { ordered: false, .. }));
    let Block::Table { head, rows, .. } = &blocks[1] else {
        panic!("{blocks:?}")
    };
    assert_eq!(head.len(), 2);
    assert_eq!(rows.len(), 1);
    assert!(matches!(&blocks[2], Block::Image { alt, .. } if alt == "Me"));
    assert!(matches!(&blocks[3], Block::Heading { level: 1, .. }));
    assert_eq!(text(&blocks[4..]), "Engineer");
}

#[test]
fn a_heading_keeps_its_span_parts() {
    let mut host = Record::default();
    let tops = read_block(
        "<h3><span>Designer</span> <span>2019 – 2021</span></h3>",
        &mut host,
    );
    let parts: Vec<_> = tops[0]
        .parts
        .iter()
        .map(|p| crate::model::plain_text(p))
        .collect();
    assert_eq!(parts, ["Designer", "2019 – 2021"]);
}

#[test]
fn any_depth_is_safe() {
    let raw = format!(
        "{}deep{}",
        "<div><b>".repeat(20_000),
        "</b></div>".repeat(20_000)
    );
    let (blocks, _) = read(&raw);
    assert!(text(&blocks).contains("deep"));
}

#[test]
fn a_lone_less_than_sign_is_text() {
    // As in a browser: a `<` that starts no tag prints, and the tag after it still reads.
    for (html, kept) in [
        ("<div>x<</div>\n", "x<"),
        ("<p>a < b <i>c</i></p>\n", "a < b c"),
        ("<p>1 <2 & 3>0</p>\n", "1 <2 & 3>0"),
    ] {
        let (blocks, _) = read(html);
        assert_eq!(text(&blocks), kept, "{html:?} gave {blocks:?}");
    }
}

#[test]
fn a_mark_the_parser_reopens_makes_no_empty_paragraph() {
    // html5ever reopens the `<b>` left open in `<p>` for the line end after `</p>`.
    let (blocks, _) = read("<div>\n<p><b>A</p>\n<p>B</p>\n</div>\n");
    assert_eq!(blocks.len(), 2, "{blocks:?}");
}
