//! Partner Center's daily rated usage files as a European partner downloads them: 55 columns, BOM,
//! CRLF, quoted JSON, customers under their verified custom domains, several billing currencies,
//! tiny quantities, PEC and free-tier rows. Adopted, then billed, through `cspctl`.

use std::path::PathBuf;

use csp_acceptance::Book;
use serde_json::Value;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/usage/partner-center-2026-10.csv")
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn customer<'a>(list: &'a Value, domain: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|c| c["domain"] == domain).unwrap_or_else(|| panic!("no {domain}: {list}"))
}

#[test]
fn a_real_partner_center_file_is_adopted_under_custom_domains_and_billed_per_currency() {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    let file = fixture();
    let res = book.ok(&["usage", "import", file.to_str().unwrap(), "--adopt", "--partner", &p]);
    // Two rows equal in the 51 columns of 2021 but for their savings-plan benefit are two rows.
    assert_eq!(res["imported"], 14, "{res}");
    assert_eq!(res["skipped_duplicates"], 0);
    assert_eq!(res["adopted_customers"], 4);
    assert_eq!(res["adopted_subscriptions"], 5);

    let customers = book.ok(&["customer", "list"]);
    assert_eq!(customers.as_array().unwrap().len(), 4);
    for (domain, name, country) in [
        ("fabrikam.fr", "Fabrikam SAS", "FR"),
        ("xn--mller-handel-dlb.de", "Müller Handel GmbH", "DE"),
        ("adatum.co.uk", "Adatum Ltd", "GB"),
        ("tailspintoys.onmicrosoft.com", "Tailspin Toys SPRL", "BE"),
    ] {
        let c = customer(&customers, domain);
        assert_eq!((s(&c["name"]), s(&c["country"])), (name, country), "{c}");
        let rel = &c["relationships"][0];
        assert_eq!((s(&rel["partner_id"]), s(&rel["since"])), (p.as_str(), "2026-10-01"), "{c}");
    }
    let adatum = s(&customer(&customers, "adatum.co.uk")["id"]).to_string();
    let subs = book.ok(&["subscription", "list", "--customer", &adatum]);
    let subs = subs.as_array().unwrap();
    assert_eq!(subs.len(), 2);
    for sub in subs {
        assert_eq!((s(&sub["partner_id"]), s(&sub["billing_partner_id"])), (p.as_str(), p.as_str()));
        assert_eq!((s(&sub["offer"]), s(&sub["status"])), ("AZURE_PLAN", "active"));
    }

    // The same file again: every row is a duplicate.
    let again = book.ok(&["usage", "import", file.to_str().unwrap(), "--adopt", "--partner", &p]);
    assert_eq!((again["imported"].as_u64(), again["skipped_duplicates"].as_u64()), (Some(0), Some(14)), "{again}");
    assert_eq!(again["adopted_customers"], 0);

    // What the file holds, per billing currency: EUR 4.84 + 2.01 + 0.77; GBP 9.79 (below).
    let summary = book.ok(&["usage", "summary", "--month", "2026-10"]);
    assert_eq!((summary["rows"].as_u64(), summary["customers"].as_u64()), (Some(14), Some(4)), "{summary}");
    assert_eq!(summary["erp_totals"], serde_json::json!({"EUR": "7.62", "GBP": "9.79"}));

    let run = book.ok(&["billing", "run", "--month", "2026-10"]);
    assert_eq!(run["invoices"].as_array().unwrap().len(), 4, "{run}");
    let invoices = book.ok(&["invoice", "list", "--month", "2026-10"]);
    let invoice = |domain: &str| {
        let id = s(&customer(&customers, domain)["id"]).to_string();
        let inv = invoices.as_array().unwrap().iter().find(|i| i["customer_id"] == id.as_str()).unwrap();
        book.ok(&["invoice", "show", s(&inv["id"])])
    };
    // 48 h × 0.096 = 4.608 → 4.61; (0.00000641 + 12.5) GB × 0.0184 = 0.23; free bandwidth 0.
    let fabrikam = invoice("fabrikam.fr");
    assert_eq!((s(&fabrikam["currency"]), s(&fabrikam["subtotal"])), ("EUR", "4.84"), "{fabrikam}");
    assert_eq!((s(&fabrikam["tax"]), s(&fabrikam["total"])), ("0.97", "5.81"));
    // USD priced, billed in EUR at the file's rate: 20 h × 0.11 × 0.9123 = 2.00706 → 2.01; the
    // free executions and a PEC row of 0.00000641 GB weigh nothing.
    let muller = invoice("xn--mller-handel-dlb.de");
    assert_eq!((s(&muller["currency"]), s(&muller["subtotal"])), ("EUR", "2.01"), "{muller}");
    let vm = muller["lines"].as_array().unwrap().iter().find(|l| l["quantity"] == "20").unwrap();
    assert_eq!(s(&vm["unit_price"]), "0.100353", "{vm}");
    // USD priced, billed in GBP: 102 h × 0.11 × 0.7854 = 8.812188 → 8.81; 2.5 × 0.5 × 0.7854 → 0.98.
    // Billed in its rows' GBP (no rate needed); a customer outside the EU pays no VAT.
    let adatum = invoice("adatum.co.uk");
    assert_eq!((s(&adatum["currency"]), s(&adatum["subtotal"])), ("GBP", "9.79"), "{adatum}");
    assert_eq!(s(&adatum["tax"]), "0.00");
    // 8 h × 0.096 = 0.768 → 0.77.
    assert_eq!(s(&invoice("tailspintoys.onmicrosoft.com")["subtotal"]), "0.77");

    // Billed in euros from now on: the re-run needs the month's GBP → EUR rate, then converts
    // (9.79 × 1.15 = 11.2585 → 11.26).
    let adatum_id = s(&customer(&customers, "adatum.co.uk")["id"]).to_string();
    book.ok(&["customer", "update", &adatum_id, "--billing-currency", "EUR"]);
    let refused = book.run(&["billing", "run", "--month", "2026-10"]);
    assert_eq!(refused.error_code(), "VALIDATION", "no GBP → EUR rate for 2026-10 yet");
    book.ok(&["price", "exchange-rate", "--month", "2026-10", "--from", "GBP", "--to", "EUR", "--rate", "1.15"]);
    book.ok(&["billing", "run", "--month", "2026-10"]);
    let invoices = book.ok(&["invoice", "list", "--month", "2026-10"]);
    let inv = invoices.as_array().unwrap().iter().find(|i| i["customer_id"] == adatum_id.as_str()).unwrap();
    let adatum = book.ok(&["invoice", "show", s(&inv["id"])]);
    assert_eq!((s(&adatum["currency"]), s(&adatum["subtotal"])), ("EUR", "11.26"), "{adatum}");
}

#[test]
fn adoption_refuses_a_customer_outside_the_partners_market_and_stores_nothing() {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    // The same file with Adatum moved to the United States, a market a French partner does not serve.
    let text = std::fs::read_to_string(fixture()).unwrap().replace(",adatum.co.uk,GB,", ",adatum.com,US,");
    let file = book.dir.path().join("us.csv");
    std::fs::write(&file, text).unwrap();
    let out = book.run(&["usage", "import", file.to_str().unwrap(), "--adopt", "--partner", &p]);
    assert_eq!(out.error_code(), "MARKET_MISMATCH", "{out:?}");
    let msg = s(&out.json()["error"]["message"]).to_string();
    assert!(msg.starts_with("row 11, column CustomerCountry:"), "{msg}");
    assert_eq!(book.ok(&["customer", "list"]).as_array().unwrap().len(), 0, "nothing adopted");
    assert_eq!(book.ok(&["usage", "summary", "--month", "2026-10"])["rows"], 0, "nothing imported");
}

#[test]
fn a_custom_domain_needs_an_existing_tenant_and_stays_unique_whatever_its_case() {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    let add = |domain: &str, tenant: Option<&str>| {
        // `--domain=` so that a value starting with a hyphen reaches the program.
        let domain = format!("--domain={domain}");
        let mut args = vec![
            "customer",
            "add",
            "--partner",
            p.as_str(),
            "--name",
            "Fabrikam SAS",
            domain.as_str(),
            "--country",
            "FR",
        ];
        if let Some(t) = tenant {
            args.extend(["--tenant-id", t]);
        }
        book.run(&args)
    };
    // A tenant created here is name.onmicrosoft.com; the refusal says why.
    let out = add("fabrikam.fr", None);
    assert_eq!(out.error_code(), "VALIDATION");
    assert!(s(&out.json()["error"]["message"]).contains("tenant ID"), "{out:?}");
    let made = add("Fabrikam.FR", Some("4f2c3a1e-8b7d-4c5e-9a1f-2b3c4d5e6f70"));
    assert_eq!(made.code, 0, "{made:?}");
    let id = s(&made.json()["id"]).to_string();
    assert_eq!(book.ok(&["customer", "show", &id])["domain"], "fabrikam.fr");
    assert_eq!(add("FABRIKAM.fr", Some("5f2c3a1e-8b7d-4c5e-9a1f-2b3c4d5e6f70")).error_code(), "CONFLICT");
    for bad in ["fabrikam fr.com", "fabrikam", "-fabrikam.fr", "café.fr"] {
        assert_eq!(add(bad, Some("6f2c3a1e-8b7d-4c5e-9a1f-2b3c4d5e6f70")).error_code(), "VALIDATION", "{bad}");
    }
    // The tenant, custom domain and all, links to one more partner.
    let other = book.direct_partner("Northwind Conseil");
    let rel = book.ok(&["customer", "link", "--customer", &id, "--partner", &other, "--on", "2026-10-01"]);
    assert_eq!(rel["partner_id"], other.as_str());
}
