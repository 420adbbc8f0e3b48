//! Pricing (DOMAIN.md "Pricing" and "Selling price of a usage line"): partner cost with the
//! legacy discount, legacy ERP and PEC; incentives; the issuer's selling-price rules.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::money;
use super::offer::Offer;
use super::program::ProgramDates;
use super::rules::{self, Rule};

/// The program rates pricing needs (Settings, DOMAIN.md defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PricingRates {
    #[ts(type = "string")]
    pub legacy_discount: Decimal,
    #[ts(type = "string")]
    pub pec_rate: Decimal,
    #[ts(type = "string")]
    pub mci_rate: Decimal,
    #[ts(type = "string")]
    pub silver_rate: Decimal,
}

impl Default for PricingRates {
    fn default() -> Self {
        Self {
            legacy_discount: Decimal::new(10, 2),
            pec_rate: Decimal::new(15, 2),
            mci_rate: Decimal::new(2, 2),
            silver_rate: Decimal::new(1, 2),
        }
    }
}

/// How the partner cost of a usage line was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostBasis {
    /// Legacy offer on or after PHASE2: ERP exactly (`LEGACY_ERP`).
    LegacyErp,
    /// Legacy offer before PHASE2: ERP less the legacy discount.
    LegacyDiscount,
    /// Azure plan with PEC (`PEC_APPLIED`).
    PecApplied,
    /// Azure plan (or APSS) without PEC: ERP.
    Erp,
}

impl CostBasis {
    pub fn rule(self) -> Option<Rule> {
        match self {
            CostBasis::LegacyErp => Some(rules::LEGACY_ERP),
            CostBasis::PecApplied => Some(rules::PEC_APPLIED),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CostBasis::LegacyErp => "LEGACY_ERP",
            CostBasis::LegacyDiscount => "LEGACY_DISCOUNT",
            CostBasis::PecApplied => "PEC_APPLIED",
            CostBasis::Erp => "ERP",
        }
    }
}

/// Whether PEC applies: Azure plan, PEC-eligible meter, admin rights (owner or contributor) of the
/// partner of record or the billing partner on the usage date.
pub fn pec_applies(offer: Offer, meter_pec_eligible: bool, admin_rights: bool) -> bool {
    offer == Offer::AzurePlan && meter_pec_eligible && admin_rights
}

/// The partner-cost factor applied to ERP for a usage line dated `d`.
pub fn cost_basis(offer: Offer, d: NaiveDate, dates: &ProgramDates, pec: bool) -> CostBasis {
    if offer == Offer::Legacy {
        if d >= dates.phase2 {
            CostBasis::LegacyErp
        } else {
            CostBasis::LegacyDiscount
        }
    } else if pec && offer == Offer::AzurePlan {
        CostBasis::PecApplied
    } else {
        CostBasis::Erp
    }
}

pub fn cost_factor(basis: CostBasis, rates: &PricingRates) -> Decimal {
    match basis {
        CostBasis::LegacyErp | CostBasis::Erp => Decimal::ONE,
        CostBasis::LegacyDiscount => Decimal::ONE - rates.legacy_discount,
        CostBasis::PecApplied => Decimal::ONE - rates.pec_rate,
    }
}

/// Incentive rate (MCI, plus Silver) a partner accrues on the partner cost of a usage line.
/// MCI: Azure plan usage, and legacy usage before PHASE2 (the previous offer still had incentives
/// then). Silver: Azure plan usage only (the seed ties the Silver bonus to the Azure plan).
pub fn incentive_rates(
    offer: Offer,
    d: NaiveDate,
    dates: &ProgramDates,
    rates: &PricingRates,
    mci: bool,
    silver_since: Option<NaiveDate>,
) -> (Decimal, Decimal) {
    let earns = offer == Offer::AzurePlan || (offer == Offer::Legacy && d < dates.phase2);
    if !earns {
        return (Decimal::ZERO, Decimal::ZERO);
    }
    let mci_rate = if mci { rates.mci_rate } else { Decimal::ZERO };
    let silver = match silver_since {
        Some(since) if offer == Offer::AzurePlan && d >= since && d >= dates.silver_bonus_from => rates.silver_rate,
        _ => Decimal::ZERO,
    };
    (mci_rate, silver)
}

/// Which selling-price rule decided a price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MarkupScope {
    CustomerCategory,
    Customer,
    Reseller,
    Default,
    /// No rule: ERP as it is.
    None,
}

/// A selling-price rule of an issuer: `percent` on ERP (negative: a discount).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MarkupRule {
    pub issuer_id: String,
    pub customer_id: Option<String>,
    pub category: Option<String>,
    pub reseller_id: Option<String>,
    #[ts(type = "string")]
    pub percent: Decimal,
}

impl MarkupRule {
    pub fn scope(&self) -> MarkupScope {
        match (&self.customer_id, &self.category, &self.reseller_id) {
            (Some(_), Some(_), _) => MarkupScope::CustomerCategory,
            (Some(_), None, _) => MarkupScope::Customer,
            (None, _, Some(_)) => MarkupScope::Reseller,
            _ => MarkupScope::Default,
        }
    }
}

/// The issuer's most specific rule for the party it bills (DOMAIN.md "Selling price of a usage
/// line"): billing a customer, customer + meter category, customer, default; billing a reseller
/// (`reseller_id`: a provider billing one of its resellers), the reseller rule, default — the end
/// customers' rules are the reseller's business, not the provider's, so they never apply then, even
/// when the line names the customer. None → 0 %. Categories compare case-insensitively.
pub fn select_markup<'a>(
    rules: impl IntoIterator<Item = &'a MarkupRule>,
    customer_id: Option<&str>,
    category: &str,
    reseller_id: Option<&str>,
) -> (Decimal, MarkupScope) {
    let customer_id = if reseller_id.is_some() { None } else { customer_id };
    let mut best: Option<(u8, Decimal, MarkupScope)> = None;
    for r in rules {
        let rank = match r.scope() {
            MarkupScope::CustomerCategory
                if r.customer_id.as_deref() == customer_id
                    && r.category.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(category)) =>
            {
                4
            }
            MarkupScope::Customer if r.customer_id.as_deref() == customer_id => 3,
            MarkupScope::Reseller if reseller_id.is_some() && r.reseller_id.as_deref() == reseller_id => 2,
            MarkupScope::Default => 1,
            _ => continue,
        };
        if best.as_ref().is_none_or(|(b, _, _)| rank > *b) {
            best = Some((rank, r.percent, r.scope()));
        }
    }
    best.map(|(_, p, s)| (p, s)).unwrap_or((Decimal::ZERO, MarkupScope::None))
}

/// `unit price = UnitPrice × PCToBCExchangeRate × (1 + m/100)`, kept unrounded; an overflow is a
/// `VALIDATION` error.
pub fn selling_unit_price(erp: Decimal, pc_to_bc: Decimal, percent: Decimal) -> crate::Result<Decimal> {
    let factor = money::add(Decimal::ONE, money::div(percent, Decimal::ONE_HUNDRED)?)?;
    money::mul(money::mul(erp, pc_to_bc)?, factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rule(customer: Option<&str>, category: Option<&str>, reseller: Option<&str>, p: i64) -> MarkupRule {
        MarkupRule {
            issuer_id: "I".into(),
            customer_id: customer.map(Into::into),
            category: category.map(Into::into),
            reseller_id: reseller.map(Into::into),
            percent: p.into(),
        }
    }

    #[test]
    fn most_specific_rule_wins() {
        let rules = vec![
            rule(None, None, None, 10),
            rule(None, None, Some("R"), 8),
            rule(Some("C"), None, None, 5),
            rule(Some("C"), Some("Storage"), None, -3),
        ];
        assert_eq!(
            select_markup(&rules, Some("C"), "storage", None),
            (Decimal::from(-3), MarkupScope::CustomerCategory)
        );
        assert_eq!(select_markup(&rules, Some("C"), "Compute", None), (Decimal::from(5), MarkupScope::Customer));
        assert_eq!(select_markup(&rules, Some("D"), "Compute", Some("R")), (Decimal::from(8), MarkupScope::Reseller));
        assert_eq!(select_markup(&rules, Some("D"), "Compute", None), (Decimal::from(10), MarkupScope::Default));
        // Billing reseller R: its rule, never the rules of R's customer C.
        assert_eq!(select_markup(&rules, Some("C"), "storage", Some("R")), (Decimal::from(8), MarkupScope::Reseller));
        assert_eq!(select_markup(&rules, Some("C"), "Compute", Some("R")), (Decimal::from(8), MarkupScope::Reseller));
        // A reseller without a rule of its own gets the default, still not its customer's rule.
        assert_eq!(select_markup(&rules, Some("C"), "Compute", Some("S")), (Decimal::from(10), MarkupScope::Default));
        // Billing a customer, a reseller rule does not apply.
        let only_reseller = [rule(None, None, Some("R"), 8)];
        assert_eq!(select_markup(&only_reseller, Some("C"), "Compute", None), (Decimal::ZERO, MarkupScope::None));
        assert_eq!(select_markup(&[], Some("D"), "Compute", None), (Decimal::ZERO, MarkupScope::None));
    }

    #[test]
    fn partner_cost_follows_the_phases() {
        let dates = ProgramDates::default();
        let rates = PricingRates::default();
        let before = date("2022-01-31");
        let after = date("2022-02-01");
        assert_eq!(cost_basis(Offer::Legacy, before, &dates, true), CostBasis::LegacyDiscount);
        assert_eq!(cost_factor(CostBasis::LegacyDiscount, &rates), Decimal::new(90, 2));
        assert_eq!(cost_basis(Offer::Legacy, after, &dates, true), CostBasis::LegacyErp);
        assert_eq!(cost_basis(Offer::AzurePlan, after, &dates, true), CostBasis::PecApplied);
        assert_eq!(cost_factor(CostBasis::PecApplied, &rates), Decimal::new(85, 2));
        assert_eq!(cost_basis(Offer::AzurePlan, after, &dates, false), CostBasis::Erp);
        assert!(!pec_applies(Offer::AzurePlan, false, true));
        assert!(!pec_applies(Offer::Legacy, true, true));
    }

    #[test]
    fn incentives() {
        let dates = ProgramDates::default();
        let rates = PricingRates::default();
        let silver = Some(date("2021-12-01"));
        assert_eq!(
            incentive_rates(Offer::AzurePlan, date("2021-11-30"), &dates, &rates, true, silver),
            (rates.mci_rate, Decimal::ZERO)
        );
        assert_eq!(
            incentive_rates(Offer::AzurePlan, date("2021-12-01"), &dates, &rates, true, silver),
            (rates.mci_rate, rates.silver_rate)
        );
        assert_eq!(
            incentive_rates(Offer::Legacy, date("2022-02-01"), &dates, &rates, true, silver),
            (Decimal::ZERO, Decimal::ZERO)
        );
        // Legacy usage between SILVER_BONUS_FROM and PHASE2 still earns MCI, never the Silver bonus.
        for d in ["2021-10-01", "2021-12-15", "2022-01-31"] {
            assert_eq!(
                incentive_rates(Offer::Legacy, date(d), &dates, &rates, true, Some(date("2021-01-01"))),
                (rates.mci_rate, Decimal::ZERO),
                "{d}"
            );
        }
    }

    #[test]
    fn selling_price_is_unrounded() {
        let p = selling_unit_price(Decimal::new(123457, 6), Decimal::new(9, 1), Decimal::new(125, 1)).unwrap();
        assert_eq!(p, Decimal::new(123457, 6) * Decimal::new(9, 1) * Decimal::new(1125, 3));
    }

    #[test]
    fn an_absurd_price_is_a_refusal_not_a_panic() {
        let e = selling_unit_price(Decimal::MAX, Decimal::from(2), Decimal::ZERO).unwrap_err();
        assert_eq!(e.code(), "VALIDATION");
        assert!(selling_unit_price(Decimal::MAX, Decimal::ONE, Decimal::from(1000)).is_err());
    }
}

/// One price of a meter in one currency from a date.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceRow {
    pub meter_id: String,
    pub name: String,
    pub category: String,
    pub unit: String,
    pub currency: String,
    pub erp: Decimal,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub pec_eligible: bool,
}
