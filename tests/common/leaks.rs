//! The leak oracle: no source syntax reaches the PDF's text layer. An HTML or SVG tag or
//! attribute, a Markdown `**`, `__` or `](`, an `{#id}` or `{.class}` attribute, a `:::`
//! fence, a TeX command (`\hfill`), a Hugo shortcode or Liquid tag (`{{<`, `{%`), or a raw
//! entity (`&nbsp;`) found in the text is a leak, unless the source meant it literally:
//! it is inside a code span or code block, or the source escapes it (`\*\*`, `\<div>`,
//! `&lt;div>`, `&amp;nbsp;`, `\\hfill`).
//!
//! Independent of our reader: the literal text is what pulldown-cmark reports as code, and
//! the escapes are looked for in the source as typed.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser};
use regex::Regex;

/// One kind of syntax, how it looks in the text, and how a source may escape it.
struct Syntax {
    name: &'static str,
    found: Regex,
    /// Source text that shows the author meant a match literally (beside code).
    escaped: Option<Regex>,
}

static SYNTAX: LazyLock<Vec<Syntax>> = LazyLock::new(|| {
    let s = |name, found: &str, escaped: Option<&str>| Syntax {
        name,
        found: Regex::new(found).unwrap(),
        escaped: escaped.map(|e| Regex::new(e).unwrap()),
    };
    vec![
        s(
            "an HTML tag",
            r"</?[A-Za-z][A-Za-z0-9-]*(\s+[A-Za-z_:][-A-Za-z0-9_:.]*(\s*=\s*(\x22[^\x22]*\x22|'[^']*'|[^\s\x22'=<>`]+))?)*\s*/?>",
            Some(r"\\<|&lt;|&#60;|&#x3[cC];"),
        ),
        s(
            "an SVG attribute",
            r#"\b(viewBox|xmlns|stroke-width|fill-rule|clip-rule)=|\bd="M"#,
            None,
        ),
        s("a Markdown mark", r"\*\*|__", Some(r"\\\*|\\_")),
        s("a Markdown link", r"\]\(", Some(r"\\\]|\\\(")),
        s("an attribute", r"\{[#.][A-Za-z]", Some(r"\\\{")),
        s("a fenced div", r":::", Some(r"\\:")),
        s(
            "a TeX command",
            r"\\(hfill|vspace|hspace|newpage|pagebreak|noindent|small|textbf|emph|href|section|item|begin|end)\b",
            Some(r"\\\\"),
        ),
        s("a template tag", r"\{\{[<%]|\{%", Some(r"\\\{")),
        s(
            "a raw entity",
            r"&([A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});",
            Some(r"&amp;|\\&"),
        ),
    ]
});

/// The text the source means literally: its code spans and code blocks.
fn literal_text(md: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for event in Parser::new_ext(md, super::oracle::markdown_options()) {
        match event {
            Event::Code(t) => {
                out.push_str(&t);
                out.push('\n');
            }
            Event::Start(pulldown_cmark::Tag::CodeBlock(_)) => in_code = true,
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if in_code => out.push_str(&t),
            _ => {}
        }
    }
    out
}

/// The leaks in `text` (what an extractor read from the PDF of `md`), each named with its
/// kind; empty when there are none.
pub fn leaks(md: &str, text: &str) -> Vec<String> {
    let literal = literal_text(md);
    // Words an extractor may break across lines: read the text with its lines joined too.
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    for syntax in SYNTAX.iter() {
        let escaped = syntax.escaped.as_ref().is_some_and(|e| e.is_match(md));
        for m in syntax.found.find_iter(&joined) {
            let shown = m.as_str();
            let meant = literal.contains(shown.trim()) || escaped;
            if !meant
                && !out
                    .iter()
                    .any(|o: &String| o.ends_with(&format!("`{shown}`")))
            {
                out.push(format!("{}: `{shown}`", syntax.name));
            }
        }
    }
    out
}

/// Panics naming the leaks in the PDF of `md`, read by pdftotext.
pub fn assert_no_leaks(md: &str, pdf: &std::path::Path, what: &str) {
    let text = super::pdftotext(pdf);
    let found = leaks(md, &text);
    assert!(
        found.is_empty(),
        "{what}: source syntax printed:\n{}",
        found.join("\n")
    );
}
