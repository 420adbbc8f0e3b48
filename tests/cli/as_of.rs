//! `--as-of`: the book as it stood on a date, read through cspctl; and the date of a write, which
//! no viewing date ever sets.

use csp_acceptance::Book;
use serde_json::Value;

fn names(v: &Value) -> Vec<String> {
    let mut n: Vec<String> = v.as_array().unwrap().iter().map(|x| x["name"].as_str().unwrap().to_string()).collect();
    n.sort();
    n
}

fn find(v: &Value, name: &str) -> String {
    v.as_array().unwrap().iter().find(|x| x["name"] == name).unwrap_or_else(|| panic!("no {name}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn list_and_show_read_the_book_as_it_stood_on_the_date() {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let subs = book.ok(&["subscription", "list"]);
    let erp = find(&subs, "Straße — ERP");
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

    // The eve of PHASE1: four subscriptions, four partners, three customers.
    let early = book.ok(&["subscription", "list", "--as-of", "2021-07-20"]);
    assert_eq!(early.as_array().unwrap().len(), 4, "{early}");
    let partners = book.ok(&["partner", "list", "--as-of", "2021-07-20"]);
    assert_eq!(names(&partners), ["EuroDistri Cloud SA", "Hanse IT GmbH", "Lumen Conseil SARL", "Nuage Azur SAS"]);
    let customers = book.ok(&["customer", "list", "--as-of", "2021-07-20"]);
    assert_eq!(names(&customers), ["Boulangerie Dupré & Fils", "Fjord Øst AS", "Łódź Logistics Sp. z o.o."]);

    // The cancelled subscription the day before: active, with its customer's role and its buttons.
    let before = book.ok(&["subscription", "show", &erp, "--as-of", "2022-03-09"]);
    assert_eq!(before["status"], "active");
    assert!(before["cancelled_on"].is_null());
    assert!(before["roles"].as_array().unwrap().iter().any(|r| r["principal"] == "customer"), "{before}");
    assert_eq!(before["allowed_actions"], serde_json::json!(["suspend", "cancel"]));
    let now = book.ok(&["subscription", "show", &erp]);
    assert_eq!(now["status"], "cancelled");
    assert!(!now["roles"].as_array().unwrap().iter().any(|r| r["principal"] == "customer"));

    // The transferred subscription: Hanse IT's legacy before 14 February 2022, Nuage Azur's Azure plan after.
    let wms = find(&subs, "Łódź — WMS");
    let hanse = find(&partners, "Hanse IT GmbH");
    let then = book.ok(&["subscription", "show", &wms, "--as-of", "2022-02-13"]);
    assert_eq!((then["partner_id"].as_str(), then["offer"].as_str()), (Some(hanse.as_str()), Some("MS-AZR-0145P")));
    let after = book.ok(&["subscription", "show", &wms, "--as-of", "2022-02-14"]);
    assert_eq!(after["offer"], "AZURE_PLAN");
    assert_ne!(after["partner_id"].as_str(), Some(hanse.as_str()));

    // A partner not enrolled yet, a customer not held yet: not found on that date.
    let alpes = find(&book.ok(&["partner", "list"]), "Alpes Informatique SARL");
    let refused = book.run(&["partner", "show", &alpes, "--as-of", "2021-11-01"]);
    assert_eq!(refused.error_code(), "NOT_FOUND");
    assert_eq!(book.ok(&["partner", "show", &alpes, "--as-of", "2021-11-02"])["tier"], "indirect-reseller");
    let atelier = find(&book.ok(&["customer", "list"]), "Atelier Lumière");
    assert_eq!(book.run(&["customer", "show", &atelier, "--as-of", "2022-01-09"]).error_code(), "NOT_FOUND");
    assert_eq!(
        book.ok(&["customer", "show", &atelier, "--as-of", "2022-01-10"])["relationships"].as_array().unwrap().len(),
        1
    );
    // A date that does not parse is refused like any value.
    assert_eq!(book.run(&["subscription", "list", "--as-of", "21/07/2021"]).error_code(), "VALIDATION");
}

#[test]
fn writes_default_to_the_computers_date_whatever_date_the_book_was_looked_at() {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    // The "as of" date is no setting of the book.
    let refused = book.run(&["settings", "set", "business.today", "2022-03-01"]);
    assert_eq!(refused.error_code(), "VALIDATION");
    assert!(refused.json()["error"]["message"].as_str().unwrap().contains("no longer a setting"));
    assert!(book.ok(&["settings", "show"]).get("business.today").is_none());
    // Reading the book on an earlier date changes nothing either.
    book.ok(&["customer", "list", "--as-of", "2021-07-20"]);
    let today = chrono::Local::now().date_naive().to_string();
    let c = book.ok(&[
        "customer",
        "add",
        "--partner",
        &p,
        "--name",
        "Fabrikam",
        "--domain",
        "fabrikam.onmicrosoft.com",
        "--country",
        "FR",
    ]);
    let shown = book.ok(&["customer", "show", c["id"].as_str().unwrap()]);
    assert_eq!(shown["relationships"][0]["since"], today.as_str(), "{shown}");
    // Not held yet on an earlier date.
    assert_eq!(
        book.run(&["customer", "show", c["id"].as_str().unwrap(), "--as-of", "2021-07-20"]).error_code(),
        "NOT_FOUND"
    );
}

#[test]
fn a_demo_seeded_on_a_date_holds_nothing_after_it_and_dates_its_writes_that_day() {
    let book = Book::new();
    let summary = book.ok(&["demo", "seed", "--as-of", "2021-07-20"]);
    assert_eq!(summary["as_of"], "2021-07-20");
    assert_eq!(book.ok(&["partner", "list"]).as_array().unwrap().len(), 4);
    assert_eq!(book.ok(&["subscription", "list"]).as_array().unwrap().len(), 4);
    assert_eq!(book.ok(&["customer", "list"]).as_array().unwrap().len(), 3);
    assert!(book.ok(&["transfer", "list"]).as_array().unwrap().is_empty());
    assert!(book.ok(&["invoice", "list"]).as_array().unwrap().is_empty());
    let subs = book.ok(&["subscription", "list"]);
    assert!(subs.as_array().unwrap().iter().all(|s| s["created_on"].as_str().unwrap() <= "2021-07-20"), "{subs}");
    // The demo's calendar is pinned: an undated write is dated on its day.
    let office = book.ok(&["partner", "list"]).as_array().unwrap().iter().find(|p| p["operating"] == true).unwrap()
        ["id"]
        .as_str()
        .unwrap()
        .to_string();
    let c = book.ok(&[
        "customer",
        "add",
        "--partner",
        &office,
        "--name",
        "Tailspin",
        "--domain",
        "tailspin.onmicrosoft.com",
        "--country",
        "FR",
    ]);
    let shown = book.ok(&["customer", "show", c["id"].as_str().unwrap()]);
    assert_eq!(shown["relationships"][0]["since"], "2021-07-20");
}
