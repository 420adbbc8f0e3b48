//! The billing run: drafts the month's invoices from the usage not yet invoiced.
//!
//! A usage row dated `d` is billed by its partner of record on `d` (direct partner or reseller)
//! to its customer; when the billing partner is a provider, the provider also bills the reseller
//! for it. Lines group the month's rows with the same subscription, meter and unit price;
//! `amount = round(Σ quantity × unit price)`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::SqliteConnection;

use super::book::Book;
use crate::domain::invoice::InvoiceKind;
use crate::domain::pricing;
use crate::domain::{money, tax};
use crate::store::invoices::{self as inv_store, Val};
use crate::store::usage::UsageRow;
use crate::{CoreError, Result};

/// Who an invoice is addressed to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Recipient {
    Customer(String),
    Reseller(String),
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

#[derive(Default)]
struct Draft {
    lines: BTreeMap<LineKey, LineAcc>,
}

/// First and last day of `YYYY-MM`.
pub fn month_bounds(month: &str) -> Result<(NaiveDate, NaiveDate)> {
    let bad = || {
        CoreError::validation(
            format!("'{month}' is not a month (YYYY-MM)"),
            format!("« {month} » n'est pas un mois (AAAA-MM)"),
        )
    };
    let first = NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d").map_err(|_| bad())?;
    if month.trim().len() != 7 {
        return Err(bad());
    }
    let next = first.checked_add_months(chrono::Months::new(1)).ok_or_else(bad)?;
    Ok((first, next.pred_opt().ok_or_else(bad)?))
}

/// Drafts the invoices of `month` (every issuer, or one) from the usage no invoice holds yet.
/// The caller has already deleted the month's previous drafts. Returns the new draft IDs.
pub async fn draft_month(
    conn: &mut SqliteConnection,
    book: &Book,
    month: &str,
    rows: &[UsageRow],
    issuer_filter: Option<&str>,
) -> Result<Vec<String>> {
    let mut drafts: BTreeMap<InvoiceKey, Draft> = BTreeMap::new();
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
            add(
                &mut drafts,
                &period.partner_id,
                Recipient::Customer(row.customer_id.clone()),
                row,
                &rated.erp_bc,
                &rated.quantity,
                m,
            );
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
            add(
                &mut drafts,
                &period.billing_partner_id,
                Recipient::Reseller(period.partner_id.clone()),
                row,
                &rated.erp_bc,
                &rated.quantity,
                m,
            );
        }
    }

    let mut invoices = Vec::new();
    let mut lines = Vec::new();
    let mut taxes = Vec::new();
    let mut links_customer = Vec::new();
    let mut links_provider = Vec::new();
    let mut ids = Vec::new();
    let mut next_line = inv_store::next_line_id(conn).await?;
    for (key, draft) in drafts {
        let id = uuid::Uuid::new_v4().to_string();
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
        // The customer is billed in the issuer's contract currency; when the usage is in another
        // one, the month's rate from Settings converts it (and the invoice shows it).
        let invoice_currency = book.contract_currency(&key.issuer_id).unwrap_or_else(|| key.currency.clone());
        let fx = if invoice_currency == key.currency {
            None
        } else {
            let rate = crate::store::prices::exchange_rate(conn, month, &key.currency, &invoice_currency)
                .await?
                .ok_or_else(|| {
                    CoreError::validation(
                        format!(
                            "no exchange rate {} → {invoice_currency} for {month}: set it in Settings before the billing run",
                            key.currency
                        ),
                        format!(
                            "aucun taux de change {} → {invoice_currency} pour {month} : saisissez-le dans les réglages avant la facturation",
                            key.currency
                        ),
                    )
                })?;
            Some(rate)
        };
        let (customer_id, reseller_id, provider_side) = match &key.recipient {
            Recipient::Customer(c) => (Some(c.clone()), None, false),
            Recipient::Reseller(r) => (None, Some(r.clone()), true),
        };
        // Lines in a stable reading order: subscription, then meter name.
        let mut sorted: Vec<(LineKey, LineAcc)> = draft.lines.into_iter().collect();
        sorted.sort_by(|a, b| {
            (&a.0.subscription_id, &a.1.meter_name, a.0.unit_price).cmp(&(
                &b.0.subscription_id,
                &b.1.meter_name,
                b.0.unit_price,
            ))
        });
        let mut subtotal = Decimal::ZERO;
        for (pos, (lk, acc)) in sorted.into_iter().enumerate() {
            let unit_price = fx.map(|r| lk.unit_price * r).unwrap_or(lk.unit_price);
            let amount = money::round(acc.quantity * unit_price, &invoice_currency);
            subtotal += amount;
            let line_id = next_line;
            next_line += 1;
            let sub_name = book.subscriptions.get(&lk.subscription_id).and_then(|s| s.0.clone());
            lines.push(vec![
                Val::Int(line_id),
                Val::from(id.as_str()),
                Val::Int(pos as i64 + 1),
                Val::from(lk.subscription_id.as_str()),
                Val::from(sub_name),
                Val::from(acc.customer_id.as_str()),
                Val::from(lk.meter_id.as_str()),
                Val::from(acc.meter_name.as_str()),
                Val::from(acc.meter_category.as_str()),
                Val::from(acc.unit.as_str()),
                Val::from(money::text(acc.quantity)),
                Val::from(money::text(unit_price)),
                Val::from(money::text(acc.markup)),
                Val::from(money::text(decision.rate)),
                Val::from(money::text_minor(amount, &invoice_currency)),
            ]);
            let links = if provider_side { &mut links_provider } else { &mut links_customer };
            links.extend(acc.usage_ids.iter().map(|u| (*u, line_id)));
        }
        let tax_amount = tax::tax_amount(subtotal, decision.rate, &invoice_currency);
        let total = subtotal + tax_amount;
        invoices.push(vec![
            Val::from(id.as_str()),
            Val::from(InvoiceKind::Invoice.as_str()),
            Val::from("draft"),
            Val::from(key.issuer_id.as_str()),
            Val::from(customer_id),
            Val::from(reseller_id),
            Val::from(month),
            Val::from(invoice_currency.as_str()),
            Val::from(InvoiceKind::Invoice.series()),
            Val::from(money::text_minor(subtotal, &invoice_currency)),
            Val::from(money::text_minor(tax_amount, &invoice_currency)),
            Val::from(money::text_minor(total, &invoice_currency)),
            Val::from(decision.mention.as_str()),
            Val::from(fx.map(|_| key.currency.clone())),
            Val::from(fx.map(money::text)),
            Val::Null,
        ]);
        taxes.push(vec![
            Val::from(id.as_str()),
            Val::from(money::text(decision.rate)),
            Val::from(money::text_minor(subtotal, &invoice_currency)),
            Val::from(money::text_minor(tax_amount, &invoice_currency)),
        ]);
        ids.push(id);
    }
    inv_store::insert_rows(conn, "invoices", &inv_store::INVOICE_COLUMNS, &invoices).await?;
    inv_store::insert_rows(conn, "invoice_lines", &inv_store::LINE_COLUMNS, &lines).await?;
    inv_store::insert_rows(conn, "invoice_taxes", &inv_store::TAX_COLUMNS, &taxes).await?;
    let events: Vec<Vec<Val>> = ids
        .iter()
        .map(|id| vec![Val::from(id.as_str()), Val::from("drafted"), Val::from(format!("billing run {month}"))])
        .collect();
    inv_store::insert_rows(conn, "invoice_events", &["invoice_id", "event", "detail"], &events).await?;
    inv_store::link_usage(conn, &links_customer, false).await?;
    inv_store::link_usage(conn, &links_provider, true).await?;
    Ok(ids)
}

#[allow(clippy::too_many_arguments)]
fn add(
    drafts: &mut BTreeMap<InvoiceKey, Draft>,
    issuer_id: &str,
    recipient: Recipient,
    row: &UsageRow,
    erp_bc: &Decimal,
    quantity: &Decimal,
    markup: Decimal,
) {
    let unit_price = (*erp_bc * (Decimal::ONE + markup / Decimal::ONE_HUNDRED)).normalize();
    let key = InvoiceKey { issuer_id: issuer_id.to_string(), recipient, currency: row.billing_currency.clone() };
    let draft = drafts.entry(key).or_default();
    let lk = LineKey { subscription_id: row.subscription_id.clone(), meter_id: row.meter_id.clone(), unit_price };
    let acc = draft.lines.entry(lk).or_insert_with(|| LineAcc {
        customer_id: row.customer_id.clone(),
        meter_name: row.meter_name.clone(),
        meter_category: row.meter_category.clone(),
        unit: row.unit.clone().unwrap_or_default(),
        markup,
        quantity: Decimal::ZERO,
        usage_ids: Vec::new(),
    });
    acc.quantity += *quantity;
    acc.usage_ids.push(row.id);
}
