use csp_acceptance::Book;
use serde_json::Value;

/// A distributor, its reseller and the reseller's customer; a direct partner and its customer.
struct Scene {
    book: Book,
    direct: String,
    provider: String,
    reseller: String,
    customer: String,
    reseller_customer: String,
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

fn scene() -> Scene {
    let book = Book::new();
    let direct = book.direct_partner("Nuage Azur SAS");
    let (provider, reseller) = book.provider_and_reseller("EuroDistri", "Alpes Informatique");
    let customer = |partner: &str, name: &str, domain: &str| {
        id(&book.ok(&[
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
            "2020-01-15",
        ]))
    };
    let customer_id = customer(&direct, "Boulangerie Dupré", "dupre.onmicrosoft.com");
    let reseller_customer = customer(&reseller, "Chalet Mont-Blanc", "chalet.onmicrosoft.com");
    Scene { book, direct, provider, reseller, customer: customer_id, reseller_customer }
}

fn open(s: &Scene, partner: &str, who: (&str, &str), severity: &str, on: &str) -> Value {
    s.book.ok(&[
        "case",
        "open",
        "--partner",
        partner,
        who.0,
        who.1,
        "--title",
        "Site down",
        "--severity",
        severity,
        "--on",
        on,
    ])
}

/// The case tables' row counts: a refusal leaves them as they were.
fn rows(s: &Scene) -> usize {
    let list = s.book.ok(&["case", "list", "--as-of", "2030-01-01"]);
    list.as_array().unwrap().iter().map(|c| c["history"].as_array().unwrap().len()).sum::<usize>()
}

#[test]
fn a_resellers_customer_case_goes_through_the_provider_to_microsoft() {
    let s = scene();
    let c = open(&s, &s.reseller, ("--customer", &s.reseller_customer), "critical", "2022-03-10");
    let case = id(&c);
    assert_eq!(c["status"], "open");
    assert_eq!(c["holder_id"], s.reseller.as_str());
    assert_eq!(c["severity"], "critical");
    assert_eq!(c["due_by"], "2022-03-10T10:00:00");

    let before = rows(&s);
    let refused = s.book.run(&["case", "escalate", &case, "--to", "microsoft", "--on", "2022-03-10"]);
    assert_eq!(refused.error_code(), "ESCALATION_NOT_ALLOWED");
    assert!(refused.stderr.contains("provider"), "{}", refused.stderr);
    assert_eq!(rows(&s), before, "nothing written");

    let c = s.book.ok(&["case", "escalate", &case, "--to", "provider", "--on", "2022-03-10"]);
    assert_eq!((c["status"].as_str(), c["holder_id"].as_str()), (Some("escalated"), Some(s.provider.as_str())));
    let c = s.book.ok(&[
        "case",
        "escalate",
        &case,
        "--to",
        "microsoft",
        "--on",
        "2022-03-11",
        "--reference",
        "2203110040001234",
    ]);
    assert_eq!(c["microsoft_reference"], "2203110040001234");
    let history: Vec<(String, String)> = c["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["action"].as_str().unwrap().to_string(), h["by"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        history,
        [
            ("opened".to_string(), s.reseller.clone()),
            ("escalated_to_provider".to_string(), s.reseller.clone()),
            ("escalated_to_microsoft".to_string(), s.provider.clone()),
        ]
    );
    assert_eq!(c["history"][2]["on"], "2022-03-11");

    // The reseller keeps sight of it; on the day before Microsoft it was still with the provider.
    let seen = s.book.ok(&["case", "list", "--partner", &s.reseller, "--as-of", "2022-03-11"]);
    assert_eq!(seen.as_array().unwrap().len(), 1);
    let then = s.book.ok(&["case", "show", &case, "--as-of", "2022-03-10"]);
    assert_eq!((then["status"].as_str(), then["history"].as_array().unwrap().len()), (Some("escalated"), 2));
}

#[test]
fn a_direct_partner_has_no_provider_and_moves_follow_the_lifecycle() {
    let s = scene();
    let case = id(&open(&s, &s.direct, ("--customer", &s.customer), "normal", "2022-03-11"));
    assert_eq!(s.book.ok(&["case", "show", &case])["due_by"], "2022-03-14T09:00:00", "one business day: Monday");
    let before = rows(&s);
    assert_eq!(
        s.book.run(&["case", "escalate", &case, "--to", "provider", "--on", "2022-03-11"]).error_code(),
        "ESCALATION_NOT_ALLOWED"
    );
    assert_eq!(s.book.run(&["case", "close", &case, "--on", "2022-03-11"]).error_code(), "CONFLICT");
    assert_eq!(
        s.book.run(&["case", "note", &case, "--text", "early", "--on", "2022-03-10"]).error_code(),
        "VALIDATION"
    );
    assert_eq!(
        s.book.run(&["case", "escalate", &case, "--to", "mars", "--on", "2022-03-11"]).error_code(),
        "VALIDATION"
    );
    assert_eq!(s.book.run(&["case", "resolve", &case, "--on", "11/03/2022"]).error_code(), "VALIDATION");
    assert_eq!(rows(&s), before);

    let c = s.book.ok(&["case", "note", &case, "--text", "Logs requested from the customer.", "--on", "2022-03-11"]);
    assert_eq!(c["history"][1]["text"], "Logs requested from the customer.");
    assert_eq!(s.book.ok(&["case", "resolve", &case, "--on", "2022-03-14"])["status"], "resolved");
    assert_eq!(s.book.ok(&["case", "reopen", &case, "--on", "2022-03-15"])["status"], "open");
    s.book.ok(&["case", "resolve", &case, "--on", "2022-03-16"]);
    assert_eq!(s.book.ok(&["case", "close", &case, "--on", "2022-03-17"])["status"], "closed");
    assert_eq!(s.book.run(&["case", "reopen", &case, "--on", "2022-03-18"]).error_code(), "CONFLICT");

    let closed = s.book.ok(&["case", "list", "--status", "closed", "--customer", &s.customer]);
    assert_eq!(closed.as_array().unwrap().len(), 1);
    assert_eq!(s.book.ok(&["case", "list", "--status", "open"]).as_array().unwrap().len(), 0);
    assert_eq!(s.book.run(&["case", "list", "--status", "pending"]).error_code(), "VALIDATION");
}

#[test]
fn who_may_hold_a_case_and_bounded_text() {
    let s = scene();
    let before = rows(&s);
    // `case open` on 2022-03-10 by `partner` for `who` (`--customer ID` or `--reseller ID`): its
    // refusal's code.
    let refused = |partner: &str, who: [&str; 2], title: &str, severity: &str, more: &[&str]| {
        let mut args = vec!["case", "open", "--partner", partner, who[0], who[1]];
        args.extend(["--title", title, "--severity", severity, "--on", "2022-03-10"]);
        args.extend(more);
        s.book.run(&args).error_code()
    };
    let (customer, reseller_customer) =
        (["--customer", s.customer.as_str()], ["--customer", s.reseller_customer.as_str()]);
    // No relationship with the customer (a provider holds none).
    assert_eq!(refused(&s.provider, reseller_customer, "T", "high", &[]), "NO_RELATIONSHIP");
    // A reseller's case is held by one of its providers.
    assert_eq!(refused(&s.direct, ["--reseller", &s.reseller], "T", "high", &[]), "NO_RELATIONSHIP");
    assert_eq!(refused(&s.direct, customer, &"x".repeat(201), "high", &[]), "VALIDATION");
    assert_eq!(refused(&s.direct, customer, "T", "urgent", &[]), "VALIDATION");
    // The subscription must be the customer's.
    let sub = s.book.ok(&[
        "subscription",
        "add",
        "--partner",
        &s.reseller,
        "--customer",
        &s.reseller_customer,
        "--offer",
        "AZURE_PLAN",
        "--on",
        "2022-01-03",
    ]);
    assert_eq!(refused(&s.direct, customer, "T", "high", &["--subscription", &id(&sub)]), "VALIDATION");
    assert_eq!(rows(&s), before);
    // Neither or both of customer and reseller: a usage error.
    assert_eq!(
        s.book
            .run(&["case", "open", "--partner", &s.direct, "--title", "T", "--severity", "high", "--on", "2022-03-10"])
            .code,
        2
    );

    let c = s.book.ok(&[
        "case",
        "open",
        "--partner",
        &s.provider,
        "--reseller",
        &s.reseller,
        "--title",
        "GDAP",
        "--severity",
        "normal",
        "--on",
        "2022-03-10",
    ]);
    assert_eq!(c["holder_id"], s.provider.as_str());
    let mine = s.book.ok(&["case", "list", "--partner", &s.reseller]);
    assert_eq!(mine.as_array().unwrap().len(), 1, "the reseller sees its own case");
}

#[test]
fn the_demo_tells_the_support_story_and_writes_nothing_after_its_date() {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let cases = book.ok(&["case", "list"]);
    let cases = cases.as_array().unwrap();
    assert!(cases.len() >= 4, "{cases:?}");
    // Overdue first: a billing question nobody answered yet.
    assert_eq!(cases[0]["overdue"], true, "{}", cases[0]);
    // A reseller's customer escalated by the reseller through its provider to Microsoft.
    let chain = cases
        .iter()
        .find(|c| {
            let actions: Vec<&str> =
                c["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
            actions.contains(&"escalated_to_provider") && actions.contains(&"escalated_to_microsoft")
        })
        .expect("a case escalated through the provider to Microsoft");
    assert!(chain["microsoft_reference"].is_string(), "{chain}");
    let by = |action: &str| {
        chain["history"].as_array().unwrap().iter().find(|h| h["action"] == action).map(|h| h["by"].clone()).unwrap()
    };
    assert_ne!(by("escalated_to_provider"), by("escalated_to_microsoft"), "the reseller, then its provider");
    assert_eq!(by("escalated_to_microsoft"), chain["holder_id"], "the provider holds it");

    let early = Book::new();
    early.ok(&["demo", "seed", "--as-of", "2022-03-10"]);
    let all = early.ok(&["case", "list", "--as-of", "2030-01-01"]);
    for c in all.as_array().unwrap() {
        for h in c["history"].as_array().unwrap() {
            assert!(h["on"].as_str().unwrap() <= "2022-03-10", "nothing dated after the demo's date: {h}");
        }
    }
    assert!(all.as_array().unwrap().len() < cases.len());
}
