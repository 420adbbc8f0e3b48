//! First run: the window offers to create the operating partner; what the user enters is what
//! the book holds.

use csp_acceptance::App;

use crate::type_date;

#[tokio::test]
async fn first_run_creates_the_operating_partner_in_the_book() {
    let app = App::start().await;
    app.wait_text("[data-testid=first-run-title]", "Welcome to CSP Desk").await;

    // Nothing typed yet: the form says what is missing, next to each field, and writes nothing.
    app.click("[data-testid=partner-submit]").await;
    app.wait_text("[data-testid=partner-name-error]", "Required").await;
    app.wait_text("[data-testid=partner-country-error]", "Required").await;
    assert_eq!(app.book.ok(&["partner", "list"]), serde_json::json!([]), "a refused form writes nothing");

    app.type_into("[data-testid=partner-name]", "Contoso Cloud SAS").await;
    app.wait_gone("[data-testid=partner-name-error]").await;
    app.select("[data-testid=partner-country]", "FR").await;
    app.type_into("[data-testid=partner-mpn]", "4512345").await;
    app.click("[data-testid=partner-tier-direct]").await;
    type_date(&app, "[data-testid=partner-enrolled]", "2019-03-01").await;
    app.type_into("[data-testid=partner-currency]", "eur").await;
    app.click("[data-testid=partner-mci]").await;
    app.type_into("[data-testid=partner-email]", "facturation@contoso.fr").await;
    app.type_into("[data-testid=partner-vat]", "FR40303265045").await;

    // A malformed value is refused by the command; its message sits under the field.
    app.type_into("[data-testid=partner-mpn]", "45-12").await;
    app.click("[data-testid=partner-submit]").await;
    app.wait_text("[data-testid=partner-mpn-error]", "digits only").await;
    assert_eq!(app.book.ok(&["partner", "list"]), serde_json::json!([]));

    app.type_into("[data-testid=partner-mpn]", "4512345").await;
    app.click("[data-testid=partner-submit]").await;

    // The shell opens on the dashboard, greeting the office by name.
    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    app.wait_text(".hero h2", "Contoso Cloud SAS").await;

    let list = app.book.ok(&["partner", "list"]);
    let partners = list.as_array().expect("partner list is an array");
    assert_eq!(partners.len(), 1, "{list}");
    let p = &partners[0];
    assert_eq!(p["name"], "Contoso Cloud SAS");
    assert_eq!(p["tier"], "direct");
    assert_eq!(p["country"], "FR");
    assert_eq!(p["currency"], "EUR");
    assert_eq!(p["mpn_id"], "4512345");
    assert_eq!(p["enrolled_on"], "2019-03-01");
    assert_eq!(p["mci"], true);
    assert_eq!(p["email"], "facturation@contoso.fr");
    assert_eq!(p["vat_id"], "FR40303265045");
    assert_eq!(p["operating"], true, "the first-run profile is the operating partner: {p}");

    // The Partners screen reads it back from the book.
    app.click("[data-testid=nav-partners]").await;
    app.wait_text("[data-testid=operating-name]", "Contoso Cloud SAS").await;
    app.wait_text("[data-testid=profile-enrolled]", "1 March 2019").await;

    // An edit changes what the form changed, clears what it emptied, keeps the rest.
    app.click("[data-testid=partner-edit]").await;
    app.type_into("[data-testid=partner-name]", "Contoso Cloud SARL").await;
    app.type_into("[data-testid=partner-email]", "").await;
    app.click("[data-testid=partner-submit]").await;
    app.wait_text("[data-testid=operating-name]", "Contoso Cloud SARL").await;
    let p = app.book.ok(&["partner", "show", p["id"].as_str().unwrap()]);
    assert_eq!(
        (p["name"].as_str(), p["tier"].as_str(), p["mpn_id"].as_str()),
        (Some("Contoso Cloud SARL"), Some("direct"), Some("4512345"))
    );
    assert!(p["email"].is_null(), "an emptied field is cleared: {p}");
    app.close().await;
}

#[tokio::test]
async fn the_demo_book_fills_an_empty_book_from_the_first_run() {
    let app = App::start().await;
    app.wait("[data-testid=first-run]").await;
    app.click("[data-testid=first-run-demo-button]").await;
    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    app.wait_text("[data-testid=dashboard-customers]", "6").await;
    app.wait_text("[data-testid=dashboard-offers]", "Azure plan").await;
    let customers = app.book.ok(&["customer", "list"]);
    assert_eq!(customers.as_array().unwrap().len(), 6, "{customers}");
    app.close().await;
}
