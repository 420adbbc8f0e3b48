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

/// Migration 0031 changed on the day it first shipped: a book that applied its first text opens,
/// is backed up, gets the trigger 0031 writes now (the one that lets an issued invoice take platform
/// statuses) and verifies. Another changed migration is still refused, the book untouched.
#[tokio::test]
async fn a_book_that_applied_the_first_text_of_migration_0031_opens_and_is_brought_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.sqlite3");
    let ctx = Ctx::open(&path).await.unwrap();
    // The book as that program left it: 0031's first checksum, its first trigger, and no 0043.
    let first = "8afd697f35748232f8d8c5d526b469cab4cef65fda1c7aeb4f3dc6508975271e45e6738fc567c45e85521ea575a72ba5";
    // One connection, one script: the schema changes in order.
    let script = format!(
        "UPDATE _sqlx_migrations SET checksum = x'{first}' WHERE version = 31;
         DELETE FROM _sqlx_migrations WHERE version = 43;
         DROP TRIGGER invoice_events_follow_status;
         CREATE TRIGGER invoice_events_follow_status BEFORE INSERT ON invoice_events
         WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft' AND NOT (
                 new.event IN ('issued', 'paid', 'voided')
             AND new.event = (SELECT CASE status WHEN 'issued' THEN 'issued' WHEN 'paid' THEN 'paid' WHEN 'voided' THEN 'voided' END
                              FROM invoices WHERE id = new.invoice_id)
             AND NOT EXISTS (SELECT 1 FROM invoice_events e WHERE e.invoice_id = new.invoice_id AND e.event = new.event))
         BEGIN
             SELECT RAISE(ABORT, 'the invoice history is append-only');
         END;"
    );
    sqlx::raw_sql(&script).execute(&mut *ctx.pool.acquire().await.unwrap()).await.unwrap();
    ctx.pool.close().await;

    let ctx = Ctx::open(&path).await.unwrap();
    let backups = std::fs::read_dir(dir.path().join("backups")).unwrap().count();
    assert_eq!(backups, 1, "the book was copied before it was brought up to date");
    let verified = csp_core::service::book::verify(&ctx).await.unwrap();
    assert!(verified.ok, "the trigger is the one the migrations write now: {verified:?}");
    let (trigger,): (String,) =
        sqlx::query_as("SELECT sql FROM sqlite_master WHERE name = 'invoice_events_follow_status'")
            .fetch_one(&ctx.pool)
            .await
            .unwrap();
    assert!(trigger.contains("new.event <> 'platform'"), "{trigger}");
    ctx.pool.close().await;

    // Any other edit of an applied migration is refused, and the book left as it is.
    let ctx = Ctx::open(&path).await.unwrap();
    sqlx::query("UPDATE _sqlx_migrations SET checksum = x'00' WHERE version = 30").execute(&ctx.pool).await.unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&ctx.pool).await.unwrap();
    ctx.pool.close().await;
    let before = std::fs::read(&path).unwrap();
    let err = Ctx::open(&path).await.unwrap_err();
    assert_eq!(err.code(), "MIGRATION", "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
