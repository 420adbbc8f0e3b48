//! Settings of one connection to the book and of its write-ahead log, so that the services tune a
//! long import or billing run without naming the engine's pragmas.

use sqlx::{SqliteConnection, SqlitePool};

use csp_domain::Result;

/// One connection to the book. The layers above the store hold it by this name and never name the
/// engine, so that a second engine is a change of the store alone.
pub type Conn = SqliteConnection;

/// The book's connections, shared by a service context.
pub type Pool = SqlitePool;

/// A connection taken from the pool for a read (or to tune before a write); returned on drop.
pub type Reader = sqlx::pool::PoolConnection<sqlx::Sqlite>;

/// Takes a connection from the pool, for reads that see one consistent book.
pub async fn read(pool: &Pool) -> Result<Reader> {
    Ok(pool.acquire().await?)
}

/// SQLite's default page cache, in KiB.
pub const DEFAULT_CACHE_KIB: i64 = 2000;

/// The page cache of this connection, in KiB. A large import keeps its indexes (the duplicate
/// hash above all, whose keys arrive in random order) in memory rather than re-reading pages.
pub async fn set_cache_kib(conn: &mut SqliteConnection, kib: i64) -> Result<()> {
    sqlx::query(&format!("PRAGMA cache_size = -{}", kib.max(1))).execute(conn).await?;
    Ok(())
}

/// Starts a write transaction on this connection with `BEGIN IMMEDIATE` (see [`crate::begin_write`]),
/// for a caller that tuned the connection first.
pub async fn begin_write(conn: &mut SqliteConnection) -> Result<sqlx::Transaction<'_, sqlx::Sqlite>> {
    Ok(sqlx::Connection::begin_with(conn, "BEGIN IMMEDIATE").await?)
}

/// Stops this connection from copying its commits from the write-ahead log into the book at commit
/// (SQLite's automatic checkpoint): the commit is durable without it (the log is synced), and
/// [`checkpoint`] does it later.
pub async fn defer_checkpoints(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query("PRAGMA wal_autocheckpoint = 0").execute(conn).await?;
    Ok(())
}

/// Copies what the write-ahead log holds into the book, as far as no reader prevents it (a passive
/// checkpoint: it waits for nobody).
pub async fn checkpoint(pool: &SqlitePool) -> Result<()> {
    sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(pool).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    async fn pragma(conn: &mut SqliteConnection, name: &str) -> i64 {
        sqlx::query_scalar(&format!("PRAGMA {name}")).fetch_one(conn).await.unwrap()
    }

    #[tokio::test]
    async fn the_cache_is_set_in_kib_and_never_below_one() {
        let mut conn = testing::book().await;
        set_cache_kib(&mut conn, 64 * 1024).await.unwrap();
        assert_eq!(pragma(&mut conn, "cache_size").await, -64 * 1024);
        set_cache_kib(&mut conn, 0).await.unwrap();
        assert_eq!(pragma(&mut conn, "cache_size").await, -1);
    }

    #[tokio::test]
    async fn checkpoints_are_deferred_and_run_on_demand() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("book.sqlite3")).await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        defer_checkpoints(&mut conn).await.unwrap();
        assert_eq!(pragma(&mut conn, "wal_autocheckpoint").await, 0);
        let mut tx = begin_write(&mut conn).await.unwrap();
        crate::settings::set(&mut *tx, "k", "v").await.unwrap();
        tx.commit().await.unwrap();
        drop(conn);
        checkpoint(&pool).await.unwrap();
        assert_eq!(crate::settings::get(&pool, "k").await.unwrap().as_deref(), Some("v"));
    }
}
