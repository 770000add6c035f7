//! Warnings and input errors: one [`Diagnostic`] type that points at a place in the
//! user's file.

use std::fmt;

/// A position in the input, 1-based, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Whether a [`Diagnostic`] stops the render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Warning,
    Error,
}

/// Something to tell the user about their input, at a place in it where known: a warning
/// (the render goes on, something was left out or changed) or an error (it stops).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub pos: Option<Pos>,
    /// The message alone, without file, place or severity.
    pub message: String,
    /// What the user can do about it, for a front end to word in its own terms.
    pub hint: Option<Hint>,
}

/// A remedy a front end can name in its own terms (a command-line flag, a form field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hint {
    /// Add a font that has the characters the message names.
    AddFont,
}

impl Diagnostic {
    pub fn warning(pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            pos,
            message: message.into(),
            hint: None,
        }
    }

    pub fn error(pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            pos,
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn with_hint(self, hint: Hint) -> Self {
        Self {
            hint: Some(hint),
            ..self
        }
    }

    /// `file:line:col: warning: message`, the shape editors and CI logs recognise.
    pub fn display_in<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        Located {
            file,
            pos: self.pos,
            kind: match self.severity {
                Severity::Warning => "warning",
                Severity::Error => "error",
            },
            message: &self.message,
        }
    }
}

struct Located<'a> {
    file: &'a str,
    pos: Option<Pos>,
    kind: &'a str,
    message: &'a str,
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pos {
            Some(pos) => write!(f, "{}:{pos}: {}: {}", self.file, self.kind, self.message),
            None => write!(f, "{}: {}: {}", self.file, self.kind, self.message),
        }
    }
}

/// Maps byte offsets of a source text to line and column.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    pub(crate) fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Pos {
            line: line + 1,
            col,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let index = LineIndex::new("ab\nçd\n");
        assert_eq!(index.pos(0), Pos { line: 1, col: 1 });
        assert_eq!(index.pos(3), Pos { line: 2, col: 1 });
        assert_eq!(index.pos(5), Pos { line: 2, col: 2 });
        assert_eq!(index.pos(7), Pos { line: 3, col: 1 });
    }
}
