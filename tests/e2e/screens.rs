//! Screenshots of every screen, for the README and for looking at the product as a user does.
//! Not part of `make test` (it proves nothing a test above does not): run it by hand with
//! `cargo test -p csp-acceptance --test e2e -- --ignored screenshots`; the PNGs go to
//! `tests/artifacts/screens/` (or `$CSPDESK_SHOTS`). `$CSPDESK_SHOT_DB` names a book to copy and
//! show (e.g. one with 100,000 customers); otherwise a small book is made through `cspctl`.

use std::path::PathBuf;

use csp_acceptance::{App, Book};

#[tokio::test]
#[ignore = "screenshots on demand"]
async fn screenshots() {
    let out = std::env::var_os("CSPDESK_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("artifacts/screens"));
    let book = Book::new();
    match std::env::var_os("CSPDESK_SHOT_DB") {
        Some(db) => {
            std::fs::copy(db, &book.db).expect("copy the book to show");
        }
        None => {
            let office = book.direct_partner("Fabrikam Conseil");
            book.ok(&[
                "customer",
                "add",
                "--partner",
                &office,
                "--name",
                "Contoso Pharma",
                "--domain",
                "contosopharma.onmicrosoft.com",
                "--country",
                "FR",
            ]);
        }
    }
    let app = App::start_with(book).await;
    let shot = |name: &str| out.join(format!("{name}.png"));

    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    app.wait_text("[data-testid=dashboard-customers]", "").await;
    app.screenshot(&shot("dashboard")).await;

    app.click("[data-testid=nav-customers]").await;
    app.wait("[data-testid=customer-row]").await;
    app.screenshot(&shot("customers")).await;
    app.type_into("[data-testid=customer-search]", "northwind12").await;
    app.wait_text("[data-testid=customer-row-name]", "Northwind").await;
    app.screenshot(&shot("customers-search")).await;
    app.click("[data-testid=customer-row]").await;
    app.wait("[data-testid=customer-page]").await;
    app.screenshot(&shot("customer")).await;

    app.click("[data-testid=nav-partners]").await;
    app.wait("[data-testid=partners-table]").await;
    app.screenshot(&shot("partners")).await;

    app.click("[data-testid=nav-customers]").await;
    app.click("[data-testid=customers-onboard]").await;
    app.wait("[data-testid=wizard-step-company]").await;
    app.click("[data-testid=wizard-next]").await;
    app.wait("[data-testid=wizard-name-error]").await;
    app.screenshot(&shot("wizard-1-company-error")).await;
    app.type_into("[data-testid=wizard-name]", "Trey Research SARL").await;
    app.type_into("[data-testid=wizard-email]", "compta@treyresearch.fr").await;
    app.click("[data-testid=wizard-next]").await;
    app.type_into("[data-testid=wizard-domain]", "treyresearch.onmicrosoft.com").await;
    app.select("[data-testid=wizard-country]", "US").await;
    app.wait_attr("[data-testid=market-status]", "data-allowed", "false").await;
    app.screenshot(&shot("wizard-2-market-mismatch")).await;
    app.select("[data-testid=wizard-country]", "FR").await;
    app.wait_attr("[data-testid=market-status]", "data-allowed", "true").await;
    app.screenshot(&shot("wizard-2-market-ok")).await;
    app.click("[data-testid=wizard-next]").await;
    app.wait("[data-testid=wizard-step-relationship]").await;
    app.screenshot(&shot("wizard-3-relationship")).await;
    app.click("[data-testid=wizard-next]").await;
    app.wait("[data-testid=wizard-review]").await;
    app.screenshot(&shot("wizard-4-review")).await;
    app.click("[data-testid=wizard-submit]").await;
    app.wait("[data-testid=wizard-done]").await;
    app.screenshot(&shot("wizard-5-done")).await;

    app.click("[data-testid=nav-settings]").await;
    app.wait("[data-testid=settings-page]").await;
    app.screenshot(&shot("settings")).await;

    app.click("[data-testid=nav-subscriptions]").await;
    app.wait("[data-testid=empty-subscriptions]").await;
    app.screenshot(&shot("subscriptions")).await;

    // The book as of phase 1, in French.
    app.click("[data-testid=lang-fr]").await;
    app.click("[data-testid=asof-phase1]").await;
    app.wait("[data-testid=asof-banner]").await;
    app.click("[data-testid=nav-dashboard]").await;
    app.wait_text("[data-testid=page-title]", "Tableau de bord").await;
    app.screenshot(&shot("dashboard-fr-phase1")).await;
    app.click("[data-testid=nav-customers]").await;
    app.wait("[data-testid=customer-row]").await;
    app.screenshot(&shot("customers-fr")).await;
    app.click("[data-testid=asof-today]").await;
    app.wait_gone("[data-testid=asof-banner]").await;
    app.close().await;
}
