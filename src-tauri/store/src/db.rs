//! Opening the database: pragmas, the schema-version guard and migrations.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

use csp_domain::{CoreError, Result};

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations");

/// A write transaction (started IMMEDIATE, see [`begin_write`]).
pub type WriteTx = Transaction<'static, Sqlite>;

/// The newest schema version this program knows.
pub fn latest_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

pub async fn open(path: &Path) -> Result<SqlitePool> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: a commit is on disk when it returns, so a number given before a power cut is never
        // given again after it.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
    if let Err(e) = prepare(&pool, path).await {
        // Close before returning, so that no connection of ours lingers on a file we refuse.
        pool.close().await;
        return Err(e);
    }
    Ok(pool)
}

/// Checks the file, backs it up when migrations are pending, migrates it, and runs the backfills it
/// has not run yet.
async fn prepare(pool: &SqlitePool, path: &Path) -> Result<()> {
    guard_schema_version(pool).await?;
    quick_check(pool).await?;
    if pending_migrations(pool).await? {
        crate::backup::automatic(path, "migration").await?;
    }
    accept_superseded(pool).await?;
    MIGRATOR.run(pool).await?;
    run_backfills(pool).await
}

/// Migrations whose SQL changed after a version of the program applied them, with the SHA-384 of the
/// earlier text. Migrations are pinned now (`migrations/checksums.txt`) so that this list never
/// grows: 0031 was changed on the day it first shipped, and migration 0043 brings a book that
/// applied its first text to what it writes now.
const SUPERSEDED: &[(i64, &str)] =
    &[(31, "8afd697f35748232f8d8c5d526b469cab4cef65fda1c7aeb4f3dc6508975271e45e6738fc567c45e85521ea575a72ba5")];

/// A book that applied an earlier text of a migration listed in [`SUPERSEDED`] records the present
/// text's checksum instead (sqlx refuses to open a book whose applied migration changed), so that it
/// opens and its later migrations bring it up to date. Any other changed migration is still refused.
async fn accept_superseded(pool: &SqlitePool) -> Result<()> {
    if schema_version(pool).await? == 0 {
        return Ok(());
    }
    for (version, earlier) in SUPERSEDED {
        let Some(now) = MIGRATOR.iter().find(|m| m.version == *version) else { continue };
        // The book was backed up first: a pending migration (0043) makes `prepare` copy it.
        sqlx::query("UPDATE _sqlx_migrations SET checksum = ? WHERE version = ? AND lower(hex(checksum)) = ?")
            .bind(now.checksum.as_ref())
            .bind(version)
            .bind(*earlier)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// What a migration leaves for the program to compute, in Rust (migration 0042): each runs once per
/// book, in the write transaction that records it in `backfills`, and never again. Only migrations
/// leave such work — the import keeps seals, usage sums and group sums itself, and an older program
/// refuses a book this one migrated — so what a backfill could not compute (rows that do not sum)
/// stays as it is rather than being tried again at every open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backfill {
    /// Migration 0031's placeholders: the seals of the documents a book held before seals.
    Seals,
    /// Migration 0040's pending months: the usage sums of a book from before them.
    UsageTotals,
    /// Migration 0041's unsummed groups: the quantities of the groups made from a book's rows.
    UsageGroups,
}

/// What a backfill computed, and what it could not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backfilled {
    pub done: i64,
    pub left_undone: i64,
}

impl Backfill {
    /// In the order of their migrations.
    const ALL: [Self; 3] = [Self::Seals, Self::UsageTotals, Self::UsageGroups];

    /// The name recorded in `backfills`: the migration that leaves the work (never renamed, or it runs again).
    fn name(self) -> &'static str {
        match self {
            Self::Seals => "0031_seals",
            Self::UsageTotals => "0040_usage_totals",
            Self::UsageGroups => "0041_usage_groups",
        }
    }

    async fn run(self, conn: &mut SqliteConnection) -> Result<Backfilled> {
        match self {
            Self::Seals => crate::seal::seal_existing(conn).await,
            Self::UsageTotals => crate::usage_totals::sum_pending(conn).await,
            Self::UsageGroups => crate::usage_groups::sum_pending(conn).await,
        }
    }
}

/// Runs the backfills the book has not run, each in its own write transaction with its record.
async fn run_backfills(pool: &SqlitePool) -> Result<()> {
    let ran: Vec<String> = sqlx::query_scalar("SELECT name FROM backfills").fetch_all(pool).await?;
    for backfill in Backfill::ALL.into_iter().filter(|b| !ran.iter().any(|r| r == b.name())) {
        let mut tx = begin_write(pool).await?;
        // Another program may have opened the book in the meantime and run it.
        let recorded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM backfills WHERE name = ?")
            .bind(backfill.name())
            .fetch_one(&mut *tx)
            .await?;
        if recorded == 0 {
            let outcome = backfill.run(&mut tx).await?;
            sqlx::query("INSERT INTO backfills (name, done, left_undone) VALUES (?, ?, ?)")
                .bind(backfill.name())
                .bind(outcome.done)
                .bind(outcome.left_undone)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// `PRAGMA quick_check`: a damaged file is refused at open, before anything is written to it.
pub async fn quick_check(pool: &SqlitePool) -> Result<()> {
    let rows: Vec<String> = sqlx::query_scalar("PRAGMA quick_check").fetch_all(pool).await?;
    if rows.len() == 1 && rows[0] == "ok" {
        return Ok(());
    }
    let detail = rows.into_iter().take(5).collect::<Vec<_>>().join("; ");
    Err(CoreError::rule(
        csp_domain::rules::INTEGRITY.id,
        format!("the book file is damaged ({detail}): restore a backup"),
        format!("le fichier du livre est endommagé ({detail}) : restaurez une sauvegarde"),
    ))
}

/// An existing book (it has applied migrations) that this program would migrate further.
async fn pending_migrations(pool: &SqlitePool) -> Result<bool> {
    let has_table: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='_sqlx_migrations'")
            .fetch_one(pool)
            .await?;
    if has_table == 0 {
        return Ok(false);
    }
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1").fetch_all(pool).await?;
    Ok(!applied.is_empty() && MIGRATOR.iter().any(|m| !applied.contains(&m.version)))
}

/// The schema version of an open book (0 for an empty file).
pub async fn schema_version(pool: &SqlitePool) -> Result<i64> {
    let has_table: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='_sqlx_migrations'")
            .fetch_one(pool)
            .await?;
    if has_table == 0 {
        return Ok(0);
    }
    Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
        .fetch_one(pool)
        .await?
        .unwrap_or(0))
}

/// An older binary must refuse a newer database instead of running on a schema it does not know.
async fn guard_schema_version(pool: &SqlitePool) -> Result<()> {
    let has_table: Option<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type='table' AND name='_sqlx_migrations'")
            .fetch_optional(pool)
            .await?;
    if has_table.is_none() {
        return Ok(());
    }
    let (db,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1").fetch_one(pool).await?;
    let db = db.unwrap_or(0);
    let binary = latest_schema_version();
    if db > binary {
        return Err(CoreError::SchemaTooNew { db, binary });
    }
    Ok(())
}

/// Starts a write transaction with `BEGIN IMMEDIATE`, so that two writers never deadlock on a
/// lock upgrade: the second waits (busy timeout) at the start instead of failing half-way.
pub async fn begin_write(pool: &SqlitePool) -> Result<WriteTx> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

/// Deletes a database file with its WAL and shared-memory companions (the pool must be closed).
pub fn remove(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::MIGRATOR;

    /// The migrations as they shipped, `sha384sum *.sql` in migrations/: the SHA-384 of its SQL is
    /// what sqlx records for each migration a book applied, and compares at every open.
    const PINNED: &str = include_str!("../../../migrations/checksums.txt");

    /// An applied migration that changed locks every book that applied it out (sqlx refuses to open
    /// it), so the checksums are pinned: a change is a new migration, never an edit.
    #[test]
    fn every_migration_is_pinned_and_none_was_edited() {
        let pinned: Vec<(i64, &str, &str)> = PINNED
            .lines()
            .map(|line| {
                let (sum, file) = line.split_once("  ").unwrap_or_else(|| panic!("not `<sha384>  <file>`: {line}"));
                let version = file.split_once('_').and_then(|(v, _)| v.parse().ok());
                (version.unwrap_or_else(|| panic!("no version in {file}")), sum, file)
            })
            .collect();
        let mut problems = Vec::new();
        for m in MIGRATOR.iter() {
            let file = format!("{:04}_{}.sql", m.version, m.description.replace(' ', "_"));
            let sum: String = m.checksum.iter().map(|b| format!("{b:02x}")).collect();
            match pinned.iter().find(|(v, ..)| *v == m.version) {
                None => problems.push(format!(
                    "migration {file} is not pinned: add its line to migrations/checksums.txt \
                     (`sha384sum {file} >> checksums.txt` in migrations/) — from then on it is never edited"
                )),
                Some((_, s, _)) if *s != sum => problems.push(format!(
                    "migration {file} was edited after it was pinned: every book that applied it would no \
                     longer open. Restore it as it was and write the change as a new migration"
                )),
                Some(_) => {}
            }
        }
        for (version, _, file) in &pinned {
            if !MIGRATOR.iter().any(|m| m.version == *version) {
                problems
                    .push(format!("migration {file} is pinned but gone: a migration is never removed or renumbered"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
