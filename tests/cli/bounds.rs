//! Hostile input through `cspctl`: absurd numbers, dates at the calendar's end, a line without an
//! end, invalid UTF-8. Each file is refused (exit 1, `VALIDATION`, the row and column named) and the
//! book is unchanged. Exports neutralise formulas and never overwrite another document's file.

use std::path::Path;

use csp_acceptance::Book;
use serde_json::Value;

const HEADER: &str = "CustomerId,CustomerName,CustomerDomainName,CustomerCountry,SubscriptionId,UsageDate,MeterId,\
MeterName,MeterCategory,Unit,Quantity,UnitPrice,PricingCurrency,BillingCurrency,PCToBCExchangeRate,\
PartnerEarnedCreditPercentage,CreditType";
const TENANT: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const SUB: &str = "bbbbbbbb-0000-4000-8000-000000000001";

fn line(date: &str, meter_name: &str, qty: &str) -> Vec<u8> {
    format!(
        "{TENANT},Fabrikam,fabrikam.onmicrosoft.com,FR,{SUB},{date},vm,{meter_name},Virtual Machines,1 Hour,{qty},0.096,EUR,EUR,1,0,Credit Not Applied"
    )
    .into_bytes()
}

fn write(path: &Path, rows: &[Vec<u8>]) {
    let mut bytes = HEADER.as_bytes().to_vec();
    for r in rows {
        bytes.extend_from_slice(b"\r\n");
        bytes.extend_from_slice(r);
    }
    std::fs::write(path, bytes).unwrap();
}

/// What a refused import could have changed.
fn state(book: &Book) -> (Value, usize, usize) {
    let summary = book.ok(&["usage", "summary", "--month", "2026-10"]);
    let customers = book.ok(&["customer", "list"]).as_array().unwrap().len();
    let subs = book.ok(&["subscription", "list"]).as_array().unwrap().len();
    (summary, customers, subs)
}

fn book_with_usage(meter_name: &str, qty: &str) -> Book {
    let book = Book::new();
    book.direct_partner("Contoso Cloud SAS");
    let file = book.dir.path().join("good.csv");
    write(&file, &[line("10/01/2026", meter_name, qty)]);
    assert_eq!(book.ok(&["usage", "import", file.to_str().unwrap(), "--adopt"])["imported"], 1);
    book
}

#[test]
fn a_hostile_usage_file_is_refused_and_the_book_is_unchanged() {
    let book = book_with_usage("D2s v5", "10");
    let before = state(&book);
    let good = line("10/02/2026", "D2s v5", "1");
    let mut endless = good.clone();
    endless.extend(std::iter::repeat_n(b'9', 2 << 20));
    let mut not_utf8 = line("10/02/2026", "D2s v5", "1");
    not_utf8.splice(37..45, b"\xff\xfe\xfd\xfc\xff\xfe\xfd\xfc".iter().copied());
    let cases: [(Vec<u8>, &str); 6] = [
        (line("10/02/2026", "D2s v5", "1e30"), "row 3, column Quantity:"),
        (line("10/02/2026", "D2s v5", "79228162514264337593543950336"), "row 3, column Quantity:"),
        (line("10/02/2026", "D2s v5", "999999999999"), "row 3, column Quantity: 999999999999 is out of bounds"),
        (line("12/31/9999", "D2s v5", "1"), "row 3, column UsageDate: 9999-12-31 is outside"),
        (endless, "row 3: the row is longer than 256 KiB"),
        (not_utf8, "row 3, column CustomerName: the text is not UTF-8"),
    ];
    for (bad, expected) in cases {
        let file = book.dir.path().join("hostile.csv");
        write(&file, &[good.clone(), bad]);
        let out = book.run(&["usage", "import", file.to_str().unwrap(), "--adopt"]);
        assert_eq!(out.error_code(), "VALIDATION", "{out:?}");
        let message = out.json()["error"]["message"].as_str().unwrap().to_string();
        assert!(message.starts_with(expected), "{message} — expected {expected}");
        assert!(message.len() < 400, "a readable message, not the cell: {} bytes", message.len());
        assert!(!out.stderr.is_empty(), "the message is on stderr too");
        assert_eq!(state(&book), before, "book unchanged after {expected}");
    }
}

#[test]
fn exports_neutralise_formulas_and_never_overwrite_another_file() {
    let book = book_with_usage("=HYPERLINK(\"http://evil.example\")", "-2");
    let id = book.ok(&["billing", "run", "--month", "2026-10"])["invoices"][0].as_str().unwrap().to_string();

    let out = book.dir.path().join("recon.csv");
    book.ok(&["reconciliation", "export", "--month", "2026-10", "--out", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    let row = text.lines().nth(1).unwrap();
    assert!(row.contains(r#""'=HYPERLINK(""http://evil.example"")""#), "{row}");
    assert!(row.contains(",-2,"), "a negative quantity stays a number: {row}");
    // The same month's reconciliation again replaces it.
    book.ok(&["reconciliation", "export", "--month", "2026-10", "--out", out.to_str().unwrap()]);

    let mine = book.dir.path().join("budget.csv");
    std::fs::write(&mine, "my own figures\n").unwrap();
    let refused = book.run(&["reconciliation", "export", "--month", "2026-10", "--out", mine.to_str().unwrap()]);
    assert_eq!(refused.error_code(), "CONFLICT");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my own figures\n");

    let pdfs = book.dir.path().join("pdfs");
    let files = book.ok(&["invoice", "export", &id, "--out", pdfs.to_str().unwrap()]);
    let pdf = files["files"][0].as_str().unwrap().to_string();
    book.ok(&["invoice", "export", &id, "--out", pdfs.to_str().unwrap(), "--lang", "en"]);
    std::fs::write(&pdf, b"%PDF-1.7 not this document").unwrap();
    let refused = book.run(&["invoice", "export", &id, "--out", pdfs.to_str().unwrap()]);
    assert_eq!(refused.error_code(), "CONFLICT");
    assert_eq!(std::fs::read(&pdf).unwrap(), b"%PDF-1.7 not this document");
    assert_eq!(std::fs::read_dir(&pdfs).unwrap().count(), 1, "no temporary file left");
}
