//! Month-end in the real window, on the demo book: January 2022 read top to bottom — the checklist
//! and its next action, the differences the tie-outs found (late usage, a licence Microsoft charged
//! that the book lacks, usage withdrawn after it was invoiced), one acknowledged with a note, the
//! margin drawn by the chart library under the window's frozen prototypes, and the PEC lost.
//! With `$CSPDESK_SHOTS` set, it also photographs the screen in English and French.

use csp_acceptance::{App, Book};

async fn count(app: &App, css: &str) -> usize {
    app.client.find_all(fantoccini::Locator::Css(css)).await.expect("find").len()
}

#[tokio::test]
async fn the_demo_books_january_ties_out_in_the_window_and_a_difference_is_acknowledged() {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let app = App::start_with(book).await;
    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    app.click("[data-testid=lang-en]").await;
    app.click("[data-testid=nav-monthEnd]").await;
    app.select("[data-testid=month-end-month]", "2022-01").await;
    app.wait_text("[data-testid=month-end-checklist]", "Month-end — January 2022").await;
    app.wait_attr("[data-testid=month-end-next]", "data-step", "differences").await;
    app.wait("[data-testid=difference-row][data-code=LATE_USAGE]").await;
    assert_eq!(count(&app, "[data-testid=difference-row][data-code=NOT_BILLED]").await, 1);
    assert_eq!(count(&app, "[data-testid=difference-row][data-code=USAGE_WITHDRAWN]").await, 1);
    assert_eq!(count(&app, "[data-testid=pec-lost-row]").await, 1);
    assert!(count(&app, "[data-testid=margin-row]").await >= 3);
    // The chart library drew on its canvas (it would not, had it written over frozen built-ins).
    let drawn = app
        .client
        .execute(
            "const c = document.querySelector('[data-testid=margin-chart] canvas'); \
             return !!c && c.width > 0 && c.toDataURL().length > 3000;",
            vec![],
        )
        .await
        .expect("read the canvas");
    assert_eq!(drawn, serde_json::Value::Bool(true), "the margin chart is drawn");

    if let Some(dir) = std::env::var_os("CSPDESK_SHOTS") {
        let dir = std::path::PathBuf::from(dir);
        for lang in ["en", "fr"] {
            app.click(&format!("[data-testid=lang-{lang}]")).await;
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            app.client
                .execute("window.scrollTo(0, 0); document.querySelector('main')?.scrollTo(0, 0)", vec![])
                .await
                .unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            app.screenshot(&dir.join(format!("month-end-{lang}.png"))).await;
            app.client
                .execute("document.querySelector('[data-testid=month-end-margin]').scrollIntoView()", vec![])
                .await
                .unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            app.screenshot(&dir.join(format!("month-end-margin-{lang}.png"))).await;
        }
        app.click("[data-testid=lang-en]").await;
    }

    // The next action opens the first open difference: acknowledged with a note on the book's date.
    app.click("[data-testid=month-end-next]").await;
    app.wait("[data-testid=acknowledge-dialog]").await;
    app.type_into("[data-testid=acknowledge-note]", "Billed on February's invoice").await;
    app.click("[data-testid=acknowledge-confirm]").await;
    app.wait_text("[data-testid=difference-acknowledged]", "Billed on February's invoice").await;
    assert_eq!(count(&app, "[data-testid=difference-acknowledge]").await, 2);
    app.close().await;
}
