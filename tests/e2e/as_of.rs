//! The book on a date in the real window: a subscription cancelled (and its customer's role
//! revoked) on 10 March 2022 reads cancelled today; moved back to 9 March with the header's
//! control, it reads active with its old roles and the buttons of an active subscription.

use csp_acceptance::{App, Book};

use crate::view_as_of;

#[tokio::test]
async fn moving_the_date_back_shows_a_cancelled_subscription_active_with_its_old_roles() {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let subs = book.ok(&["subscription", "list"]);
    let erp = subs.as_array().unwrap().iter().find(|s| s["name"] == "Straße — ERP").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    book.ok(&[
        "role",
        "revoke",
        "--subscription",
        &erp,
        "--principal",
        "customer",
        "--role",
        "contributor",
        "--on",
        "2022-03-10",
    ]);
    book.ok(&["subscription", "cancel", &erp, "--on", "2022-03-10"]);
    let app = App::start_with(book).await;

    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    app.click("[data-testid=nav-subscriptions]").await;
    app.type_into("[data-testid=subscription-search]", "ERP").await;
    app.wait_text("[data-testid=subscription-list-row]", "Straße — ERP").await;
    app.click("[data-testid=subscription-list-row]").await;
    app.wait_text("[data-testid=subscription-name]", "Straße — ERP").await;
    app.wait_attr("[data-testid=subscription-status]", "data-status", "cancelled").await;
    app.wait_text("[data-testid=subscription-cancelled]", "10 March 2022").await;
    assert!(!app.text("[data-testid=roles-table]").await.contains("(customer)"), "the customer's role was revoked");

    // The day before: active, the customer still a contributor, the subscription can be cancelled.
    view_as_of(&app, "2022-03-09").await;
    app.wait_attr("[data-testid=subscription-status]", "data-status", "active").await;
    app.wait_text("[data-testid=roles-table]", "Straße & Söhne GmbH (customer)").await;
    app.wait("[data-testid=subscription-cancel]").await;
    assert_eq!(app.text("[data-testid=subscription-cancelled]").await, "—");
    assert!(app.text("[data-testid=asof-banner]").await.contains("9 March 2022"));

    // Back to the demo's own date: cancelled again.
    app.click("[data-testid=asof-today]").await;
    app.wait_attr("[data-testid=subscription-status]", "data-status", "cancelled").await;
    // Viewing never wrote to the book.
    assert!(app.book.ok(&["settings", "show"]).get("business.today").is_none());
    app.close().await;
}
