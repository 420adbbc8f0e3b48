//! The book section of Settings in the real window: verify the demo book, back it up to a typed
//! path (the system's save dialog is only a way to fill that field), and see the copy open.

use std::path::PathBuf;

use csp_acceptance::{App, Book};

/// Settings → the book section, verified, then a backup to `out`.
async fn verify_and_back_up(app: &App, out: &std::path::Path) {
    app.click("[data-testid=nav-settings]").await;
    app.wait("[data-testid=settings-book]").await;
    app.client
        .execute("document.querySelector('[data-testid=settings-book]').scrollIntoView()", vec![])
        .await
        .expect("scroll to the book section");
    app.click("[data-testid=book-verify]").await;
    app.wait_text("[data-testid=book-verify-ok]", "The book is intact: 13 issued documents, all sealed").await;
    app.type_into("[data-testid=book-backup-path]", out.to_str().unwrap()).await;
    app.click("[data-testid=book-backup]").await;
    app.wait_text("[data-testid=book-backup-done]", "Copy written").await;
}

#[tokio::test]
async fn settings_verifies_the_book_and_backs_it_up() {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    book.ok(&["settings", "set", "ui.language", "en"]);
    let out = book.dir.path().join("copy from the window.sqlite3");
    let app = App::start_with(book).await;
    verify_and_back_up(&app, &out).await;
    // The copy is a whole book that verifies on its own.
    let copy = Book { dir: tempfile::tempdir().unwrap(), db: out.clone() };
    assert_eq!(copy.ok(&["book", "verify"])["issued_documents"], 13);
    // A second backup to the same file is refused, and says so.
    app.click("[data-testid=book-backup]").await;
    app.wait_text("[data-testid=book-backup-error]", "already exists").await;
    app.close().await;
}

#[tokio::test]
#[ignore = "screenshots on demand"]
async fn book_screenshots() {
    let out = std::env::var_os("CSPDESK_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("artifacts/screens"));
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    book.ok(&["settings", "set", "ui.language", "en"]);
    let copy = book.dir.path().join("csp-desk-backup.sqlite3");
    let app = App::start_with(book).await;
    verify_and_back_up(&app, &copy).await;
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    app.screenshot(&out.join("settings-book.png")).await;
    app.close().await;
}
