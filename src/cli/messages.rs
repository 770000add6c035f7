//! The command line's wording around the library's errors and warnings: the
//! `file:line:col: error: message` shape editors and CI logs recognise, and remedies named
//! as this front end's flags.

use crate::{Diagnostic, Error, Hint};

/// `file:line:col: error: message`, or as much of the place as is known.
pub(crate) fn error_line(error: &Error) -> String {
    let message = error.message();
    match (error.file(), error.pos()) {
        (Some(file), Some(pos)) => format!("{file}:{pos}: error: {message}"),
        (Some(file), None) => format!("{file}: error: {message}"),
        _ => format!("error: {message}"),
    }
}

/// `file:line:col: warning: message`, with its remedy in terms of our flags.
pub(crate) fn warning_line(warning: &Diagnostic, file: &str) -> String {
    let line = warning.display_in(file).to_string();
    match warning.hint {
        Some(Hint::AddFont) => format!("{line} (add a font that has them with --font-path)"),
        _ => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pos;

    #[test]
    fn errors_are_worded_with_their_place() {
        let at = Some(Pos { line: 2, col: 5 });
        let input = Error::input("cv.md", at, "bad");
        assert_eq!(input.to_string(), "cv.md:2:5: bad");
        assert_eq!(error_line(&input), "cv.md:2:5: error: bad");
        assert_eq!(error_line(&Error::layout("cv.md", "x")), "cv.md: error: x");
        assert_eq!(error_line(&Error::Refused("no".into())), "error: no");
    }

    #[test]
    fn a_hint_names_the_flag() {
        let w = Diagnostic::warning(None, "no font has ✓").with_hint(Hint::AddFont);
        assert_eq!(
            warning_line(&w, "cv.md"),
            "cv.md: warning: no font has ✓ (add a font that has them with --font-path)"
        );
    }
}
