//! Onboarding a customer through the wizard in the real window, then finding it in the list by
//! searching as one types.

use csp_acceptance::{App, Book};

fn customer(book: &Book, partner: &str, name: &str, domain: &str, country: &str) {
    book.ok(&["customer", "add", "--partner", partner, "--name", name, "--domain", domain, "--country", country]);
}

#[tokio::test]
async fn wizard_onboards_a_customer_that_the_list_then_finds() {
    let book = Book::new();
    let office = book.direct_partner("Fabrikam Conseil");
    customer(&book, &office, "Contoso Pharma", "contosopharma.onmicrosoft.com", "FR");
    customer(&book, &office, "Litware Logistique", "litware.onmicrosoft.com", "DE");
    let app = App::start_with(book).await;

    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    app.click("[data-testid=nav-customers]").await;
    app.wait_text("[data-testid=customer-count]", "2 customers").await;
    app.click("[data-testid=customers-onboard]").await;

    // Step 1, company: the name is required, and the error is shown next to it.
    app.wait("[data-testid=wizard-step-company]").await;
    app.click("[data-testid=wizard-next]").await;
    app.wait_text("[data-testid=wizard-name-error]", "Required").await;
    app.type_into("[data-testid=wizard-name]", "Northwind Traders SPRL").await;
    app.type_into("[data-testid=wizard-email]", "billing@northwind.example").await;
    app.click("[data-testid=wizard-next]").await;

    // Step 2, tenant and country: the market is checked live as the country changes.
    app.wait("[data-testid=wizard-step-tenant]").await;
    app.type_into("[data-testid=wizard-domain]", "northwindtraders.onmicrosoft.com").await;
    app.select("[data-testid=wizard-country]", "US").await;
    app.wait_attr("[data-testid=market-status]", "data-allowed", "false").await;
    app.wait_text("[data-testid=market-status]", "MARKET_MISMATCH").await;
    app.click("[data-testid=wizard-next]").await;
    app.wait_text("[data-testid=wizard-country-error]", "cannot sell").await;
    app.select("[data-testid=wizard-country]", "BE").await;
    app.wait_attr("[data-testid=market-status]", "data-allowed", "true").await;
    app.wait_text("[data-testid=market-status]", "MARKET_OK").await;
    app.click("[data-testid=wizard-next]").await;

    // Step 3, relationship: the office is the partner of record by default.
    app.wait("[data-testid=wizard-step-relationship]").await;
    assert_eq!(app.value("[data-testid=wizard-partner]").await, office);
    app.click("[data-testid=wizard-next]").await;

    // Review, then onboard.
    app.wait_text("[data-testid=wizard-review]", "northwindtraders.onmicrosoft.com").await;
    app.click("[data-testid=wizard-submit]").await;
    app.wait_text("[data-testid=wizard-done-title]", "Northwind Traders SPRL is onboarded").await;
    let tenant = app.text("[data-testid=wizard-done-tenant]").await;

    // The list finds it as the user types part of its name.
    app.click("[data-testid=nav-customers]").await;
    app.wait_text("[data-testid=customer-count]", "3 customers").await;
    app.type_into("[data-testid=customer-search]", "northw").await;
    app.wait_text("[data-testid=customer-count]", "1 customer").await;
    app.wait_text("[data-testid=customer-row-name]", "Northwind Traders SPRL").await;
    let rows = app.client.find_all(fantoccini::Locator::Css("[data-testid=customer-row]")).await.expect("rows");
    assert_eq!(rows.len(), 1, "only the matching customer is listed");

    // And its page shows what the book holds.
    app.click("[data-testid=customer-row]").await;
    app.wait_text("[data-testid=customer-name]", "Northwind Traders SPRL").await;
    app.wait_text("[data-testid=customer-tenant]", &tenant).await;
    app.wait_text("[data-testid=relationships-table]", "Fabrikam Conseil").await;

    let list = app.book.ok(&["customer", "list", "--search", "northwind"]);
    let found = list.as_array().expect("customer list is an array");
    assert_eq!(found.len(), 1, "{list}");
    assert_eq!(found[0]["domain"], "northwindtraders.onmicrosoft.com");
    assert_eq!(found[0]["country"], "BE");
    assert_eq!(found[0]["tenant_id"], tenant.as_str());
    assert_eq!(found[0]["relationships"][0]["partner_id"], office);
    app.close().await;
}
