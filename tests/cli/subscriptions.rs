//! Offers, subscriptions and roles through `cspctl`, as a partner scripts its book.

use csp_acceptance::Book;
use serde_json::Value;

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

fn customer(book: &Book, partner: &str, stem: &str, since: &str) -> String {
    id(&book.ok(&[
        "customer",
        "add",
        "--partner",
        partner,
        "--name",
        &format!("{stem} GmbH"),
        "--domain",
        &format!("{stem}.onmicrosoft.com"),
        "--country",
        "DE",
        "--relationship-since",
        since,
    ]))
}

fn provider(book: &Book, name: &str) -> String {
    id(&book.ok(&[
        "partner",
        "add",
        "--name",
        name,
        "--tier",
        "indirect-provider",
        "--country",
        "FR",
        "--currency",
        "EUR",
        "--enrolled-on",
        "2016-01-04",
    ]))
}

fn reseller(book: &Book, name: &str, provider: &str) -> String {
    id(&book.ok(&[
        "partner",
        "add",
        "--name",
        name,
        "--tier",
        "indirect-reseller",
        "--country",
        "FR",
        "--enrolled-on",
        "2019-01-07",
        "--provider",
        provider,
    ]))
}

#[test]
fn offer_check_asks_and_subscription_add_gives_the_same_answer() {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    let c = customer(&book, &p, "fabrikam", "2019-02-01");
    let check = |on: &str| {
        book.ok(&["offer", "check", "--partner", &p, "--customer", &c, "--offer", "MS-AZR-0145P", "--on", on])
    };

    // Before PHASE1 the previous offer is open.
    let before = check("2021-07-20");
    assert_eq!(before["allowed"], true);
    assert_eq!(before["rule"], "LEGACY_BEFORE_PHASE1");
    assert!(before["message"].as_str().unwrap().contains("21 July 2021"));
    assert!(before["message_fr"].as_str().unwrap().contains("21 juillet 2021"));

    // On PHASE1, with no active previous-offer subscription: refused — `check` still exits 0.
    let refused = check("2021-07-21");
    assert_eq!(
        (refused["allowed"].clone(), refused["rule"].clone()),
        (Value::Bool(false), "LEGACY_NO_ACTIVE_LEGACY".into())
    );
    let o = book.run(&[
        "subscription",
        "add",
        "--partner",
        &p,
        "--customer",
        &c,
        "--offer",
        "MS-AZR-0145P",
        "--on",
        "2021-07-21",
    ]);
    assert_eq!(o.error_code(), "LEGACY_NO_ACTIVE_LEGACY");
    assert_eq!(o.json()["error"]["message"], refused["message"]);
    assert!(o.stderr.contains("LEGACY_NO_ACTIVE_LEGACY"));
    assert_eq!(book.ok(&["subscription", "list"]), serde_json::json!([]), "nothing written");

    // One bought the day before makes the pair an existing one.
    let first = book.ok(&[
        "subscription",
        "add",
        "--partner",
        &p,
        "--customer",
        &c,
        "--offer",
        "MS-AZR-0145P",
        "--on",
        "2021-07-20",
    ]);
    assert_eq!(first["offer"], "MS-AZR-0145P");
    assert_eq!(first["status"], "active");
    assert_eq!(check("2021-07-21")["rule"], "LEGACY_EXISTING_PAIR");
    let second = book.ok(&[
        "subscription",
        "add",
        "--partner",
        &p,
        "--customer",
        &c,
        "--offer",
        "ms-azr-0145p",
        "--on",
        "2021-07-21",
    ]);
    assert_ne!(second["id"], first["id"]);
    assert_eq!(book.ok(&["subscription", "list", "--customer", &c]).as_array().unwrap().len(), 2);
}

#[test]
fn subscription_show_carries_the_partners_and_the_roles_and_cancel_is_dated() {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    let c = customer(&book, &p, "fabrikam", "2019-02-01");
    let s = id(&book.ok(&[
        "subscription",
        "add",
        "--partner",
        &p,
        "--customer",
        &c,
        "--offer",
        "AZURE_PLAN",
        "--on",
        "2021-09-01",
        "--name",
        "Fabrikam prod",
    ]));

    let shown = book.ok(&["subscription", "show", &s]);
    for key in [
        "id",
        "customer_id",
        "partner_id",
        "billing_partner_id",
        "offer",
        "status",
        "created_on",
        "cancelled_on",
        "roles",
    ] {
        assert!(shown.get(key).is_some(), "subscription show has {key}: {shown}");
    }
    assert_eq!(shown["customer_id"], c.as_str());
    assert_eq!(shown["partner_id"], p.as_str());
    assert_eq!(shown["billing_partner_id"], p.as_str());
    assert_eq!(shown["name"], "Fabrikam prod");
    assert_eq!(shown["cancelled_on"], Value::Null);
    let roles = shown["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 1, "the customer gets nothing by default");
    assert_eq!(roles[0]["principal"], format!("partner:{p}"));
    assert_eq!(roles[0]["role"], "owner");
    assert_eq!(roles[0]["scope"], Value::Null);
    assert_eq!(roles[0]["since"], "2021-09-01");

    assert_eq!(book.run(&["subscription", "cancel", &s, "--on", "2021-08-31"]).error_code(), "VALIDATION");
    let cancelled = book.ok(&["subscription", "cancel", &s, "--on", "2022-01-31"]);
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["cancelled_on"], "2022-01-31");
    assert_eq!(book.run(&["subscription", "cancel", &s, "--on", "2022-02-01"]).error_code(), "CONFLICT");
    assert_eq!(book.run(&["subscription", "show", "nope"]).error_code(), "NOT_FOUND");

    // Suspend and reactivate (an extension of the CLI.md set).
    let t = id(&book.ok(&[
        "subscription",
        "add",
        "--partner",
        &p,
        "--customer",
        &c,
        "--offer",
        "AZURE_PLAN",
        "--on",
        "2021-09-01",
    ]));
    assert_eq!(book.ok(&["subscription", "suspend", &t, "--on", "2021-10-01"])["status"], "suspended");
    assert_eq!(book.ok(&["subscription", "reactivate", &t, "--on", "2021-10-05"])["status"], "active");
    assert_eq!(book.run(&["subscription", "reactivate", &t, "--on", "2021-10-06"]).error_code(), "CONFLICT");
}

#[test]
fn roles_are_granted_and_revoked_with_their_rules() {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    let c = customer(&book, &p, "fabrikam", "2019-02-01");
    let s = id(&book.ok(&[
        "subscription",
        "add",
        "--partner",
        &p,
        "--customer",
        &c,
        "--offer",
        "AZURE_PLAN",
        "--on",
        "2021-09-01",
    ]));
    let grant = |extra: &[&str]| {
        let mut args = vec!["role", "grant", "--subscription", s.as_str()];
        args.extend_from_slice(extra);
        book.run(&args)
    };

    assert_eq!(
        grant(&["--principal", "customer", "--role", "owner", "--on", "2021-09-02"]).error_code(),
        "OWNER_RISK_ACK_REQUIRED"
    );
    let owner =
        grant(&["--principal", "customer", "--role", "owner", "--on", "2021-09-02", "--acknowledge-owner-risk"]);
    assert_eq!(owner.code, 0, "{owner:?}");
    assert_eq!(owner.json()["principal"], "customer");
    assert_eq!(owner.json()["role"], "owner");
    assert_eq!(
        grant(&["--principal", "customer", "--role", "owner", "--on", "2021-09-03", "--acknowledge-owner-risk"])
            .error_code(),
        "CONFLICT"
    );
    let scoped = grant(&["--principal", "customer", "--role", "reader", "--on", "2021-09-03", "--scope", "rg-web"]);
    assert_eq!(scoped.json()["scope"], "rg-web");

    let v = provider(&book, "Distri");
    let r = reseller(&book, "Adatum", &v);
    let group = format!("reseller:{r}");
    assert_eq!(
        grant(&["--principal", &group, "--role", "contributor", "--on", "2021-09-10"]).error_code(),
        "RESELLER_RELATIONSHIP_REQUIRED"
    );
    book.ok(&["customer", "link", "--customer", &c, "--partner", &r, "--on", "2021-09-10"]);
    assert_eq!(grant(&["--principal", &group, "--role", "contributor", "--on", "2021-09-10"]).code, 0);

    let revoked = book.ok(&[
        "role",
        "revoke",
        "--subscription",
        &s,
        "--principal",
        "customer",
        "--role",
        "owner",
        "--on",
        "2021-10-01",
    ]);
    assert_eq!(revoked["until"], "2021-10-01");
    let again = book.run(&[
        "role",
        "revoke",
        "--subscription",
        &s,
        "--principal",
        "customer",
        "--role",
        "owner",
        "--on",
        "2021-10-02",
    ]);
    assert_eq!(again.error_code(), "NOT_FOUND");

    let shown = book.ok(&["subscription", "show", &s]);
    let current: Vec<String> = shown["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["principal"].as_str().unwrap(),
                r["role"].as_str().unwrap(),
                r["scope"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        current,
        [format!("partner:{p} owner -"), "customer reader rg-web".into(), format!("{group} contributor -")]
    );
    assert_eq!(shown["role_history"].as_array().unwrap().len(), 4, "the revoked owner stays in the history");
}

#[test]
fn apss_is_ordered_for_the_partners_own_tenant_and_a_reseller_is_billed_by_its_provider() {
    let book = Book::new();
    let v = provider(&book, "Distri");
    let r = reseller(&book, "Adatum", &v);
    let c = customer(&book, &r, "fabrikam", "2019-02-01");
    let own = book.ok(&["offer", "check", "--partner", &r, "--own", "--offer", "MS-AZR-0159P", "--on", "2022-02-01"]);
    assert_eq!((own["allowed"].clone(), own["rule"].clone()), (Value::Bool(true), "APSS_UNCHANGED".into()));
    let apss =
        book.ok(&["subscription", "add", "--partner", &r, "--own", "--offer", "MS-AZR-0159P", "--on", "2022-02-01"]);
    assert_eq!(apss["customer_id"], Value::Null);
    assert_eq!(apss["billing_partner_id"], v.as_str());
    let for_customer = book.run(&[
        "subscription",
        "add",
        "--partner",
        &r,
        "--customer",
        &c,
        "--offer",
        "MS-AZR-0159P",
        "--on",
        "2022-02-01",
    ]);
    assert_eq!(for_customer.error_code(), "APSS_PARTNER_ONLY");
    let by_provider = book.run(&[
        "subscription",
        "add",
        "--partner",
        &v,
        "--customer",
        &c,
        "--offer",
        "AZURE_PLAN",
        "--on",
        "2022-02-01",
    ]);
    assert_eq!(by_provider.error_code(), "TIER_CANNOT_RESELL");
    let plan = book.ok(&[
        "subscription",
        "add",
        "--partner",
        &r,
        "--customer",
        &c,
        "--offer",
        "AZURE_PLAN",
        "--on",
        "2022-02-01",
        "--provider",
        &v,
    ]);
    assert_eq!(plan["partner_id"], r.as_str());
    assert_eq!(plan["billing_partner_id"], v.as_str());
}

#[test]
fn an_existing_subscription_is_registered_under_its_partner_center_id() {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    let c = customer(&book, &p, "fabrikam", "2019-02-01");
    let guid = "0b7e3f3a-5a0e-4c1d-9a55-2f0c7d1e8b11";
    let add = |id: &str| {
        book.run(&[
            "subscription",
            "add",
            "--partner",
            &p,
            "--customer",
            &c,
            "--offer",
            "MS-AZR-0145P",
            "--on",
            "2020-06-01",
            "--id",
            id,
        ])
    };
    assert_eq!(add(guid).json()["id"], guid);
    assert_eq!(add(guid).error_code(), "CONFLICT");
    assert_eq!(add("PC-12345").error_code(), "VALIDATION");
    assert_eq!(book.ok(&["subscription", "show", guid])["created_on"], "2020-06-01");
}

#[test]
fn values_that_do_not_parse_are_validation_and_missing_options_exit_2() {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    let c = customer(&book, &p, "fabrikam", "2019-02-01");
    let s = id(&book.ok(&[
        "subscription",
        "add",
        "--partner",
        &p,
        "--customer",
        &c,
        "--offer",
        "AZURE_PLAN",
        "--on",
        "2021-09-01",
    ]));
    for args in [
        vec!["offer", "check", "--partner", &p, "--customer", &c, "--offer", "MS-AZR-0003P", "--on", "2021-09-01"],
        vec!["offer", "check", "--partner", &p, "--customer", &c, "--offer", "AZURE_PLAN", "--on", "2021-02-30"],
        vec!["subscription", "add", "--partner", &p, "--customer", &c, "--offer", "AZURE_PLAN", "--on", "01/09/2021"],
        vec!["role", "grant", "--subscription", &s, "--principal", "customer", "--role", "admin", "--on", "2021-09-02"],
        vec![
            "role",
            "grant",
            "--subscription",
            &s,
            "--principal",
            "everyone",
            "--role",
            "reader",
            "--on",
            "2021-09-02",
        ],
        vec!["offer", "marketplace-check", "--item-kind", "saas"],
    ] {
        assert_eq!(book.run(&args).error_code(), "VALIDATION", "{args:?}");
    }
    assert_eq!(
        book.run(&["offer", "check", "--partner", "nobody", "--own", "--offer", "AZURE_PLAN", "--on", "2021-09-01"])
            .error_code(),
        "NOT_FOUND"
    );
    // Neither --customer nor --own, or both: a usage error.
    assert_eq!(book.run(&["offer", "check", "--partner", &p, "--offer", "AZURE_PLAN", "--on", "2021-09-01"]).code, 2);
    assert_eq!(
        book.run(&[
            "subscription",
            "add",
            "--partner",
            &p,
            "--customer",
            &c,
            "--own",
            "--offer",
            "AZURE_PLAN",
            "--on",
            "2021-09-01"
        ])
        .code,
        2
    );
    assert_eq!(book.ok(&["subscription", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn third_party_paid_marketplace_items_are_not_available() {
    let book = Book::new();
    let paid = book.ok(&["offer", "marketplace-check", "--item-kind", "third-party-paid"]);
    assert_eq!(
        (paid["allowed"].clone(), paid["rule"].clone()),
        (Value::Bool(false), "THIRD_PARTY_NOT_AVAILABLE".into())
    );
    for kind in ["first-party", "third-party-free", "third-party-byol"] {
        assert_eq!(book.ok(&["offer", "marketplace-check", "--item-kind", kind])["allowed"], true, "{kind}");
    }
}
