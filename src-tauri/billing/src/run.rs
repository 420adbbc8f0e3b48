//! The billing run's writes: the drafts `draft::draft` decided become invoices, lines, taxes and
//! audit events, and each usage row is linked to the line that bills it.

use csp_domain::invoice::InvoiceKind;
use csp_domain::{money, Month, Result};
use csp_store::invoices::{self as inv_store, Val};
use sqlx::SqliteConnection;

use crate::draft::{DraftInvoice, Recipient};

/// Stores the drafts (the caller has already deleted the month's previous drafts). Returns the new
/// draft IDs, in the drafts' order.
pub async fn write(conn: &mut SqliteConnection, month: Month, drafts: &[DraftInvoice]) -> Result<Vec<String>> {
    let month = month.to_string();
    let mut invoices = Vec::with_capacity(drafts.len());
    let mut lines = Vec::new();
    let mut taxes = Vec::with_capacity(drafts.len());
    let mut links_customer = Vec::new();
    let mut links_provider = Vec::new();
    let mut ids = Vec::with_capacity(drafts.len());
    let mut next_line = inv_store::next_line_id(conn).await?;
    for d in drafts {
        let id = uuid::Uuid::new_v4().to_string();
        let currency = d.currency.as_str();
        for (pos, l) in d.lines.iter().enumerate() {
            let line_id = next_line;
            next_line += 1;
            lines.push(vec![
                Val::Int(line_id),
                Val::from(id.as_str()),
                Val::Int(pos as i64 + 1),
                Val::from(l.subscription_id.as_str()),
                Val::from(l.subscription_name.clone()),
                Val::from(l.customer_id.as_str()),
                Val::from(l.meter_id.as_str()),
                Val::from(l.meter_name.as_str()),
                Val::from(l.meter_category.as_str()),
                Val::from(l.unit.as_str()),
                Val::from(money::text(l.quantity)),
                Val::from(money::text(l.unit_price)),
                Val::from(money::text(l.markup_percent)),
                Val::from(money::text(d.tax.rate)),
                Val::from(money::text_minor(l.amount, currency)),
            ]);
            let links = if d.provider_side() { &mut links_provider } else { &mut links_customer };
            links.extend(l.usage_ids.iter().map(|u| (*u, line_id)));
        }
        let (customer_id, reseller_id) = match &d.recipient {
            Recipient::Customer(c) => (Some(c.clone()), None),
            Recipient::Reseller(r) => (None, Some(r.clone())),
        };
        invoices.push(vec![
            Val::from(id.as_str()),
            Val::from(InvoiceKind::Invoice.as_str()),
            Val::from("draft"),
            Val::from(d.issuer_id.as_str()),
            Val::from(customer_id),
            Val::from(reseller_id),
            Val::from(month.as_str()),
            Val::from(currency),
            Val::from(InvoiceKind::Invoice.series()),
            Val::from(money::text_minor(d.subtotal, currency)),
            Val::from(money::text_minor(d.tax_amount, currency)),
            Val::from(money::text_minor(d.total, currency)),
            Val::from(d.tax.mention.as_str()),
            Val::from(d.exchange.as_ref().map(|(from, _)| from.clone())),
            Val::from(d.exchange.as_ref().map(|(_, rate)| money::text(*rate))),
            Val::Null,
        ]);
        taxes.push(vec![
            Val::from(id.as_str()),
            Val::from(money::text(d.tax.rate)),
            Val::from(money::text_minor(d.subtotal, currency)),
            Val::from(money::text_minor(d.tax_amount, currency)),
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
