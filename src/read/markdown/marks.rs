//! Runs of combining marks, capped before parsing: a letter carrying 100,000 accents
//! takes Typst minutes to shape and prints as an ink blot.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;

use crate::diag::{Diagnostic, Pos};

/// Unicode's stream-safe text format allows 30 non-starters in a row; no script needs more.
pub(crate) const MAX_MARKS: usize = 30;

/// The text with each run of combining marks cut to [`MAX_MARKS`], and a warning at the
/// first cut. Only marks are removed, never line breaks, so line numbers stay true.
pub(crate) fn cap(text: &str) -> (Cow<'_, str>, Option<Diagnostic>) {
    let mut out: Option<String> = None;
    let mut run = 0;
    let mut first_cut = None;
    let mut cut_runs = 0;
    let (mut line, mut col) = (1, 0);
    for (i, c) in text.char_indices() {
        if c == '\n' {
            (line, col) = (line + 1, 0);
        } else {
            col += 1;
        }
        run = if is_combining_mark(c) { run + 1 } else { 0 };
        if run <= MAX_MARKS {
            if let Some(out) = &mut out {
                out.push(c);
            }
            continue;
        }
        if run == MAX_MARKS + 1 {
            cut_runs += 1;
            first_cut.get_or_insert(Pos { line, col });
        }
        out.get_or_insert_with(|| text[..i].to_string());
    }
    let Some(out) = out else {
        return (Cow::Borrowed(text), None);
    };
    let warning = Diagnostic::warning(
        first_cut,
        format!(
            "{cut_runs} run(s) of more than {MAX_MARKS} combining marks on one letter; \
             only the first {MAX_MARKS} of each are kept"
        ),
    );
    (Cow::Owned(out), Some(warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_long_runs_is_borrowed_unchanged() {
        let text = "Zoë Ñúñez\nक्षत्रिय ḍ̣";
        assert!(matches!(cap(text).0, Cow::Borrowed(t) if t == text));
        assert!(cap(text).1.is_none());
    }

    #[test]
    fn long_runs_are_cut_to_thirty_with_the_first_place_named() {
        let text = format!("ok\nab{}c\nd{}", "\u{301}".repeat(40), "\u{308}".repeat(31));
        let (out, warning) = cap(&text);
        let expected = format!("ok\nab{}c\nd{}", "\u{301}".repeat(30), "\u{308}".repeat(30));
        assert_eq!(out, expected);
        let warning = warning.unwrap();
        assert_eq!(warning.pos, Some(Pos { line: 2, col: 33 }));
        assert!(
            warning.message.starts_with("2 run(s)"),
            "{}",
            warning.message
        );
    }
}
