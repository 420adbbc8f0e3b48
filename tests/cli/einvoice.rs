//! Electronic invoices: every document of the demo book exports as a Factur-X that passes the
//! Factur-X XSD and the official EN 16931 CII schematron, carries `factur-x.xml` as a PDF/A-3
//! attachment, and states what the invoice states.

use std::path::{Path, PathBuf};
use std::process::Command;

use csp_acceptance::Book;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs a tool and returns its stdout; it must succeed.
fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e} (make deps)"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The offline validator (`make venv` installs it): XSD + EN 16931 schematron on each file.
fn validate(files: &[String]) {
    let python = repo().join(".venv/bin/python");
    assert!(python.exists(), "{} is missing: `make deps` installs the Factur-X validator", python.display());
    let script = repo().join("scripts/facturx_check.py");
    let out = Command::new(python).arg(script).args(files).output().expect("run the Factur-X validator");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "Factur-X validation failed:\n{report}\n{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(report.lines().count(), files.len(), "{report}");
}

fn files(v: &Value) -> Vec<String> {
    v["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect()
}

/// The text of every element of the XML, by local path (`ExchangedDocument/ID`), in order.
fn elements(xml: &[u8]) -> Vec<(String, String)> {
    let mut reader = Reader::from_reader(xml);
    let mut path: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut text = String::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Start(e) => {
                path.push(e.local_name().as_ref().to_string());
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            // `&amp;` and the like arrive as references between pieces of text.
            Event::GeneralRef(r) => match r.resolve_char_ref().expect("character reference") {
                Some(c) => text.push(c),
                None => text.push_str(resolve_predefined_entity(&r).expect("predefined entity")),
            },
            Event::End(_) => {
                if !text.trim().is_empty() {
                    out.push((path[1..].join("/"), text.trim().to_string()));
                }
                text.clear();
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

fn first<'a>(els: &'a [(String, String)], suffix: &str) -> &'a str {
    els.iter().find(|(p, _)| p.ends_with(suffix)).map(|(_, t)| t.as_str()).unwrap_or_else(|| panic!("no {suffix}"))
}

fn attachment(pdf: &str, dir: &Path) -> Vec<u8> {
    let list = tool("pdfdetach", &["-list", pdf]);
    assert!(list.contains("1: factur-x.xml"), "{list}");
    let out = dir.join("factur-x.xml");
    tool("pdfdetach", &["-save", "1", "-o", out.to_str().unwrap(), pdf]);
    std::fs::read(out).unwrap()
}

fn positive(amount: &Value) -> String {
    amount.as_str().unwrap().trim_start_matches('-').to_string()
}

#[test]
fn every_document_of_the_demo_book_is_a_valid_factur_x_that_states_the_invoice() {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let cn = book.ok(&["invoice", "credit", "INV-2022-000004", "--on", "2022-03-10"]);
    assert_eq!(cn["number"], "CN-2022-000001");
    let out = book.dir.path().join("export");
    let mut all = Vec::new();
    for (month, lang) in [("2021-12", "fr"), ("2022-01", "fr"), ("2022-01", "en")] {
        let dir = out.join(format!("{month}-{lang}"));
        let written =
            files(&book.ok(&["invoice", "export", "--month", month, "--out", dir.to_str().unwrap(), "--lang", lang]));
        assert!(written.len() >= 6, "{written:?}");
        all.extend(written);
    }
    // Issued documents of every kind: domestic, reverse charge, outside the EU, a credit note.
    validate(&all);

    // PDF/A-3 essentials, as the poppler tools see them.
    let cn_pdf = all.iter().find(|f| f.ends_with("2022-01-fr/CN-2022-000001.pdf")).unwrap().clone();
    let info = tool("pdfinfo", &[&cn_pdf]);
    assert!(info.contains("Encrypted:       no") && info.contains("PDF version:     1.7"), "{info}");
    let meta = tool("pdfinfo", &["-meta", &cn_pdf]);
    for needle in [
        "<pdfaid:part>3</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>",
        "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>",
        "<fx:DocumentType>INVOICE</fx:DocumentType>",
    ] {
        assert!(meta.contains(needle), "{needle} missing from the XMP:\n{meta}");
    }
    let fonts = tool("pdffonts", &[&cn_pdf]);
    let font_rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!font_rows.is_empty());
    for row in font_rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "every font is embedded: {row}");
    }
    let text = tool("pdftotext", &["-layout", &cn_pdf, "-"]);
    assert!(text.contains("Annule la facture INV-2022-000004"), "{text}");
    assert!(text.contains("Nature des opérations") && text.contains("Prestations de services"), "{text}");

    // Round trip: the XML of the credit note states what the credit note states.
    let stored = book.ok(&["invoice", "show", "CN-2022-000001"]);
    let els = elements(&attachment(&cn_pdf, book.dir.path()));
    assert_eq!(first(&els, "ExchangedDocument/ID"), "CN-2022-000001");
    assert_eq!(first(&els, "ExchangedDocument/TypeCode"), "381");
    assert_eq!(first(&els, "IssueDateTime/DateTimeString"), "20220310");
    assert_eq!(first(&els, "InvoiceReferencedDocument/IssuerAssignedID"), "INV-2022-000004");
    assert_eq!(first(&els, "BuyerTradeParty/Name"), stored["recipient_name"].as_str().unwrap());
    assert_eq!(first(&els, "SellerTradeParty/Name"), stored["issuer_name"].as_str().unwrap());
    assert_eq!(first(&els, "SellerTradeParty/SpecifiedLegalOrganization/ID").len(), 9);
    // A credit note's amounts are stated positive under type 381.
    assert_eq!(first(&els, "TaxBasisTotalAmount"), positive(&stored["subtotal"]));
    assert_eq!(first(&els, "TaxTotalAmount"), positive(&stored["tax"]));
    assert_eq!(first(&els, "GrandTotalAmount"), positive(&stored["total"]));
    let lines = els.iter().filter(|(p, _)| p.ends_with("AssociatedDocumentLineDocument/LineID")).count();
    assert_eq!(lines as u64, stored["lines"].as_array().map(|l| l.len() as u64).unwrap_or(0));

    // Reverse charge and outside the EU: their categories and exemption reasons.
    let by_number = |n: &str| all.iter().find(|f| f.ends_with(&format!("2022-01-en/{n}.pdf"))).unwrap().clone();
    let outside = elements(&attachment(&by_number("INV-2022-000006"), book.dir.path()));
    assert!(outside.iter().any(|(p, t)| p.ends_with("ApplicableTradeTax/ExemptionReasonCode") && t == "VATEX-EU-G"));
    assert!(first(&outside, "ApplicableTradeTax/ExemptionReason").contains("259-1"));
    let reverse = elements(&attachment(&by_number("INV-2022-000007"), book.dir.path()));
    assert!(reverse.iter().any(|(p, t)| p.ends_with("ApplicableTradeTax/ExemptionReasonCode") && t == "VATEX-EU-AE"));
    assert!(reverse.iter().any(|(p, _)| p.ends_with("BuyerTradeParty/SpecifiedTaxRegistration/ID")));
    assert_eq!(first(&reverse, "TaxTotalAmount"), "0.00");
}

#[test]
fn format_pdf_keeps_the_plain_pdf_and_a_draft_stays_a_plain_pdf() {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let dir = book.dir.path().join("plain");
    let plain =
        files(&book.ok(&["invoice", "export", "INV-2022-000004", "--out", dir.to_str().unwrap(), "--format", "pdf"]));
    let list = tool("pdfdetach", &["-list", &plain[0]]);
    assert!(list.starts_with("0 embedded files"), "{list}");
    let drafts = files(&book.ok(&["invoice", "export", "--month", "2022-02", "--out", dir.to_str().unwrap()]));
    assert!(drafts.iter().all(|f| f.contains("draft-")), "{drafts:?}");
    assert!(tool("pdfdetach", &["-list", &drafts[0]]).starts_with("0 embedded files"));
    let bad = book.run(&["invoice", "export", "INV-2022-000004", "--out", dir.to_str().unwrap(), "--format", "xml"]);
    assert_eq!(bad.error_code(), "VALIDATION");
}

#[test]
fn the_platform_status_is_recorded_as_dated_history_and_shown_in_the_list() {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let shown = book.ok(&["invoice", "platform", "INV-2022-000004", "--status", "deposited", "--on", "2022-02-01"]);
    assert_eq!(
        (shown["platform_status"].as_str(), shown["platform_on"].as_str()),
        (Some("deposited"), Some("2022-02-01"))
    );
    book.ok(&["invoice", "platform", "INV-2022-000004", "--status", "collected", "--on", "2022-02-20"]);
    let shown = book.ok(&["invoice", "show", "INV-2022-000004"]);
    assert_eq!(shown["platform_status"], "collected");
    let history: Vec<(String, String)> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "platform")
        .map(|e| (e["detail"].as_str().unwrap().to_string(), e["on_date"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        history,
        [("deposited".to_string(), "2022-02-01".to_string()), ("collected".to_string(), "2022-02-20".to_string())]
    );
    let list = book.ok(&["invoice", "list", "--month", "2022-01"]);
    let row = list.as_array().unwrap().iter().find(|i| i["number"] == "INV-2022-000004").unwrap();
    assert_eq!(row["platform_status"], "collected");

    // Refusals change nothing.
    let draft = book.ok(&["invoice", "list", "--status", "draft"])[0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        book.run(&["invoice", "platform", &draft, "--status", "deposited", "--on", "2022-03-01"]).error_code(),
        "CONFLICT"
    );
    assert_eq!(
        book.run(&["invoice", "platform", "INV-2022-000004", "--status", "lost", "--on", "2022-03-01"]).error_code(),
        "VALIDATION"
    );
    assert_eq!(
        book.run(&["invoice", "platform", "INV-2022-000004", "--status", "rejected", "--on", "2021-01-01"])
            .error_code(),
        "VALIDATION"
    );
    assert_eq!(book.ok(&["invoice", "show", "INV-2022-000004"])["platform_status"], "collected");
}

/// Parses a decimal-comma amount into cents.
fn cents(s: &str) -> i64 {
    let (units, frac) = s.split_once(',').expect("a decimal comma");
    assert_eq!(frac.len(), 2, "two decimals: {s}");
    units.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap()
}

#[test]
fn the_fec_has_its_18_columns_and_every_entry_balances() {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    book.ok(&["invoice", "credit", "INV-2022-000004", "--on", "2022-03-10"]);
    let dir = book.dir.path().join("fec");
    std::fs::create_dir_all(&dir).unwrap();
    let res = book.ok(&[
        "accounting",
        "export",
        "--from",
        "2022-01-01",
        "--to",
        "2022-03-31",
        "--out",
        dir.to_str().unwrap(),
    ]);
    let path = res["path"].as_str().unwrap();
    assert!(path.ends_with("/303265045FEC20220331.txt"), "{path}");
    let text = std::fs::read_to_string(path).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.trim_end_matches('\r').split('\t').collect()).collect();
    assert_eq!(
        rows[0].join(","),
        "JournalCode,JournalLib,EcritureNum,EcritureDate,CompteNum,CompteLib,CompAuxNum,CompAuxLib,PieceRef,\
         PieceDate,EcritureLib,Debit,Credit,EcritureLet,DateLet,ValidDate,Montantdevise,Idevise"
    );
    let mut entries: std::collections::BTreeMap<(String, u32), (i64, i64)> = Default::default();
    let (mut debit, mut credit) = (0, 0);
    for row in &rows[1..] {
        assert_eq!(row.len(), 18, "{row:?}");
        assert!(row[3].len() == 8 && row[3].chars().all(|c| c.is_ascii_digit()), "YYYYMMDD: {row:?}");
        let e = entries.entry((row[0].to_string(), row[2].parse().unwrap())).or_default();
        e.0 += cents(row[11]);
        e.1 += cents(row[12]);
        debit += cents(row[11]);
        credit += cents(row[12]);
    }
    assert_eq!(debit, credit, "the file balances");
    for ((journal, n), (d, c)) in &entries {
        assert_eq!(d, c, "entry {journal} {n} balances");
    }
    // Entry numbers run 1, 2, 3… in each journal.
    for journal in ["VE", "BQ"] {
        let numbers: Vec<u32> = entries.keys().filter(|(j, _)| j == journal).map(|(_, n)| *n).collect();
        assert!(!numbers.is_empty(), "{journal} has entries");
        assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>());
    }
    assert_eq!(res["entries"].as_u64().unwrap() as usize, entries.len());
    // The credit note reverses the invoice: the customer is credited, revenue debited.
    let cn: Vec<&Vec<&str>> = rows.iter().filter(|r| r[8] == "CN-2022-000001").collect();
    let stored = book.ok(&["invoice", "show", "CN-2022-000001"]);
    let fec_amount = |v: &Value| positive(v).replace('.', ",");
    assert_eq!((cn[0][4], cn[0][11], cn[0][12]), ("411000", "0,00", fec_amount(&stored["total"]).as_str()));
    assert_eq!((cn[1][4], cn[1][11]), ("706000", fec_amount(&stored["subtotal"]).as_str()));
    // Never overwritten.
    let again = book.run(&["accounting", "export", "--from", "2022-01-01", "--to", "2022-03-31", "--out", path]);
    assert_eq!(again.error_code(), "CONFLICT");
}
