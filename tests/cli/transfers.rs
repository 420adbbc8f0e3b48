use csp_acceptance::Book;
use serde_json::Value;

/// Two direct partners in France with the same customer since 2020, and a legacy subscription the
/// source ordered before phase 1.
struct Scene {
    book: Book,
    source: String,
    target: String,
    customer: String,
    legacy: String,
}

fn scene() -> Scene {
    let book = Book::new();
    let source = book.direct_partner("Source SAS");
    let target = book.direct_partner("Cible SARL");
    let c = book.ok(&[
        "customer",
        "add",
        "--partner",
        &source,
        "--name",
        "Client Ancien",
        "--domain",
        "ancien.onmicrosoft.com",
        "--country",
        "FR",
        "--relationship-since",
        "2020-01-15",
    ]);
    let customer = c["id"].as_str().unwrap().to_string();
    book.ok(&["customer", "link", "--customer", &customer, "--partner", &target, "--on", "2020-06-01"]);
    let legacy = book.ok(&[
        "subscription",
        "add",
        "--partner",
        &source,
        "--customer",
        &customer,
        "--offer",
        "MS-AZR-0145P",
        "--on",
        "2021-01-10",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    Scene { book, source, target, customer, legacy }
}

fn create(s: &Scene, subs: &str, on: &str) -> Value {
    s.book.ok(&[
        "transfer",
        "create",
        "--customer",
        &s.customer,
        "--from",
        &s.source,
        "--to",
        &s.target,
        "--subscriptions",
        subs,
        "--on",
        on,
    ])
}

#[test]
fn after_phase1_a_legacy_subscription_is_converted_unless_the_target_may_hold_legacy() {
    let s = scene();
    // Each write returns the request as of its own date (pending, although its 29 days are long over today).
    let t = create(&s, &s.legacy, "2022-03-01");
    let id = t["id"].as_str().unwrap();
    assert_eq!(t["status"], "pending");
    assert_eq!(t["last_accept_day"], "2022-03-30");
    assert_eq!(s.book.ok(&["transfer", "accept", id, "--on", "2022-03-05"])["status"], "accepted");
    let done = s.book.ok(&["transfer", "complete", id, "--on", "2022-03-10"]);
    assert_eq!(done["status"], "completed");
    let outcome = &done["outcomes"][0];
    assert_eq!(outcome["subscription"], s.legacy.as_str());
    assert_eq!(outcome["offer_before"], "MS-AZR-0145P");
    assert_eq!(outcome["offer_after"], "AZURE_PLAN");
    assert_eq!(outcome["rule"], "TRANSFER_CONVERT_TO_AZURE_PLAN");
    assert!(done["reminder"].as_str().unwrap().contains("no admin rights"));

    let sub = s.book.ok(&["subscription", "show", &s.legacy]);
    assert_eq!(sub["partner_id"], s.target.as_str());
    assert_eq!(sub["billing_partner_id"], s.target.as_str());
    assert_eq!(sub["offer"], "AZURE_PLAN");
    // Access is not moved: the source keeps its owner role, the target has none.
    let roles = sub["roles"].as_array().unwrap();
    assert!(roles.iter().any(|r| r["principal"] == format!("partner:{}", s.source)));
    assert!(!roles.iter().any(|r| r["principal"] == format!("partner:{}", s.target)));
}

#[test]
fn a_target_with_its_own_active_legacy_keeps_the_offer() {
    let s = scene();
    s.book.ok(&[
        "subscription",
        "add",
        "--partner",
        &s.target,
        "--customer",
        &s.customer,
        "--offer",
        "MS-AZR-0145P",
        "--on",
        "2021-02-01",
    ]);
    let id = create(&s, &s.legacy, "2022-03-01")["id"].as_str().unwrap().to_string();
    s.book.ok(&["transfer", "accept", &id, "--on", "2022-03-02"]);
    let done = s.book.ok(&["transfer", "complete", &id, "--on", "2022-03-03"]);
    assert_eq!(done["outcomes"][0]["offer_after"], "MS-AZR-0145P");
    assert_eq!(done["outcomes"][0]["rule"], "TRANSFER_KEEP_LEGACY");
}

#[test]
fn before_phase1_the_offer_is_kept() {
    let s = scene();
    let id = create(&s, &s.legacy, "2021-06-01")["id"].as_str().unwrap().to_string();
    s.book.ok(&["transfer", "accept", &id, "--on", "2021-06-02"]);
    let done = s.book.ok(&["transfer", "complete", &id, "--on", "2021-07-20"]);
    assert_eq!(done["outcomes"][0]["rule"], "TRANSFER_KEEP_OFFER");
    assert_eq!(done["outcomes"][0]["offer_after"], "MS-AZR-0145P");
}

#[test]
fn refusals_name_their_rule_and_change_nothing() {
    let s = scene();
    let b = &s.book;
    let same = b.run(&[
        "transfer",
        "create",
        "--customer",
        &s.customer,
        "--from",
        &s.source,
        "--to",
        &s.source,
        "--subscriptions",
        &s.legacy,
        "--on",
        "2022-03-01",
    ]);
    assert_eq!(same.error_code(), "TRANSFER_SAME_PARTNER");
    let not_owned = b.run(&[
        "transfer",
        "create",
        "--customer",
        &s.customer,
        "--from",
        &s.target,
        "--to",
        &s.source,
        "--subscriptions",
        &s.legacy,
        "--on",
        "2022-03-01",
    ]);
    assert_eq!(not_owned.error_code(), "TRANSFER_NOT_OWNED");

    let id = create(&s, &s.legacy, "2022-03-01")["id"].as_str().unwrap().to_string();
    let again = b.run(&[
        "transfer",
        "create",
        "--customer",
        &s.customer,
        "--from",
        &s.source,
        "--to",
        &s.target,
        "--subscriptions",
        &s.legacy,
        "--on",
        "2022-03-02",
    ]);
    assert_eq!(again.error_code(), "TRANSFER_ALREADY_OPEN");
    let early = b.run(&["transfer", "complete", &id, "--on", "2022-03-05"]);
    assert_eq!(early.error_code(), "CONFLICT", "accept first");
    let late = b.run(&["transfer", "accept", &id, "--on", "2022-03-31"]);
    assert_eq!(late.error_code(), "TRANSFER_EXPIRED");
    assert_eq!(b.ok(&["transfer", "show", &id])["accepted_on"], Value::Null, "nothing written");
    // Once expired, the subscription can join a new request.
    create(&s, &s.legacy, "2022-04-01");

    let cancelled = b.ok(&[
        "subscription",
        "add",
        "--partner",
        &s.source,
        "--customer",
        &s.customer,
        "--offer",
        "AZURE_PLAN",
        "--on",
        "2022-01-05",
    ]);
    let cid = cancelled["id"].as_str().unwrap();
    b.ok(&["subscription", "cancel", cid, "--on", "2022-02-01"]);
    let o = b.run(&[
        "transfer",
        "create",
        "--customer",
        &s.customer,
        "--from",
        &s.source,
        "--to",
        &s.target,
        "--subscriptions",
        cid,
        "--on",
        "2022-03-01",
    ]);
    assert_eq!(o.error_code(), "TRANSFER_SUBSCRIPTION_CANCELLED");
}

#[test]
fn completion_needs_the_target_relationship_by_then() {
    let book = Book::new();
    let source = book.direct_partner("Source SAS");
    let target = book.direct_partner("Cible SARL");
    let customer = book.ok(&[
        "customer",
        "add",
        "--partner",
        &source,
        "--name",
        "C",
        "--domain",
        "c.onmicrosoft.com",
        "--country",
        "FR",
        "--relationship-since",
        "2022-01-01",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let sub = book.ok(&[
        "subscription",
        "add",
        "--partner",
        &source,
        "--customer",
        &customer,
        "--offer",
        "AZURE_PLAN",
        "--on",
        "2022-01-02",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let id = book.ok(&[
        "transfer",
        "create",
        "--customer",
        &customer,
        "--from",
        &source,
        "--to",
        &target,
        "--subscriptions",
        &sub,
        "--on",
        "2022-05-01",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    book.ok(&["transfer", "accept", &id, "--on", "2022-05-02"]);
    assert_eq!(book.run(&["transfer", "complete", &id, "--on", "2022-05-03"]).error_code(), "NO_RELATIONSHIP");
    book.ok(&["customer", "link", "--customer", &customer, "--partner", &target, "--on", "2022-05-03"]);
    let done = book.ok(&["transfer", "complete", &id, "--on", "2022-05-03"]);
    assert_eq!(done["outcomes"][0]["rule"], "TRANSFER_KEEP_OFFER");
    assert_eq!(book.ok(&["subscription", "show", &sub])["partner_id"], target.as_str());
}
