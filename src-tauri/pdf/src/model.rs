//! The printable invoice: everything the PDF shows, already computed and rounded by billing.
//! The renderer decides nothing about amounts; it lays them out in the document's language.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Paper {
    A4,
    Letter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentKind {
    Invoice,
    CreditNote,
}

/// The issuer, or the customer (or the reseller a provider bills).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    pub legal_form: Option<String>,
    pub share_capital: Option<String>,
    pub address_lines: Vec<String>,
    /// A customer's delivery address when it differs from the billing one.
    #[serde(default)]
    pub delivery_lines: Vec<String>,
    pub country_code: String,
    pub country_name: String,
    pub vat_id: Option<String>,
    pub siren: Option<String>,
    pub siret: Option<String>,
    pub rcs: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvoiceLine {
    /// The meter name.
    pub description: String,
    /// Meter category or resource group, shown small under the description.
    pub detail: Option<String>,
    pub quantity: Decimal,
    pub unit: String,
    /// Unrounded unit price excluding tax.
    pub unit_price: Decimal,
    /// VAT rate in percent (20 for 20 %).
    pub tax_rate: Decimal,
    /// `quantity × unit price`, rounded to the currency's minor unit, excluding tax.
    pub amount: Decimal,
}

/// The lines of one subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineGroup {
    pub title: String,
    pub subtitle: String,
    pub lines: Vec<InvoiceLine>,
    pub subtotal: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaxRow {
    pub rate: Decimal,
    pub base: Decimal,
    pub amount: Decimal,
}

/// Which legal tax mention the invoice carries (the renderer writes it in the document's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaxMention {
    None,
    /// EU cross-border B2B: reverse charge (CGI art. 283-2; directive 2006/112/EC art. 196).
    ReverseChargeEu,
    /// Services to a business outside the EU (CGI art. 259-1).
    OutsideEu,
    /// The issuer is outside the EU and charges no tax.
    IssuerOutsideEu,
    /// EU cross-border B2B from an issuer established in another member state than France:
    /// reverse charge (directive 2006/112/EC art. 196).
    ReverseChargeDirective,
    /// Services to a business outside the EU from an issuer established in another member state
    /// than France: not subject, place of supply art. 44 of directive 2006/112/EC.
    OutsideEuDirective,
}

/// The nature of the operations invoiced (a mention of the e-invoicing reform, décret 2022-1299).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operations {
    /// `Prestations de services`: what a CSP partner sells.
    Services,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangeNote {
    pub from: String,
    pub to: String,
    pub rate: Decimal,
    /// `YYYY-MM`.
    pub month: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentInfo {
    pub due_date: Option<NaiveDate>,
    pub terms_days: u32,
    pub iban: Option<String>,
    pub bic: Option<String>,
    /// As entered in Settings, e.g. "3 × the legal interest rate".
    pub late_payment_rate: Option<String>,
    /// `None` prints "none" / "néant".
    pub early_payment_discount: Option<String>,
    /// B2B: the fixed €40 recovery indemnity mention.
    pub b2b_recovery_indemnity: bool,
    /// A credit note of an invoice already paid: the amount is to be refunded.
    #[serde(default)]
    pub refund_due: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvoiceDocument {
    pub kind: DocumentKind,
    pub lang: Lang,
    pub paper: Paper,
    /// `None` for a draft: the page is marked DRAFT / BROUILLON.
    pub number: Option<String>,
    /// A draft made from usage Microsoft has not billed yet: marked PROVISIONAL / PROVISOIRE.
    #[serde(default)]
    pub provisional: bool,
    pub issue_date: Option<NaiveDate>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub currency: String,
    pub issuer: Party,
    pub customer: Party,
    pub groups: Vec<LineGroup>,
    pub subtotal: Decimal,
    pub taxes: Vec<TaxRow>,
    pub tax_total: Decimal,
    pub total: Decimal,
    pub tax_mention: TaxMention,
    pub exchange: Option<ExchangeNote>,
    pub payment: PaymentInfo,
    /// A credit note names the invoice number it cancels.
    pub credits_invoice: Option<String>,
    pub logo_png: Option<Vec<u8>>,
    /// The nature of the operations, printed when known.
    #[serde(default)]
    pub operations: Option<Operations>,
    /// The issuer opted to pay VAT on debits (`Option pour le paiement de la taxe d'après les débits`).
    #[serde(default)]
    pub vat_on_debits: bool,
}
