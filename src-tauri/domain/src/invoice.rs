//! Invoice states and numbers (DOMAIN.md "Billing and invoices").

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::tax::TaxMention;
use crate::CoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(rename_all = "lowercase")]
pub enum InvoiceStatus {
    Draft,
    Issued,
    Paid,
    Voided,
}

impl InvoiceStatus {
    /// Every InvoiceStatus, in the order lists show them.
    pub const ALL: [InvoiceStatus; 4] =
        [InvoiceStatus::Draft, InvoiceStatus::Issued, InvoiceStatus::Paid, InvoiceStatus::Voided];

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

/// Where an issued invoice stands on the user's approved e-invoicing platform, as the user reports
/// it (DOMAIN.md "Electronic invoices"): deposited, rejected by the platform, refused by the
/// customer, or collected (paid, as the platform saw it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(rename_all = "lowercase")]
pub enum PlatformStatus {
    Deposited,
    Rejected,
    Refused,
    Collected,
}

impl PlatformStatus {
    pub const ALL: [PlatformStatus; 4] =
        [PlatformStatus::Deposited, PlatformStatus::Rejected, PlatformStatus::Refused, PlatformStatus::Collected];

    pub fn as_str(self) -> &'static str {
        match self {
            PlatformStatus::Deposited => "deposited",
            PlatformStatus::Rejected => "rejected",
            PlatformStatus::Refused => "refused",
            PlatformStatus::Collected => "collected",
        }
    }

    pub fn parse(s: &str) -> Result<Self, CoreError> {
        Self::ALL.into_iter().find(|p| p.as_str() == s).ok_or_else(|| {
            CoreError::validation(
                format!("unknown platform status '{s}' (deposited, rejected, refused, collected)"),
                format!("statut de plateforme inconnu « {s} » (deposited, rejected, refused, collected)"),
            )
        })
    }
}

/// A platform status may be recorded for an issued document (not a draft: it was never sent),
/// dated no earlier than its issue.
pub fn check_platform_status(
    number: &str,
    status: InvoiceStatus,
    issued_on: Option<NaiveDate>,
    on: NaiveDate,
) -> Result<(), CoreError> {
    if status == InvoiceStatus::Draft {
        return Err(CoreError::conflict(
            format!("{number} is a draft: only an issued document goes to the platform"),
            format!("{number} est un brouillon : seul un document émis part sur la plateforme"),
        ));
    }
    if issued_on.is_some_and(|d| on < d) {
        return Err(CoreError::validation(
            format!("the platform status date {on} is before the issue date"),
            format!("la date du statut de plateforme {on} précède la date d'émission"),
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
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

/// An entry of a document's audit log (`invoice_events`): what happened to it. An issued document's
/// seal names the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceEvent {
    /// Written by a billing run, or as a credit note.
    Drafted,
    /// A draft a later billing run replaced (logged as it is deleted).
    DraftReplaced,
    Issued,
    Paid,
    Voided,
    /// A status the e-invoicing platform reported.
    Platform,
}

impl InvoiceEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceEvent::Drafted => "drafted",
            InvoiceEvent::DraftReplaced => "draft_replaced",
            InvoiceEvent::Issued => "issued",
            InvoiceEvent::Paid => "paid",
            InvoiceEvent::Voided => "voided",
            InvoiceEvent::Platform => "platform",
        }
    }
}

/// What a user may do to a document: the buttons the window shows, and the only moves the service
/// makes (it refuses any other with `CONFLICT`, writing nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum InvoiceAction {
    Issue,
    Pay,
    Credit,
}

impl InvoiceAction {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceAction::Issue => "issue",
            InvoiceAction::Pay => "pay",
            InvoiceAction::Credit => "credit",
        }
    }
}

/// The document's lifecycle: a draft invoice is issued; an issued invoice is paid, or cancelled by
/// a credit note (which voids it). A paid invoice may still be cancelled by a credit note (the
/// customer is then owed a refund). A voided invoice, and a credit note, take no action.
pub fn allowed_actions(kind: InvoiceKind, status: InvoiceStatus) -> Vec<InvoiceAction> {
    match (kind, status) {
        (InvoiceKind::CreditNote, _) => vec![],
        (InvoiceKind::Invoice, InvoiceStatus::Draft) => vec![InvoiceAction::Issue],
        (InvoiceKind::Invoice, InvoiceStatus::Issued) => vec![InvoiceAction::Pay, InvoiceAction::Credit],
        (InvoiceKind::Invoice, InvoiceStatus::Paid) => vec![InvoiceAction::Credit],
        (InvoiceKind::Invoice, InvoiceStatus::Voided) => vec![],
    }
}

/// Counts as invoiced (dashboard totals): an issued or paid invoice. A voided invoice does not (its
/// credit note cancels it), and the credit note itself is not revenue either.
pub fn counts_as_invoiced(kind: InvoiceKind, status: InvoiceStatus) -> bool {
    kind == InvoiceKind::Invoice && matches!(status, InvoiceStatus::Issued | InvoiceStatus::Paid)
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

    #[test]
    fn a_draft_is_issued_an_issued_invoice_is_paid_or_credited_and_nothing_else_moves() {
        use InvoiceAction::*;
        use InvoiceKind::{CreditNote, Invoice};
        use InvoiceStatus::*;
        assert_eq!(allowed_actions(Invoice, Draft), vec![Issue]);
        assert_eq!(allowed_actions(Invoice, Issued), vec![Pay, Credit]);
        assert_eq!(allowed_actions(Invoice, Paid), vec![InvoiceAction::Credit]);
        assert_eq!(allowed_actions(Invoice, Voided), vec![]);
        for status in [Draft, Issued, Paid, Voided] {
            assert_eq!(allowed_actions(CreditNote, status), vec![], "{status:?}");
        }
    }

    #[test]
    fn only_issued_and_paid_invoices_count_as_invoiced() {
        assert!(counts_as_invoiced(InvoiceKind::Invoice, InvoiceStatus::Issued));
        assert!(counts_as_invoiced(InvoiceKind::Invoice, InvoiceStatus::Paid));
        assert!(!counts_as_invoiced(InvoiceKind::Invoice, InvoiceStatus::Voided));
        assert!(!counts_as_invoiced(InvoiceKind::Invoice, InvoiceStatus::Draft));
        assert!(!counts_as_invoiced(InvoiceKind::CreditNote, InvoiceStatus::Issued));
    }
}

/// What the dashboard counts of a document: its kind, status, dates, month and total; nothing it
/// would have to look up (names, lines, events), so that a distributor's year of documents is read
/// at once. Read from the stored columns in this order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct InvoiceFigures {
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    pub month: String,
    pub currency: String,
    pub total: Decimal,
    pub issued_on: Option<NaiveDate>,
    pub paid_on: Option<NaiveDate>,
    pub voided_on: Option<NaiveDate>,
}

/// An invoice or credit note as `invoice show` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Invoice {
    pub id: String,
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    pub number: Option<String>,
    pub issuer_id: String,
    pub issuer_name: String,
    /// The customer billed (direct partner or reseller issuer)…
    pub customer_id: Option<String>,
    /// …or the reseller a provider bills for its customers' usage.
    pub reseller_id: Option<String>,
    pub recipient_name: String,
    pub month: String,
    pub currency: String,
    pub issued_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub paid_on: Option<NaiveDate>,
    pub voided_on: Option<NaiveDate>,
    #[ts(type = "string")]
    pub subtotal: Decimal,
    #[ts(type = "string")]
    pub tax: Decimal,
    #[ts(type = "string")]
    pub total: Decimal,
    pub taxes: Vec<TaxLineView>,
    pub tax_mention: TaxMention,
    /// The Settings rate that converted the usage's currency (`exchange_from`), if any.
    #[ts(type = "string | null")]
    pub exchange_rate: Option<Decimal>,
    pub exchange_from: Option<String>,
    /// A credit note: the invoice it cancels (ID and number).
    pub credits: Option<String>,
    pub credits_number: Option<String>,
    /// An invoice: the credit note that voided it.
    pub credited_by: Option<String>,
    /// A credit note of an invoice that was already paid: its amount is owed back (a refund).
    pub refund_due: bool,
    /// The last status the user reported from the e-invoicing platform, and its date.
    pub platform_status: Option<PlatformStatus>,
    pub platform_on: Option<NaiveDate>,
    /// A draft made from usage Microsoft has not billed yet: its amounts may still change
    /// (DOMAIN.md "Billed and unbilled usage"). Never true of an issued document.
    pub provisional: bool,
    #[ts(type = "number")]
    pub line_count: i64,
    pub lines: Vec<InvoiceLineView>,
    pub events: Vec<InvoiceEventView>,
    /// What may be done to it now ([`allowed_actions`]): exactly the buttons the window shows.
    pub allowed_actions: Vec<InvoiceAction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InvoiceLineView {
    #[ts(type = "number")]
    pub position: i64,
    pub subscription_id: String,
    pub subscription_name: Option<String>,
    pub meter_id: String,
    pub meter_name: String,
    pub meter_category: String,
    pub unit: String,
    #[ts(type = "string")]
    pub quantity: Decimal,
    /// Unrounded, excluding tax.
    #[ts(type = "string")]
    pub unit_price: Decimal,
    #[ts(type = "string")]
    pub markup_percent: Decimal,
    #[ts(type = "string")]
    pub tax_rate: Decimal,
    #[ts(type = "string")]
    pub amount: Decimal,
    /// Late usage: the earlier month (`YYYY-MM`) it belongs to (DOMAIN.md "Late usage").
    pub usage_month: Option<String>,
    /// A credit of usage an issued invoice billed and Microsoft withdrew (`USAGE_WITHDRAWN`).
    pub withdrawn: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TaxLineView {
    #[ts(type = "string")]
    pub rate: Decimal,
    #[ts(type = "string")]
    pub base: Decimal,
    #[ts(type = "string")]
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InvoiceEventView {
    pub at: String,
    pub on_date: Option<NaiveDate>,
    pub event: String,
    pub detail: Option<String>,
}
