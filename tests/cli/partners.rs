use csp_acceptance::Book;

#[test]
fn partner_add_then_list_round_trips() {
    let book = Book::new();
    let added = book.ok(&[
        "partner",
        "add",
        "--name",
        "Contoso Cloud SAS",
        "--tier",
        "direct",
        "--country",
        "fr",
        "--currency",
        "eur",
        "--enrolled-on",
        "2019-03-01",
        "--partner-id",
        "4512345",
        "--mci",
        "--vat-id",
        "FR 40 303 265 045",
    ]);
    let id = added["id"].as_str().unwrap();
    let list = book.ok(&["partner", "list"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    let p = &list[0];
    assert_eq!(p["id"], id);
    assert_eq!(p["name"], "Contoso Cloud SAS");
    assert_eq!(p["tier"], "direct");
    assert_eq!(p["country"], "FR");
    assert_eq!(p["currency"], "EUR");
    assert_eq!(p["mpn_id"], "4512345");
    assert_eq!(p["vat_id"], "FR40303265045");
    assert_eq!(p["mci"], true);
    assert_eq!(p["new_partner"], false);
    let shown = book.ok(&["partner", "show", id]);
    assert_eq!(shown["enrolled_on"], "2019-03-01");
}

#[test]
fn bad_values_exit_1_with_validation_and_write_nothing() {
    let book = Book::new();
    for args in [
        vec![
            "partner",
            "add",
            "--name",
            "X",
            "--tier",
            "gold",
            "--country",
            "FR",
            "--currency",
            "EUR",
            "--enrolled-on",
            "2020-01-01",
        ],
        vec![
            "partner",
            "add",
            "--name",
            "X",
            "--tier",
            "direct",
            "--country",
            "FR",
            "--currency",
            "EUR",
            "--enrolled-on",
            "2020-02-30",
        ],
        vec![
            "partner",
            "add",
            "--name",
            "X",
            "--tier",
            "direct",
            "--country",
            "ZZ",
            "--currency",
            "EUR",
            "--enrolled-on",
            "2020-01-01",
        ],
        vec![
            "partner",
            "add",
            "--name",
            "  ",
            "--tier",
            "direct",
            "--country",
            "FR",
            "--currency",
            "EUR",
            "--enrolled-on",
            "2020-01-01",
        ],
        vec!["partner", "add", "--name", "X", "--tier", "direct", "--country", "FR", "--enrolled-on", "2020-01-01"],
    ] {
        let o = book.run(&args);
        assert_eq!(o.error_code(), "VALIDATION", "{args:?}");
        assert!(o.stderr.contains("error"), "the message is also on stderr");
    }
    assert_eq!(book.ok(&["partner", "list"]), serde_json::json!([]));
}

#[test]
fn unknown_command_or_missing_option_exits_2() {
    let book = Book::new();
    assert_eq!(book.run(&["partner", "frobnicate"]).code, 2);
    assert_eq!(book.run(&["partner", "add", "--name", "X"]).code, 2);
}

#[test]
fn version_is_printed() {
    let out =
        std::process::Command::new(csp_acceptance::target_debug().join("cspctl")).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("cspctl "));
}

#[test]
fn partner_update_changes_what_it_names_and_refuses_a_tier_or_providers_it_cannot_change() {
    let book = Book::new();
    let (provider, reseller) = book.provider_and_reseller("Tech Data Europe", "Fabrikam Conseil");
    let before = book.ok(&["partner", "show", &reseller]);
    // One transaction: given options replace, the others keep, an empty one clears.
    let edited =
        book.ok(&["partner", "update", &reseller, "--name", "Fabrikam Conseil SARL", "--email", "billing@fabrikam.fr"]);
    assert_eq!(edited["name"], "Fabrikam Conseil SARL");
    assert_eq!(edited["email"], "billing@fabrikam.fr");
    assert_eq!(edited["country"], before["country"]);
    let cleared = book.ok(&["partner", "update", &reseller, "--email", ""]);
    assert!(cleared["email"].is_null(), "{cleared}");
    // The tier and the providers change only by a transition: refused, nothing written.
    for args in [
        vec!["partner", "update", &reseller, "--tier", "direct", "--name", "Renamed"],
        vec!["partner", "update", &reseller, "--provider", &reseller, "--name", "Renamed"],
    ] {
        assert_eq!(book.run(&args).error_code(), "VALIDATION", "{args:?}");
        assert_eq!(book.ok(&["partner", "show", &reseller])["name"], "Fabrikam Conseil SARL");
    }
    // Naming what it already is changes nothing and is accepted.
    let same = book.ok(&["partner", "update", &reseller, "--tier", "indirect-reseller", "--provider", &provider]);
    assert_eq!(same["tier"], "indirect-reseller");
    assert_eq!(same["providers"][0]["id"], provider.as_str());
}
