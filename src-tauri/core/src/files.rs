//! Every file the product writes for the user (invoice PDFs, CSV exports) goes through
//! [`write_whole`]: written to a temporary file in the target's folder, flushed to disk, then
//! renamed onto its name, so that a crash, a full disk or a kill leaves either the whole new file
//! or nothing (never half a PDF under an invoice's name).
//!
//! An existing file is never overwritten unless it is this same document's earlier export:
//! - an invoice PDF records its document's ID ([`crate::pdf::document_mark`]); a file of that name
//!   which records the same ID is replaced, any other file (another issuer's document with the same
//!   name, another book's, a file the user put there) refuses the export with `CONFLICT`;
//! - a CSV export is replaced only when it is the same export of the same scope (see
//!   [`Existing::ReplaceIf`]); any other file refuses it.
//!
//! The check and the rename are not one atomic step: a file created in between by someone else is
//! still never overwritten (the final step of a new file is a no-clobber link).

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use crate::{CoreError, Result};

/// What to do when the target exists.
pub enum Existing<'a> {
    /// Refuse whatever it holds.
    Refuse,
    /// Replace it when the test, given the first bytes of the existing file, says it is this same
    /// document's earlier export.
    ReplaceIf(&'a dyn Fn(&[u8]) -> bool),
}

/// How many bytes of an existing file [`Existing::ReplaceIf`] sees: enough for a PDF's information
/// dictionary or a CSV's first rows, bounded whatever the file.
pub const PEEK_BYTES: u64 = 1 << 20;

/// Whether `path` may be written: `Ok(true)` when it exists and will be replaced, `Ok(false)`
/// when it does not exist, `CONFLICT` when it holds another file. A batch checks every target
/// before writing the first.
pub fn check_target(path: &Path, existing: &Existing<'_>) -> Result<bool> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(cannot_write(path, &e)),
    };
    let same = match existing {
        Existing::Refuse => false,
        Existing::ReplaceIf(test) => {
            meta.is_file() && {
                let mut head = Vec::new();
                File::open(path)
                    .and_then(|f| f.take(PEEK_BYTES).read_to_end(&mut head))
                    .map_err(|e| cannot_write(path, &e))?;
                test(&head)
            }
        }
    };
    if same {
        Ok(true)
    } else {
        Err(CoreError::conflict(
            format!(
                "{} already exists and is not this document's earlier export: it is left as it is; choose another folder or name, or move it away",
                path.display()
            ),
            format!(
                "{} existe déjà et n'est pas l'export précédent de ce document : il est laissé tel quel ; choisissez un autre dossier ou nom, ou déplacez-le",
                path.display()
            ),
        ))
    }
}

/// Writes `path` whole through `write` (see the module's rules); nothing is left behind when
/// `write` fails.
pub fn write_whole<T>(
    path: &Path,
    existing: Existing<'_>,
    write: impl FnOnce(&mut BufWriter<&mut File>) -> Result<T>,
) -> Result<T> {
    let replace = check_target(path, &existing)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".csp-desk-").suffix(".part");
    // Created as any file is (0666 less the umask), not private like a usual temporary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(|e| cannot_write(path, &e))?;
    let value = {
        let mut out = BufWriter::new(tmp.as_file_mut());
        let value = write(&mut out)?;
        out.flush().map_err(|e| cannot_write(path, &e))?;
        value
    };
    tmp.as_file().sync_all().map_err(|e| cannot_write(path, &e))?;
    if replace {
        tmp.persist(path).map_err(|e| cannot_write(path, &e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                // Someone created it since the check: still never overwritten.
                check_target(path, &Existing::Refuse).err().unwrap_or_else(|| cannot_write(path, &e.error))
            } else {
                cannot_write(path, &e.error)
            }
        })?;
    }
    // The rename is durable once the folder itself is on disk.
    #[cfg(unix)]
    File::open(dir).and_then(|d| d.sync_all()).map_err(|e| cannot_write(path, &e))?;
    Ok(value)
}

/// [`write_whole`] of bytes already in memory (a PDF).
pub fn write_bytes(path: &Path, existing: Existing<'_>, bytes: &[u8]) -> Result<()> {
    write_whole(path, existing, |out| out.write_all(bytes).map_err(|e| cannot_write(path, &e)))
}

fn cannot_write(path: &Path, e: &std::io::Error) -> CoreError {
    CoreError::validation(
        format!("cannot write {}: {e}", path.display()),
        format!("écriture impossible de {} : {e}", path.display()),
    )
}

/// Whether `haystack` contains `needle` (a mark in a file's first bytes).
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_written_whole_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        write_bytes(&path, Existing::Refuse, b"x,y\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"x,y\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }

    #[cfg(unix)]
    #[test]
    fn an_exported_file_is_readable_like_any_other() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        write_bytes(&path, Existing::Refuse, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_ne!(mode & 0o044, 0, "not private to its owner: {mode:o}");
    }

    #[test]
    fn another_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("INV-2026-000001.pdf");
        std::fs::write(&path, b"someone else's").unwrap();
        let mine = |head: &[u8]| contains(head, b"/CSPDeskDocument (abc)");
        let e = write_bytes(&path, Existing::ReplaceIf(&mine), b"new").unwrap_err();
        assert_eq!(e.code(), "CONFLICT");
        assert_eq!(std::fs::read(&path).unwrap(), b"someone else's");
        let e = write_bytes(&path, Existing::Refuse, b"new").unwrap_err();
        assert_eq!(e.code(), "CONFLICT");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_same_documents_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("INV-2026-000001.pdf");
        std::fs::write(&path, b"%PDF /CSPDeskDocument (abc) old").unwrap();
        let mine = |head: &[u8]| contains(head, b"/CSPDeskDocument (abc)");
        write_bytes(&path, Existing::ReplaceIf(&mine), b"%PDF /CSPDeskDocument (abc) new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF /CSPDeskDocument (abc) new");
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        let e = write_whole(&path, Existing::Refuse, |out| {
            out.write_all(b"half").unwrap();
            Err::<(), _>(CoreError::validation("stop", "stop"))
        })
        .unwrap_err();
        assert_eq!(e.to_string(), "stop");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
