//! Partner-side reconciliation: one CSV row per invoiced usage line, with the partner cost, PEC,
//! the selling price and the margin.

use std::collections::HashMap;
use std::io::Write;

use rust_decimal::Decimal;

use super::audit::file_says_pec;
use super::book::Book;
use csp_domain::pricing::CostBasis;
use csp_domain::{money, spreadsheet};
use csp_domain::{CoreError, Result};
use csp_store::invoice_lines::LinePrice;
use csp_store::usage::UsageRow;

pub const HEADER: [&str; 29] = [
    "UsageId",
    "UsageDate",
    "CustomerId",
    "SubscriptionId",
    "MeterId",
    "MeterName",
    "MeterCategory",
    "Quantity",
    "ErpUnitPrice",
    "PricingCurrency",
    "PCToBCExchangeRate",
    "BillingCurrency",
    "Offer",
    "PartnerOfRecord",
    "BillingPartner",
    "CostRule",
    "PecExpected",
    "PecInFile",
    "PartnerCost",
    "IssuerId",
    "InvoiceId",
    "InvoiceNumber",
    "InvoiceStatus",
    "InvoiceCurrency",
    "UnitPrice",
    "Price",
    "Cost",
    "Margin",
    "MarginPercent",
];

fn dec(d: Decimal) -> String {
    money::text(d.round_dp(6))
}

fn cell(v: &str) -> String {
    spreadsheet::text(v).into_owned()
}

/// Whether `head` (the first bytes of a file) is a reconciliation of `month` (`YYYY-MM`) as
/// [`write`] writes it: the same header, and a first row of that month (or no row). Only such a
/// file is replaced by a new export of the month.
pub fn is_export_of(head: &[u8], month: &str) -> bool {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(head);
    let mut rec = csv::ByteRecord::new();
    if !matches!(r.read_byte_record(&mut rec), Ok(true)) || !rec.iter().eq(HEADER.iter().map(|h| h.as_bytes())) {
        return false;
    }
    match r.read_byte_record(&mut rec) {
        Ok(true) => rec.get(1).is_some_and(|d| d.starts_with(month.as_bytes()) && d.get(month.len()) == Some(&b'-')),
        Ok(false) => true,
        Err(_) => false,
    }
}

/// Writes the month's reconciliation; returns the number of rows (header excluded).
pub fn write(out: impl Write, book: &Book, rows: &[UsageRow], lines: &[LinePrice]) -> Result<u64> {
    let by_id: HashMap<i64, &LinePrice> = lines.iter().map(|l| (l.line_id, l)).collect();
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| CoreError::Io(std::io::Error::other(e.to_string()));
    w.write_record(HEADER).map_err(io)?;
    let mut n = 0u64;
    for row in rows {
        let Some(rated) = book.rate(row)? else { continue };
        let partner_cost = money::mul(rated.quantity, rated.cost_bc)?;
        let provider_line = row.provider_line_id.and_then(|id| by_id.get(&id).copied());
        for (line_id, provider_side) in [(row.invoice_line_id, false), (row.provider_line_id, true)] {
            let Some(line) = line_id.and_then(|id| by_id.get(&id).copied()) else { continue };
            let fx = line.exchange_rate.map_or(Decimal::ONE, |r| r.0);
            let unit_price = line.unit_price.0;
            let price = money::mul(rated.quantity, unit_price)?;
            // The issuer's own cost: what Microsoft charges the billing partner, or for a reseller
            // what its provider charges it.
            let cost = match (provider_side, provider_line) {
                (false, Some(p)) if rated.period.billing_partner_id != rated.period.partner_id => {
                    money::mul(rated.quantity, p.unit_price.0)?
                }
                _ => money::mul(partner_cost, fx)?,
            };
            let margin = money::sub(price, cost)?;
            // A price near zero makes the ratio explode: checked, like every amount.
            let margin_pct = if price.is_zero() {
                Decimal::ZERO
            } else {
                money::mul(money::div(margin, price)?, Decimal::ONE_HUNDRED)?
            };
            let pec_in_file = match file_says_pec(row) {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            };
            // Text that came from a file or a person goes through `spreadsheet::text`; numbers
            // are the product's own decimals and stay numbers (a negative amount is not a formula).
            w.write_record([
                row.id.to_string(),
                row.usage_date.to_string(),
                cell(&row.customer_id),
                cell(&row.subscription_id),
                cell(&row.meter_id),
                cell(&row.meter_name),
                cell(&row.meter_category),
                money::text(rated.quantity),
                row.unit_price.0.to_string(),
                cell(&row.pricing_currency),
                row.pc_to_bc_rate.0.to_string(),
                cell(&row.billing_currency),
                rated.period.offer.id().to_string(),
                cell(&rated.period.partner_id),
                cell(&rated.period.billing_partner_id),
                rated.basis.as_str().to_string(),
                if rated.basis == CostBasis::PecApplied { "yes" } else { "no" }.to_string(),
                pec_in_file.to_string(),
                dec(partner_cost),
                cell(&line.issuer_id),
                cell(&line.invoice_id),
                cell(line.number.as_deref().unwrap_or_default()),
                line.status.as_str().to_string(),
                cell(line.currency.as_str()),
                dec(unit_price),
                dec(price),
                dec(cost),
                dec(margin),
                money::text(margin_pct.round_dp(2)),
            ])
            .map_err(io)?;
            n += 1;
        }
    }
    w.flush()?;
    Ok(n)
}
