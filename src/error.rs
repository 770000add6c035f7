//! Errors that stop a render, each naming the file it is about.

use crate::diag::{InputError, Pos};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The Markdown or its front matter is wrong; says where.
    #[error("{}", error.display_in(file))]
    Input { file: String, error: InputError },
    #[error("{file}: error: cannot read it: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: error: cannot write it: {source}")]
    Write {
        file: String,
        source: std::io::Error,
    },
    /// Typst refused the layout (a bug in a custom layout, usually); says which line.
    #[error("{0}")]
    Layout(String),
    /// A setting names something that does not exist (a layout, a font).
    #[error("error: {0}")]
    Usage(String),
}

impl Error {
    pub fn input(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self::Input {
            file: file.to_string(),
            error: InputError::new(pos, message),
        }
    }

    pub fn read(file: &str, source: std::io::Error) -> Self {
        Self::Read {
            file: file.to_string(),
            source,
        }
    }

    pub fn write(file: &str, source: std::io::Error) -> Self {
        Self::Write {
            file: file.to_string(),
            source,
        }
    }
}
