//! Invoice tax (DOMAIN.md "Billing and invoices"): domestic VAT, EU reverse charge, outside the EU.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::money;

/// The legal tax mention an invoice carries (the PDF writes the text in its language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum TaxMention {
    None,
    /// EU cross-border B2B: reverse charge (CGI art. 283-2; directive 2006/112/EC art. 196).
    ReverseChargeEu,
    /// Services to a business outside the EU (CGI art. 259-1).
    OutsideEu,
    /// The issuer is outside the EU and charges no tax.
    IssuerOutsideEu,
}

impl TaxMention {
    pub fn as_str(self) -> &'static str {
        match self {
            TaxMention::None => "none",
            TaxMention::ReverseChargeEu => "reverse_charge_eu",
            TaxMention::OutsideEu => "outside_eu",
            TaxMention::IssuerOutsideEu => "issuer_outside_eu",
        }
    }

    pub fn parse(s: &str) -> TaxMention {
        match s {
            "reverse_charge_eu" => TaxMention::ReverseChargeEu,
            "outside_eu" => TaxMention::OutsideEu,
            "issuer_outside_eu" => TaxMention::IssuerOutsideEu,
            _ => TaxMention::None,
        }
    }
}

/// What tax needs to know about a country.
#[derive(Debug, Clone, PartialEq)]
pub struct TaxCountry {
    pub code: String,
    pub eu_member: bool,
    /// Standard VAT rate in percent (EU members).
    pub standard_rate: Option<Decimal>,
}

/// The rate (percent) and mention for an invoice from `issuer` to `recipient`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxDecision {
    pub rate: Decimal,
    pub mention: TaxMention,
}

/// Decides the tax of an invoice.
/// - Same country as the issuer: that country's standard VAT.
/// - EU cross-border with a VAT ID: 0 % reverse charge; without a VAT ID: the issuer's rate.
/// - Recipient outside the EU: 0 % with the "outside the EU" mention.
/// - Issuer outside the EU: no tax unless Settings give a rate (`issuer_rate_setting`).
pub fn decide(
    issuer: &TaxCountry,
    recipient: &TaxCountry,
    recipient_has_vat_id: bool,
    issuer_rate_setting: Option<Decimal>,
) -> TaxDecision {
    if !issuer.eu_member {
        return match issuer_rate_setting {
            Some(rate) if !rate.is_zero() => TaxDecision { rate, mention: TaxMention::None },
            _ => TaxDecision { rate: Decimal::ZERO, mention: TaxMention::IssuerOutsideEu },
        };
    }
    let issuer_rate = issuer.standard_rate.or(issuer_rate_setting).unwrap_or(Decimal::ZERO);
    if recipient.code == issuer.code {
        return TaxDecision { rate: issuer_rate, mention: TaxMention::None };
    }
    if recipient.eu_member {
        if recipient_has_vat_id {
            TaxDecision { rate: Decimal::ZERO, mention: TaxMention::ReverseChargeEu }
        } else {
            TaxDecision { rate: issuer_rate, mention: TaxMention::None }
        }
    } else {
        TaxDecision { rate: Decimal::ZERO, mention: TaxMention::OutsideEu }
    }
}

/// Tax of one rate: on the sum of the rounded line amounts, rounded half away from zero; an
/// overflow is a `VALIDATION` error.
pub fn tax_amount(base: Decimal, rate_percent: Decimal, currency: &str) -> crate::Result<Decimal> {
    Ok(money::round(money::div(money::mul(base, rate_percent)?, Decimal::ONE_HUNDRED)?, currency))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(code: &str, eu: bool, rate: Option<i64>) -> TaxCountry {
        TaxCountry { code: code.into(), eu_member: eu, standard_rate: rate.map(Decimal::from) }
    }

    #[test]
    fn the_four_cases_of_domain() {
        let fr = c("FR", true, Some(20));
        let de = c("DE", true, Some(19));
        let us = c("US", false, None);
        assert_eq!(decide(&fr, &fr, true, None), TaxDecision { rate: 20.into(), mention: TaxMention::None });
        assert_eq!(
            decide(&fr, &de, true, None),
            TaxDecision { rate: Decimal::ZERO, mention: TaxMention::ReverseChargeEu }
        );
        assert_eq!(decide(&fr, &de, false, None), TaxDecision { rate: 20.into(), mention: TaxMention::None });
        assert_eq!(decide(&fr, &us, true, None), TaxDecision { rate: Decimal::ZERO, mention: TaxMention::OutsideEu });
        assert_eq!(
            decide(&us, &us, false, None),
            TaxDecision { rate: Decimal::ZERO, mention: TaxMention::IssuerOutsideEu }
        );
        assert_eq!(
            decide(&us, &fr, false, Some(Decimal::new(825, 2))),
            TaxDecision { rate: Decimal::new(825, 2), mention: TaxMention::None }
        );
    }

    #[test]
    fn tax_rounds_half_away_from_zero() {
        // 0.125 × 20 % = 0.025 → 0.03
        assert_eq!(tax_amount(Decimal::new(125, 3), 20.into(), "EUR").unwrap(), Decimal::new(3, 2));
        assert_eq!(tax_amount(Decimal::new(-125, 3), 20.into(), "EUR").unwrap(), Decimal::new(-3, 2));
    }

    #[test]
    fn tax_on_an_absurd_base_is_a_refusal() {
        assert_eq!(tax_amount(Decimal::MAX, 20.into(), "EUR").unwrap_err().code(), "VALIDATION");
    }
}
