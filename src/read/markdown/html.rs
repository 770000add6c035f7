//! Raw HTML in a résumé: tags are dropped, their text is kept, comments vanish.
//!
//! Markdown résumés written for GitHub lean on a few tags (`<br>`, `<span>`, centred
//! `<div>`s); nothing here ever renders HTML, it only recovers the words around it.

/// What one inline HTML fragment means to us.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum InlineTag {
    /// `<!-- … -->`; `closed` is false when the comment runs on past this fragment.
    Comment {
        closed: bool,
    },
    LineBreak,
    /// `<span …>`: starts a new part of a heading.
    SpanOpen,
    SpanClose,
    /// A known HTML tag, by lower-case name: dropped.
    Other(String),
    /// Not an HTML tag we know: printed as it stands.
    Literal,
}

pub(crate) fn classify(fragment: &str) -> InlineTag {
    let f = fragment.trim();
    if let Some(rest) = f.strip_prefix("<!--") {
        return InlineTag::Comment {
            closed: rest.contains("-->"),
        };
    }
    let (closing, name) = tag_name(f);
    match (closing, name.as_str()) {
        (_, "br") => InlineTag::LineBreak,
        (false, "span") => InlineTag::SpanOpen,
        (true, "span") => InlineTag::SpanClose,
        _ if is_known_tag(&name) => InlineTag::Other(name),
        _ => InlineTag::Literal,
    }
}

/// The HTML people put in Markdown résumés. Anything else that looks like a tag
/// (`<label>`, `<T>`) is more likely text than markup, so it prints as written. Long
/// only because the list is written one name a line.
pub(crate) fn is_known_tag(name: &str) -> bool {
    const KNOWN: &[&str] = &[
        "a",
        "abbr",
        "b",
        "big",
        "blockquote",
        "br",
        "center",
        "cite",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "font",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "nobr",
        "ol",
        "p",
        "picture",
        "pre",
        "q",
        "s",
        "section",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "tt",
        "u",
        "ul",
        "wbr",
    ];
    KNOWN.contains(&name)
}

fn tag_name(tag: &str) -> (bool, String) {
    let inner = tag.trim_start_matches('<');
    let closing = inner.starts_with('/');
    let name = inner
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    (closing, name)
}

/// Tags that end a line of text when dropped.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "td",
    "th",
    "section",
    "header",
    "footer",
    "blockquote",
    "center",
    "article",
    "dl",
    "dt",
    "dd",
];

/// The text of an HTML block as Markdown, with the names of the tags that were dropped.
///
/// Entities are left encoded: the caller re-reads the text as Markdown, which decodes them
/// as text, so `&lt;div&gt;` can never turn back into a tag.
pub(crate) fn strip_block(html: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(html.len());
    let mut dropped = Vec::new();
    let mut rest = html;
    // Inside `<h1>`…`</h1>`: its text becomes one Markdown heading line, so that a GitHub
    // README's `<h1 align="center">Name</h1>` is taken as the name, as it looks.
    let mut heading = false;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt], heading);
        let after = &rest[lt..];
        // As in HTML, a `<` not followed by a letter, `/`, `!` or `?` starts no tag: it is
        // text (`x<</div>` keeps its `<`, which the `</div>` after it once took along).
        if !after[1..].starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c)) {
            out.push_str("\\<");
            rest = &after[1..];
            continue;
        }
        if let Some(comment) = after.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(gt) = after.find('>') else {
            // An unfinished `<?…`, `<!X…` or `<div` would start an HTML block again when
            // re-read, and the re-read would recurse without end: escape it.
            out.push_str(&after.replace('<', "\\<"));
            rest = "";
            break;
        };
        // A `<` with another `<` before the `>` is text too (`<?0 … <div>`, `a <b <i>`):
        // the tag, if any, starts at the last `<`. Jumping there keeps this linear.
        if let Some(last) = after[1..gt].rfind('<').map(|i| i + 1) {
            push_text(&mut out, &after[..last].replace('<', "\\<"), heading);
            rest = &after[last..];
            continue;
        }
        let tag = &after[..=gt];
        let (_, name) = tag_name(tag);
        match name.as_str() {
            // Not markup we know: keep it, escaped so the Markdown re-read prints it as text.
            n if n.is_empty() || !is_known_tag(n) => out.push_str(&tag.replace('<', "\\<")),
            "br" if heading => out.push(' '),
            "br" => out.push_str("  \n"),
            "hr" => out.push_str("\n\n----\n\n"),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if !heading || tag.starts_with("</") => {
                heading = !tag.starts_with("</");
                out.push_str("\n\n");
                if heading {
                    let level = usize::from(name.as_bytes()[1] - b'0');
                    out.push_str(&"#".repeat(level));
                    out.push(' ');
                }
            }
            _ => {
                if BLOCK_TAGS.contains(&name.as_str()) {
                    out.push_str("\n\n");
                }
                if name != "span" && !dropped.contains(&name) {
                    dropped.push(name);
                }
            }
        }
        rest = &after[gt + 1..];
    }
    push_text(&mut out, rest, heading);
    (out, dropped)
}

/// A heading is one line in Markdown: its text's line breaks become spaces.
fn push_text(out: &mut String, text: &str, heading: bool) {
    if heading {
        out.extend(text.chars().map(|c| if c == '\n' { ' ' } else { c }));
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_inline_fragments() {
        assert_eq!(classify("<br/>"), InlineTag::LineBreak);
        assert_eq!(classify("<span class=\"r\">"), InlineTag::SpanOpen);
        assert_eq!(classify("</span>"), InlineTag::SpanClose);
        assert_eq!(classify("<!-- x -->"), InlineTag::Comment { closed: true });
        assert_eq!(classify("<!-- x"), InlineTag::Comment { closed: false });
        assert_eq!(classify("<KBD>"), InlineTag::Other("kbd".into()));
        assert_eq!(classify("<label>"), InlineTag::Literal);
    }

    #[test]
    fn block_keeps_text_and_drops_comments() {
        let (text, dropped) =
            strip_block("<div align=\"center\">\n<b>Jane</b><br>Berlin<!-- hidden -->\n</div>\n");
        assert!(text.contains("Jane  \nBerlin"), "{text:?}");
        assert!(!text.contains("hidden"));
        assert_eq!(dropped, ["div", "b"]);
    }

    #[test]
    fn a_lone_less_than_sign_is_text() {
        for (html, kept) in [
            ("<div>x<</div>\n", "x\\<"),
            ("<p>a < b <i>c</i></p>\n", "a \\< b"),
            ("<p>a <b <i>c</i></p>\n", "a \\<b "),
        ] {
            let (text, _) = strip_block(html);
            assert!(text.contains(kept), "{html:?} gave {text:?}");
            assert!(!text.contains("i>"), "{html:?} gave {text:?}");
        }
    }

    #[test]
    fn html_headings_become_markdown_headings() {
        let (text, dropped) =
            strip_block("<h1 align=\"center\">\n  Jane <b>Doe</b>\n</h1>\n<h3>Engineer</h3>\n");
        assert!(
            text.contains("\n# ") && text.contains("Jane Doe"),
            "{text:?}"
        );
        let line = text.lines().find(|l| l.starts_with("# ")).unwrap();
        assert_eq!(
            line.split_whitespace().collect::<Vec<_>>(),
            ["#", "Jane", "Doe"]
        );
        assert!(text.lines().any(|l| l == "### Engineer"), "{text:?}");
        assert_eq!(dropped, ["b"]);
    }

    #[test]
    fn unfinished_block_starts_are_escaped() {
        // Left as they were, each would start an HTML block again when the text is re-read.
        for start in [
            "<?0",
            "<!DOCTYPE html",
            "<![CDATA[x",
            "<div",
            "a <b> c <?php",
        ] {
            let (text, _) = strip_block(&format!("{start}\n"));
            let unescaped = text
                .char_indices()
                .any(|(i, c)| c == '<' && !text[..i].ends_with('\\'));
            assert!(!unescaped, "{start:?} gave {text:?}");
        }
    }
}
