//! Invoice tax (DOMAIN.md "Billing and invoices"): domestic VAT, EU reverse charge, outside the EU.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::money;

/// The legal tax mention an invoice carries (the PDF writes the text in its language). The legal
/// basis a mention cites is the issuer's: a French issuer cites the CGI, an issuer established
/// elsewhere in the EU cites directive 2006/112/EC. Each is its own value, so that an issued
/// document, which keeps its mention, prints the same text forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum TaxMention {
    None,
    /// EU cross-border B2B from a French issuer: reverse charge (CGI art. 283-2; directive
    /// 2006/112/EC art. 196).
    ReverseChargeEu,
    /// Services to a business outside the EU from a French issuer (CGI art. 259-1).
    OutsideEu,
    /// The issuer is outside the EU and charges no tax.
    IssuerOutsideEu,
    /// EU cross-border B2B from an issuer established in another member state: reverse charge
    /// (directive 2006/112/EC art. 196).
    ReverseChargeDirective,
    /// Services to a business outside the EU from an issuer established in another member state:
    /// not subject, place of supply outside the EU (directive 2006/112/EC art. 44).
    OutsideEuDirective,
}

impl TaxMention {
    pub fn as_str(self) -> &'static str {
        match self {
            TaxMention::None => "none",
            TaxMention::ReverseChargeEu => "reverse_charge_eu",
            TaxMention::OutsideEu => "outside_eu",
            TaxMention::IssuerOutsideEu => "issuer_outside_eu",
            TaxMention::ReverseChargeDirective => "reverse_charge_directive",
            TaxMention::OutsideEuDirective => "outside_eu_directive",
        }
    }

    pub fn parse(s: &str) -> TaxMention {
        match s {
            "reverse_charge_eu" => TaxMention::ReverseChargeEu,
            "outside_eu" => TaxMention::OutsideEu,
            "issuer_outside_eu" => TaxMention::IssuerOutsideEu,
            "reverse_charge_directive" => TaxMention::ReverseChargeDirective,
            "outside_eu_directive" => TaxMention::OutsideEuDirective,
            _ => TaxMention::None,
        }
    }
}

/// A country's standard VAT rate (percent) from the day it comes into force until the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatedRate {
    pub from: NaiveDate,
    pub rate: Decimal,
}

/// What tax needs to know about a country.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaxCountry {
    pub code: String,
    pub eu_member: bool,
    /// Standard VAT rates with their dates (EU members), in any order.
    pub standard_rates: Vec<DatedRate>,
}

impl TaxCountry {
    /// The standard rate in force on `d`: the one with the latest start on or before `d`.
    pub fn standard_rate_on(&self, d: NaiveDate) -> Option<Decimal> {
        self.standard_rates.iter().filter(|r| r.from <= d).max_by_key(|r| r.from).map(|r| r.rate)
    }
}

/// The country whose VAT applies to a party established in `code`: Monaco is taxed as France
/// (Monaco shares France's VAT territory under the Franco-Monegasque convention of 1963): French
/// VAT, domestic for a French issuer.
pub fn tax_territory(code: &str) -> &str {
    match code {
        "MC" => "FR",
        other => other,
    }
}

/// Every country tax knows, by code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaxTable {
    countries: HashMap<String, TaxCountry>,
}

impl TaxTable {
    pub fn new(countries: impl IntoIterator<Item = TaxCountry>) -> TaxTable {
        TaxTable { countries: countries.into_iter().map(|c| (c.code.clone(), c)).collect() }
    }

    /// The tax country of a party established in `code` (Monaco: France); an unknown code is a
    /// country outside the EU.
    pub fn country(&self, code: &str) -> TaxCountry {
        let code = tax_territory(code);
        self.countries
            .get(code)
            .cloned()
            .unwrap_or_else(|| TaxCountry { code: code.to_string(), ..TaxCountry::default() })
    }

    /// The tax of a document of the period ending `last_day` from an issuer established in
    /// `issuer` to a recipient established in `recipient` ([`decide`]).
    pub fn decide(
        &self,
        issuer: &str,
        recipient: &str,
        recipient_has_vat_id: bool,
        issuer_rate_setting: Option<Decimal>,
        last_day: NaiveDate,
    ) -> TaxDecision {
        decide(&self.country(issuer), &self.country(recipient), recipient_has_vat_id, issuer_rate_setting, last_day)
    }
}

/// The rate (percent) and mention for an invoice from `issuer` to `recipient`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxDecision {
    pub rate: Decimal,
    pub mention: TaxMention,
}

/// Decides the tax of a document whose period ends on `last_day` (the rate in force that day).
/// - Same country as the issuer: that country's standard VAT.
/// - EU cross-border with a VAT ID: 0 % reverse charge; without a VAT ID: the issuer's rate.
/// - Recipient outside the EU: 0 % with the "outside the EU" mention.
/// - Issuer outside the EU: no tax unless Settings give a rate (`issuer_rate_setting`).
///
/// The mentions cite the CGI for a French issuer, directive 2006/112/EC for any other EU issuer.
pub fn decide(
    issuer: &TaxCountry,
    recipient: &TaxCountry,
    recipient_has_vat_id: bool,
    issuer_rate_setting: Option<Decimal>,
    last_day: NaiveDate,
) -> TaxDecision {
    if !issuer.eu_member {
        return match issuer_rate_setting {
            Some(rate) if !rate.is_zero() => TaxDecision { rate, mention: TaxMention::None },
            _ => TaxDecision { rate: Decimal::ZERO, mention: TaxMention::IssuerOutsideEu },
        };
    }
    let issuer_rate = issuer.standard_rate_on(last_day).or(issuer_rate_setting).unwrap_or(Decimal::ZERO);
    let french = tax_territory(&issuer.code) == "FR";
    if tax_territory(&recipient.code) == tax_territory(&issuer.code) {
        return TaxDecision { rate: issuer_rate, mention: TaxMention::None };
    }
    if recipient.eu_member {
        if recipient_has_vat_id {
            let mention = if french { TaxMention::ReverseChargeEu } else { TaxMention::ReverseChargeDirective };
            TaxDecision { rate: Decimal::ZERO, mention }
        } else {
            TaxDecision { rate: issuer_rate, mention: TaxMention::None }
        }
    } else {
        let mention = if french { TaxMention::OutsideEu } else { TaxMention::OutsideEuDirective };
        TaxDecision { rate: Decimal::ZERO, mention }
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

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn c(code: &str, eu: bool, rate: Option<i64>) -> TaxCountry {
        TaxCountry {
            code: code.into(),
            eu_member: eu,
            standard_rates: rate.map(|r| DatedRate { from: day("2019-01-01"), rate: r.into() }).into_iter().collect(),
        }
    }

    fn dated(code: &str, rates: &[(&str, &str)]) -> TaxCountry {
        TaxCountry {
            code: code.into(),
            eu_member: true,
            standard_rates: rates.iter().map(|(from, rate)| DatedRate { from: day(from), rate: dec(rate) }).collect(),
        }
    }

    /// The rates of migration 0039 for the countries that changed recently.
    fn table() -> TaxTable {
        TaxTable::new([
            dated("FR", &[("2019-01-01", "20")]),
            dated("SK", &[("2019-01-01", "20"), ("2025-01-01", "23")]),
            dated("EE", &[("2019-01-01", "20"), ("2024-01-01", "22"), ("2025-07-01", "24")]),
            dated("FI", &[("2019-01-01", "24"), ("2024-09-01", "25.5")]),
            dated("RO", &[("2019-01-01", "19"), ("2025-08-01", "21")]),
            dated("DE", &[("2019-01-01", "19"), ("2020-07-01", "16"), ("2021-01-01", "19")]),
            c("US", false, None),
            c("MC", false, None),
        ])
    }

    fn domestic(t: &TaxTable, code: &str, last_day: &str) -> Decimal {
        let d = t.decide(code, code, false, None, day(last_day));
        assert_eq!(d.mention, TaxMention::None);
        d.rate
    }

    #[test]
    fn the_four_cases_of_domain() {
        let fr = c("FR", true, Some(20));
        let de = c("DE", true, Some(19));
        let us = c("US", false, None);
        let on = day("2026-10-31");
        assert_eq!(decide(&fr, &fr, true, None, on), TaxDecision { rate: 20.into(), mention: TaxMention::None });
        assert_eq!(
            decide(&fr, &de, true, None, on),
            TaxDecision { rate: Decimal::ZERO, mention: TaxMention::ReverseChargeEu }
        );
        assert_eq!(decide(&fr, &de, false, None, on), TaxDecision { rate: 20.into(), mention: TaxMention::None });
        assert_eq!(
            decide(&fr, &us, true, None, on),
            TaxDecision { rate: Decimal::ZERO, mention: TaxMention::OutsideEu }
        );
        assert_eq!(
            decide(&us, &us, false, None, on),
            TaxDecision { rate: Decimal::ZERO, mention: TaxMention::IssuerOutsideEu }
        );
        assert_eq!(
            decide(&us, &fr, false, Some(Decimal::new(825, 2)), on),
            TaxDecision { rate: Decimal::new(825, 2), mention: TaxMention::None }
        );
    }

    #[test]
    fn a_document_uses_the_rate_in_force_on_the_last_day_of_its_period() {
        let t = table();
        assert_eq!(domestic(&t, "SK", "2024-12-31"), dec("20"));
        assert_eq!(domestic(&t, "SK", "2025-01-31"), dec("23"));
        assert_eq!(domestic(&t, "EE", "2023-12-31"), dec("20"));
        assert_eq!(domestic(&t, "EE", "2024-01-31"), dec("22"));
        assert_eq!(domestic(&t, "EE", "2025-06-30"), dec("22"));
        assert_eq!(domestic(&t, "EE", "2025-07-31"), dec("24"));
        assert_eq!(domestic(&t, "FI", "2024-08-31"), dec("24"));
        assert_eq!(domestic(&t, "FI", "2024-09-30"), dec("25.5"));
        assert_eq!(domestic(&t, "RO", "2025-07-31"), dec("19"));
        assert_eq!(domestic(&t, "RO", "2025-08-31"), dec("21"));
        // A temporary cut, then back: Germany's 16 % from July to December 2020.
        assert_eq!(domestic(&t, "DE", "2020-06-30"), dec("19"));
        assert_eq!(domestic(&t, "DE", "2020-12-31"), dec("16"));
        assert_eq!(domestic(&t, "DE", "2021-01-31"), dec("19"));
        // Cross-border without a VAT ID: the issuer's rate of that day too.
        assert_eq!(t.decide("SK", "FR", false, None, day("2025-01-31")).rate, dec("23"));
    }

    #[test]
    fn monaco_is_taxed_as_france() {
        let t = table();
        // A French issuer's Monegasque customer, with or without a VAT ID: French VAT, no mention.
        for vat_id in [false, true] {
            assert_eq!(
                t.decide("FR", "MC", vat_id, None, day("2026-10-31")),
                TaxDecision { rate: 20.into(), mention: TaxMention::None }
            );
        }
        // A Monegasque issuer bills a French customer as a French one would, and a German business
        // under the French reverse-charge mention.
        assert_eq!(
            t.decide("MC", "FR", false, None, day("2026-10-31")),
            TaxDecision { rate: 20.into(), mention: TaxMention::None }
        );
        assert_eq!(t.decide("MC", "DE", true, None, day("2026-10-31")).mention, TaxMention::ReverseChargeEu);
        assert_eq!(t.country("MC").code, "FR");
    }

    #[test]
    fn an_issuer_established_elsewhere_in_the_eu_cites_the_directive_not_the_cgi() {
        let t = table();
        let on = day("2026-10-31");
        assert_eq!(
            t.decide("DE", "FR", true, None, on),
            TaxDecision { rate: Decimal::ZERO, mention: TaxMention::ReverseChargeDirective }
        );
        assert_eq!(
            t.decide("DE", "US", false, None, on),
            TaxDecision { rate: Decimal::ZERO, mention: TaxMention::OutsideEuDirective }
        );
        assert_eq!(t.decide("FR", "US", false, None, on).mention, TaxMention::OutsideEu);
        for m in [TaxMention::ReverseChargeDirective, TaxMention::OutsideEuDirective] {
            assert_eq!(TaxMention::parse(m.as_str()), m);
        }
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
