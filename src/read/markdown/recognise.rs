//! Recognisers for the conventions of Markdown résumés: dates, contacts, meta lines, slugs.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{ContactKind, Inline, plain_text};

mod entry_line;
mod words;
pub(crate) use entry_line::{HeadLine, split_head, split_meta, unwrap_marks};
pub(crate) use words::finish_text;

/// Soft line breaks travel through the first pass as this character so that lines can be
/// split; [`finish_text`] turns the survivors into spaces.
pub(crate) const SOFT_BREAK: char = '\n';

// ASCII classes (`(?-u)`) on purpose: Unicode tables make these regexes take milliseconds
// to compile, which a one-résumé run pays in full.
static YEAR_OR_NOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(19|20)[0-9][0-9]\b|\b(present|current|now|today|ongoing|expected)\b")
        .unwrap()
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)^[A-Za-z0-9_.+-]+@[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$").unwrap()
});
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)^\+?[0-9 ().\-/]{7,}$").unwrap());
static WEB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(https?://[^ ]+|www\.[^ ]+|[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(/[^ ]*)?)$")
        .unwrap()
});

/// The length of a short label and colon in front of a contact (`Email: `, `Téléphone : `).
fn label_prefix_len(text: &str) -> Option<usize> {
    let colon = text.find(':')?;
    let label = &text[..colon];
    let ok = !label.trim().is_empty()
        && label.chars().count() <= 20
        && label
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-');
    let rest = &text[colon + 1..];
    ok.then(|| colon + 1 + rest.len() - rest.trim_start().len())
}

/// A meta-line part that reads as a date or date range.
pub(crate) fn looks_like_date(text: &str) -> bool {
    YEAR_OR_NOW.is_match(text)
}

/// Recognises an email address, phone number or web address written as plain text,
/// allowing a short label in front (`Email: ada@example.org`).
pub(crate) fn contact_of(text: &str) -> Option<(ContactKind, String)> {
    let text = text.trim();
    let value = match label_prefix_len(text) {
        // `https://…` is a scheme, not a label.
        Some(end) if !text[end..].starts_with("//") => &text[end..],
        _ => text,
    };
    if EMAIL.is_match(value) {
        return Some((ContactKind::Email, format!("mailto:{value}")));
    }
    if PHONE.is_match(value) && value.chars().filter(char::is_ascii_digit).count() >= 7 {
        let digits: String = value
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        return Some((ContactKind::Phone, format!("tel:{digits}")));
    }
    if WEB.is_match(value) && !value.contains('@') {
        let lower = value.to_ascii_lowercase();
        let url = if lower.starts_with("http://") || lower.starts_with("https://") {
            value.to_string()
        } else {
            format!("https://{value}")
        };
        return Some((ContactKind::Url, url));
    }
    None
}

/// The kind a link URL stands for, when it is one we make clickable.
pub(crate) fn link_kind(url: &str) -> Option<ContactKind> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("mailto:") {
        Some(ContactKind::Email)
    } else if lower.starts_with("tel:") {
        Some(ContactKind::Phone)
    } else if lower.starts_with("http://") || lower.starts_with("https://") {
        Some(ContactKind::Url)
    } else {
        None
    }
}

/// GitHub-style anchor: lower case, spaces to hyphens, punctuation dropped.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

/// Splits inline content at soft and hard line breaks on its top level.
pub(crate) fn split_lines(inlines: &[Inline]) -> Vec<Vec<Inline>> {
    split_top_level(inlines, &[SOFT_BREAK], true)
}

/// Splits a line at the separators résumés put between meta parts: `·`, `|`, `•`.
pub(crate) fn split_parts(inlines: &[Inline]) -> Vec<Vec<Inline>> {
    split_top_level(inlines, &['·', '|', '•'], false)
        .into_iter()
        .map(trim)
        .filter(|p| !p.is_empty())
        .collect()
}

fn split_top_level(inlines: &[Inline], seps: &[char], at_breaks: bool) -> Vec<Vec<Inline>> {
    let mut parts = vec![Vec::new()];
    for inline in inlines {
        match inline {
            Inline::Break if at_breaks => parts.push(Vec::new()),
            Inline::Text { v } => {
                let mut pieces = v.split(seps);
                if let Some(first) = pieces.next() {
                    push_text(parts.last_mut().unwrap(), first);
                }
                for piece in pieces {
                    parts.push(Vec::new());
                    push_text(parts.last_mut().unwrap(), piece);
                }
            }
            other => parts.last_mut().unwrap().push(other.clone()),
        }
    }
    parts
}

/// Appends text, merging it into a preceding text node.
pub(crate) fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text { v }) = out.last_mut() {
        v.push_str(text);
    } else {
        out.push(Inline::Text {
            v: text.to_string(),
        });
    }
}

/// Drops leading and trailing whitespace (and breaks) from inline content.
pub(crate) fn trim(mut inlines: Vec<Inline>) -> Vec<Inline> {
    // Leading blanks are counted first and drained once: removing them one by one from
    // the front is quadratic in a line of thousands of `<br>`.
    let mut blank = 0;
    for inline in &mut inlines {
        match inline {
            Inline::Break => blank += 1,
            Inline::Text { v } => {
                let t = v.trim_start();
                if t.is_empty() {
                    blank += 1;
                } else {
                    *v = t.to_string();
                    break;
                }
            }
            _ => break,
        }
    }
    inlines.drain(..blank);
    while let Some(last) = inlines.last_mut() {
        match last {
            Inline::Break => {
                inlines.pop();
            }
            Inline::Text { v } => {
                let t = v.trim_end();
                if t.is_empty() {
                    inlines.pop();
                } else {
                    v.truncate(t.len());
                    break;
                }
            }
            _ => break,
        }
    }
    inlines
}

/// Whether a line is wholly bold or wholly italic, and its content if so.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub(crate) enum Wrapped {
    Bold,
    Italic,
}

pub(crate) fn wholly(line: &[Inline]) -> Option<(Wrapped, Vec<Inline>)> {
    match trim(line.to_vec()).as_slice() {
        [Inline::Strong { c }] => Some((Wrapped::Bold, c.clone())),
        [Inline::Emph { c }] => match c.as_slice() {
            // `***x***` is italic bold: treat as bold, the stronger signal.
            [Inline::Strong { c }] => Some((Wrapped::Bold, c.clone())),
            _ => Some((Wrapped::Italic, c.clone())),
        },
        _ => None,
    }
}

/// Plain text of a line, for recognisers.
pub(crate) fn text_of(inlines: &[Inline]) -> String {
    plain_text(inlines).replace(SOFT_BREAK, " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { v: s.into() }
    }

    #[test]
    fn dates() {
        assert!(looks_like_date("Jun 2022 – Jul 2024"));
        assert!(looks_like_date("2019 -- Present"));
        assert!(!looks_like_date("Berlin, Germany"));
        assert!(!looks_like_date("Team of 12"));
    }

    #[test]
    fn contacts() {
        assert_eq!(
            contact_of("jane@example.com").unwrap().0,
            ContactKind::Email
        );
        assert_eq!(
            contact_of("+1 (555) 010-0100").unwrap().1,
            "tel:+15550100100"
        );
        assert_eq!(
            contact_of("github.com/jane").unwrap().1,
            "https://github.com/jane"
        );
        assert_eq!(
            contact_of("Email: jane@example.com").unwrap().0,
            ContactKind::Email
        );
        assert!(contact_of("Berlin, Germany").is_none());
        assert!(contact_of("Staff Engineer").is_none());
        assert!(contact_of("2019").is_none());
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Staff Backend Engineer"), "staff-backend-engineer");
        assert_eq!(slug("Q&A (2020)"), "qa-2020");
    }

    #[test]
    fn splits_meta_parts_on_top_level_separators() {
        let parts = split_parts(&[text("Jun 2022 – Jul 2024 · Berlin | Remote")]);
        assert_eq!(parts.len(), 3);
        assert_eq!(text_of(&parts[1]), "Berlin");
    }

    #[test]
    fn wholly_bold_or_italic() {
        let bold = [Inline::Strong {
            c: vec![text("Acme")],
        }];
        assert_eq!(wholly(&bold).unwrap().0, Wrapped::Bold);
        let mixed = [
            Inline::Strong {
                c: vec![text("Acme")],
            },
            text(" rest"),
        ];
        assert!(wholly(&mixed).is_none());
    }
}
