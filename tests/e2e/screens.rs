//! Screenshots of every screen, for the README and for looking at the product as a user does.
//! Not part of `make test` (it proves nothing a test above does not): run it by hand with
//! `cargo test -p csp-acceptance --test e2e -- --ignored screenshots`; the PNGs go to
//! `tests/artifacts/screens/` (or `$CSPDESK_SHOTS`). `$CSPDESK_SHOT_DB` names a book to copy and
//! show (e.g. one with 100,000 customers); otherwise a small book is made through `cspctl`.

use std::path::PathBuf;

use csp_acceptance::{App, Book};

/// Where the PNGs go: `$CSPDESK_SHOTS`, else `tests/artifacts/screens/` (created if missing).
fn shots_dir() -> PathBuf {
    let out = std::env::var_os("CSPDESK_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("artifacts/screens"));
    std::fs::create_dir_all(&out).expect("the screenshots folder");
    out
}

/// Photographs the window once it has painted what the page now holds (WebKit's screenshot can
/// lag a frame or two behind the page, e.g. a dialog that just opened).
async fn snap(app: &App, path: &std::path::Path) {
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    app.screenshot(path).await;
}

#[tokio::test]
#[ignore = "screenshots on demand"]
async fn screenshots() {
    let out = shots_dir();
    let book = Book::new();
    // What the customers search shows: one of 100,000 in a big book, the one customer otherwise.
    let mut search = ("northwind12", "Northwind");
    match std::env::var_os("CSPDESK_SHOT_DB") {
        Some(db) => {
            std::fs::copy(db, &book.db).expect("copy the book to show");
        }
        None => {
            let office = book.direct_partner("Fabrikam Conseil");
            let contoso = book.ok(&[
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
                "--relationship-since",
                "2020-03-10",
            ]);
            let contoso = contoso["id"].as_str().unwrap();
            // A previous-offer subscription ordered before phase 1, an Azure plan after, and the
            // office's own tenant.
            for (offer, on, name) in
                [("MS-AZR-0145P", "2020-04-01", "Contoso R&D"), ("AZURE_PLAN", "2021-09-20", "Contoso production")]
            {
                book.ok(&[
                    "subscription",
                    "add",
                    "--partner",
                    &office,
                    "--customer",
                    contoso,
                    "--offer",
                    offer,
                    "--on",
                    on,
                    "--name",
                    name,
                ]);
            }
            book.ok(&[
                "subscription",
                "add",
                "--partner",
                &office,
                "--own",
                "--offer",
                "MS-AZR-0159P",
                "--on",
                "2019-01-07",
            ]);
            // The previous-offer subscription moved in 2022 to a partner enrolled after phase 1.
            let target = book.ok(&[
                "partner",
                "add",
                "--name",
                "Contoso Cloud SAS",
                "--tier",
                "direct",
                "--country",
                "FR",
                "--currency",
                "EUR",
                "--enrolled-on",
                "2021-10-04",
            ]);
            let target = target["id"].as_str().unwrap();
            book.ok(&["customer", "link", "--customer", contoso, "--partner", target, "--on", "2022-01-03"]);
            let legacy =
                book.ok(&["subscription", "list", "--customer", contoso])[0]["id"].as_str().unwrap().to_string();
            let transfer = book.ok(&[
                "transfer",
                "create",
                "--customer",
                contoso,
                "--from",
                &office,
                "--to",
                target,
                "--subscriptions",
                &legacy,
                "--on",
                "2022-01-10",
            ]);
            let transfer = transfer["id"].as_str().unwrap();
            book.ok(&["transfer", "accept", transfer, "--on", "2022-01-12"]);
            book.ok(&["transfer", "complete", transfer, "--on", "2022-02-01"]);
            search = ("contoso", "Contoso");
        }
    }
    let app = App::start_with(book).await;
    let shot = |name: &str| out.join(format!("{name}.png"));

    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    app.wait_text("[data-testid=dashboard-customers]", "").await;
    snap(&app, &shot("dashboard")).await;

    app.click("[data-testid=nav-customers]").await;
    app.wait("[data-testid=customer-row]").await;
    snap(&app, &shot("customers")).await;
    app.type_into("[data-testid=customer-search]", search.0).await;
    app.wait_text("[data-testid=customer-row-name]", search.1).await;
    snap(&app, &shot("customers-search")).await;
    app.click("[data-testid=customer-row]").await;
    app.wait("[data-testid=customer-page]").await;
    snap(&app, &shot("customer")).await;
    app.click("[data-testid=customer-edit]").await;
    app.wait("[data-testid=customer-edit-form]").await;
    snap(&app, &shot("customer-edit")).await;

    app.click("[data-testid=nav-partners]").await;
    app.wait("[data-testid=partners-table]").await;
    snap(&app, &shot("partners")).await;
    app.click("[data-testid=partner-edit]").await;
    app.wait("[data-testid=partner-legal]").await;
    // The legal identity is at the foot of the form: bring it into view.
    app.client.execute("document.querySelector('[data-testid=partner-legal]').scrollIntoView()", vec![]).await.unwrap();
    snap(&app, &shot("partner-edit")).await;
    app.click("[data-testid=nav-dashboard]").await;

    app.click("[data-testid=nav-customers]").await;
    app.click("[data-testid=customers-onboard]").await;
    app.wait("[data-testid=wizard-step-company]").await;
    app.click("[data-testid=wizard-next]").await;
    app.wait("[data-testid=wizard-name-error]").await;
    snap(&app, &shot("wizard-1-company-error")).await;
    app.type_into("[data-testid=wizard-name]", "Trey Research SARL").await;
    app.type_into("[data-testid=wizard-email]", "compta@treyresearch.fr").await;
    app.click("[data-testid=wizard-next]").await;
    app.type_into("[data-testid=wizard-domain]", "treyresearch.onmicrosoft.com").await;
    app.select("[data-testid=wizard-country]", "US").await;
    app.wait_attr("[data-testid=market-status]", "data-allowed", "false").await;
    snap(&app, &shot("wizard-2-market-mismatch")).await;
    app.select("[data-testid=wizard-country]", "FR").await;
    app.wait_attr("[data-testid=market-status]", "data-allowed", "true").await;
    snap(&app, &shot("wizard-2-market-ok")).await;
    app.click("[data-testid=wizard-next]").await;
    app.wait("[data-testid=wizard-step-relationship]").await;
    snap(&app, &shot("wizard-3-relationship")).await;
    app.click("[data-testid=wizard-next]").await;
    app.wait("[data-testid=wizard-review]").await;
    snap(&app, &shot("wizard-4-review")).await;
    app.click("[data-testid=wizard-submit]").await;
    app.wait("[data-testid=wizard-done]").await;
    snap(&app, &shot("wizard-5-done")).await;

    // A new customer's order: the previous offer is refused, with its rule.
    app.click("[data-testid=wizard-open-customer]").await;
    app.click("[data-testid=customer-order]").await;
    app.wait_attr("[data-testid=order-offer-MS-AZR-0145P]", "data-allowed", "false").await;
    snap(&app, &shot("order")).await;
    app.click("[data-testid=order-submit]").await;
    app.wait("[data-testid=grant-submit]").await;
    app.click("[data-testid=grant-submit]").await;
    app.wait("[data-testid=access-notice]").await;
    snap(&app, &shot("subscription")).await;
    app.select("[data-testid=grant-role]", "owner").await;
    app.click("[data-testid=grant-submit]").await;
    app.wait("[data-testid=owner-risk-dialog]").await;
    snap(&app, &shot("owner-risk")).await;
    app.click("[data-testid=owner-risk-contributor]").await;

    app.click("[data-testid=nav-settings]").await;
    app.wait("[data-testid=settings-page]").await;
    snap(&app, &shot("settings")).await;

    app.click("[data-testid=nav-subscriptions]").await;
    app.wait("[data-testid=subscription-list-row]").await;
    snap(&app, &shot("subscriptions")).await;

    app.click("[data-testid=nav-transfers]").await;
    if app.client.find(fantoccini::Locator::Css("[data-testid=transfer-row]")).await.is_ok() {
        snap(&app, &shot("transfers")).await;
        app.click("[data-testid=transfer-row] td").await;
        app.wait("[data-testid=transfer-page]").await;
        snap(&app, &shot("transfer")).await;
    }

    // The book as of phase 1, in French.
    app.click("[data-testid=lang-fr]").await;
    app.click("[data-testid=asof-phase1]").await;
    app.wait("[data-testid=asof-banner]").await;
    app.click("[data-testid=nav-dashboard]").await;
    app.wait_text("[data-testid=page-title]", "Tableau de bord").await;
    snap(&app, &shot("dashboard-fr-phase1")).await;
    app.click("[data-testid=nav-customers]").await;
    app.wait("[data-testid=customer-row]").await;
    snap(&app, &shot("customers-fr")).await;
    app.click("[data-testid=nav-subscriptions]").await;
    app.wait("[data-testid=subscription-list-row]").await;
    snap(&app, &shot("subscriptions-fr-phase1")).await;
    app.click("[data-testid=subscription-list-row]").await;
    app.wait("[data-testid=subscription-page]").await;
    snap(&app, &shot("subscription-fr-phase1")).await;
    app.click("[data-testid=asof-today]").await;
    app.wait_gone("[data-testid=asof-banner]").await;
    app.close().await;
}

/// The Support list and a case page, in English and French, on the demo book (its cases tell the
/// story: a reseller's customer escalated through its provider to Microsoft, one overdue).
#[tokio::test]
#[ignore = "screenshots on demand"]
async fn screenshots_support() {
    let out = shots_dir();
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let app = App::start_with(book).await;
    let shot = |name: &str| out.join(format!("{name}.png"));
    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    app.wait("[data-testid=dashboard-support]").await;
    snap(&app, &shot("dashboard-support")).await;
    for lang in ["en", "fr"] {
        app.click(&format!("[data-testid=lang-{lang}]")).await;
        app.click("[data-testid=nav-support]").await;
        app.wait("[data-testid=case-row]").await;
        snap(&app, &shot(&format!("support-{lang}"))).await;
        app.click("[data-testid=case-search]").await;
        app.type_into("[data-testid=case-search]", "Chalet").await;
        app.click("[data-testid=case-row] td").await;
        app.wait("[data-testid=case-page]").await;
        snap(&app, &shot(&format!("case-{lang}"))).await;
        app.click("[data-testid=case-back]").await;
        app.wait("[data-testid=case-row]").await;
        app.client.find(fantoccini::Locator::Css("[data-testid=case-search]")).await.unwrap().clear().await.unwrap();
        // A reseller's view of an open case: the refusal with its rule.
        app.click("[data-testid=case-row] td").await;
        app.wait("[data-testid=case-page]").await;
        snap(&app, &shot(&format!("case-open-{lang}"))).await;
        app.click("[data-testid=case-back]").await;
    }
    app.close().await;
}

/// The demo book viewed on the eve of phase 1 and after phase 2: the dashboard, the partners page
/// and the Łódź subscription (Hanse IT's previous offer, then Nuage Azur's Azure plan after the
/// February 2022 transfer). Written as `asof-<screen>-<date>.png`.
#[tokio::test]
#[ignore = "screenshots on demand"]
async fn screenshots_as_of() {
    let out = shots_dir();
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let app = App::start_with(book).await;
    let shot = |screen: &str, date: &str| out.join(format!("asof-{screen}-{date}.png"));
    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    for date in ["2021-07-20", "2022-03-01"] {
        app.click("[data-testid=nav-dashboard]").await;
        crate::view_as_of(&app, date).await;
        // The date field loses the focus, as when the user moves on.
        app.click("[data-testid=page-title]").await;
        app.wait("[data-testid=dashboard-active]").await;
        snap(&app, &shot("dashboard", date)).await;
        app.click("[data-testid=nav-partners]").await;
        app.wait("[data-testid=partners-table]").await;
        // The partners table (tiers and providers) rather than the office's card above it.
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        app.client
            .execute(
                "const t = document.querySelector('[data-testid=partners-table]'); \
                 t.closest('.card').scrollIntoView({ block: 'start' });",
                vec![],
            )
            .await
            .expect("scroll to the partners");
        snap(&app, &shot("partners", date)).await;
        app.click("[data-testid=nav-subscriptions]").await;
        app.type_into("[data-testid=subscription-search]", "WMS").await;
        app.wait_text("[data-testid=subscription-list-row]", "WMS").await;
        app.click("[data-testid=subscription-list-row]").await;
        app.wait_text("[data-testid=subscription-name]", "WMS").await;
        snap(&app, &shot("subscription", date)).await;
    }
    app.close().await;
}

/// The screens of what only `cspctl` had: Settings → exchange rates, the price-list import (its
/// answer and a refusal naming row and column) and the month's incentives, in English and French,
/// on the demo book.
#[tokio::test]
#[ignore = "screenshots on demand"]
async fn screenshots_money() {
    let out = shots_dir();
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    book.ok(&["price", "exchange-rate", "--month", "2022-01", "--from", "EUR", "--to", "USD", "--rate", "1.1318"]);
    book.ok(&["price", "exchange-rate", "--month", "2022-01", "--from", "EUR", "--to", "CHF", "--rate", "1.0427"]);
    let prices = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/price-list.csv");
    let bad = book.dir.path().join("prices-bad.csv");
    std::fs::write(
        &bad,
        "MeterId,MeterName,MeterCategory,Unit,Currency,ERP,EffectiveFrom,EffectiveTo,PecEligible\n\
         m1,D2s v5,Virtual Machines,1 Hour,EUR,0.096,2021-01-01,,yes\n\
         m2,E4s v5,Virtual Machines,1 Hour,EUR,abc,2021-01-01,,yes\n",
    )
    .unwrap();
    let app = App::start_with(book).await;
    let shot = |name: &str| out.join(format!("{name}.png"));
    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    for lang in ["en", "fr"] {
        app.click(&format!("[data-testid=lang-{lang}]")).await;

        app.click("[data-testid=nav-settings]").await;
        app.wait("[data-testid=exchange-rate-row]").await;
        app.client
            .execute("document.querySelector('[data-testid=exchange-rates]').scrollIntoView()", vec![])
            .await
            .unwrap();
        app.type_into("[data-testid=exchange-rate-rate]", "1.0791").await;
        app.click("[data-testid=exchange-rate-save]").await;
        app.wait("[data-testid=exchange-rate-notice]").await;
        app.client
            .execute("document.querySelector('[data-testid=exchange-rates]').scrollIntoView()", vec![])
            .await
            .unwrap();
        snap(&app, &shot(&format!("exchange-rates-{lang}"))).await;

        app.click("[data-testid=nav-invoices]").await;
        app.click("[data-testid=invoices-markups]").await;
        app.click("[data-testid=price-import]").await;
        app.type_into("[data-testid=price-import-path]", bad.to_str().unwrap()).await;
        app.click("[data-testid=price-import-run]").await;
        app.wait("[data-testid=price-import-errors]").await;
        snap(&app, &shot(&format!("price-import-refused-{lang}"))).await;
        app.client
            .find(fantoccini::Locator::Css("[data-testid=price-import-path]"))
            .await
            .unwrap()
            .clear()
            .await
            .unwrap();
        app.type_into("[data-testid=price-import-path]", prices.to_str().unwrap()).await;
        app.click("[data-testid=price-import-run]").await;
        app.wait("[data-testid=price-import-done]").await;
        snap(&app, &shot(&format!("price-import-{lang}"))).await;
        app.click("[data-testid=price-import-close]").await;
        app.wait_gone("[data-testid=price-import-dialog]").await;

        app.click("[data-testid=nav-usage]").await;
        app.select("[data-testid=usage-month]", "2022-01").await;
        app.wait("[data-testid=incentive-row]").await;
        app.client
            .execute("document.querySelector('[data-testid=incentives]').scrollIntoView()", vec![])
            .await
            .unwrap();
        snap(&app, &shot(&format!("incentives-{lang}"))).await;

        // A customer's own billing currency, on its edit form.
        app.click("[data-testid=nav-customers]").await;
        app.click("[data-testid=customer-row]").await;
        app.click("[data-testid=customer-edit]").await;
        app.wait("[data-testid=customer-edit-form]").await;
        app.client
            .execute("document.querySelector('[data-testid=customer-edit-form]').scrollIntoView()", vec![])
            .await
            .unwrap();
        snap(&app, &shot(&format!("customer-billing-currency-{lang}"))).await;
    }
    app.close().await;
}
