//! Copies of the book: a consistent snapshot while it is in use (SQLite's online backup, a copy of
//! its pages), written whole or not at all, never over an existing file; and the automatic copies
//! kept next to the book.

use std::path::{Path, PathBuf};

use csp_domain::{CoreError, Result};

/// How many automatic copies are kept (the oldest go first).
pub const KEEP_AUTOMATIC: usize = 10;

/// Writes a consistent copy of the book at `book` (open or not) to `out`. The copy goes to a
/// temporary file in the same folder, is flushed to disk, then linked to `out` — which fails if `out`
/// exists — so `out` is either absent or a whole, openable book, even if the process dies half-way.
pub async fn write(book: &Path, out: &Path) -> Result<u64> {
    write_then(book, out, || {}).await
}

/// [`write`], calling `snapshot` as soon as the copy holds the book (every page written, before
/// they reach the disk): a writer waiting for the copy may commit from then on.
pub async fn write_then(book: &Path, out: &Path, snapshot: impl FnOnce() + Send + 'static) -> Result<u64> {
    if out.exists() {
        return Err(exists(out));
    }
    let dir = out.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    std::fs::create_dir_all(&dir)?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.partial", std::process::id()));
    // A leftover of a copy that died half-way (same process ID reused) is only ever a partial file.
    let _ = std::fs::remove_file(&tmp);
    let (book, copy, out) = (book.to_path_buf(), tmp.clone(), out.to_path_buf());
    // The copy is blocking file work (a distributor's book: hundreds of megabytes): off the runtime's
    // threads, so that a billing run drafts meanwhile.
    let result = tokio::task::spawn_blocking(move || {
        copy_pages(&book, &copy)?;
        snapshot();
        std::fs::File::open(&copy)?.sync_all()?;
        std::fs::hard_link(&copy, &out).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                exists(&out)
            } else {
                e.into()
            }
        })?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok::<_, CoreError>(std::fs::metadata(&out)?.len())
    })
    .await
    .map_err(|e| CoreError::Io(std::io::Error::other(e)));
    let _ = std::fs::remove_file(&tmp);
    result?
}

fn exists(out: &Path) -> CoreError {
    CoreError::conflict(
        format!("{} already exists: a backup never overwrites a file", out.display()),
        format!("{} existe déjà : une sauvegarde n'écrase jamais un fichier", out.display()),
    )
}

/// Copies the book's pages as one read transaction sees them (its last commit; a write in progress on
/// another connection is not in it). A page copy is disk-bound — `VACUUM INTO`, which rebuilt every
/// index, took four times as long on a million usage rows.
fn copy_pages(book: &Path, copy: &Path) -> Result<()> {
    use rusqlite::{backup::Backup, Connection, OpenFlags};
    let failed = |e: rusqlite::Error| CoreError::Io(std::io::Error::other(format!("copy of the book: {e}")));
    let from = Connection::open_with_flags(book, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(failed)?;
    from.busy_timeout(std::time::Duration::from_secs(10)).map_err(failed)?;
    let mut to = Connection::open(copy).map_err(failed)?;
    // The copy is a temporary file linked into place only once whole and synced: a journal for it
    // would only double the writes.
    to.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;").map_err(failed)?;
    {
        let backup = Backup::new(&from, &mut to).map_err(failed)?;
        // Every page in one step: one read transaction, so one consistent snapshot.
        match backup.step(-1).map_err(failed)? {
            rusqlite::backup::StepResult::Done => {}
            other => {
                return Err(CoreError::Io(std::io::Error::other(format!(
                    "copy of the book: stopped before the end ({other:?})"
                ))))
            }
        }
    }
    to.close().map_err(|(_, e)| failed(e))?;
    Ok(())
}

/// The folder of automatic copies: `backups/` beside the book.
pub fn automatic_dir(book: &Path) -> PathBuf {
    book.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("backups")
}

/// An automatic copy before `reason` (a migration, a billing run, a batch issue), named with the
/// time (UTC), keeping the last [`KEEP_AUTOMATIC`]. Returns its path.
pub async fn automatic(book: &Path, reason: &str) -> Result<PathBuf> {
    automatic_then(book, reason, || {}).await
}

/// [`automatic`], calling `snapshot` as [`write_then`] does.
pub async fn automatic_then(book: &Path, reason: &str, snapshot: impl FnOnce() + Send + 'static) -> Result<PathBuf> {
    let dir = automatic_dir(book);
    let stem = book.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "book".into());
    let now = chrono::Utc::now().format("%Y%m%d-%H%M%S%.3f");
    let mut out = dir.join(format!("{stem}-{now}-{reason}.sqlite3"));
    let mut n = 1;
    while out.exists() {
        n += 1;
        out = dir.join(format!("{stem}-{now}-{reason}-{n}.sqlite3"));
    }
    write_then(book, &out, snapshot).await?;
    prune(&dir, &stem)?;
    Ok(out)
}

/// A byte copy of a book that does not open (damaged, or newer than this program), kept like the
/// automatic copies before it is replaced.
pub fn automatic_raw(book: &Path, reason: &str) -> Result<PathBuf> {
    let dir = automatic_dir(book);
    std::fs::create_dir_all(&dir)?;
    let stem = book.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "book".into());
    let now = chrono::Utc::now().format("%Y%m%d-%H%M%S%.3f");
    let out = dir.join(format!("{stem}-{now}-{reason}-unopened.sqlite3"));
    std::fs::copy(book, &out)?;
    std::fs::File::open(&out)?.sync_all()?;
    for suffix in ["-wal", "-shm"] {
        let mut from = book.as_os_str().to_owned();
        from.push(suffix);
        let mut to = out.as_os_str().to_owned();
        to.push(suffix);
        if Path::new(&from).exists() {
            std::fs::copy(&from, &to)?;
        }
    }
    Ok(out)
}

/// Removes the oldest automatic copies of this book beyond [`KEEP_AUTOMATIC`] (names sort by time).
fn prune(dir: &Path, stem: &str) -> Result<()> {
    let prefix = format!("{stem}-");
    let mut copies: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".sqlite3"))
        })
        .collect();
    copies.sort();
    let excess = copies.len().saturating_sub(KEEP_AUTOMATIC);
    for old in copies.into_iter().take(excess) {
        std::fs::remove_file(old)?;
    }
    Ok(())
}

/// The automatic copies of this book, newest first.
pub fn list_automatic(book: &Path) -> Result<Vec<PathBuf>> {
    let dir = automatic_dir(book);
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let stem = book.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "book".into());
    let prefix = format!("{stem}-");
    let mut copies: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".sqlite3"))
        })
        .collect();
    copies.sort();
    copies.reverse();
    Ok(copies)
}
