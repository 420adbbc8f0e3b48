//! Invoice and credit-note PDFs, drawn natively with printpdf (no browser). `model` is what
//! billing fills; [`render`] lays it out in the document's language on A4 or Letter paper.
//!
//! The path: `layout` places marks on pages (so the page count is known before `Page X / Y` is
//! written), then `emit` subsets the two embedded fonts to the characters used and writes the
//! PDF. A one-page invoice weighs a few tens of kilobytes.

mod canvas;
mod emit;
mod fonts;
mod format;
pub mod labels;
mod layout;
mod logo;
pub mod model;

/// The PDF object model the renderer writes with, for the code that completes its documents.
pub use lopdf;

/// Completes a rendered document before it is written (see [`render_archival`]).
pub type Finish<'a> = &'a dyn Fn(&mut lopdf::Document) -> Result<(), CoreError>;

use csp_domain::CoreError;
use model::{DocumentKind, InvoiceDocument, Lang};

/// The key of the document information dictionary that holds the ID of the document a PDF prints.
pub const DOCUMENT_ID_KEY: &str = "CSPDeskDocument";

/// The PDF of an invoice or credit note.
pub fn render(doc: &InvoiceDocument) -> Result<Vec<u8>, CoreError> {
    render_with(doc, None, None)
}

/// The PDF of the document `document_id`, which it records (see [`document_mark`]).
pub fn render_for(doc: &InvoiceDocument, document_id: &str) -> Result<Vec<u8>, CoreError> {
    render_with(doc, Some(document_id), None)
}

/// The bytes that mark a PDF as the one of `document_id`, as [`render_for`] writes them (a name
/// and a literal string in the uncompressed information dictionary).
pub fn document_mark(document_id: &str) -> Vec<u8> {
    format!("/{DOCUMENT_ID_KEY}({document_id})").into_bytes()
}

/// The same pages, with no transparency, completed by `finish` before the file is written: how
/// the Factur-X writer adds its XML, metadata and colour profile without parsing the PDF again.
/// `document_id`, when given, is recorded as in [`render_for`].
pub fn render_archival(
    doc: &InvoiceDocument,
    document_id: Option<&str>,
    finish: Finish<'_>,
) -> Result<Vec<u8>, CoreError> {
    render_with(doc, document_id, Some(finish))
}

fn render_with(
    doc: &InvoiceDocument,
    document_id: Option<&str>,
    finish: Option<Finish<'_>>,
) -> Result<Vec<u8>, CoreError> {
    let logo = match doc.logo_png.as_deref() {
        Some(bytes) if !bytes.is_empty() => Some(logo::Logo::from_png(bytes)?),
        _ => None,
    };
    let laid = layout::lay_out(doc, logo.as_ref().map(|logo| (logo.width, logo.height)));
    emit::write(&document_title(doc), &laid, logo.as_deref(), document_id, finish)
}

/// The title readers show in their window bar (also the archival metadata's title).
pub fn title(doc: &InvoiceDocument) -> String {
    document_title(doc)
}

/// The title readers show in their window bar: `Facture INV-2026-000001 – Contoso`.
fn document_title(doc: &InvoiceDocument) -> String {
    let kind = match (doc.kind, doc.lang) {
        (DocumentKind::Invoice, Lang::Fr) => "Facture",
        (DocumentKind::Invoice, Lang::En) => "Invoice",
        (DocumentKind::CreditNote, Lang::Fr) => "Avoir",
        (DocumentKind::CreditNote, Lang::En) => "Credit note",
    };
    let number = doc.number.clone().unwrap_or_else(|| labels::labels(doc.lang).draft.to_lowercase());
    format!("{kind} {number} – {}", doc.customer.name)
}

/// What a printed mention is about, for the electronic copy (UNCL 4451 note subjects).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionSubject {
    /// The tax mention (reverse charge, art. 259-1…).
    Tax,
    /// Late-payment interest.
    LatePayment,
    /// The fixed €40 recovery indemnity.
    RecoveryIndemnity,
    /// Early-payment discount terms.
    EarlyPaymentDiscount,
    /// The nature of the operations, the VAT-on-debits option.
    General,
}

/// The legal mentions exactly as the PDF prints them in the document's language, so that the
/// electronic copy of the invoice carries the same text.
pub fn mentions(doc: &InvoiceDocument) -> Vec<(MentionSubject, String)> {
    let (l, lang) = (labels::labels(doc.lang), doc.lang);
    let mut out = Vec::new();
    if let Some(text) = labels::tax_mention(doc.tax_mention, lang) {
        out.push((MentionSubject::Tax, text.to_string()));
    }
    if let Some(model::Operations::Services) = doc.operations {
        out.push((MentionSubject::General, labels::field(lang, l.operations, l.services)));
    }
    if doc.vat_on_debits {
        out.push((MentionSubject::General, l.vat_on_debits.to_string()));
    }
    if doc.kind == DocumentKind::Invoice {
        let p = &doc.payment;
        let late = p.late_payment_rate.as_deref().filter(|r| !r.trim().is_empty()).unwrap_or(l.late_payment_default);
        out.push((MentionSubject::LatePayment, labels::field(lang, l.late_payment, late)));
        if p.b2b_recovery_indemnity {
            out.push((MentionSubject::RecoveryIndemnity, l.recovery_indemnity.to_string()));
        }
        let discount =
            p.early_payment_discount.as_deref().filter(|d| !d.trim().is_empty()).unwrap_or(l.early_discount_none);
        out.push((MentionSubject::EarlyPaymentDiscount, labels::field(lang, l.early_discount, discount)));
    }
    out
}

/// The payment terms as printed (`Paiement à 30 jours à compter de la date d'émission`).
pub fn terms_text(doc: &InvoiceDocument) -> String {
    labels::terms(doc.lang, doc.payment.terms_days)
}

/// `Annule la facture INV-…` / `Cancels invoice INV-…`, as printed on a credit note.
pub fn cancels_text(doc: &InvoiceDocument, invoice: &str) -> String {
    format!("{} {invoice}", labels::labels(doc.lang).cancels_invoice)
}
