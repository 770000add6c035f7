//! Errors that stop a render, each naming the file it is about.

use crate::diag::{Diagnostic, Pos};

/// Why a render failed. Every error about a résumé names it ([`Error::file`]); where the
/// place in it is known, [`Error::pos`] gives it. `Display` writes `file:line:col: message`;
/// a front end adds its own words around the parts (the command line writes
/// `file:line:col: error: message`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The Markdown or its front matter is wrong; says where.
    #[error("{}", Located(self))]
    Input { file: String, error: Diagnostic },
    #[error("{}", Located(self))]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{}", Located(self))]
    Write {
        file: String,
        source: std::io::Error,
    },
    /// Typst refused the layout (a bug in a custom layout, usually): `message` holds
    /// Typst's own `layout.typ:line:col` lines.
    #[error("{}", Located(self))]
    Layout { file: String, message: String },
    /// Typst itself failed (panicked) on this input: a compiler bug, caught so that one
    /// résumé never takes down a batch.
    #[error("{}", Located(self))]
    Internal { file: String, message: String },
    /// A setting names something that does not exist (a layout, a font): given by the
    /// caller, or for the renderer as a whole when `file` is `None`.
    #[error("{}", Located(self))]
    Usage {
        file: Option<String>,
        message: String,
    },
    /// The request would lose a file or data: writing over an input, over someone else's
    /// files, several pages to one stream. Nothing was written; the request must change.
    #[error("{0}")]
    Refused(String),
}

/// `file:line:col: message`, or as much of it as is known.
struct Located<'a>(&'a Error);

impl std::fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = self.0;
        match (e.file(), e.pos()) {
            (Some(file), Some(pos)) => write!(f, "{file}:{pos}: {}", e.message()),
            (Some(file), None) => write!(f, "{file}: {}", e.message()),
            _ => write!(f, "{}", e.message()),
        }
    }
}

impl Error {
    /// The résumé (or other file) the error is about, as its caller named it.
    pub fn file(&self) -> Option<&str> {
        match self {
            Self::Input { file, .. }
            | Self::Read { file, .. }
            | Self::Write { file, .. }
            | Self::Layout { file, .. }
            | Self::Internal { file, .. } => Some(file),
            Self::Usage { file, .. } => file.as_deref(),
            Self::Refused(_) => None,
        }
    }

    /// Where in [`Error::file`] the mistake is, when known.
    pub fn pos(&self) -> Option<Pos> {
        match self {
            Self::Input { error, .. } => error.pos,
            _ => None,
        }
    }

    /// What went wrong, without the file or the place.
    pub fn message(&self) -> String {
        match self {
            Self::Input { error, .. } => error.message.clone(),
            Self::Read { source, .. } => format!("cannot read it: {source}"),
            Self::Write { source, .. } => format!("cannot write it: {source}"),
            Self::Layout { message, .. }
            | Self::Internal { message, .. }
            | Self::Usage { message, .. }
            | Self::Refused(message) => message.clone(),
        }
    }
}

impl Error {
    #[cfg_attr(not(feature = "cli"), allow(dead_code))] // the batch's child processes
    pub(crate) fn internal(file: &str, message: impl Into<String>) -> Self {
        Self::Internal {
            file: file.to_string(),
            message: message.into(),
        }
    }

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
            Err(Self::Internal {
                file: file.to_string(),
                message: format!(
                    "the typesetter failed on this résumé (a bug in Typst, not in your file): {message}"
                ),
            })
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

    #[cfg_attr(not(feature = "cli"), allow(dead_code))] // files are written by front ends
    pub(crate) fn write(file: &str, source: std::io::Error) -> Self {
        Self::Write {
            file: file.to_string(),
            source,
        }
    }
}
