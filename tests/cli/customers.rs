use csp_acceptance::Book;

#[test]
fn onboard_link_list_and_show_customers() {
    let book = Book::new();
    let alpha = book.direct_partner("Alpha Cloud");
    let beta = book.direct_partner("Beta Conseil");
    let c = book.ok(&[
        "customer",
        "add",
        "--partner",
        &alpha,
        "--name",
        "Müller & Søn GmbH",
        "--domain",
        "MullerSon.onmicrosoft.com",
        "--country",
        "DE",
        "--vat-id",
        "DE123456789",
        "--email",
        "rechnung@mueller.de",
        "--relationship-since",
        "2021-03-01",
    ]);
    let id = c["id"].as_str().unwrap();
    let tenant = c["tenant_id"].as_str().unwrap();
    assert_eq!(tenant.len(), 36);
    assert_eq!(c["domain"], "mullerson.onmicrosoft.com");

    let rel = book.ok(&["customer", "link", "--customer", id, "--partner", &beta, "--on", "2022-02-10"]);
    assert_eq!(rel["partner_id"], beta.as_str());
    assert_eq!(rel["new_customer"], true);

    let shown = book.ok(&["customer", "show", id]);
    assert_eq!(shown["name"], "Müller & Søn GmbH");
    assert_eq!(shown["relationships"].as_array().unwrap().len(), 2);
    assert_eq!(shown["relationships"][0]["new_customer"], false);

    book.ok(&[
        "customer",
        "add",
        "--partner",
        &beta,
        "--name",
        "Other",
        "--domain",
        "other.onmicrosoft.com",
        "--country",
        "FR",
    ]);
    assert_eq!(book.ok(&["customer", "list"]).as_array().unwrap().len(), 2);
    assert_eq!(book.ok(&["customer", "list", "--partner", &alpha]).as_array().unwrap().len(), 1);
    let found = book.ok(&["customer", "list", "--search", "søn"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["tenant_id"], tenant);
}

#[test]
fn refused_onboarding_exits_1_with_the_rule_and_writes_nothing() {
    let book = Book::new();
    let alpha = book.direct_partner("Alpha Cloud");
    book.ok(&[
        "customer",
        "add",
        "--partner",
        &alpha,
        "--name",
        "Taken",
        "--domain",
        "taken.onmicrosoft.com",
        "--country",
        "FR",
    ]);
    let cases: &[(&[&str], &str)] = &[
        (&["--name", "US Co", "--domain", "usco.onmicrosoft.com", "--country", "US"], "MARKET_MISMATCH"),
        (&["--name", "Dup", "--domain", "TAKEN.onmicrosoft.com", "--country", "FR"], "CONFLICT"),
        (&["--name", "X", "--domain", "x.onmicrosoft.com", "--country", "XX"], "VALIDATION"),
        (&["--name", "", "--domain", "x.onmicrosoft.com", "--country", "FR"], "VALIDATION"),
        (&["--name", "X", "--domain", "x.onmicrosoft.com", "--country", "FR", "--email", "bad"], "VALIDATION"),
        (&["--name", "X", "--domain", "not a domain", "--country", "FR"], "VALIDATION"),
        (
            &["--name", "X", "--domain", "x.onmicrosoft.com", "--country", "FR", "--relationship-since", "yesterday"],
            "VALIDATION",
        ),
    ];
    for (extra, code) in cases {
        let mut args = vec!["customer", "add", "--partner", alpha.as_str()];
        args.extend_from_slice(extra);
        let o = book.run(&args);
        assert_eq!(o.error_code(), *code, "{extra:?}");
        assert!(!o.json()["error"]["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(book.ok(&["customer", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn transition_makes_a_direct_partner_a_reseller_and_exempts_its_customers() {
    let book = Book::new();
    let direct = book.direct_partner("Direct SARL");
    let provider = book.ok(&[
        "partner",
        "add",
        "--name",
        "Distri SA",
        "--tier",
        "indirect-provider",
        "--country",
        "FR",
        "--currency",
        "EUR",
        "--enrolled-on",
        "2017-01-01",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let c = book.ok(&[
        "customer",
        "add",
        "--partner",
        &direct,
        "--name",
        "Client",
        "--domain",
        "client.onmicrosoft.com",
        "--country",
        "FR",
        "--relationship-since",
        "2020-01-01",
    ]);
    let p = book.ok(&["partner", "transition", "--partner", &direct, "--provider", &provider, "--on", "2022-03-01"]);
    assert_eq!(p["tier"], "indirect-reseller");
    assert_eq!(p["tier_history"].as_array().unwrap().len(), 2);
    assert_eq!(p["providers"][0]["id"], provider.as_str());
    let shown = book.ok(&["customer", "show", c["id"].as_str().unwrap()]);
    assert_eq!(shown["relationships"][0]["transition_exempt_from"], "2022-03-01");
    // A provider cannot hold customers.
    let o = book.run(&[
        "customer",
        "add",
        "--partner",
        &provider,
        "--name",
        "P",
        "--domain",
        "p.onmicrosoft.com",
        "--country",
        "FR",
    ]);
    assert_eq!(o.error_code(), "TIER_CANNOT_RESELL");
}

#[test]
fn a_customer_is_given_a_billing_currency_then_billed_in_its_usage_currency_again() {
    let book = Book::new();
    let alpha = book.direct_partner("Alpha Cloud");
    let c = book.ok(&[
        "customer",
        "add",
        "--partner",
        &alpha,
        "--name",
        "Tailspin Geneva",
        "--domain",
        "tailspingeneva.onmicrosoft.com",
        "--country",
        "CH",
        "--billing-currency",
        "chf",
    ]);
    let id = c["id"].as_str().unwrap();
    assert_eq!(book.ok(&["customer", "show", id])["billing_currency"], "CHF");
    // Not a currency: refused, nothing changed.
    let refused = book.run(&["customer", "update", id, "--billing-currency", "francs"]);
    assert_eq!((refused.code, refused.error_code().as_str()), (1, "VALIDATION"));
    assert_eq!(book.ok(&["customer", "show", id])["billing_currency"], "CHF");
    // Empty: billed in its usage's currency again.
    let cleared = book.ok(&["customer", "update", id, "--billing-currency", ""]);
    assert!(cleared["billing_currency"].is_null(), "{cleared}");
}
