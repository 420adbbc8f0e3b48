//! A reseller's customer case in the real window: opened from the customer's page, the reseller is
//! shown that Microsoft is not its to call (with the rule), escalates to its provider, which then
//! takes the case to Microsoft.

use csp_acceptance::{App, Book};

#[tokio::test]
async fn a_resellers_case_is_refused_microsoft_goes_to_the_provider_then_to_microsoft() {
    let book = Book::new();
    let (provider, reseller) = book.provider_and_reseller("EuroDistri Cloud", "Alpes Informatique");
    book.ok(&[
        "customer",
        "add",
        "--partner",
        &reseller,
        "--name",
        "Chalet Mont-Blanc",
        "--domain",
        "chalet.onmicrosoft.com",
        "--country",
        "FR",
        "--relationship-since",
        "2020-01-15",
    ]);
    let app = App::start_with(book).await;

    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    app.click("[data-testid=nav-customers]").await;
    app.click("[data-testid=customer-row]").await;
    app.click("[data-testid=customer-open-case]").await;
    // The only partner related to the customer is proposed as the holder.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while app.value("[data-testid=case-partner]").await != reseller {
        assert!(std::time::Instant::now() < deadline, "the reseller was never proposed as the holder");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.type_into("[data-testid=case-title-input]", "Réservations en ligne indisponibles").await;
    app.select("[data-testid=case-severity]", "critical").await;
    app.click("[data-testid=case-open-submit]").await;

    // Open, held by the reseller: Microsoft is refused with its rule, the provider is offered.
    app.wait_attr("[data-testid=case-status]", "data-status", "open").await;
    app.wait_attr("[data-testid=case-refusal-escalate_to_microsoft]", "data-rule", "ESCALATION_NOT_ALLOWED").await;
    app.wait_text("[data-testid=case-refusal-escalate_to_microsoft]", "An indirect reseller escalates to its provider")
        .await;
    app.wait_text("[data-testid=case-refusals]", "ESCALATION_NOT_ALLOWED").await;
    assert!(
        app.client
            .find_all(fantoccini::Locator::Css("[data-testid=case-escalate_to_microsoft]"))
            .await
            .unwrap()
            .is_empty(),
        "no Microsoft button for a reseller"
    );

    app.click("[data-testid=case-escalate_to_provider]").await;
    app.click("[data-testid=case-action-confirm]").await;
    app.wait_attr("[data-testid=case-status]", "data-status", "escalated").await;
    app.wait_text("[data-testid=case-holder]", "EuroDistri Cloud").await;

    // The provider takes it to Microsoft, with Microsoft's case number.
    app.click("[data-testid=case-escalate_to_microsoft]").await;
    app.type_into("[data-testid=case-reference]", "2203100040001234").await;
    app.click("[data-testid=case-action-confirm]").await;
    app.wait_text("[data-testid=case-microsoft]", "2203100040001234").await;
    app.wait_text("[data-testid=case-history]", "EuroDistri Cloud escalated to Microsoft").await;
    app.wait_text("[data-testid=case-history]", "Alpes Informatique escalated to its provider EuroDistri Cloud").await;

    // The book holds it: the provider holds the case, the reseller still sees it.
    let cases = app.book.ok(&["case", "list", "--partner", &reseller]);
    let case = &cases[0];
    assert_eq!(case["holder_id"], provider.as_str(), "{case}");
    assert_eq!(case["status"], "escalated", "{case}");
    let actions: Vec<&str> =
        case["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["opened", "escalated_to_provider", "escalated_to_microsoft"]);
    app.close().await;
}
