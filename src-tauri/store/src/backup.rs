//! Copies of the book: a consistent snapshot while it is in use (`VACUUM INTO`), written whole or not
//! at all, never over an existing file; and the automatic copies kept next to the book.

use std::path::{Path, PathBuf};

use sqlx::SqlitePool;

use csp_domain::{CoreError, Result};

/// How many automatic copies are kept (the oldest go first).
pub const KEEP_AUTOMATIC: usize = 10;

/// Writes a consistent copy of the open book to `out`. The copy goes to a temporary file in the same
/// folder, is flushed to disk, then linked to `out` — which fails if `out` exists — so `out` is
/// either absent or a whole, openable book, even if the process dies half-way.
pub async fn write(pool: &SqlitePool, out: &Path) -> Result<u64> {
    if out.exists() {
        return Err(CoreError::conflict(
            format!("{} already exists: a backup never overwrites a file", out.display()),
            format!("{} existe déjà : une sauvegarde n'écrase jamais un fichier", out.display()),
        ));
    }
    let dir = out.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.partial", std::process::id()));
    // A leftover of a copy that died half-way (same process ID reused) is only ever a partial file.
    let _ = std::fs::remove_file(&tmp);
    let result = async {
        sqlx::query("VACUUM INTO ?").bind(tmp.to_string_lossy().as_ref()).execute(pool).await?;
        // VACUUM INTO does not sync its output.
        std::fs::File::open(&tmp)?.sync_all()?;
        std::fs::hard_link(&tmp, out).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                CoreError::conflict(
                    format!("{} already exists: a backup never overwrites a file", out.display()),
                    format!("{} existe déjà : une sauvegarde n'écrase jamais un fichier", out.display()),
                )
            } else {
                e.into()
            }
        })?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok::<_, CoreError>(std::fs::metadata(out)?.len())
    }
    .await;
    let _ = std::fs::remove_file(&tmp);
    result
}

/// The folder of automatic copies: `backups/` beside the book.
pub fn automatic_dir(book: &Path) -> PathBuf {
    book.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("backups")
}

/// An automatic copy before `reason` (a migration, a billing run, a batch issue), named with the
/// time (UTC), keeping the last [`KEEP_AUTOMATIC`]. Returns its path.
pub async fn automatic(pool: &SqlitePool, book: &Path, reason: &str) -> Result<PathBuf> {
    let dir = automatic_dir(book);
    let stem = book.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "book".into());
    let now = chrono::Utc::now().format("%Y%m%d-%H%M%S%.3f");
    let mut out = dir.join(format!("{stem}-{now}-{reason}.sqlite3"));
    let mut n = 1;
    while out.exists() {
        n += 1;
        out = dir.join(format!("{stem}-{now}-{reason}-{n}.sqlite3"));
    }
    write(pool, &out).await?;
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
