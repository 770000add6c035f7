//! Combining marks typed after a space or a tab, set on a no-break space instead.
//!
//! Typst 0.15.1 panics ("one or more glyphs in \" \" fell out of range", typst-layout
//! inline/shaping.rs `assert_all_glyphs_in_range`, reached from `ShapedText::reshape`) on
//! right-to-left text with a mark on a space (`עב ֑0`: Hebrew, a space, U+0591, a digit; in
//! code also after a tab): the space and its mark are one cluster to the shaper, while the
//! line breaker may break between them (UAX #14 treats a mark after a space as a letter).
//! Unicode's advice for a mark shown alone is to put it on a no-break space (UAX #14, LB10),
//! which keeps it on its base: it prints the same (a space's width, the mark on it) and
//! extracts as a space.

use unicode_normalization::char::is_combining_mark;

/// Keys of the model whose strings are addresses or ids, not text: left as they are.
const ADDRESSES: [&str; 4] = ["url", "src", "target", "id"];

/// The model as JSON for the layouts, a space before a mark a no-break space (in text, not
/// in addresses). Only a résumé with such a space takes the longer way through
/// `serde_json::Value`.
pub(crate) fn model_json(resume: &crate::model::Resume) -> Vec<u8> {
    let data = serde_json::to_vec(resume).expect("the model always serialises");
    let text = std::str::from_utf8(&data).expect("JSON is UTF-8");
    if !has_space_before_mark(text) {
        return data;
    }
    let mut value = serde_json::to_value(resume).expect("the model always serialises");
    isolated_marks_on_nbsp(&mut value);
    serde_json::to_vec(&value).expect("JSON always serialises")
}

/// `value` (the model as JSON) with each space right before a combining mark made a no-break
/// space, in every string but addresses.
pub(crate) fn isolated_marks_on_nbsp(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s) => {
            if let Some(fixed) = on_nbsp(s) {
                *s = fixed;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(isolated_marks_on_nbsp),
        serde_json::Value::Object(fields) => fields
            .iter_mut()
            .filter(|(key, _)| !ADDRESSES.contains(&key.as_str()))
            .for_each(|(_, v)| isolated_marks_on_nbsp(v)),
        _ => {}
    }
}

/// Whether `text` has a space or a tab right before a combining mark.
fn has_space_before_mark(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, ' ' | '\t') && chars.peek().is_some_and(|&m| is_combining_mark(m)) {
            return true;
        }
    }
    false
}

/// `text` with each space before a combining mark a no-break space, and a no-break space
/// put between a tab and a mark (a tab keeps its width), if it has either.
fn on_nbsp(text: &str) -> Option<String> {
    if !has_space_before_mark(text) {
        return None;
    }
    let mut chars = text.chars().peekable();
    let mut out = String::with_capacity(text.len() + 2);
    while let Some(c) = chars.next() {
        let before_mark = chars.peek().is_some_and(|&m| is_combining_mark(m));
        match c {
            ' ' if before_mark => out.push('\u{A0}'),
            '\t' if before_mark => out.push_str("\t\u{A0}"),
            _ => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_space_before_a_mark_becomes_a_no_break_space_and_nothing_else_changes() {
        assert_eq!(on_nbsp("עב \u{591}0 x"), Some("עב\u{A0}\u{591}0 x".into()));
        assert_eq!(on_nbsp("a  \u{301}"), Some("a \u{A0}\u{301}".into()));
        assert_eq!(on_nbsp("a\t\u{591}"), Some("a\t\u{A0}\u{591}".into()));
        // Marks on letters, and spaces before letters, are as typed.
        assert_eq!(on_nbsp("Zoë e\u{301} ok"), None);
    }

    #[test]
    fn every_string_of_the_model_but_addresses() {
        let mut v = serde_json::json!({
            "name": "a \u{591}",
            "body": [{"t": "link", "url": "x \u{591}", "c": [{"t": "text", "v": "b \u{591}"}]}],
        });
        isolated_marks_on_nbsp(&mut v);
        assert_eq!(v["name"], "a\u{A0}\u{591}");
        assert_eq!(v["body"][0]["url"], "x \u{591}");
        assert_eq!(v["body"][0]["c"][0]["v"], "b\u{A0}\u{591}");
    }
}
