//! A transfer in the real window: requested from the customer's page, accepted, completed; the
//! legacy subscription is converted (phase 1) and the target is reminded it holds no role yet.

use csp_acceptance::{App, Book};

use crate::{computer_date, type_date, view_as_of};

/// Waits until a form field holds `value` (a select filled in once its data arrives).
async fn wait_value(app: &App, css: &str, value: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while app.value(css).await != value {
        assert!(std::time::Instant::now() < deadline, "{css} never held {value:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_legacy_subscription_transferred_to_a_new_partner_is_converted_and_the_target_reminded() {
    let book = Book::new();
    let office = book.direct_partner("Fabrikam Conseil");
    // Enrolled after phase 1: a new partner, which may not hold the previous offer.
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
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let litware = book.ok(&[
        "customer",
        "add",
        "--partner",
        &office,
        "--name",
        "Litware Logistique",
        "--domain",
        "litware.onmicrosoft.com",
        "--country",
        "FR",
        "--relationship-since",
        "2019-11-04",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    book.ok(&["customer", "link", "--customer", &litware, "--partner", &target, "--on", "2022-01-03"]);
    let sub = book.ok(&[
        "subscription",
        "add",
        "--partner",
        &office,
        "--customer",
        &litware,
        "--offer",
        "MS-AZR-0145P",
        "--on",
        "2020-02-01",
        "--name",
        "Litware ERP",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let app = App::start_with(book).await;

    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    // Viewed on 1 February 2022: the request, its answer and its completion are all on or before it.
    view_as_of(&app, "2022-02-01").await;
    app.click("[data-testid=nav-customers]").await;
    app.click("[data-testid=customer-row]").await;
    app.click("[data-testid=customer-transfer]").await;
    wait_value(&app, "[data-testid=transfer-source]", &office).await;
    assert_eq!(app.value("[data-testid=transfer-on]").await, computer_date(), "a real book's writes default to today");
    type_date(&app, "[data-testid=transfer-on]", "2022-01-10").await;
    wait_value(&app, "[data-testid=transfer-source]", &office).await;
    app.select("[data-testid=transfer-target]", &target).await;
    app.wait_attr("[data-testid=transfer-subscription]", "value", &sub).await;
    app.click("[data-testid=transfer-submit]").await;

    app.wait_attr("[data-testid=transfer-status]", "data-status", "pending").await;
    app.wait_text("[data-testid=transfer-last-day]", "8 February 2022").await;
    app.click("[data-testid=transfer-accept]").await;
    type_date(&app, "[data-testid=transfer-action-on]", "2022-01-12").await;
    app.click("[data-testid=transfer-action-confirm]").await;
    app.wait_attr("[data-testid=transfer-status]", "data-status", "accepted").await;

    app.click("[data-testid=transfer-complete]").await;
    app.wait_text("[data-testid=transfer-action-dialog]", "Access does not move").await;
    type_date(&app, "[data-testid=transfer-action-on]", "2022-02-01").await;
    app.click("[data-testid=transfer-action-confirm]").await;
    app.wait_attr("[data-testid=transfer-status]", "data-status", "completed").await;
    app.wait_attr("[data-testid=transfer-subscription-row]", "data-rule", "TRANSFER_CONVERT_TO_AZURE_PLAN").await;
    app.wait_text("[data-testid=transfer-subscription-row]", "converted into the Azure plan").await;
    app.wait_text(
        "[data-testid=transfer-reminder]",
        "Contoso Cloud SAS holds no role on the transferred subscriptions yet",
    )
    .await;

    // The book holds it: new partner of record, the Azure plan, and no role for the target.
    let shown = app.book.ok(&["subscription", "show", &sub]);
    assert_eq!(shown["partner_id"], target.as_str(), "{shown}");
    assert_eq!(shown["offer"], "AZURE_PLAN", "{shown}");
    let target_roles = shown["roles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["principal"] == format!("partner:{target}").as_str())
        .count();
    assert_eq!(target_roles, 0, "the target gets no role automatically: {shown}");

    // The subscription's page says what happened, dated.
    app.click("[data-testid=transfer-subscription-row] td").await;
    app.wait_text("[data-testid=subscription-partner]", "Contoso Cloud SAS").await;
    app.wait_text("[data-testid=subscription-history]", "Converted to the Azure plan by the transfer").await;
    app.close().await;
}

#[tokio::test]
async fn completing_to_a_reseller_with_two_providers_names_the_one_that_bills() {
    let book = Book::new();
    let office = book.direct_partner("Fabrikam Conseil");
    let id = |v: serde_json::Value| v["id"].as_str().unwrap().to_string();
    let provider = |name: &str| {
        id(book.ok(&[
            "partner",
            "add",
            "--name",
            name,
            "--tier",
            "indirect-provider",
            "--country",
            "BE",
            "--currency",
            "EUR",
            "--enrolled-on",
            "2015-09-01",
        ]))
    };
    let (ingram, td) = (provider("Ingram Europe"), provider("TD Synnex France"));
    let reseller = id(book.ok(&[
        "partner",
        "add",
        "--name",
        "Contoso Revente",
        "--tier",
        "indirect-reseller",
        "--country",
        "FR",
        "--enrolled-on",
        "2019-11-02",
        "--provider",
        &ingram,
        "--provider",
        &td,
    ]));
    let litware = id(book.ok(&[
        "customer",
        "add",
        "--partner",
        &office,
        "--name",
        "Litware Logistique",
        "--domain",
        "litware.fr",
        "--tenant-id",
        "4f2c3a1e-8b7d-4c5e-9a1f-2b3c4d5e6f70",
        "--country",
        "FR",
        "--relationship-since",
        "2019-11-04",
    ]));
    book.ok(&["customer", "link", "--customer", &litware, "--partner", &reseller, "--on", "2022-01-03"]);
    let sub = id(book.ok(&[
        "subscription",
        "add",
        "--partner",
        &office,
        "--customer",
        &litware,
        "--offer",
        "AZURE_PLAN",
        "--on",
        "2021-09-01",
        "--name",
        "Litware ERP",
    ]));
    let t = id(book.ok(&[
        "transfer",
        "create",
        "--customer",
        &litware,
        "--from",
        &office,
        "--to",
        &reseller,
        "--subscriptions",
        &sub,
        "--on",
        "2022-01-05",
    ]));
    book.ok(&["transfer", "accept", &t, "--on", "2022-01-06"]);
    let app = App::start_with(book).await;

    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    // Viewed on the completion day, while the request is still open (it expires after 30 days).
    view_as_of(&app, "2022-01-12").await;
    app.click("[data-testid=nav-transfers]").await;
    app.click("[data-testid=transfer-row] td").await;
    app.click("[data-testid=transfer-complete]").await;
    app.wait_text("[data-testid=transfer-action-dialog]", "Contoso Revente has several providers").await;
    app.select("[data-testid=transfer-provider]", &td).await;
    if let Some(dir) = std::env::var_os("CSPDESK_SHOTS") {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        app.screenshot(&std::path::PathBuf::from(dir).join("transfer-complete-provider.png")).await;
    }
    type_date(&app, "[data-testid=transfer-action-on]", "2022-01-12").await;
    app.click("[data-testid=transfer-action-confirm]").await;
    app.wait_attr("[data-testid=transfer-status]", "data-status", "completed").await;

    let shown = app.book.ok(&["subscription", "show", &sub]);
    assert_eq!(
        (shown["partner_id"].as_str(), shown["billing_partner_id"].as_str()),
        (Some(reseller.as_str()), Some(td.as_str())),
        "{shown}"
    );
    app.close().await;
}
