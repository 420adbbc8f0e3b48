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
mod labels;
mod layout;
mod logo;
pub mod model;

use csp_domain::CoreError;
use model::{DocumentKind, InvoiceDocument, Lang};

/// The key of the document information dictionary that holds the ID of the document a PDF prints.
pub const DOCUMENT_ID_KEY: &str = "CSPDeskDocument";

/// The PDF of an invoice or credit note.
pub fn render(doc: &InvoiceDocument) -> Result<Vec<u8>, CoreError> {
    render_inner(doc, None)
}

/// The PDF of the document `document_id`, which it records (see [`document_mark`]).
pub fn render_for(doc: &InvoiceDocument, document_id: &str) -> Result<Vec<u8>, CoreError> {
    render_inner(doc, Some(document_id))
}

/// The bytes that mark a PDF as the one of `document_id`, as [`render_for`] writes them (a name
/// and a literal string in the uncompressed information dictionary).
pub fn document_mark(document_id: &str) -> Vec<u8> {
    format!("/{DOCUMENT_ID_KEY}({document_id})").into_bytes()
}

fn render_inner(doc: &InvoiceDocument, document_id: Option<&str>) -> Result<Vec<u8>, CoreError> {
    let logo = match doc.logo_png.as_deref() {
        Some(bytes) if !bytes.is_empty() => Some(logo::Logo::from_png(bytes)?),
        _ => None,
    };
    let laid = layout::lay_out(doc, logo.as_ref().map(|logo| (logo.width, logo.height)));
    emit::write(&document_title(doc), &laid, logo.as_deref(), document_id)
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
