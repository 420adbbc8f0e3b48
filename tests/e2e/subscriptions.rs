//! Ordering and managing subscriptions in the real window: the order dialog shows each offer's
//! rule for the customer and the date, the subscription page changes status and access, and the
//! book (read back through `cspctl`) holds what the window did.

use csp_acceptance::{App, Book};
use serde_json::Value;

use crate::{computer_date, type_date, view_as_of};

/// The business "today" the tests pin, so that dates the window proposes are known.
const TODAY: &str = "2024-05-06";

fn customer(book: &Book, partner: &str, name: &str, domain: &str, since: &str) -> String {
    let c = book.ok(&[
        "customer",
        "add",
        "--partner",
        partner,
        "--name",
        name,
        "--domain",
        domain,
        "--country",
        "FR",
        "--relationship-since",
        since,
    ]);
    c["id"].as_str().unwrap().to_string()
}

fn subscriptions_of(book: &Book, customer: &str) -> Vec<Value> {
    book.ok(&["subscription", "list", "--customer", customer]).as_array().expect("a list").clone()
}

/// Opens a customer's page from the customers list, searching for its name.
async fn open_customer(app: &App, name: &str) {
    app.click("[data-testid=nav-customers]").await;
    app.type_into("[data-testid=customer-search]", name).await;
    app.wait_text("[data-testid=customer-count]", "1 customer").await;
    app.click("[data-testid=customer-row]").await;
    app.wait_text("[data-testid=customer-name]", name).await;
}

#[tokio::test]
async fn orders_an_azure_plan_for_a_new_customer_who_is_refused_legacy_then_grants_contributor() {
    let book = Book::new();
    let office = book.direct_partner("Fabrikam Conseil");
    // Won after phase 1 (21 July 2021): a new customer for the office.
    let northwind = customer(&book, &office, "Northwind Traders", "northwindtraders.onmicrosoft.com", "2021-09-01");
    let app = App::start_with(book).await;

    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    view_as_of(&app, TODAY).await;
    open_customer(&app, "Northwind Traders").await;
    app.wait("[data-testid=customer-subscriptions-empty]").await;
    app.click("[data-testid=customer-order]").await;

    // Every offer is listed for the book date; the previous offer is refused, with its rule and
    // reason, and cannot be chosen.
    app.wait("[data-testid=order-dialog]").await;
    // A real book's order is dated on the computer's date unless chosen, whatever date it is viewed at.
    assert_eq!(app.value("[data-testid=order-on]").await, computer_date(), "the order date proposed is the computer's");
    type_date(&app, "[data-testid=order-on]", TODAY).await;
    app.wait_attr("[data-testid=order-offer-MS-AZR-0145P]", "data-allowed", "false").await;
    app.wait_attr("[data-testid=order-offer-MS-AZR-0145P]", "data-rule", "LEGACY_NEW_CUSTOMER").await;
    app.wait_text(
        "[data-testid=order-offer-reason-MS-AZR-0145P]",
        "Customers won on or after 21 July 2021 can only buy the Azure plan.",
    )
    .await;
    app.wait_text("[data-testid=order-offer-MS-AZR-0145P]", "Rule LEGACY_NEW_CUSTOMER").await;
    let legacy = app.wait("[data-testid=order-offer-input-MS-AZR-0145P]").await;
    assert!(!legacy.is_enabled().await.expect("radio state"), "a refused offer is shown disabled");
    app.wait_attr("[data-testid=order-offer-AZURE_PLAN]", "data-allowed", "true").await;
    app.wait_text("[data-testid=order-offer-AZURE_PLAN]", "Rule AZURE_PLAN_OPEN").await;
    app.wait_attr("[data-testid=order-offer-MS-AZR-0159P]", "data-rule", "APSS_PARTNER_ONLY").await;
    let plan = app.wait("[data-testid=order-offer-input-AZURE_PLAN]").await;
    assert!(plan.is_selected().await.expect("radio state"), "the allowed offer is proposed");

    // The window says what `offer check` says.
    let check = app.book.ok(&[
        "offer",
        "check",
        "--partner",
        &office,
        "--customer",
        &northwind,
        "--offer",
        "MS-AZR-0145P",
        "--on",
        TODAY,
    ]);
    assert_eq!((check["allowed"].as_bool(), check["rule"].as_str()), (Some(false), Some("LEGACY_NEW_CUSTOMER")));

    app.click("[data-testid=order-submit]").await;
    app.wait_text("[data-testid=subscription-name]", "Azure plan").await;
    app.wait_attr("[data-testid=subscription-status]", "data-status", "active").await;
    app.wait_text("[data-testid=subscription-partner]", "Fabrikam Conseil").await;
    app.wait_text("[data-testid=subscription-created]", "6 May 2024").await;

    let subs = subscriptions_of(&app.book, &northwind);
    assert_eq!(subs.len(), 1, "{subs:?}");
    let sub = &subs[0];
    assert_eq!(sub["offer"], "AZURE_PLAN");
    assert_eq!(sub["status"], "active");
    assert_eq!(sub["created_on"], TODAY);
    assert_eq!(sub["partner_id"], office.as_str());
    let id = sub["id"].as_str().unwrap().to_string();
    app.wait_text("[data-testid=subscription-id]", &id).await;
    // The customer holds nothing yet; the partner of record is owner.
    let principals: Vec<_> = sub["roles"].as_array().unwrap().iter().map(|r| r["principal"].clone()).collect();
    assert_eq!(principals, vec![Value::String(format!("partner:{office}"))]);

    // Grant the customer Contributor, the role proposed for a customer.
    assert_eq!(app.value("[data-testid=grant-principal]").await, "customer");
    assert_eq!(app.value("[data-testid=grant-role]").await, "contributor");
    assert_eq!(app.value("[data-testid=grant-on]").await, computer_date());
    type_date(&app, "[data-testid=grant-on]", TODAY).await;
    app.click("[data-testid=grant-submit]").await;
    app.wait_text(
        "[data-testid=access-notice]",
        "Contributor granted to Northwind Traders (customer) from 6 May 2024.",
    )
    .await;
    app.wait_text("[data-testid=roles-table]", "Northwind Traders (customer)").await;

    let shown = app.book.ok(&["subscription", "show", &id]);
    let customer_role = shown["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["principal"] == "customer")
        .unwrap_or_else(|| panic!("the customer holds a role: {shown}"))
        .clone();
    assert_eq!(customer_role["role"], "contributor");
    assert_eq!(customer_role["since"], TODAY);
    assert_eq!(customer_role["scope"], Value::Null);

    // The customer's page lists the subscription.
    app.click("[data-testid=subscription-back]").await;
    app.wait_text("[data-testid=customer-subscriptions]", "Azure plan").await;
    app.close().await;
}

#[tokio::test]
async fn the_list_opens_a_legacy_subscription_that_is_suspended_then_cancelled_on_chosen_dates() {
    let book = Book::new();
    let office = book.direct_partner("Fabrikam Conseil");
    let contoso = customer(&book, &office, "Contoso Pharma", "contosopharma.onmicrosoft.com", "2020-03-10");
    let legacy = book.ok(&[
        "subscription",
        "add",
        "--partner",
        &office,
        "--customer",
        &contoso,
        "--offer",
        "MS-AZR-0145P",
        "--on",
        "2020-04-01",
        "--name",
        "Contoso R&D",
    ]);
    let id = legacy["id"].as_str().unwrap().to_string();
    book.ok(&["subscription", "add", "--partner", &office, "--own", "--offer", "MS-AZR-0159P", "--on", "2019-01-07"]);
    let app = App::start_with(book).await;

    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    view_as_of(&app, TODAY).await;
    app.click("[data-testid=nav-subscriptions]").await;
    app.wait_text("[data-testid=subscription-count]", "2 subscriptions").await;
    app.select("[data-testid=subscription-offer-filter]", "MS-AZR-0145P").await;
    app.wait_text("[data-testid=subscription-count]", "1 of 2").await;
    app.click("[data-testid=subscription-list-row]").await;
    app.wait_text("[data-testid=subscription-name]", "Contoso R&D").await;
    app.wait_text("[data-testid=subscription-customer]", "Contoso Pharma").await;

    // Suspend on a chosen date, after a confirmation; the date proposed is the computer's.
    app.click("[data-testid=subscription-suspend]").await;
    assert_eq!(app.value("[data-testid=status-on]").await, computer_date());
    type_date(&app, "[data-testid=status-on]", "2022-01-15").await;
    app.click("[data-testid=status-confirm]").await;
    app.wait_attr("[data-testid=subscription-status]", "data-status", "suspended").await;
    app.wait_text("[data-testid=subscription-notice]", "Suspended from 15 January 2022.").await;
    let shown = app.book.ok(&["subscription", "show", &id]);
    assert_eq!(shown["status"], "suspended");

    // Cancel: the date goes into the book and the history.
    app.click("[data-testid=subscription-cancel]").await;
    type_date(&app, "[data-testid=status-on]", "2022-03-31").await;
    app.click("[data-testid=status-confirm]").await;
    app.wait_attr("[data-testid=subscription-status]", "data-status", "cancelled").await;
    app.wait_text("[data-testid=subscription-cancelled]", "31 March 2022").await;
    app.wait_text("[data-testid=subscription-history]", "Cancelled").await;
    app.wait_gone("[data-testid=subscription-reactivate]").await;
    let shown = app.book.ok(&["subscription", "show", &id]);
    assert_eq!(shown["status"], "cancelled");
    assert_eq!(shown["cancelled_on"], "2022-03-31");

    // The customer still holds its relationship from before phase 1 but no active previous-offer
    // subscription on the book date any more: the order dialog says so.
    app.click("[data-testid=subscription-customer] button").await;
    app.wait_text("[data-testid=customer-name]", "Contoso Pharma").await;
    app.click("[data-testid=customer-order]").await;
    app.wait_attr("[data-testid=order-offer-MS-AZR-0145P]", "data-rule", "LEGACY_NO_ACTIVE_LEGACY").await;
    // Before the cancellation the same pair could still buy it.
    type_date(&app, "[data-testid=order-on]", "2022-03-01").await;
    app.wait_attr("[data-testid=order-offer-MS-AZR-0145P]", "data-rule", "LEGACY_EXISTING_PAIR").await;
    app.wait_attr("[data-testid=order-offer-MS-AZR-0145P]", "data-allowed", "true").await;
    app.close().await;
}
