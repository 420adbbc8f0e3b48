//! Electronic invoices: Factur-X, the French–German hybrid an approved platform reads. The PDF a
//! person reads is the printable invoice (`csp_pdf`), made a PDF/A-3; it carries `factur-x.xml`,
//! the same facts as UN/CEFACT CII in the EN 16931 profile.
//!
//! The input is the printable model, never the store: the XML states exactly what the PDF prints.

pub mod cii;
pub mod pdfa;
pub mod units;

use csp_domain::CoreError;
use csp_pdf::model::InvoiceDocument;

/// The Factur-X PDF/A-3 of an issued invoice or credit note. A draft has none (it has no number).
pub fn render(doc: &InvoiceDocument) -> Result<Vec<u8>, CoreError> {
    render_with(doc, None)
}

/// The same, recording the ID of the document it prints (see [`csp_pdf::document_mark`]), as an
/// export does so that a later export of the same document may replace its file.
pub fn render_for(doc: &InvoiceDocument, document_id: &str) -> Result<Vec<u8>, CoreError> {
    render_with(doc, Some(document_id))
}

fn render_with(doc: &InvoiceDocument, document_id: Option<&str>) -> Result<Vec<u8>, CoreError> {
    let xml = cii::write(doc)?;
    let title = csp_pdf::title(doc);
    // `write` refused a document without an issue date.
    let date = doc.issue_date.unwrap_or(doc.period_end);
    let archive = pdfa::Archive { title: &title, date, xml: &xml };
    csp_pdf::render_archival(doc, document_id, &|pdf| pdfa::complete(pdf, &archive))
}
