//! Screenshots of the usage, invoices and dashboard screens on a realistic book. On demand:
//! `CSPDESK_BILLING_DB=/tmp/x.sqlite3 cargo test -p csp-acceptance --test e2e -- --ignored billing_screenshots`
//! (a book made with `cspctl demo seed`, a price list, a month of usage, a billing run and a few
//! invoices issued); `CSPDESK_SHOT_LANG=fr` shows the French window. PNGs go to `$CSPDESK_SHOTS`
//! (default `tests/artifacts/screens/`).

use std::path::PathBuf;

use csp_acceptance::{App, Book};

async fn snap(app: &App, path: &std::path::Path) {
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    app.screenshot(path).await;
}

#[tokio::test]
#[ignore = "screenshots on demand"]
async fn billing_screenshots() {
    let out = std::env::var_os("CSPDESK_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("artifacts/screens"));
    std::fs::create_dir_all(&out).unwrap();
    let lang = std::env::var("CSPDESK_SHOT_LANG").unwrap_or_else(|_| "en".into());
    let book = Book::new();
    let db = std::env::var_os("CSPDESK_BILLING_DB").expect("CSPDESK_BILLING_DB: a book to show");
    std::fs::copy(db, &book.db).expect("copy the book to show");
    book.ok(&["settings", "set", "ui.language", &lang]);
    let shot = |name: &str| out.join(format!("{name}-{lang}.png"));
    let app = App::start_with(book).await;

    app.wait("[data-testid=dashboard-statuses]").await;

    app.click("[data-testid=nav-usage]").await;
    app.wait("[data-testid=usage-stats]").await;
    snap(&app, &shot("usage")).await;
    app.click("[data-testid=usage-import]").await;
    app.type_into("[data-testid=usage-import-path]", "/tmp/no-such-usage.csv").await;
    app.click("[data-testid=usage-import-run]").await;
    app.wait("[data-testid=usage-import-errors]").await;
    snap(&app, &shot("usage-import-refused")).await;
    app.click("[data-testid=usage-import-close]").await;

    app.click("[data-testid=nav-invoices]").await;
    app.wait("[data-testid=invoices-table]").await;
    snap(&app, &shot("invoices")).await;
    app.click("[data-testid=invoice-row]:nth-child(6) td").await;
    app.wait("[data-testid=invoice-lines]").await;
    snap(&app, &shot("invoice")).await;
    app.click("[data-testid=invoice-credit]").await;
    app.wait("[data-testid=invoice-action-dialog]").await;
    snap(&app, &shot("invoice-credit")).await;
    app.click("[data-testid=invoice-action-dialog] .btn-ghost").await;
    app.click("[data-testid=invoice-back]").await;
    app.click("[data-testid=invoices-export]").await;
    let dir = app.book.dir.path().join("pdf");
    app.type_into("[data-testid=export-dir]", dir.to_str().unwrap()).await;
    app.click("[data-testid=export-run]").await;
    app.wait("[data-testid=export-done]").await;
    snap(&app, &shot("invoices-export")).await;
    app.click("[data-testid=export-close]").await;
    app.click("[data-testid=invoices-markups]").await;
    app.wait("[data-testid=preview-price]").await;
    snap(&app, &shot("markups")).await;
    app.click("[data-testid=nav-invoices]").await;
    // The dashboard last: WebKit's first screenshot after start can show a frame from before the
    // figures arrived.
    app.click("[data-testid=nav-dashboard]").await;
    app.wait("[data-testid=dashboard-statuses]").await;
    snap(&app, &shot("dashboard")).await;
    app.close().await;
}
