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
    /// Typst itself failed (panicked) on this input: a compiler bug, caught so that one
    /// résumé never takes down a batch.
    #[error("error: the typesetter failed on this résumé (a bug in Typst, not in your file): {0}")]
    Internal(String),
    /// A setting names something that does not exist (a layout, a font).
    #[error("error: {0}")]
    Usage(String),
    /// The command asks for something that would lose a file or data: writing over an
    /// input, over someone else's files, several pages to one standard output. Nothing
    /// was written; the command line must change (exit status 2).
    #[error("error: {0}")]
    Refused(String),
}

impl Error {
    pub fn input(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self::Input {
            file: file.to_string(),
            error: InputError::new(pos, message),
        }
    }

    /// Runs Typst work, turning a panic inside it into [`Error::Internal`].
    pub fn catch_panic<T>(work: impl FnOnce() -> Result<T, Self>) -> Result<T, Self> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Self::Internal(message))
        })
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
