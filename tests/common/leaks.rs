//! The leak oracle: no source syntax reaches the PDF's text layer. An HTML or SVG tag or
//! attribute, a Markdown `**`, `__` or `](`, an `{#id}` or `{.class}` attribute, a `:::`
//! fence, a TeX command (`\hfill`), a Hugo shortcode or Liquid tag (`{{<`, `{%`), or a raw
//! entity (`&nbsp;`) found in the text is a leak, unless the source meant it literally:
//! it is inside a code span or code block, runs from text into a code span beside it
//! (`[{` and `` `#a` `` print `[{#a`), or the source escapes it (`\*\*`, `\<div>`,
//! `&lt;div>`, `&amp;nbsp;`, `\\hfill`).
//!
//! Independent of our reader. For CommonMark's own syntax (marks, links, HTML, entities)
//! "meant literally" is what pulldown-cmark reports as text or code: an escaped or
//! unmatched `**`, a `&lt;div>`. pandoc, TeX and template syntax is text to CommonMark, so
//! for it only code counts, or an escape found in the source as typed.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser};
use regex::Regex;

/// One kind of syntax, how it looks in the text, and how a source may escape it.
struct Syntax {
    name: &'static str,
    /// CommonMark's own syntax: text where pulldown-cmark reads it as text.
    commonmark: bool,
    found: Regex,
    /// Source text that shows the author meant a match literally (beside code).
    escaped: Option<Regex>,
}

static SYNTAX: LazyLock<Vec<Syntax>> = LazyLock::new(|| {
    let s = |name: &'static str, found: &str, escaped: Option<&str>| Syntax {
        name,
        commonmark: [
            "an HTML tag",
            "an SVG attribute",
            "a Markdown mark",
            "a Markdown link",
            "a raw entity",
        ]
        .contains(&name),
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
        s("an attribute", r"\{[#.][A-Za-z]", Some(r"\\\{|\{\\[#.]")),
        s("a fenced div", r":::", Some(r"\\:")),
        s(
            "a TeX command",
            r"\\(hfill|vspace|hspace|newpage|pagebreak|noindent|small|textbf|emph|href|section|item|begin|end)\b",
            Some(r"\\\\"),
        ),
        // A whole tag, short and without braces inside: `{%` alone (`{%&nbsp;`) is text to
        // every template engine.
        s(
            "a template tag",
            r"\{\{<[^{}]{0,80}?>\}\}|\{\{%[^{}]{0,80}?%\}\}|\{%[^{}]{0,80}?%\}",
            Some(r"\\\{"),
        ),
        s(
            "a raw entity",
            r"&([A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});",
            Some(r"&amp;|\\&"),
        ),
    ]
});

/// Where a code span starts or ends in [`Literal::printed`].
const CODE_EDGE: char = '\u{E010}';

/// The text the source means literally.
struct Literal {
    /// Its code spans and code blocks.
    code: String,
    /// The text CommonMark reads besides (escapes and entities decoded, unmatched marks kept).
    text: String,
    /// Text and code spans in order, each span between two [`CODE_EDGE`]s.
    printed: String,
}

/// Whether `shown` is printed text and code run together: a match across a code span's
/// edge (`[{` then the code `` `#a` `` prints `[{#a`) is syntax neither piece has.
fn across_code(printed: &str, shown: &str) -> bool {
    shown.char_indices().skip(1).any(|(i, _)| {
        let (a, b) = shown.split_at(i);
        printed.contains(&format!("{a}{CODE_EDGE}{b}"))
    })
}

/// [`literal_text`] of `md` as CommonMark reads it, and its code as read after the stated
/// rules for other tools' syntax (tests/common/foreign.rs): text right under a pandoc title
/// block is a paragraph of its own, so an indented line there is code.
fn literal(md: &str) -> Literal {
    let mut literal = literal_text(md);
    let (yaml, body) = super::oracle::split_front_matter(md);
    let plain = super::foreign::without_foreign_syntax(body, yaml.is_none());
    literal.code.push_str(&literal_text(&plain).code);
    literal
}

/// The text the source means literally (see [`Literal`]).
fn literal_text(md: &str) -> Literal {
    let (mut code, mut text, mut printed) = (String::new(), String::new(), String::new());
    let mut in_code = false;
    let mut html = String::new();
    // The address of the link being read, while it has no text.
    let mut bare_link: Option<String> = None;
    for event in Parser::new_ext(md, super::oracle::markdown_options()) {
        if matches!(event, Event::Text(_) | Event::Code(_)) {
            bare_link = None;
        }
        match event {
            Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => {
                bare_link = Some(dest_url.to_string())
            }
            // A link without text prints its address (docs/FORMAT.md).
            Event::End(pulldown_cmark::TagEnd::Link) => {
                if let Some(url) = bare_link.take() {
                    code.push_str(&url);
                    code.push('\n');
                    printed.push_str(&url);
                }
            }
            Event::Code(t) => {
                code.push_str(&t);
                code.push('\n');
                printed.extend([CODE_EDGE].into_iter().chain(t.chars()).chain([CODE_EDGE]));
            }
            Event::Start(pulldown_cmark::Tag::CodeBlock(_)) => in_code = true,
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if in_code => code.push_str(&t),
            Event::Text(t) => {
                text.push_str(&t);
                printed.push_str(&t);
            }
            // An HTML block's lines are HTML, not Markdown (CommonMark passes them through):
            // what is not a tag or a comment there is text as typed (`<td>![0](A)!)</td>`).
            Event::Html(h) => html.push_str(&h),
            Event::End(pulldown_cmark::TagEnd::HtmlBlock) => {
                static TAG: LazyLock<Regex> =
                    LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->|</?[a-zA-Z][^>]*>").unwrap());
                text.push_str(&TAG.replace_all(&std::mem::take(&mut html), " "));
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    Literal {
        code,
        text,
        printed,
    }
}

/// The elements of HTML (WHATWG's index, with the obsolete ones people still write) and
/// of SVG: a tag with another name (`<T>`, `<your-name>`) is text, not markup. Not
/// `label`: in a résumé `<label>` is text (a placeholder, Typst's label syntax), and the
/// reader prints it as written (docs/FORMAT.md, "HTML inside Markdown").
const ELEMENTS: &str = "a abbr acronym address area article aside audio b base bdi bdo big \
    blink blockquote body br button canvas caption center cite code col colgroup data \
    datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font \
    footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input \
    ins kbd legend li link listing main map mark marquee math menu meta meter nav nobr \
    noscript object ol optgroup option output p param picture plaintext pre progress q rp rt \
    ruby s samp script search section select slot small source span strike strong style sub \
    summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul \
    var video wbr xmp svg";

/// SVG's own elements: elements only inside an `<svg>` (`<G>` in a line is text to HTML).
const SVG_ELEMENTS: &str = "path g circle rect line polyline polygon ellipse defs use symbol \
    lineargradient radialgradient stop clippath mask pattern filter text tspan foreignobject";

/// Whether a tag as printed names an HTML element, or an SVG one in a source with an `<svg>`.
fn names_an_element(tag: &str, has_svg: bool) -> bool {
    let name: String = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let svg = has_svg && SVG_ELEMENTS.split_whitespace().any(|e| e == name);
    svg || ELEMENTS.split_whitespace().any(|e| e == name)
}

/// Whether the source has `shown` (the start of `{#id}` or `{.class}`) where pandoc
/// reads no attributes, so that it prints as text: not at the end of a heading, nor right
/// after a `]`, `)` or code.
fn attribute_as_text(md: &str, shown: &str) -> bool {
    static ATX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ {0,3}#{1,6}(\s|$)").unwrap());
    md.lines().any(|line| {
        let heading = ATX.is_match(line);
        line.match_indices(shown).any(|(i, _)| {
            let before = line[..i].trim_end();
            let attached = before.ends_with([']', ')', '`']) && before.len() == line[..i].len();
            let closes = line[i..]
                .find('}')
                .is_some_and(|e| line[i + e + 1..].trim().is_empty());
            !(attached || (heading && closes))
        })
    })
}

/// Whether the source has a `:::` inside a line, which opens no fenced div (pandoc's
/// fences start a line), so that it prints as text (`_[](#x(:::)_`).
fn fence_as_text(md: &str) -> bool {
    md.lines().any(|line| {
        line.trim_start()
            .get(1..)
            .is_some_and(|rest| rest.contains(":::"))
    })
}

/// The leaks in `text` (what an extractor read from the PDF of `md`), each named with its
/// kind; empty when there are none.
pub fn leaks(md: &str, text: &str) -> Vec<String> {
    let Literal {
        code,
        text: commonmark_text,
        printed,
    } = literal(md);
    let code_squeezed: String = code.split_whitespace().collect();
    let has_svg = md.to_ascii_lowercase().contains("<svg");
    // pdftotext takes a `_` glyph for an underline and joins it to its neighbours
    // (`a _ _ b` reads `a__b`, while its -bbox words stay apart): compare marks so read.
    static AROUND_UNDERSCORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*_\s*").unwrap());
    let underscores_joined = AROUND_UNDERSCORE.replace_all(&commonmark_text, "_");
    // Words an extractor may break across lines: read the text with its lines joined too.
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    for syntax in SYNTAX.iter() {
        let escaped = syntax.escaped.as_ref().is_some_and(|e| e.is_match(md));
        for m in syntax.found.find_iter(&joined) {
            let shown = m.as_str();
            if syntax.name == "an HTML tag" && !names_an_element(shown, has_svg) {
                continue;
            }
            let shown_trim = shown.trim();
            // A word of code broken over lines reads with a space at the break.
            let squeezed: String = shown_trim.split_whitespace().collect();
            let meant = code.contains(shown_trim)
                || (squeezed.len() < shown_trim.len() && code_squeezed.contains(&squeezed))
                || (syntax.commonmark && commonmark_text.contains(shown_trim))
                || (syntax.name == "a Markdown mark" && underscores_joined.contains(shown_trim))
                || across_code(&printed, shown_trim)
                || (syntax.name == "an attribute" && attribute_as_text(md, shown_trim))
                || (syntax.name == "a fenced div" && fence_as_text(md))
                || escaped;
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
