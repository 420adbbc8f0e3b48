//! The real app window under tauri-driver and WebKitWebDriver: what a user does on the first day.
//! `make test-e2e` builds the app and runs these under Xvfb when there is no display.

mod as_of;
mod billing_screens;
mod book;
mod first_run;
mod invoices;
mod month_end;
mod onboarding;
mod screens;
mod subscriptions;
mod support;
mod transfers;

use csp_acceptance::App;

/// Views the book as of `iso` with the header's control, as a user does (the window's own date:
/// nothing is written to the book), and waits for the window to say so.
pub async fn view_as_of(app: &App, iso: &str) {
    type_date(app, "[data-testid=asof-date]", iso).await;
    app.wait("[data-testid=asof-date]").await.send_keys("\u{E007}").await.expect("press Enter");
    app.wait("[data-testid=asof-banner]").await;
}

/// The computer's date, which a real book's writes default to.
pub fn computer_date() -> String {
    chrono::Local::now().date_naive().to_string()
}

/// Types a date into an `<input type="date">` as a user does: WebKitGTK shows it as month, day
/// and year segments in the US English locale the tests run in; typing fills them in turn, the
/// slash moving on to the next one.
pub async fn type_date(app: &App, css: &str, iso: &str) {
    let (y, rest) = iso.split_at(4);
    let (m, d) = (&rest[1..3], &rest[4..6]);
    let el = app.wait(css).await;
    el.clear().await.expect("clear the date");
    el.click().await.expect("focus the date");
    el.send_keys(&format!("{m}/{d}/{y}")).await.expect("type the date");
    let shown = app.value(css).await;
    assert_eq!(shown, iso, "the date field {css} holds {shown:?} after typing {iso}");
}
