//! The billing run's writes: the drafts `draft::draft` decided become invoices, lines, taxes and
//! audit events, and the usage each line bills is linked to it.

use csp_domain::invoice::{InvoiceEvent, InvoiceKind};
use csp_domain::{money, Currency, Month, Result};
use csp_store as store;
use csp_store::invoice_lines::NewLine;
use csp_store::invoice_taxes::NewTax;
use csp_store::invoices::NewInvoice;
use csp_store::usage_groups::UsagePart;

use crate::draft::{DraftInvoice, Recipient};

/// Stores the drafts (the caller has already deleted the month's previous drafts). Returns the new
/// draft IDs, in the drafts' order.
pub async fn write(conn: &mut store::Conn, month: Month, drafts: &[DraftInvoice]) -> Result<Vec<String>> {
    let mut invoices = Vec::with_capacity(drafts.len());
    let mut lines = Vec::new();
    let mut taxes = Vec::with_capacity(drafts.len());
    let mut links: Vec<(i64, &[UsagePart])> = Vec::new();
    let mut next_line = store::invoice_lines::next_line_id(conn).await?;
    for d in drafts {
        // Time-ordered IDs: a run's invoices and lines then append to their indexes in key order
        // (random IDs scatter ten thousand inserts over every page of them).
        let id = uuid::Uuid::now_v7().to_string();
        let currency = d.currency.as_str();
        for (pos, l) in d.lines.iter().enumerate() {
            let line_id = next_line;
            next_line += 1;
            lines.push(NewLine {
                id: line_id,
                invoice_id: id.clone(),
                position: pos as i64 + 1,
                subscription_id: l.subscription_id.clone(),
                subscription_name: l.subscription_name.clone(),
                customer_id: Some(l.customer_id.clone()),
                meter_id: l.meter_id.clone(),
                meter_name: l.meter_name.clone(),
                meter_category: l.meter_category.clone(),
                unit: l.unit.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price,
                markup_percent: l.markup_percent,
                tax_rate: d.tax.rate,
                amount: money::minor(l.amount, currency),
                usage_month: l.usage_month,
                withdrawn_group: l.withdrawn_group,
            });
            links.push((line_id, &l.usage));
        }
        let (customer_id, reseller_id) = match &d.recipient {
            Recipient::Customer(c) => (Some(c.clone()), None),
            Recipient::Reseller(r) => (None, Some(r.clone())),
        };
        invoices.push(NewInvoice {
            id: id.clone(),
            kind: InvoiceKind::Invoice,
            issuer_id: d.issuer_id.clone(),
            customer_id,
            reseller_id,
            month,
            // The usage rows' own currency, as the import checked it.
            currency: Currency::from_code(&d.currency)?,
            subtotal: money::minor(d.subtotal, currency),
            tax: money::minor(d.tax_amount, currency),
            total: money::minor(d.total, currency),
            tax_mention: d.tax.mention,
            exchange: d.exchange.clone(),
            credits_invoice_id: None,
            provisional: d.provisional,
        });
        taxes.push(NewTax {
            invoice_id: id,
            rate: d.tax.rate,
            base: money::minor(d.subtotal, currency),
            amount: money::minor(d.tax_amount, currency),
        });
    }
    store::invoices::insert_invoices(conn, &invoices).await?;
    store::invoice_lines::insert_lines(conn, &lines).await?;
    store::invoice_taxes::insert_taxes(conn, &taxes).await?;
    let detail = format!("billing run {month}");
    let events: Vec<(String, InvoiceEvent, String)> =
        invoices.iter().map(|i| (i.id.clone(), InvoiceEvent::Drafted, detail.clone())).collect();
    store::invoice_events::log_events(conn, &events).await?;
    store::usage_groups::link_usage(conn, &links).await?;
    Ok(invoices.into_iter().map(|i| i.id).collect())
}
