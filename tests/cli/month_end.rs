//! Month-end through `cspctl`: October's unbilled file (Partner Center's, no `InvoiceNumber`)
//! imported and billed early (provisional drafts), then Microsoft's billed file, which leaves one
//! row out: the same usage is stored once and becomes billed, the row left out is withdrawn and
//! leaves the drafts.

use std::path::PathBuf;

use csp_acceptance::Book;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/usage").join(name)
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn counts(v: &Value) -> [u64; 6] {
    ["imported", "skipped_duplicates", "billed", "unbilled", "became_billed", "withdrawn"]
        .map(|k| v[k].as_u64().unwrap_or_else(|| panic!("no {k}: {v}")))
}

#[test]
fn the_unbilled_file_then_the_billed_file_bills_the_usage_once_and_withdraws_what_microsoft_left_out() {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    let unbilled = fixture("partner-center-2026-10-unbilled.csv");
    let unbilled = unbilled.to_str().unwrap();
    let res = book.ok(&["usage", "import", unbilled, "--adopt", "--partner", &p]);
    assert_eq!(counts(&res), [14, 0, 0, 14, 0, 0], "{res}");

    // Billed early, from the unbilled file: every draft is provisional.
    book.ok(&["billing", "run", "--month", "2026-10"]);
    let drafts = book.ok(&["invoice", "list", "--month", "2026-10"]);
    let drafts = drafts.as_array().unwrap();
    assert_eq!(drafts.len(), 4);
    assert!(drafts.iter().all(|i| i["provisional"] == true), "{drafts:?}");
    let fabrikam = drafts.iter().find(|i| i["recipient_name"] == "Fabrikam SAS").unwrap();
    // 48 h × 0.096 = 4.608 → 4.61; storage 0.23.
    assert_eq!(s(&fabrikam["subtotal"]), "4.84");

    // Microsoft's billed file: the same rows with the invoice number, but for Fabrikam's second day
    // of virtual machine, which Microsoft withdrew.
    let billed_text = std::fs::read_to_string(fixture("partner-center-2026-10.csv")).unwrap();
    let kept: Vec<&str> =
        billed_text.split_inclusive("\r\n").enumerate().filter(|(i, _)| *i != 2).map(|(_, l)| l).collect();
    assert_eq!(kept.len(), 14, "header and 13 rows");
    let billed = book.dir.path().join("billed.csv");
    std::fs::write(&billed, kept.concat()).unwrap();
    let billed = billed.to_str().unwrap();
    let res = book.ok(&["usage", "import", billed]);
    assert_eq!(counts(&res), [0, 0, 13, 0, 13, 1], "{res}");
    // Either file again changes nothing.
    assert_eq!(counts(&book.ok(&["usage", "import", billed])), [0, 13, 13, 0, 0, 0]);
    assert_eq!(counts(&book.ok(&["usage", "import", unbilled])), [0, 14, 0, 14, 0, 0]);
    assert_eq!(book.ok(&["usage", "summary", "--month", "2026-10"])["rows"], 13);

    // The run again: no draft is provisional, Fabrikam's withdrawn day is gone (24 h × 0.096 =
    // 2.304 → 2.30; storage 0.23), the others are as before.
    book.ok(&["billing", "run", "--month", "2026-10"]);
    let drafts = book.ok(&["invoice", "list", "--month", "2026-10"]);
    let drafts = drafts.as_array().unwrap();
    assert!(drafts.iter().all(|i| i["provisional"] == false), "{drafts:?}");
    let subtotal =
        |name: &str| s(&drafts.iter().find(|i| i["recipient_name"] == name).unwrap()["subtotal"]).to_string();
    assert_eq!(subtotal("Fabrikam SAS"), "2.53");
    assert_eq!(subtotal("Müller Handel GmbH"), "2.01");
    assert_eq!(subtotal("Adatum Ltd"), "9.79");
    assert_eq!(subtotal("Tailspin Toys SPRL"), "0.77");
}

fn microsoft_fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/microsoft/invoice-reconciliation-G019283746.csv")
}

#[test]
fn microsofts_invoice_is_kept_once_as_it_is_and_a_different_file_for_its_number_is_a_conflict() {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    let usage = fixture("partner-center-2026-10.csv");
    book.ok(&["usage", "import", usage.to_str().unwrap(), "--adopt", "--partner", &p]);
    let file = microsoft_fixture();
    let file = file.to_str().unwrap();
    let res = book.ok(&["microsoft", "import", file]);
    // Three Azure plans and a Microsoft 365 licence the book does not hold (kept, reported).
    assert_eq!(
        res,
        serde_json::json!({
            "invoices": [{"number": "G019283746", "currency": "EUR", "total": "69.07", "lines": 4}],
            "unknown_subscriptions": 1
        })
    );
    // The same file again: the same answer, nothing added.
    assert_eq!(book.ok(&["microsoft", "import", file]), res);

    // Another content for the number already held: CONFLICT, nothing stored.
    let text = std::fs::read_to_string(file).unwrap().replace(",4.84,0.97,5.81,", ",4.85,0.97,5.82,");
    let other = book.dir.path().join("other.csv");
    std::fs::write(&other, text).unwrap();
    let out = book.run(&["microsoft", "import", other.to_str().unwrap()]);
    assert_eq!(out.error_code(), "CONFLICT", "{out:?}");

    // A non-numeric total names its row and column; a file without a required column names it on
    // row 1; an empty file is refused. Each stores nothing (a new number would have been new).
    let text = std::fs::read_to_string(file).unwrap().replace("G019283746", "G019283747");
    for (broken, starts) in [
        (text.replace(",0.77,0,0.77,", ",0.77,0,n/a,"), "row 4, column Total:"),
        (text.replace(",TaxTotal,", ",Taxes,"), "row 1, column TaxTotal:"),
        (String::new(), "the file holds no charge"),
    ] {
        let f = book.dir.path().join("broken.csv");
        std::fs::write(&f, &broken).unwrap();
        let out = book.run(&["microsoft", "import", f.to_str().unwrap()]);
        assert_eq!(out.error_code(), "VALIDATION", "{out:?}");
        let msg = out.json()["error"]["message"].as_str().unwrap().to_string();
        assert!(msg.starts_with(starts), "{msg}");
    }
    let fixed = book.dir.path().join("fixed.csv");
    std::fs::write(&fixed, &text).unwrap();
    let res = book.ok(&["microsoft", "import", fixed.to_str().unwrap()]);
    assert_eq!(res["invoices"][0]["number"], "G019283747", "the refused files left nothing behind: {res}");
}
