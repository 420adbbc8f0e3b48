//! The PEC audit (rows where PEC should apply but the file says it did not, and the reverse) and
//! the incentives accrual report (MCI, Silver).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::book::Book;
use csp_domain::money;
use csp_domain::offer::Offer;
use csp_domain::pricing::{self, CostBasis};
use csp_domain::Result;
use csp_store::usage::UsageRow;

/// What the file says about PEC for a row: `None` when it does not say.
pub fn file_says_pec(row: &UsageRow) -> Option<bool> {
    if let Some(p) = row.pec_percentage.as_deref().and_then(money::parse) {
        return Some(p > Decimal::ZERO);
    }
    let ct = row.credit_type.as_deref()?.to_ascii_lowercase();
    if ct.contains("partner earned credit") {
        Some(true)
    } else if ct.contains("not applied") {
        Some(false)
    } else {
        None
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PecFinding {
    /// The rules say PEC applies, the file says it did not: the partner paid too much.
    Missing,
    /// The file says PEC applied, the rules say it should not: expect a claw-back.
    Unexpected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PecAuditRow {
    #[ts(type = "number")]
    pub usage_id: i64,
    pub usage_date: chrono::NaiveDate,
    pub customer_id: String,
    pub subscription_id: String,
    pub partner_id: String,
    pub billing_partner_id: String,
    pub meter_id: String,
    pub meter_name: String,
    #[ts(type = "string")]
    pub quantity: Decimal,
    pub finding: PecFinding,
    pub admin_rights: bool,
    pub pec_eligible: bool,
    pub currency: String,
    /// ERP × quantity × PEC rate in the billing currency, rounded to its minor unit.
    #[ts(type = "string")]
    pub amount_at_stake: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PecAudit {
    pub month: String,
    #[ts(type = "number")]
    pub rows_checked: u64,
    pub rows: Vec<PecAuditRow>,
    /// Per currency: money lost through missing PEC.
    #[ts(type = "Record<string, string>")]
    pub missing_total: BTreeMap<String, Decimal>,
    /// Per currency: PEC the file shows but the rules do not grant.
    #[ts(type = "Record<string, string>")]
    pub unexpected_total: BTreeMap<String, Decimal>,
    /// PEC lost per subscription, with its days and the missing role (`PEC_LOST`).
    pub lost: Vec<super::margin::PecLost>,
}

/// The month's PEC findings; an amount too large to compute is a `VALIDATION` error.
pub fn pec_audit(book: &Book, month: &str, rows: &[UsageRow]) -> Result<PecAudit> {
    let mut out = PecAudit {
        month: month.to_string(),
        rows_checked: 0,
        rows: Vec::new(),
        missing_total: BTreeMap::new(),
        unexpected_total: BTreeMap::new(),
        lost: super::margin::pec_lost(book, rows)?,
    };
    for row in rows {
        let Some(rated) = book.rate(row)? else { continue };
        if rated.period.offer != Offer::AzurePlan {
            continue;
        }
        let Some(in_file) = file_says_pec(row) else { continue };
        out.rows_checked += 1;
        let expected = rated.basis == CostBasis::PecApplied;
        if expected == in_file {
            continue;
        }
        let finding = if expected { PecFinding::Missing } else { PecFinding::Unexpected };
        let at_stake = money::mul(money::mul(rated.quantity, rated.erp_bc()?)?, book.rates.pec_rate)?;
        let amount = money::round(at_stake, &row.billing_currency);
        let total = if expected { &mut out.missing_total } else { &mut out.unexpected_total };
        let sum = total.entry(row.billing_currency.clone()).or_default();
        *sum = money::add(*sum, amount)?;
        out.rows.push(PecAuditRow {
            usage_id: row.id,
            usage_date: row.usage_date,
            customer_id: row.customer_id.clone(),
            subscription_id: row.subscription_id.clone(),
            partner_id: rated.period.partner_id.clone(),
            billing_partner_id: rated.period.billing_partner_id.clone(),
            meter_id: row.meter_id.clone(),
            meter_name: row.meter_name.clone(),
            quantity: rated.quantity,
            finding,
            admin_rights: rated.admin_rights,
            pec_eligible: rated.pec_eligible,
            currency: row.billing_currency.clone(),
            amount_at_stake: amount,
        });
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IncentiveRow {
    pub partner_id: String,
    pub partner_name: String,
    pub currency: String,
    /// Partner cost of the usage that earns incentives.
    #[ts(type = "string")]
    pub eligible_cost: Decimal,
    #[ts(type = "string")]
    pub mci: Decimal,
    #[ts(type = "string")]
    pub silver: Decimal,
    #[ts(type = "string")]
    pub total: Decimal,
}

/// Incentives each partner (billing partner, and partner of record when it differs) accrues on
/// the month's partner cost: MCI rate when enrolled, Silver rate on/after its competency date and
/// SILVER_BONUS_FROM. Legacy usage on/after PHASE2 earns none.
pub fn incentives(book: &Book, rows: &[UsageRow]) -> Result<Vec<IncentiveRow>> {
    let mut acc: BTreeMap<(String, String), (Decimal, Decimal, Decimal)> = BTreeMap::new();
    for row in rows {
        let Some(rated) = book.rate(row)? else { continue };
        let cost = money::mul(rated.quantity, rated.cost_bc)?;
        let mut partners = vec![rated.period.billing_partner_id.as_str()];
        if rated.period.partner_id != rated.period.billing_partner_id {
            partners.push(rated.period.partner_id.as_str());
        }
        for pid in partners {
            let Some(p) = book.partners.get(pid) else { continue };
            let (mci, silver) = pricing::incentive_rates(
                rated.period.offer,
                row.usage_date,
                &book.dates,
                &book.rates,
                p.mci,
                p.silver_since,
            );
            if mci.is_zero() && silver.is_zero() {
                continue;
            }
            let e = acc.entry((pid.to_string(), row.billing_currency.clone())).or_default();
            e.0 = money::add(e.0, cost)?;
            e.1 = money::add(e.1, money::mul(cost, mci)?)?;
            e.2 = money::add(e.2, money::mul(cost, silver)?)?;
        }
    }
    acc.into_iter()
        .map(|((pid, currency), (base, mci, silver))| {
            let mci = money::round(mci, &currency);
            let silver = money::round(silver, &currency);
            Ok(IncentiveRow {
                partner_name: book.partners.get(&pid).map(|p| p.name.clone()).unwrap_or_default(),
                partner_id: pid,
                eligible_cost: money::round(base, &currency),
                mci,
                silver,
                total: money::add(mci, silver)?,
                currency,
            })
        })
        .collect()
}
