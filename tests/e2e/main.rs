//! The real app window under tauri-driver and WebKitWebDriver: what a user does on the first day.
//! `make test-e2e` builds the app and runs these under Xvfb when there is no display.

mod billing_screens;
mod book;
mod first_run;
mod invoices;
mod onboarding;
mod screens;
mod subscriptions;
mod support;
mod transfers;

use csp_acceptance::App;

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
