//! The database file: created on first open, migrated, and refused when a newer program wrote it.

use csp_core::{CoreError, Ctx};

#[tokio::test]
async fn first_open_creates_the_file_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/book.sqlite3");
    let ctx = Ctx::open(&path).await.unwrap();
    assert!(path.exists());
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode").fetch_one(&ctx.pool).await.unwrap();
    assert_eq!(mode, "wal");
    let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys").fetch_one(&ctx.pool).await.unwrap();
    assert_eq!(fk, 1);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM countries").fetch_one(&ctx.pool).await.unwrap();
    assert!(n >= 249, "every ISO country is in a market: {n}");
}

#[tokio::test]
async fn an_older_program_refuses_a_newer_database_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.sqlite3");
    let ctx = Ctx::open(&path).await.unwrap();
    // A newer CSP Desk applied a migration this program does not know.
    let future = csp_core::store::db::latest_schema_version() + 1;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         VALUES (?, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0)",
    )
    .bind(future)
    .execute(&ctx.pool)
    .await
    .unwrap();
    // Everything into the main file, so that its bytes are the whole database.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&ctx.pool).await.unwrap();
    ctx.pool.close().await;
    let before = std::fs::read(&path).unwrap();

    let err = Ctx::open(&path).await.unwrap_err();
    assert!(matches!(err, CoreError::SchemaTooNew { .. }), "{err:?}");
    assert_eq!(err.code(), "SCHEMA_TOO_NEW");
    assert!(err.to_string().contains("newer version of CSP Desk"));
    assert_eq!(std::fs::read(&path).unwrap(), before, "the newer database is not modified");
}

#[tokio::test]
async fn reopening_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.sqlite3");
    Ctx::open(&path).await.unwrap().pool.close().await;
    let ctx = Ctx::open(&path).await.unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations").fetch_one(&ctx.pool).await.unwrap();
    assert_eq!(n, csp_core::store::db::MIGRATOR.iter().count() as i64);
}
