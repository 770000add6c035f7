//! Writing results so that a failure never leaves a partial or clobbered file, and never
//! writes over an input.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into
/// place only when complete: readers see the old file or the new one, never half of one.
/// No fsync, as with other document compilers: the rename already guards against a failed
/// or killed run, and a batch should not wait on the disk for every file.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let name = path.display().to_string();
    let created = create_folders(folder_of(path)).map_err(|e| Error::write(&name, e))?;
    let written = temp_builder(0o666)
        .tempfile_in(folder_of(path))
        .and_then(|mut tmp| tmp.write_all(bytes).map(|_| tmp))
        .and_then(|tmp| tmp.persist(path).map_err(|e| e.error));
    written.map(drop).map_err(|e| {
        remove_created(&created);
        // tempfile's errors name the temporary file, which means nothing to the user.
        Error::write(&name, without_path(e))
    })
}

/// The same error without the path tempfile attaches to it.
fn without_path(e: std::io::Error) -> std::io::Error {
    match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => std::io::Error::new(e.kind(), e.kind().to_string()),
    }
}

/// Creates the missing folders of `dir`; returns those it made, outermost first, so that
/// a failed write can remove them again (nothing we did not create is ever removed).
pub(crate) fn create_folders(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(d) = at.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        missing.push(d.to_path_buf());
        at = d.parent();
    }
    missing.reverse();
    for (i, d) in missing.iter().enumerate() {
        if let Err(e) = std::fs::create_dir(d)
            && e.kind() != std::io::ErrorKind::AlreadyExists
        {
            remove_created(&missing[..i]);
            return Err(e);
        }
    }
    Ok(missing)
}

/// Removes folders [`create_folders`] made, innermost first, as long as they are empty.
pub(crate) fn remove_created(created: &[PathBuf]) {
    for d in created.iter().rev() {
        let _ = std::fs::remove_dir(d);
    }
}

/// The inputs of a run, by file identity, so that no output is ever written over one:
/// not by the same name, nor through a symlink or a hard link.
#[derive(Debug, Default)]
pub(crate) struct Protected {
    inputs: Vec<(FileKey, String)>,
}

#[cfg(unix)]
type FileKey = (u64, u64);
#[cfg(not(unix))]
type FileKey = PathBuf;

fn file_key(path: &Path) -> Option<FileKey> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok()
    }
}

impl Protected {
    pub(crate) fn new<'a>(inputs: impl IntoIterator<Item = &'a Path>) -> Self {
        let inputs = inputs
            .into_iter()
            .filter_map(|p| Some((file_key(p)?, p.display().to_string())))
            .collect();
        Self { inputs }
    }

    /// Refuses an output that is one of the inputs.
    pub(crate) fn check(&self, output: &Path) -> Result<(), String> {
        let Some(key) = file_key(output) else {
            return Ok(());
        };
        match self.inputs.iter().find(|(k, _)| *k == key) {
            Some((_, input)) => Err(format!(
                "the output {} is the input {input}; nothing was written (choose another output name)",
                output.display()
            )),
            None => Ok(()),
        }
    }
}

/// The folder `path` is in: `.` for a bare file name, whose parent is empty.
pub(crate) fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A builder for temporary files and folders in the output's folder. On Unix they get
/// `mode` (before the umask) rather than tempfile's private 0600/0700, which would
/// otherwise survive the rename into place.
pub(crate) fn temp_builder(#[allow(unused)] mode: u32) -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".resume-pdf-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.pdf");
        std::fs::write(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn output_is_not_left_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.pdf");
        write_atomic(&path, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_ne!(
            mode & 0o044,
            0,
            "mode {mode:o}: others cannot read the output"
        );
    }

    #[test]
    fn missing_folders_are_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/deeper/out.pdf");
        write_atomic(&path, b"x").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"x");
    }

    #[cfg(unix)]
    #[test]
    fn an_input_is_recognised_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let cv = dir.path().join("cv.md");
        std::fs::write(&cv, "# Ada").unwrap();
        std::os::unix::fs::symlink(&cv, dir.path().join("link.pdf")).unwrap();
        std::fs::hard_link(&cv, dir.path().join("hard.pdf")).unwrap();
        let protected = Protected::new([cv.as_path()]);
        for out in ["cv.md", "link.pdf", "hard.pdf", "./cv.md"] {
            let err = protected.check(&dir.path().join(out)).unwrap_err();
            assert!(err.contains("cv.md"), "{err}");
        }
        assert!(protected.check(&dir.path().join("cv.pdf")).is_ok());
    }
}
