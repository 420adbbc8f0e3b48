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
