//! Drafting a month's invoices, as a pure function of the book and the month's usage: no query, no
//! clock, no ID. `run::write` stores what this decides.
//!
//! A usage row dated `d` is billed by its partner of record on `d` (direct partner or reseller) to its
//! customer; when the billing partner is a provider, the provider also bills the reseller for it. Lines
//! group the month's rows with the same subscription, meter and unit price;
//! `amount = round(Σ quantity × unit price)`.

use std::collections::BTreeMap;

use csp_domain::pricing;
use csp_domain::tax::{self, TaxDecision};
use csp_domain::{money, CoreError, Month, Result};
use csp_store::usage::UsageRow;
use rust_decimal::Decimal;

use crate::book::Book;

/// Who an invoice is addressed to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Recipient {
    Customer(String),
    Reseller(String),
}

/// An invoice the billing run would write: amounts rounded, lines in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftInvoice {
    pub issuer_id: String,
    pub recipient: Recipient,
    pub month: Month,
    /// The issuer's contract currency (the usage's when the issuer has none).
    pub currency: String,
    /// The usage's currency and the month's rate, when they differ from `currency`.
    pub exchange: Option<(String, Decimal)>,
    pub tax: TaxDecision,
    pub lines: Vec<DraftLine>,
    pub subtotal: Decimal,
    pub tax_amount: Decimal,
    pub total: Decimal,
}

impl DraftInvoice {
    /// A provider's invoice to its reseller (its lines hold the provider side of the usage).
    pub fn provider_side(&self) -> bool {
        matches!(self.recipient, Recipient::Reseller(_))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DraftLine {
    pub subscription_id: String,
    pub subscription_name: Option<String>,
    pub customer_id: String,
    pub meter_id: String,
    pub meter_name: String,
    pub meter_category: String,
    pub unit: String,
    pub quantity: Decimal,
    /// Unrounded, in the invoice's currency.
    pub unit_price: Decimal,
    pub markup_percent: Decimal,
    pub amount: Decimal,
    /// The usage rows this line bills.
    pub usage_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct InvoiceKey {
    issuer_id: String,
    recipient: Recipient,
    currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct LineKey {
    subscription_id: String,
    meter_id: String,
    unit_price: Decimal,
}

struct LineAcc {
    customer_id: String,
    meter_name: String,
    meter_category: String,
    unit: String,
    markup: Decimal,
    quantity: Decimal,
    usage_ids: Vec<i64>,
}

type Accumulated = BTreeMap<InvoiceKey, BTreeMap<LineKey, LineAcc>>;

/// The month's invoices (every issuer, or one) from the usage no invoice holds yet, in a stable order
/// (issuer, recipient, currency). A usage currency with no rate for the month refuses the run.
pub fn draft(book: &Book, month: Month, rows: &[UsageRow], issuer_filter: Option<&str>) -> Result<Vec<DraftInvoice>> {
    let mut acc: Accumulated = BTreeMap::new();
    for row in rows {
        let Some(rated) = book.rate(row) else { continue };
        let period = rated.period;
        // Customer side: the partner of record bills its customer.
        if row.invoice_line_id.is_none() && issuer_filter.is_none_or(|i| i == period.partner_id) {
            let (m, _) = pricing::select_markup(
                book.markups_of(&period.partner_id),
                Some(&row.customer_id),
                &row.meter_category,
                None,
            );
            let recipient = Recipient::Customer(row.customer_id.clone());
            add(&mut acc, &period.partner_id, recipient, row, &rated, m);
        }
        // Provider side: a provider bills the reseller for its customers' usage.
        if period.billing_partner_id != period.partner_id
            && row.provider_line_id.is_none()
            && issuer_filter.is_none_or(|i| i == period.billing_partner_id)
        {
            let (m, _) = pricing::select_markup(
                book.markups_of(&period.billing_partner_id),
                Some(&row.customer_id),
                &row.meter_category,
                Some(&period.partner_id),
            );
            let recipient = Recipient::Reseller(period.partner_id.clone());
            add(&mut acc, &period.billing_partner_id, recipient, row, &rated, m);
        }
    }
    acc.into_iter().map(|(key, lines)| invoice(book, month, key, lines)).collect()
}

fn add(
    acc: &mut Accumulated,
    issuer_id: &str,
    recipient: Recipient,
    row: &UsageRow,
    rated: &crate::book::Rated<'_>,
    markup: Decimal,
) {
    let unit_price = pricing::selling_unit_price(rated.erp, rated.pc_to_bc, markup).normalize();
    let key = InvoiceKey { issuer_id: issuer_id.to_string(), recipient, currency: row.billing_currency.clone() };
    let lk = LineKey { subscription_id: row.subscription_id.clone(), meter_id: row.meter_id.clone(), unit_price };
    let line = acc.entry(key).or_default().entry(lk).or_insert_with(|| LineAcc {
        customer_id: row.customer_id.clone(),
        meter_name: row.meter_name.clone(),
        meter_category: row.meter_category.clone(),
        unit: row.unit.clone().unwrap_or_default(),
        markup,
        quantity: Decimal::ZERO,
        usage_ids: Vec::new(),
    });
    line.quantity += rated.quantity;
    line.usage_ids.push(row.id);
}

fn invoice(book: &Book, month: Month, key: InvoiceKey, lines: BTreeMap<LineKey, LineAcc>) -> Result<DraftInvoice> {
    let (recipient_country, recipient_vat) = match &key.recipient {
        Recipient::Customer(c) => {
            let c = book.customers.get(c);
            (c.map(|c| c.country.clone()).unwrap_or_default(), c.and_then(|c| c.vat_id.clone()))
        }
        Recipient::Reseller(r) => {
            let p = book.partners.get(r);
            (p.map(|p| p.country.clone()).unwrap_or_default(), p.and_then(|p| p.vat_id.clone()))
        }
    };
    let issuer_country = book.partners.get(&key.issuer_id).map(|p| p.country.clone()).unwrap_or_default();
    let decision = tax::decide(
        &book.country(&issuer_country),
        &book.country(&recipient_country),
        recipient_vat.is_some(),
        book.issuer_tax_rate,
    );
    // The customer is billed in the issuer's contract currency; when the usage is in another one, the
    // month's rate from Settings converts it (and the invoice shows it).
    let currency = book.contract_currency(&key.issuer_id).unwrap_or_else(|| key.currency.clone());
    let fx = if currency == key.currency {
        None
    } else {
        let rate = book.exchange_rate(&key.currency, &currency).ok_or_else(|| {
            CoreError::validation(
                format!(
                    "no exchange rate {} → {currency} for {month}: set it in Settings before the billing run",
                    key.currency
                ),
                format!(
                    "aucun taux de change {} → {currency} pour {month} : saisissez-le dans les réglages avant la facturation",
                    key.currency
                ),
            )
        })?;
        Some(rate)
    };
    // Lines in a stable reading order: subscription, then meter name.
    let mut sorted: Vec<(LineKey, LineAcc)> = lines.into_iter().collect();
    sorted.sort_by(|a, b| {
        (&a.0.subscription_id, &a.1.meter_name, a.0.unit_price).cmp(&(
            &b.0.subscription_id,
            &b.1.meter_name,
            b.0.unit_price,
        ))
    });
    let mut subtotal = Decimal::ZERO;
    let mut out = Vec::with_capacity(sorted.len());
    for (lk, acc) in sorted {
        let unit_price = fx.map(|r| lk.unit_price * r).unwrap_or(lk.unit_price);
        let amount = money::round(acc.quantity * unit_price, &currency);
        subtotal += amount;
        out.push(DraftLine {
            subscription_name: book.subscriptions.get(&lk.subscription_id).and_then(|s| s.0.clone()),
            subscription_id: lk.subscription_id,
            customer_id: acc.customer_id,
            meter_id: lk.meter_id,
            meter_name: acc.meter_name,
            meter_category: acc.meter_category,
            unit: acc.unit,
            quantity: acc.quantity,
            unit_price,
            markup_percent: acc.markup,
            amount,
            usage_ids: acc.usage_ids,
        });
    }
    let tax_amount = tax::tax_amount(subtotal, decision.rate, &currency);
    Ok(DraftInvoice {
        issuer_id: key.issuer_id,
        recipient: key.recipient,
        month,
        exchange: fx.map(|r| (key.currency.clone(), r)),
        tax: decision,
        lines: out,
        subtotal,
        tax_amount,
        total: subtotal + tax_amount,
        currency,
    })
}
