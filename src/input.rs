//! What a render reads: the Markdown text, a name for messages, the folder for images.

use std::path::{Path, PathBuf};

use crate::diag::{LineIndex, Pos};
use crate::error::Error;

/// Inputs larger than this are refused: a résumé is a few kilobytes, and the bound keeps
/// a batch of strangers' files from exhausting time and memory (a 5 MB file of prose
/// typesets into 800 pages, taking seconds and over a gigabyte).
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;

/// A résumé to render: its text, a name for messages, and the folder its images live in.
#[derive(Debug, Clone)]
pub struct Input {
    pub text: String,
    /// How messages name the file (`cv.md`, `<stdin>`).
    pub name: String,
    /// Images are read from this folder only; `None` allows no images.
    pub base_dir: Option<PathBuf>,
}

impl Input {
    /// Reads a Markdown file; its folder becomes the image folder.
    pub fn from_path(path: &Path) -> Result<Self, Error> {
        let name = path.display().to_string();
        if path.is_dir() {
            return Err(Error::input(
                &name,
                None,
                "is a directory, not a Markdown file",
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::read(&name, e))?;
        let text = decode(&bytes).map_err(|(pos, m)| Error::input(&name, pos, m))?;
        Ok(Self {
            text,
            name,
            base_dir: Some(crate::write::files::folder_of(path).to_path_buf()),
        })
    }

    /// Text from elsewhere (standard input, a database); images resolve under `base_dir`.
    pub fn from_bytes(bytes: &[u8], name: &str, base_dir: Option<PathBuf>) -> Result<Self, Error> {
        let text = decode(bytes).map_err(|(pos, m)| Error::input(name, pos, m))?;
        Ok(Self {
            text,
            name: name.to_string(),
            base_dir,
        })
    }
}

/// UTF-8 text, or where it stops being UTF-8.
fn decode(bytes: &[u8]) -> Result<String, (Option<Pos>, String)> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err((
            None,
            format!(
                "is larger than {} MB; résumés are refused above that",
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if text.trim_start_matches('\u{feff}').trim().is_empty() => {
            Err((None, "is empty; there is no résumé to render".into()))
        }
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let text = std::str::from_utf8(good).unwrap_or_default();
            let pos = LineIndex::new(text).pos(text.len());
            let bad = bytes[e.valid_up_to()];
            Err((
                Some(pos),
                format!("invalid UTF-8 (byte 0x{bad:02x}); save the file as UTF-8"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let (pos, msg) = decode(b"ok\nab\xffcd").unwrap_err();
        assert_eq!(pos, Some(Pos { line: 2, col: 3 }));
        assert!(msg.contains("0xff"));
    }
}
