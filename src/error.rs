//! Errors that stop a render, each naming the file it is about.

use crate::diag::{Diagnostic, Pos};

/// Why a render failed. Every error about a résumé names it (its `file`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The Markdown or its front matter is wrong; says where.
    #[error("{}", error.display_in(file))]
    Input { file: String, error: Diagnostic },
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
    /// Typst refused the layout (a bug in a custom layout, usually): `message` holds
    /// Typst's own `layout.typ:line:col` lines.
    #[error("{file}: error: {message}")]
    Layout { file: String, message: String },
    /// Typst itself failed (panicked) on this input: a compiler bug, caught so that one
    /// résumé never takes down a batch. The whole message, naming the résumé, as one
    /// string, so that equal failures compare equal.
    #[error("{0}")]
    Internal(String),
    /// A setting names something that does not exist (a layout, a font): on the command
    /// line, or for the renderer as a whole when `file` is `None`.
    #[error("{}error: {message}", file.as_ref().map(|f| format!("{f}: ")).unwrap_or_default())]
    Usage {
        file: Option<String>,
        message: String,
    },
    /// A failure a child render process reported, already naming its résumé.
    #[error("{0}")]
    Relayed(String),
    /// The command asks for something that would lose a file or data: writing over an
    /// input, over someone else's files, several pages to one standard output. Nothing
    /// was written; the command line must change (exit status 2).
    #[error("error: {0}")]
    Refused(String),
}

impl Error {
    pub(crate) fn input(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self::Input {
            file: file.to_string(),
            error: Diagnostic::error(pos, message),
        }
    }

    /// Runs Typst work on the résumé `file`, turning a panic inside it into
    /// [`Error::Internal`].
    pub(crate) fn catch_panic<T>(
        file: &str,
        work: impl FnOnce() -> Result<T, Self>,
    ) -> Result<T, Self> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Self::Internal(format!(
                "{file}: error: the typesetter failed on this résumé (a bug in Typst, not in your file): {message}"
            )))
        })
    }

    pub(crate) fn layout(file: &str, message: impl Into<String>) -> Self {
        Self::Layout {
            file: file.to_string(),
            message: message.into(),
        }
    }

    pub(crate) fn usage(file: &str, message: impl Into<String>) -> Self {
        Self::Usage {
            file: Some(file.to_string()),
            message: message.into(),
        }
    }

    pub(crate) fn read(file: &str, source: std::io::Error) -> Self {
        Self::Read {
            file: file.to_string(),
            source,
        }
    }

    pub(crate) fn write(file: &str, source: std::io::Error) -> Self {
        Self::Write {
            file: file.to_string(),
            source,
        }
    }
}
