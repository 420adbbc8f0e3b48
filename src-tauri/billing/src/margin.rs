//! Margin of a month (DOMAIN.md "Month-end", tie-out 3): revenue from issued invoice lines net of
//! credit notes against Microsoft's own cost of the usage they bill (its `BillingPreTaxTotal` of the
//! billed rows; the modelled partner cost, marked estimated, where Microsoft gave none), with the
//! PEC earned and the PEC lost — for each day a PEC-eligible Azure plan meter was used while the
//! billing partner had no admin rights (`PEC_LOST`).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::book::Book;
use csp_domain::offer::Offer;
use csp_domain::pricing::CostBasis;
use csp_domain::{money, CoreError, Month, Result};
use csp_store::usage::UsageRow;

/// What a margin row is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MarginBy {
    Customer,
    Reseller,
    Subscription,
    Category,
}

impl MarginBy {
    pub fn parse(v: Option<&str>) -> Result<Self> {
        match v.unwrap_or("customer") {
            "customer" => Ok(Self::Customer),
            "reseller" => Ok(Self::Reseller),
            "subscription" => Ok(Self::Subscription),
            "category" => Ok(Self::Category),
            other => Err(CoreError::validation(
                format!("'{other}' is no margin grouping (customer, reseller, subscription or category)"),
                format!(
                    "« {other} » n'est pas un regroupement de marge (customer, reseller, subscription ou category)"
                ),
            )),
        }
    }
}

/// A line of an issued document (invoice or credit note) of the month's usage, its amount already
/// in the usage's currency (an invoice converted at a Settings rate is converted back).
#[derive(Debug, Clone, PartialEq)]
pub struct Revenue {
    pub issuer_id: String,
    pub customer_id: Option<String>,
    pub reseller_id: Option<String>,
    pub subscription_id: String,
    pub meter_category: String,
    pub currency: String,
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MarginRow {
    pub key: String,
    pub name: String,
    pub currency: String,
    #[ts(type = "string")]
    pub revenue: Decimal,
    #[ts(type = "string")]
    pub cost: Decimal,
    /// Part of the cost is the modelled one (no billed row from Microsoft for it yet).
    pub cost_estimated: bool,
    #[ts(type = "string")]
    pub margin: Decimal,
    /// Margin over revenue, in percent (none without revenue).
    #[ts(type = "string | null")]
    pub margin_percent: Option<Decimal>,
    #[ts(type = "string")]
    pub pec_earned: Decimal,
    #[ts(type = "string")]
    pub pec_lost: Decimal,
    /// Sold below cost (`NEGATIVE_MARGIN`).
    pub negative: bool,
}

/// PEC lost on one subscription: the days and the role that was missing (`PEC_LOST`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PecLost {
    pub subscription_id: String,
    pub subscription_name: Option<String>,
    pub customer_id: String,
    pub customer_name: Option<String>,
    pub billing_partner_id: String,
    pub currency: String,
    #[ts(type = "string")]
    pub pec_lost: Decimal,
    pub days: Vec<NaiveDate>,
    /// The admin role the billing partner lacked on those days (`owner`: it held no role at all;
    /// `contributor`: it held one without admin rights).
    pub missing: String,
}

#[derive(Default)]
struct Acc {
    name: String,
    revenue: Decimal,
    cost: Decimal,
    estimated: bool,
    pec_earned: Decimal,
    pec_lost: Decimal,
}

/// Usage as the margin reads it: a usage group whose rating holds over its dates, or one day of a
/// group whose rating changes (a role granted or revoked, a change of partner within the month).
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    pub subscription_id: String,
    pub customer_id: String,
    pub meter_id: String,
    pub meter_category: String,
    pub currency: String,
    /// The day it is rated on.
    pub day: NaiveDate,
    /// Its standing quantity (withdrawn rows left out).
    pub quantity: Decimal,
    /// Partner Center's `UnitPrice` and `PCToBCExchangeRate`.
    pub erp: Decimal,
    pub pc_to_bc: Decimal,
    /// Microsoft's pre-tax amount of its billed rows that carry one, and their quantity.
    pub billed_amount: Decimal,
    pub billed_quantity: Decimal,
}

/// The month's margin per `by`, for one billing partner or all; rows sorted by key, amounts at the
/// currency's minor unit.
pub fn margin(
    book: &Book,
    month: Month,
    slices: &[Slice],
    revenue: &[Revenue],
    issuer: Option<&str>,
    by: MarginBy,
) -> Result<Vec<MarginRow>> {
    let mut acc: BTreeMap<(String, String), Acc> = BTreeMap::new();
    for sl in slices {
        let Some(rated) = book.rate_at(&sl.subscription_id, &sl.meter_id, sl.day, sl.quantity, sl.erp, sl.pc_to_bc)?
        else {
            continue;
        };
        let billing = &rated.period.billing_partner_id;
        if issuer.is_some_and(|i| i != billing) {
            continue;
        }
        let reseller = (rated.period.partner_id != *billing).then(|| rated.period.partner_id.clone());
        let Some(key) = key_of(by, &sl.customer_id, reseller.as_deref(), &sl.subscription_id, &sl.meter_category)
        else {
            continue;
        };
        let erp = money::mul(rated.quantity, rated.erp_bc()?)?;
        // Microsoft's own amount where it gave one; the modelled partner cost for the rest.
        let rest = money::sub(sl.quantity, sl.billed_quantity)?;
        let modelled = money::mul(rest, rated.cost_bc)?;
        let cost = money::add(sl.billed_amount, modelled)?;
        let a = acc.entry((key.clone(), sl.currency.clone())).or_default();
        if a.name.is_empty() {
            a.name = name_of(book, by, &key);
        }
        a.cost = money::add(a.cost, cost)?;
        a.estimated |= !rest.is_zero();
        if rated.basis == CostBasis::PecApplied {
            a.pec_earned = money::add(a.pec_earned, money::mul(erp, book.rates.pec_rate)?)?;
        }
        if lost(&rated) {
            a.pec_lost = money::add(a.pec_lost, money::mul(erp, book.rates.pec_rate)?)?;
        }
    }
    for r in revenue {
        if issuer.is_some_and(|i| i != r.issuer_id) {
            continue;
        }
        // Revenue against Microsoft's cost: what the billing partner invoices (a reseller's own
        // invoices to its customers are its margin, not this one).
        let billing = book.period_on(&r.subscription_id, month.last_day()).map(|p| p.billing_partner_id.as_str());
        if billing.is_some_and(|b| b != r.issuer_id) {
            continue;
        }
        let customer = r.customer_id.as_deref().unwrap_or_default();
        let Some(key) = key_of(by, customer, r.reseller_id.as_deref(), &r.subscription_id, &r.meter_category) else {
            continue;
        };
        let a = acc.entry((key.clone(), r.currency.clone())).or_default();
        if a.name.is_empty() {
            a.name = name_of(book, by, &key);
        }
        a.revenue = money::add(a.revenue, r.amount)?;
    }
    acc.into_iter()
        .map(|((key, currency), a)| {
            let revenue = money::minor(a.revenue, &currency);
            let cost = money::minor(a.cost, &currency);
            let margin = money::sub(revenue, cost)?;
            let margin_percent = (!revenue.is_zero())
                .then(|| money::mul(margin, Decimal::ONE_HUNDRED).map(|m| (m / revenue).round_dp(2)))
                .transpose()?;
            Ok(MarginRow {
                key,
                name: a.name,
                revenue,
                cost,
                cost_estimated: a.estimated,
                margin,
                margin_percent,
                pec_earned: money::minor(a.pec_earned, &currency),
                pec_lost: money::minor(a.pec_lost, &currency),
                negative: margin < Decimal::ZERO,
                currency,
            })
        })
        .collect()
}

/// PEC lost per subscription: the days its eligible Azure plan meters were used while the billing
/// partner had no admin rights.
pub fn pec_lost(book: &Book, rows: &[UsageRow]) -> Result<Vec<PecLost>> {
    let mut acc: BTreeMap<(String, String), (PecLost, BTreeSet<NaiveDate>, bool)> = BTreeMap::new();
    for row in rows {
        let Some(rated) = book.rate(row)? else { continue };
        if !lost(&rated) {
            continue;
        }
        let amount = money::mul(money::mul(rated.quantity, rated.erp_bc()?)?, book.rates.pec_rate)?;
        let holds_any = book.roles.get(&row.subscription_id).is_some_and(|rs| {
            rs.iter().any(|a| {
                csp_domain::access::is_partners_principal(&a.principal, &rated.period.billing_partner_id)
                    && a.is_active_on(row.usage_date)
            })
        });
        let e = acc.entry((row.subscription_id.clone(), row.billing_currency.clone())).or_insert_with(|| {
            (
                PecLost {
                    subscription_id: row.subscription_id.clone(),
                    subscription_name: book.subscriptions.get(&row.subscription_id).and_then(|s| s.0.clone()),
                    customer_id: row.customer_id.clone(),
                    customer_name: book.customers.get(&row.customer_id).map(|c| c.name.clone()),
                    billing_partner_id: rated.period.billing_partner_id.clone(),
                    currency: row.billing_currency.clone(),
                    pec_lost: Decimal::ZERO,
                    days: Vec::new(),
                    missing: String::new(),
                },
                BTreeSet::new(),
                false,
            )
        });
        e.0.pec_lost = money::add(e.0.pec_lost, amount)?;
        e.1.insert(row.usage_date);
        e.2 |= holds_any;
    }
    Ok(acc
        .into_values()
        .map(|(mut l, days, held_some)| {
            l.pec_lost = money::minor(l.pec_lost, &l.currency);
            l.days = days.into_iter().collect();
            l.missing = if held_some { "contributor" } else { "owner" }.to_string();
            l
        })
        .collect())
}

/// Whether the row lost PEC: an eligible Azure plan meter used without admin rights.
fn lost(rated: &super::book::Rated<'_>) -> bool {
    rated.period.offer == Offer::AzurePlan && rated.pec_eligible && !rated.admin_rights
}

fn key_of(by: MarginBy, customer: &str, reseller: Option<&str>, subscription: &str, category: &str) -> Option<String> {
    match by {
        MarginBy::Customer => Some(customer.to_string()).filter(|c| !c.is_empty()),
        MarginBy::Reseller => reseller.map(str::to_string),
        MarginBy::Subscription => Some(subscription.to_string()),
        MarginBy::Category => Some(category.to_string()),
    }
}

fn name_of(book: &Book, by: MarginBy, key: &str) -> String {
    match by {
        MarginBy::Customer => book.customers.get(key).map(|c| c.name.clone()),
        MarginBy::Reseller => book.partners.get(key).map(|p| p.name.clone()),
        MarginBy::Subscription => book.subscriptions.get(key).and_then(|s| s.0.clone()),
        MarginBy::Category => None,
    }
    .unwrap_or_else(|| key.to_string())
}
