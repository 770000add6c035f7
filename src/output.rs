//! Writing results so that a failure never leaves a partial or clobbered file.

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into
/// place only when complete: readers see the old file or the new one, never half of one.
/// No fsync, as with other document compilers: the rename already guards against a failed
/// or killed run, and a batch should not wait on the disk for every file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let name = path.display().to_string();
    let mut tmp = temp_builder(0o666)
        .tempfile_in(folder_of(path))
        .map_err(|e| Error::write(&name, e))?;
    tmp.write_all(bytes).map_err(|e| Error::write(&name, e))?;
    tmp.persist(path)
        .map_err(|e| Error::write(&name, e.error))?;
    Ok(())
}

/// The folder `path` is in: `.` for a bare file name, whose parent is empty.
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A builder for temporary files and folders in the output's folder. On Unix they get
/// `mode` (before the umask) rather than tempfile's private 0600/0700, which would
/// otherwise survive the rename into place.
pub fn temp_builder(#[allow(unused)] mode: u32) -> tempfile::Builder<'static, 'static> {
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
    fn missing_folder_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope/out.pdf");
        let err = write_atomic(&path, b"x").unwrap_err().to_string();
        assert!(err.contains("out.pdf"), "{err}");
    }
}
