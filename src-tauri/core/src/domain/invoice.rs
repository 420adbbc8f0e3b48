//! Invoice states and numbers (DOMAIN.md "Billing and invoices").

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum InvoiceStatus {
    Draft,
    Issued,
    Paid,
    Voided,
}

impl InvoiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Draft => "draft",
            InvoiceStatus::Issued => "issued",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Voided => "voided",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(InvoiceStatus::Draft),
            "issued" => Some(InvoiceStatus::Issued),
            "paid" => Some(InvoiceStatus::Paid),
            "voided" => Some(InvoiceStatus::Voided),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    Invoice,
    CreditNote,
}

impl InvoiceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceKind::Invoice => "invoice",
            InvoiceKind::CreditNote => "credit_note",
        }
    }

    /// The numbering series: `INV` for invoices, `CN` for credit notes.
    pub fn series(self) -> &'static str {
        match self {
            InvoiceKind::Invoice => "INV",
            InvoiceKind::CreditNote => "CN",
        }
    }
}

/// `INV-2026-000001`: series, year of the issue date, six-digit sequence.
pub fn format_number(series: &str, year: i32, seq: i64) -> String {
    format!("{series}-{year}-{seq:06}")
}

/// The longest payment term the law allows (L441-10 Code de commerce): 60 days from issue.
pub const MAX_PAYMENT_TERMS_DAYS: u32 = 60;
pub const DEFAULT_PAYMENT_TERMS_DAYS: u32 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_zero_padded_per_series_and_year() {
        assert_eq!(format_number("INV", 2026, 1), "INV-2026-000001");
        assert_eq!(format_number("CN", 2027, 123456), "CN-2027-123456");
    }
}
