//! Factur-X files of the specimen invoices: valid against the Factur-X XSD and the EN 16931
//! schematron in every VAT case, PDF/A-3 parts in place, no transparency even with a translucent
//! logo, the reform's mentions printed in both languages, and small.
//!
//! Set `CSP_PDF_SAMPLES=/some/dir` to keep the files for a look.

use crate::pdf_specimens;

use std::path::{Path, PathBuf};
use std::process::Command;

use csp_core::facturx;
use csp_core::pdf::lopdf::{self, Object};
use csp_core::pdf::model::{InvoiceDocument, Lang, TaxMention};
use pdf_specimens::*;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    if let Ok(keep) = std::env::var("CSP_PDF_SAMPLES") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(Path::new(&keep).join(format!("{name}.pdf")), bytes).unwrap();
    }
    path.display().to_string()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn validate(files: &[String]) {
    let python = repo().join(".venv/bin/python");
    assert!(python.exists(), "{} is missing: `make deps` installs the Factur-X validator", python.display());
    let out = Command::new(python).arg(repo().join("scripts/facturx_check.py")).args(files).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "Factur-X validation failed:\n{report}\n{}", String::from_utf8_lossy(&out.stderr));
}

fn text(path: &str) -> String {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8", path, "-"]).output().expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the store holds for a credit note: every amount and quantity negated.
fn stored_credit_note(lang: Lang) -> InvoiceDocument {
    let mut doc = credit_note(lang);
    for g in &mut doc.groups {
        g.subtotal = -g.subtotal;
        for l in &mut g.lines {
            l.quantity = -l.quantity;
            l.amount = -l.amount;
        }
    }
    for t in &mut doc.taxes {
        t.base = -t.base;
        t.amount = -t.amount;
    }
    doc.subtotal = -doc.subtotal;
    doc.tax_total = -doc.tax_total;
    doc.total = -doc.total;
    doc
}

/// A US issuer that charges no VAT: category `O`, no VAT IDs in the XML.
fn issuer_outside_eu(lang: Lang) -> InvoiceDocument {
    let mut doc = outside_eu(lang);
    doc.issuer.country_code = "US".into();
    doc.issuer.siren = None;
    doc.issuer.siret = None;
    doc.tax_mention = TaxMention::IssuerOutsideEu;
    doc
}

/// A German issuer: its reverse-charge and outside-EU mentions cite the directive, not the CGI.
fn german_issuer(mut doc: InvoiceDocument, mention: TaxMention) -> InvoiceDocument {
    doc.issuer.country_code = "DE".into();
    doc.issuer.country_name = "Deutschland".into();
    doc.issuer.vat_id = Some("DE811907980".into());
    doc.issuer.siren = None;
    doc.issuer.siret = None;
    doc.issuer.rcs = None;
    if mention == TaxMention::ReverseChargeDirective {
        doc.customer.country_code = "FR".into();
        doc.customer.vat_id = Some("FR40303265045".into());
    }
    doc.tax_mention = mention;
    doc
}

#[test]
fn a_german_issuers_factur_x_gives_the_directive_as_exemption_reason_and_stays_valid() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for lang in [Lang::Fr, Lang::En] {
        let reverse = german_issuer(one_line(lang), TaxMention::ReverseChargeDirective);
        let outside = german_issuer(outside_eu(lang), TaxMention::OutsideEuDirective);
        for (name, doc, category, article) in
            [("reverse", reverse, "AE", "art. 196"), ("outside", outside, "G", "art. 44")]
        {
            let xml = String::from_utf8(facturx::cii::write(&doc).unwrap()).unwrap();
            let reason = xml.split("<ram:ExemptionReason>").nth(1).and_then(|r| r.split('<').next()).unwrap();
            assert!(reason.contains("2006/112") && reason.contains(article), "{reason}");
            assert!(!xml.contains("CGI"), "{xml}");
            assert!(xml.contains(&format!("<ram:CategoryCode>{category}</ram:CategoryCode>")), "{xml}");
            let bytes = facturx::render(&doc).expect("renders");
            files.push(write(dir.path(), &format!("facturx-de-{name}-{lang:?}"), &bytes));
        }
    }
    validate(&files);
    for f in &files {
        assert!(!text(f).contains("CGI"), "{}", text(f));
    }
}

#[test]
fn every_vat_case_is_a_valid_factur_x_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for lang in [Lang::Fr, Lang::En] {
        let tag = if lang == Lang::Fr { "fr" } else { "en" };
        let mut domestic = invoice(lang, 14);
        domestic.customer.delivery_lines = vec!["Entrepôt Nord – 5 rue des Docks".into(), "13002 Marseille".into()];
        domestic.vat_on_debits = true;
        for (name, doc) in [
            ("domestic", domestic),
            ("reverse-charge", one_line(lang)),
            ("outside-eu", outside_eu(lang)),
            ("issuer-outside-eu", issuer_outside_eu(lang)),
            ("credit-note", stored_credit_note(lang)),
        ] {
            let bytes = facturx::render(&doc).expect("renders");
            files.push(write(dir.path(), &format!("facturx-{name}-{tag}"), &bytes));
        }
    }
    validate(&files);

    let fr = text(&files[0]);
    for expected in [
        "Adresse de livraison : Entrepôt Nord – 5 rue des Docks, 13002 Marseille",
        "Nature des opérations",
        "Prestations de services",
        "Option pour le paiement de la taxe d'après les débits",
    ] {
        assert!(fr.contains(expected), "missing {expected:?} in {fr}");
    }
    let en = text(&files[5]);
    for expected in [
        "Delivery address: Entrepôt Nord – 5 rue des Docks, 13002 Marseille",
        "Nature of operations",
        "Services",
        "The issuer has opted to pay VAT on debits",
    ] {
        assert!(en.contains(expected), "missing {expected:?} in {en}");
    }
}

#[test]
fn the_xml_states_the_vat_cases_and_the_reform_facts() {
    let mut doc = invoice(Lang::Fr, 3);
    doc.customer.delivery_lines = vec!["5 rue des Docks".into(), "13002 Marseille".into()];
    doc.vat_on_debits = true;
    let xml = String::from_utf8(facturx::cii::write(&doc).unwrap()).unwrap();
    assert!(xml.contains("<ram:ID schemeID=\"0002\">345678901</ram:ID>"), "{xml}");
    assert!(xml.contains("<ram:ID schemeID=\"0002\">552100554</ram:ID>"), "{xml}");
    assert!(xml.contains("<ram:ShipToTradeParty>") && xml.contains("<ram:CityName>Marseille</ram:CityName>"));
    assert!(xml.contains("<ram:DueDateTypeCode>5</ram:DueDateTypeCode>"));
    assert!(
        xml.contains("<ram:TypeCode>58</ram:TypeCode>")
            && xml.contains("<ram:IBANID>FR7630004000031234567890143</ram:IBANID>")
    );
    assert!(xml.contains("unitCode=\"HUR\"") && xml.contains("unitCode=\"E34\""));

    let xml = String::from_utf8(facturx::cii::write(&issuer_outside_eu(Lang::En)).unwrap()).unwrap();
    assert!(xml.contains("<ram:CategoryCode>O</ram:CategoryCode>") && !xml.contains("schemeID=\"VA\""), "{xml}");
    assert!(!xml.contains("RateApplicablePercent"), "{xml}");

    let xml = String::from_utf8(facturx::cii::write(&stored_credit_note(Lang::Fr)).unwrap()).unwrap();
    assert!(xml.contains("<ram:TypeCode>381</ram:TypeCode>"));
    assert!(xml.contains("<ram:IssuerAssignedID>INV-2026-000142</ram:IssuerAssignedID>"));
    assert!(!xml.contains("<ram:GrandTotalAmount>-"), "a credit note states positive amounts: {xml}");

    let err = facturx::render(&draft(Lang::Fr, 2)).unwrap_err();
    assert_eq!(err.code(), "VALIDATION");
}

/// Every stream and dictionary of the file, as lopdf reads it.
fn objects(bytes: &[u8]) -> lopdf::Document {
    lopdf::Document::load_mem(bytes).expect("the file parses")
}

#[test]
fn a_factur_x_is_pdf_a_3_without_transparency_and_stays_small() {
    let doc = invoice(Lang::Fr, 10);
    assert!(doc.logo_png.is_some(), "the specimen's logo has translucent pixels");
    let bytes = facturx::render(&doc).unwrap();
    let pdf = objects(&bytes);
    assert_eq!(pdf.version, "1.7");
    let catalog = pdf.catalog().unwrap();
    for key in [&b"Metadata"[..], b"OutputIntents", b"AF", b"Names"] {
        assert!(catalog.has(key), "catalog lacks {}", String::from_utf8_lossy(key));
    }
    assert!(pdf.trailer.has(b"ID"), "a document ID");
    assert!(!pdf.trailer.has(b"Encrypt"));
    let mut images = 0;
    for object in pdf.objects.values() {
        if let Object::Stream(s) = object {
            assert!(!s.dict.has(b"SMask"), "no soft mask: the logo is flattened onto white");
            if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Image"[..]) {
                images += 1;
            }
        }
        if let Object::Dictionary(d) = object {
            assert!(!d.has(b"CA") && !d.has(b"ca") && !d.has(b"SMask"), "no transparency: {d:?}");
        }
    }
    assert_eq!(images, 1, "the logo is there, opaque");
    let spec = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(&b"Filespec"[..]))
        .expect("a file specification");
    assert_eq!(spec.get(b"AFRelationship").and_then(Object::as_name).unwrap(), b"Data");
    // The plain PDF of the same invoice keeps its translucent logo.
    let plain = objects(&csp_core::pdf::render(&doc).unwrap());
    assert!(plain.objects.values().any(|o| matches!(o, Object::Stream(s) if s.dict.has(b"SMask"))));
    assert!(bytes.len() <= 80 * 1024, "a one-page Factur-X weighs {} bytes", bytes.len());
}
