//! The month's usage summary: what is stored, per customer, subscription and meter category, read
//! from the sums kept at import (or from the rows, for a day inside the month).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::money;
use crate::domain::usage::UsageTotal;
use crate::domain::Month;
use crate::store;
use crate::{Ctx, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct UsageGroup {
    pub customer_id: String,
    pub customer_name: Option<String>,
    pub subscription_id: String,
    pub subscription_name: Option<String>,
    pub meter_category: String,
    pub currency: String,
    #[ts(type = "number")]
    pub rows: i64,
    #[ts(type = "string")]
    pub quantity: Decimal,
    /// Σ quantity × UnitPrice × PCToBCExchangeRate (ERP in the billing currency), rounded.
    #[ts(type = "string")]
    pub erp_amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct UsageSummary {
    pub month: String,
    #[ts(type = "number")]
    pub rows: i64,
    #[ts(type = "number")]
    pub subscriptions: i64,
    #[ts(type = "number")]
    pub customers: i64,
    /// Per currency: ERP total of the month.
    #[ts(type = "Record<string, string>")]
    pub erp_totals: BTreeMap<String, Decimal>,
    pub groups: Vec<UsageGroup>,
}

/// What is stored for a month, per customer, subscription and meter category.
pub async fn summary(ctx: &Ctx, month: &str) -> Result<UsageSummary> {
    summary_until(ctx, month, None).await
}

/// [`summary`] of the month's usage dated up to `until` (the book on a date knows no later usage).
/// The month's sums kept at import answer it, unless `until` falls before the month's last usage
/// (a past date inside the month: then its rows are read) or the sums do not cover the month yet.
pub async fn summary_until(ctx: &Ctx, month: &str, until: Option<NaiveDate>) -> Result<UsageSummary> {
    let (first, last) = Month::parse(month).map(Month::bounds)?;
    let month = Month::parse(month)?.to_string();
    let mut conn = store::read(&ctx.pool).await?;
    let sums = match sums_answer(&mut conn, &month, first, last, until).await? {
        Some(last) => store::usage_totals::between(&mut conn, first, last).await?,
        None => store::usage_totals::month(&mut conn, &month).await?,
    };
    let (rows, erp_totals) = add_up(sums.iter().map(|t| (t.billing_currency.as_str(), &t.total)))?;
    let count = |ids: BTreeSet<&String>| i64::try_from(ids.len()).unwrap_or(i64::MAX);
    let subscriptions = count(sums.iter().map(|t| &t.subscription_id).collect());
    let customers = count(sums.iter().map(|t| &t.customer_id).collect());
    let groups = sums
        .into_iter()
        .map(|t| UsageGroup {
            erp_amount: t.total.erp_amount(&t.billing_currency),
            rows: t.total.rows,
            quantity: t.total.quantity.normalize(),
            customer_id: t.customer_id,
            customer_name: t.customer_name,
            subscription_id: t.subscription_id,
            subscription_name: t.subscription_name,
            meter_category: t.meter_category,
            currency: t.billing_currency,
        })
        .collect();
    Ok(UsageSummary { month, rows, subscriptions, customers, erp_totals, groups })
}

/// The month's usage rows and ERP amounts per currency dated up to `until`, as [`summary_until`]
/// counts them: what the dashboard shows.
pub async fn figures_until(
    ctx: &Ctx,
    month: &str,
    until: Option<NaiveDate>,
) -> Result<(i64, BTreeMap<String, Decimal>)> {
    let (first, last) = Month::parse(month).map(Month::bounds)?;
    let month = Month::parse(month)?.to_string();
    let mut conn = store::read(&ctx.pool).await?;
    let sums: Vec<(String, UsageTotal)> = match sums_answer(&mut conn, &month, first, last, until).await? {
        Some(last) => store::usage_totals::between(&mut conn, first, last)
            .await?
            .into_iter()
            .map(|t| (t.billing_currency, t.total))
            .collect(),
        None => store::usage_totals::month_amounts(&mut conn, &month)
            .await?
            .into_iter()
            .map(|(currency, rows, erp)| (currency, UsageTotal { rows, erp: erp.0, ..UsageTotal::default() }))
            .collect(),
    };
    add_up(sums.iter().map(|(currency, t)| (currency.as_str(), t)))
}

/// The rows and the ERP amounts per currency of sums: each sum rounded, then added up (the way
/// the usage screen shows them).
fn add_up<'a>(sums: impl Iterator<Item = (&'a str, &'a UsageTotal)>) -> Result<(i64, BTreeMap<String, Decimal>)> {
    let mut rows = 0i64;
    let mut totals: BTreeMap<String, Decimal> = BTreeMap::new();
    for (currency, t) in sums {
        rows = rows.checked_add(t.rows).ok_or_else(money::overflow)?;
        let sum = totals.entry(currency.to_string()).or_default();
        *sum = money::add(*sum, t.erp_amount(currency))?;
    }
    Ok((rows, totals))
}

/// Whether the month's sums kept at import answer a read up to `until`: `None` when they do;
/// else the last day to read from the rows. They do unless `until` falls before the month's last
/// usage (a past date inside the month) or the sums do not cover the month yet.
async fn sums_answer(
    conn: &mut store::Conn,
    month: &str,
    first: NaiveDate,
    last: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<Option<NaiveDate>> {
    let read_to = until.map_or(last, |u| u.min(last));
    if read_to < first {
        return Ok(Some(read_to));
    }
    let whole_month = match store::usage::last_usage_date(conn, first, last).await? {
        Some(stored) => until.is_none_or(|u| u >= stored),
        None => true,
    };
    Ok((!whole_month || !store::usage_totals::is_current(conn, month).await?).then_some(read_to))
}
