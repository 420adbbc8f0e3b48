//! Invoice PDFs read back with poppler (`pdftotext`, `pdffonts`, `pdfinfo`): what a reader finds
//! in them, the embedded fonts, page numbering and size.
//!
//! Set `CSP_PDF_SAMPLES=/some/dir` to keep every rendered PDF there for a look.

use crate::pdf_specimens;

use std::path::{Path, PathBuf};
use std::process::Command;

use csp_core::pdf::model::{DocumentKind, InvoiceDocument, Lang, Paper, TaxMention};
use csp_core::pdf::render;
use pdf_specimens::*;
use rust_decimal::Decimal;

struct Rendered {
    _dir: tempfile::TempDir,
    path: PathBuf,
    size: usize,
}

fn rendered(name: &str, doc: &InvoiceDocument) -> Rendered {
    let bytes = render(doc).expect("the document renders");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&path, &bytes).unwrap();
    if let Ok(keep) = std::env::var("CSP_PDF_SAMPLES") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(Path::new(&keep).join(format!("{name}.pdf")), &bytes).unwrap();
    }
    Rendered { _dir: dir, path, size: bytes.len() }
}

fn poppler(tool: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(path)
        .args(if tool == "pdftotext" { &["-"][..] } else { &[][..] })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) must be installed: {e}"));
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

impl Rendered {
    fn text(&self) -> String {
        poppler("pdftotext", &["-enc", "UTF-8"], &self.path)
    }
    fn page_text(&self, page: usize) -> String {
        let n = page.to_string();
        poppler("pdftotext", &["-enc", "UTF-8", "-f", &n, "-l", &n], &self.path)
    }
    fn info(&self, key: &str) -> String {
        let info = poppler("pdfinfo", &[], &self.path);
        let line = info.lines().find(|l| l.starts_with(key)).unwrap_or_else(|| panic!("no {key} in {info}"));
        line[key.len() + 1..].trim().to_string()
    }
    fn pages(&self) -> usize {
        self.info("Pages").parse().unwrap()
    }
}

/// Every expected phrase is in the text, whatever line breaks the layout put between its words.
fn assert_contains(text: &str, expected: &[&str]) {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for e in expected {
        assert!(flat.contains(e), "missing {e:?} in:\n{text}");
    }
}

#[test]
fn french_invoice_prints_unicode_names_its_number_and_french_amounts() {
    let pdf = rendered("one-line-fr", &one_line(Lang::Fr));
    assert_eq!(pdf.pages(), 1);
    assert_contains(
        &pdf.text(),
        &[
            "FACTURE",
            "N° INV-2026-000142",
            "Großhändler Łódź Ørsted Éditions GmbH",
            "Nuages Ingénierie Distribution",
            "Azure Cosmos DB – serverless – Requêtes",
            "1 234,56 €",
            "4 938,24",
            "0,25 €",
            "Total TTC",
            "Page 1 / 1",
        ],
    );
}

#[test]
fn english_invoice_writes_amounts_the_english_way() {
    let pdf = rendered("one-line-en", &one_line(Lang::En));
    let text = pdf.text();
    assert_contains(
        &text,
        &["INVOICE", "No. INV-2026-000142", "Großhändler Łódź Ørsted Éditions GmbH", "€1,234.56", "4,938.24"],
    );
    assert_contains(&text, &["Total incl. tax", "Issue date", "2 Nov 2026", "1 Oct 2026 – 31 Oct 2026"]);
    assert!(!text.contains("1 234,56"), "French figures in an English invoice");
}

#[test]
fn french_invoice_shows_every_mention_the_law_requires() {
    let pdf = rendered("typical-fr", &invoice(Lang::Fr, 12));
    let text = pdf.text();
    assert_contains(
        &text,
        &[
            // Issuer: name, legal form and capital, head office, SIREN/SIRET, RCS, VAT number.
            "Nuages Ingénierie Distribution – SAS au capital de 150 000 €",
            "12 rue de l'Église",
            "SIREN 345 678 901",
            "SIRET 345 678 901 00027",
            "RCS Lyon B 345 678 901",
            "N° TVA FR32345678901",
            // Customer: name, billing address, VAT number, SIREN.
            "Brasserie Łukasz & Søren Straße",
            "4 place Bellecour",
            "N° TVA : FR61552100554",
            "SIREN : 552 100 554",
            // Number, dates, period.
            "INV-2026-000142",
            "Date d'émission",
            "02/11/2026",
            "du 01/10/2026 au 31/10/2026",
            // Lines: description, quantity, unit price excl. tax, VAT rate per line.
            "Désignation",
            "P.U. HT",
            "Virtual Machines Dsv5 Series – D4s v5 – Linux",
            "0,214 €",
            "20 %",
            // Subtotal per subscription, totals, VAT per rate.
            "Sous-total – Production – Plan Azure",
            "Total HT",
            "TVA 20 % sur",
            "Total TTC",
            // Payment: due date, late-payment rate, €40 indemnity, early-payment discount.
            "Échéance : 02/12/2026",
            "Pénalités de retard : 3 fois le taux d'intérêt légal",
            "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €",
            "Escompte pour paiement anticipé : néant",
            "IBAN FR76 3000 4000 0312 3456 7890 143",
            "BIC BNPAFRPPXXX",
        ],
    );
}

#[test]
fn english_invoice_carries_the_same_facts_in_english() {
    let pdf = rendered("typical-en", &invoice(Lang::En, 12));
    assert_contains(
        &pdf.text(),
        &[
            "Nuages Ingénierie Distribution – SAS with a share capital of 150 000 €",
            "SIREN 345 678 901",
            "VAT ID FR32345678901",
            "VAT ID: FR61552100554",
            "Unit price excl.",
            "Subtotal – Production – Plan Azure",
            "Total excl. tax",
            "VAT 20% on",
            "Due date: 2 Dec 2026",
            "Late payment interest: 3 times the French legal interest rate",
            "Fixed indemnity for recovery costs in case of late payment: €40",
            "Early payment discount: none",
        ],
    );
}

#[test]
fn totals_are_the_documents_own_figures() {
    let doc = invoice(Lang::Fr, 12);
    let text = rendered("totals-fr", &doc).text();
    let money = |d: Decimal| {
        let s = format!("{:.2}", d).replace('.', ",");
        let (int, frac) = s.split_once(',').unwrap();
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(' ');
            }
            grouped.push(c);
        }
        format!("{grouped},{frac} €")
    };
    for figure in [doc.subtotal, doc.tax_total, doc.total, doc.groups[0].subtotal, doc.groups[1].subtotal] {
        assert!(text.contains(&money(figure)), "missing {} in\n{text}", money(figure));
    }
}

#[test]
fn reverse_charge_and_outside_eu_mentions_in_both_languages() {
    let fr = rendered("reverse-charge-fr", &one_line(Lang::Fr)).text();
    assert_contains(&fr, &["Autoliquidation", "art. 283-2 du CGI", "directive 2006/112/CE", "TVA 0 % sur 1 234,56 €"]);
    let en = rendered("reverse-charge-en", &one_line(Lang::En)).text();
    assert_contains(&en, &["Reverse charge", "art. 283-2", "Directive 2006/112/EC art. 196"]);

    let fr = rendered("outside-eu-fr", &outside_eu(Lang::Fr)).text();
    assert_contains(&fr, &["TVA non applicable – art. 259-1 du CGI", "1 234,56 $US", "États-Unis"]);
    assert_contains(&fr, &["Taux de change appliqué (octobre 2026) : 1 EUR = 1,0842 USD"]);
    let en = rendered("outside-eu-en", &outside_eu(Lang::En)).text();
    assert_contains(
        &en,
        &["VAT not applicable", "art. 259-1", "$1,234.56", "Exchange rate applied (October 2026): 1 EUR = 1.0842 USD"],
    );

    let mut doc = one_line(Lang::En);
    doc.tax_mention = TaxMention::IssuerOutsideEu;
    assert_contains(&rendered("issuer-outside-eu", &doc).text(), &["No VAT charged"]);
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let pdf = rendered("fonts", &invoice(Lang::Fr, 12));
    let fonts = poppler("pdffonts", &[], &pdf.path);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "a regular and a bold face:\n{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID
        let name = cols[0];
        assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "subset tag missing: {row}");
        assert!(name.contains("NotoSans"), "{row}");
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "emb, sub, uni must be yes: {row}");
    }
}

#[test]
fn a_one_page_invoice_stays_small() {
    for (name, doc) in [("size-1-line", one_line(Lang::Fr)), ("size-10-lines", invoice(Lang::Fr, 10))] {
        let pdf = rendered(name, &doc);
        assert_eq!(pdf.pages(), 1, "{name}");
        assert!(pdf.size < 50_000, "{name} weighs {} bytes", pdf.size);
    }
}

#[test]
fn a_long_invoice_numbers_its_pages_and_repeats_the_table_header() {
    let pdf = rendered("300-lines-fr", &invoice(Lang::Fr, 300));
    let pages = pdf.pages();
    assert!(pages >= 8, "300 lines on {pages} pages");
    for page in 1..=pages {
        let text = pdf.page_text(page);
        assert_contains(&text, &[&format!("Page {page} / {pages}"), "Désignation", "Montant HT", "SIREN 345 678 901"]);
    }
    let second = pdf.page_text(2);
    assert_contains(&second, &["FACTURE N° INV-2026-000142", "du 01/10/2026 au 31/10/2026"]);
    let last = pdf.page_text(pages);
    assert_contains(&last, &["Total TTC", "Escompte pour paiement anticipé : néant"]);
    // Every line made it: the 300th line's meter is on the last table page.
    let all = pdf.text();
    assert_eq!(all.matches("Azure Monitor – Metrics Queries").count(), 30);
}

#[test]
fn forty_lines_in_english_on_letter_paper() {
    let mut doc = invoice(Lang::En, 40);
    doc.paper = Paper::Letter;
    let pdf = rendered("40-lines-en-letter", &doc);
    assert!(pdf.info("Page size").starts_with("612 x 792"), "{}", pdf.info("Page size"));
    let pages = pdf.pages();
    assert!(pages >= 2);
    assert_contains(&pdf.page_text(2), &[&format!("Page 2 / {pages}"), "Description", "INVOICE No. INV-2026-000142"]);
    let mut a4 = invoice(Lang::En, 40);
    a4.paper = Paper::A4;
    let pdf = rendered("40-lines-en", &a4);
    assert!(pdf.info("Page size").starts_with("595.2"), "{}", pdf.info("Page size"));
}

#[test]
fn a_subscription_split_across_pages_is_marked_continued_with_its_subtotal_at_the_end() {
    for (lang, continued, subtotal) in [(Lang::Fr, "(suite)", "Sous-total"), (Lang::En, "(continued)", "Subtotal")] {
        let doc = single_group(invoice(lang, 60));
        let pdf = rendered(&format!("one-subscription-{lang:?}"), &doc);
        assert!(pdf.pages() >= 2);
        let first = pdf.page_text(1);
        assert!(!first.contains(continued) && !first.contains(subtotal), "{first}");
        let second = pdf.page_text(2);
        assert_contains(&second, &[&format!("Production – Plan Azure {continued}")]);
        let text = pdf.text();
        assert_eq!(text.matches(subtotal).count(), 1, "one subtotal, after the last line");
    }
}

#[test]
fn a_credit_note_is_titled_as_such_and_names_the_invoice_it_cancels() {
    let fr = rendered("credit-note-fr", &credit_note(Lang::Fr)).text();
    assert_contains(&fr, &["AVOIR", "N° CN-2026-000007", "Annule la facture INV-2026-000142"]);
    assert!(!fr.contains("FACTURE\n"), "{fr}");
    let en = rendered("credit-note-en", &credit_note(Lang::En)).text();
    assert_contains(&en, &["CREDIT NOTE", "No. CN-2026-000007", "Cancels invoice INV-2026-000142"]);
    let doc = credit_note(Lang::En);
    assert_eq!(doc.kind, DocumentKind::CreditNote);
}

#[test]
fn a_draft_is_marked_on_every_page() {
    let pdf = rendered("draft-fr", &draft(Lang::Fr, 40));
    let pages = pdf.pages();
    assert!(pages >= 2);
    for page in 1..=pages {
        assert!(pdf.page_text(page).contains("BROUILLON"), "page {page} not marked");
    }
    assert_contains(&pdf.page_text(1), &["Brouillon – sans valeur de facture", "non émise"]);
    let en = rendered("draft-en", &draft(Lang::En, 3)).text();
    assert_contains(&en, &["DRAFT", "Draft – not a valid invoice", "Payment within 30 days of the issue date"]);
}

#[test]
fn a_draft_from_usage_microsoft_has_not_billed_is_marked_provisional() {
    let mut fr = draft(Lang::Fr, 3);
    fr.provisional = true;
    // A line of late usage, as the billing document writes its detail.
    fr.groups[0].lines[0].detail = Some("Virtual Machines · utilisation d'octobre 2026".into());
    let text = rendered("provisional-fr", &fr).text();
    assert_contains(
        &text,
        &["BROUILLON", "PROVISOIRE – utilisation pas encore facturée par Microsoft", "utilisation d'octobre 2026"],
    );
    let mut en = draft(Lang::En, 3);
    en.provisional = true;
    assert_contains(&rendered("provisional-en", &en).text(), &["PROVISIONAL – usage not yet billed by Microsoft"]);
    assert!(!rendered("draft-en-plain", &draft(Lang::En, 3)).text().contains("PROVISIONAL"));
}

#[test]
fn an_invoice_without_usage_says_so() {
    let mut doc = invoice(Lang::Fr, 0);
    doc.groups.clear();
    assert_contains(&rendered("empty-fr", &doc).text(), &["Aucune consommation sur la période.", "Total TTC"]);
}

#[test]
fn an_unreadable_logo_is_refused_with_a_clear_message() {
    let mut doc = invoice(Lang::Fr, 1);
    doc.logo_png = Some(b"not a png".to_vec());
    let err = render(&doc).unwrap_err();
    assert_eq!(err.code(), "VALIDATION");
    assert!(err.to_string().contains("logo"), "{err}");
}

/// A word as poppler finds it on a page, in points from the top-left corner.
#[derive(Debug)]
struct Word {
    page: usize,
    text: String,
    x_min: f32,
    y_min: f32,
    x_max: f32,
    y_max: f32,
}

fn words(pdf: &Rendered) -> Vec<Word> {
    let html = poppler("pdftotext", &["-bbox"], &pdf.path);
    let mut page = 0;
    let mut out = Vec::new();
    for line in html.lines().map(str::trim_start) {
        if line.starts_with("<page") {
            page += 1;
        }
        if !line.starts_with("<word") {
            continue;
        }
        let attr = |name: &str| -> f32 {
            let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            line[start..].split('"').next().unwrap().parse().unwrap()
        };
        let text = line.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("").to_string();
        out.push(Word {
            page,
            text,
            x_min: attr("xMin"),
            y_min: attr("yMin"),
            x_max: attr("xMax"),
            y_max: attr("yMax"),
        });
    }
    out
}

const MM: f32 = 72.0 / 25.4;

#[test]
fn long_names_stay_inside_their_column() {
    let mut doc = invoice(Lang::Fr, 3);
    let long = "Lorem ".repeat(60);
    doc.groups[0].lines[0].description = long.clone();
    doc.groups[0].lines[1].description = "X".repeat(300);
    doc.customer.name = format!("Établissements {long}");
    let pdf = rendered("long-names", &doc);
    let page_w = 210.0 * MM;
    let margin = 16.0 * MM;
    // The description column ends where the figure columns (103 mm) begin.
    let description_right = page_w - margin - 103.0 * MM;
    let mut shown = 0;
    for w in words(&pdf) {
        assert!(w.x_min >= margin - 1.0 && w.x_max <= page_w - margin + 1.0, "outside the margins: {w:?}");
        if (w.text.starts_with("Lorem") || w.text.starts_with("XXX")) && w.x_min < description_right {
            shown += 1;
            assert!(w.x_max <= description_right + 0.5, "description runs into the figures: {w:?}");
        }
    }
    assert!(shown > 10, "the long description is shown ({shown} words)");
}

#[test]
fn no_text_overlaps_other_text_on_any_page() {
    let mut long = invoice(Lang::En, 40);
    long.groups[1].lines[3].description = "Azure Virtual Desktop ".repeat(12);
    long.groups[1].lines[3].unit = "100 Requests per Month Hour".into();
    long.customer.address_lines.push("Zone d'activité de la Forêt-Noire, bâtiment Ø, escalier ß, 3e étage".into());
    long.paper = Paper::Letter;
    let docs = [
        ("overlap-300-fr", invoice(Lang::Fr, 300)),
        ("overlap-40-en-letter", long),
        ("overlap-credit-note", credit_note(Lang::Fr)),
        ("overlap-outside-eu", outside_eu(Lang::En)),
    ];
    for (name, doc) in docs {
        let pdf = rendered(name, &doc);
        let all = words(&pdf);
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if a.page != b.page {
                    continue;
                }
                let x = a.x_max.min(b.x_max) - a.x_min.max(b.x_min);
                // Poppler's boxes span the font's full ascent and descent, a little more than the
                // line spacing: consecutive lines touch by under a point, which is not an overlap.
                let y = a.y_max.min(b.y_max) - a.y_min.max(b.y_min);
                assert!(x <= 0.5 || y <= 1.5, "{name}: {a:?} overlaps {b:?}");
            }
        }
    }
}
