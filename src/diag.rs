//! Warnings and input errors that point at a place in the user's file.

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

/// Something worth telling the user that does not stop the render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub pos: Option<Pos>,
    pub message: String,
}

impl Warning {
    pub fn new(pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self {
            pos,
            message: message.into(),
        }
    }

    /// `file:line:col: warning: message`, the shape editors and CI logs recognise.
    pub fn display_in<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        Located {
            file,
            pos: self.pos,
            kind: "warning",
            message: &self.message,
        }
    }
}

/// A problem with the input that stops the render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub pos: Option<Pos>,
    pub message: String,
}

impl InputError {
    pub fn new(pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self {
            pos,
            message: message.into(),
        }
    }

    pub fn display_in<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        Located {
            file,
            pos: self.pos,
            kind: "error",
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
pub struct LineIndex<'a> {
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

    pub fn pos(&self, offset: usize) -> Pos {
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
