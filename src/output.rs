//! Writing outputs safely: a book file is written to a temporary file in
//! the same folder and renamed over the old one, so a failed or killed
//! build never leaves a half-written EPUB or PDF in place of a good one.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// The name prefix of the temporary files, so leftovers can be found.
const TEMP_PREFIX: &str = ".techshack-book-";
/// The name suffix of the temporary files.
const TEMP_SUFFIX: &str = ".part";

/// Removes temporary files that a killed build left in `dir` (a build that
/// finishes never leaves one). Returns how many were removed.
pub fn remove_leftovers(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Writes `bytes` to `path` atomically, creating the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut file = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    file.write_all(bytes)
        .map_err(|e| Error::io(file.path(), e))?;
    // Temporary files are created private (0600); a book is an ordinary
    // document that others may read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io(file.path(), e))?;
    }
    file.as_file()
        .sync_all()
        .map_err(|e| Error::io(file.path(), e))?;
    file.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_killed_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".techshack-book-abc.part"), b"half").unwrap();
        std::fs::write(dir.path().join("book.epub"), b"kept").unwrap();
        assert_eq!(remove_leftovers(dir.path()), 1);
        assert!(dir.path().join("book.epub").exists());
    }

    #[test]
    fn replaces_the_old_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/book.epub");
        write_atomic(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644, "readable like any document");
        }
    }
}
