//! Partners and their tiers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::program::ProgramDates;
use crate::error::{CoreError, Field};

/// The CSP tier of a partner (DOMAIN.md "Actors and tiers").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "kebab-case")]
#[sqlx(rename_all = "kebab-case")]
pub enum Tier {
    /// 1-tier partner: billed by Microsoft, bills its customers.
    Direct,
    /// 2-tier distributor: billed by Microsoft, bills its resellers; holds no customers.
    IndirectProvider,
    /// 2-tier reseller: billed by its provider, bills its customers.
    IndirectReseller,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Direct => "direct",
            Tier::IndirectProvider => "indirect-provider",
            Tier::IndirectReseller => "indirect-reseller",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "direct" => Some(Tier::Direct),
            "indirect-provider" => Some(Tier::IndirectProvider),
            "indirect-reseller" => Some(Tier::IndirectReseller),
            _ => None,
        }
    }

    /// Direct partners and indirect resellers hold customer relationships; providers do not.
    pub fn holds_customers(self) -> bool {
        self != Tier::IndirectProvider
    }

    /// Microsoft bills direct partners and indirect providers.
    pub fn billed_by_microsoft(self) -> bool {
        self != Tier::IndirectReseller
    }
}

/// A partner as the book holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Partner {
    pub id: String,
    pub name: String,
    /// Partner ID (MPN), digits.
    pub mpn_id: Option<String>,
    pub tier: Tier,
    /// Office country, ISO 3166-1 alpha-2.
    pub country: String,
    /// The market of the office country (`EUROPE`, `NORTH_AMERICA`, …).
    pub market: String,
    /// Contract currency; for a reseller, its (first) provider's.
    pub currency: Option<String>,
    pub enrolled_on: NaiveDate,
    /// Enrolled in CSP on or after PHASE1.
    pub new_partner: bool,
    pub mci: bool,
    pub silver_since: Option<NaiveDate>,
    pub vat_id: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    /// For a reseller: its providers.
    pub providers: Vec<PartnerLink>,
    /// For a provider: its resellers.
    pub resellers: Vec<PartnerLink>,
    pub tier_history: Vec<TierPeriod>,
    /// This partner is the office operating CSP Desk.
    pub operating: bool,
    /// What its invoices print about it as an issuer.
    pub legal: LegalIdentity,
}

/// An issuer's legal identity and payment details (DOMAIN.md "Legal identity per issuer"): each
/// issuing partner has its own, printed on its invoices and frozen into each one at issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct LegalIdentity {
    /// `SAS`, `SARL`, `SA`…
    pub legal_form: Option<String>,
    /// As printed, e.g. `120 000 €`.
    pub share_capital: Option<String>,
    pub siren: Option<String>,
    pub siret: Option<String>,
    /// e.g. `RCS Paris 303 265 045`.
    pub rcs: Option<String>,
    pub iban: Option<String>,
    pub bic: Option<String>,
    /// Days from issue to the due date (at most the legal 60).
    pub payment_terms_days: u32,
    /// As printed, e.g. "3 × the legal interest rate"; none prints the legal default.
    pub late_payment_rate: Option<String>,
    /// None prints "none".
    pub early_payment_discount: Option<String>,
}

impl Default for LegalIdentity {
    fn default() -> Self {
        LegalIdentity {
            legal_form: None,
            share_capital: None,
            siren: None,
            siret: None,
            rcs: None,
            iban: None,
            bic: None,
            payment_terms_days: crate::invoice::DEFAULT_PAYMENT_TERMS_DAYS,
            late_payment_rate: None,
            early_payment_discount: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PartnerLink {
    pub id: String,
    pub name: String,
    pub since: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TierPeriod {
    pub tier: Tier,
    pub since: NaiveDate,
}

/// What a user gives to create a partner.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NewPartner {
    pub name: String,
    #[ts(type = "\"direct\" | \"indirect-provider\" | \"indirect-reseller\" | null")]
    pub tier: Option<Tier>,
    pub country: String,
    pub currency: Option<String>,
    pub enrolled_on: Option<NaiveDate>,
    pub mpn_id: Option<String>,
    pub mci: bool,
    pub silver_since: Option<NaiveDate>,
    /// A reseller names its providers.
    pub providers: Vec<String>,
    pub vat_id: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    /// The legal identity; `None` on an edit keeps the stored one (a new partner starts with none).
    pub legal: Option<LegalIdentity>,
}

/// An edit of a partner (`partner update`, the window's edit form), applied in one transaction, as
/// `CustomerUpdate` is: `None` keeps a field, an empty text clears an optional one (`silver_since`
/// too). The tier and a reseller's providers are not edited here: they change only by a dated
/// transition, so a patch naming others is refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PartnerPatch {
    pub name: Option<String>,
    #[ts(type = "\"direct\" | \"indirect-provider\" | \"indirect-reseller\" | null")]
    pub tier: Option<Tier>,
    pub country: Option<String>,
    pub currency: Option<String>,
    pub enrolled_on: Option<NaiveDate>,
    pub mpn_id: Option<String>,
    pub mci: Option<bool>,
    /// A date, or an empty text to clear it.
    #[serde(with = "date_or_empty")]
    #[ts(type = "string | null")]
    pub silver_since: Option<Option<NaiveDate>>,
    pub providers: Option<Vec<String>>,
    pub vat_id: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub legal_form: Option<String>,
    pub share_capital: Option<String>,
    pub siren: Option<String>,
    pub siret: Option<String>,
    pub rcs: Option<String>,
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub payment_terms_days: Option<u32>,
    pub late_payment_rate: Option<String>,
    pub early_payment_discount: Option<String>,
}

/// A clearable date of a patch: `null` keeps (`None`), `""` clears (`Some(None)`), a date sets it.
mod date_or_empty {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Option<NaiveDate>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            None => s.serialize_none(),
            Some(None) => s.serialize_str(""),
            Some(Some(d)) => s.collect_str(d),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<NaiveDate>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(t) if t.trim().is_empty() => Ok(Some(None)),
            Some(t) => t.trim().parse().map(|d| Some(Some(d))).map_err(serde::de::Error::custom),
        }
    }
}

impl PartnerPatch {
    /// The partner as this patch leaves it, to be validated like a new one: `current` with each
    /// given field replaced. A tier or providers other than `current`'s are refused.
    pub fn apply(self, current: &Partner) -> Result<NewPartner, CoreError> {
        if let Some(tier) = self.tier.filter(|t| *t != current.tier) {
            return Err(CoreError::validation(
                format!(
                    "the tier changes only by a dated transition (partner transition), not by an edit: {} stays {}, not {}",
                    current.name,
                    current.tier.as_str(),
                    tier.as_str()
                ),
                format!(
                    "le niveau ne change que par une transition datée (partner transition), pas par une modification : {} reste {}, pas {}",
                    current.name,
                    current.tier.as_str(),
                    tier.as_str()
                ),
            )
            .on(Field::Tier));
        }
        if let Some(given) = &self.providers {
            let mut given: Vec<&str> = given.iter().map(String::as_str).collect();
            let mut held: Vec<&str> = current.providers.iter().map(|l| l.id.as_str()).collect();
            given.sort_unstable();
            given.dedup();
            held.sort_unstable();
            if given != held {
                return Err(CoreError::validation(
                    format!(
                        "a reseller's providers are named when it is added or by a transition, not by an edit: {} keeps [{}]",
                        current.name,
                        held.join(", ")
                    ),
                    format!(
                        "les fournisseurs d'un revendeur se nomment à sa création ou par une transition, pas par une modification : {} garde [{}]",
                        current.name,
                        held.join(", ")
                    ),
                )
                .on(Field::Providers));
            }
        }
        let or = |given: Option<String>, stored: &Option<String>| given.or_else(|| stored.clone());
        let l = &current.legal;
        let legal = LegalIdentity {
            legal_form: or(self.legal_form, &l.legal_form),
            share_capital: or(self.share_capital, &l.share_capital),
            siren: or(self.siren, &l.siren),
            siret: or(self.siret, &l.siret),
            rcs: or(self.rcs, &l.rcs),
            iban: or(self.iban, &l.iban),
            bic: or(self.bic, &l.bic),
            payment_terms_days: self.payment_terms_days.unwrap_or(l.payment_terms_days),
            late_payment_rate: or(self.late_payment_rate, &l.late_payment_rate),
            early_payment_discount: or(self.early_payment_discount, &l.early_payment_discount),
        };
        Ok(NewPartner {
            name: self.name.unwrap_or_else(|| current.name.clone()),
            tier: Some(current.tier),
            country: self.country.unwrap_or_else(|| current.country.clone()),
            currency: or(self.currency, &current.currency),
            enrolled_on: Some(self.enrolled_on.unwrap_or(current.enrolled_on)),
            mpn_id: or(self.mpn_id, &current.mpn_id),
            mci: self.mci.unwrap_or(current.mci),
            silver_since: self.silver_since.unwrap_or(current.silver_since),
            // Links are kept as they are (checked above).
            providers: Vec::new(),
            vat_id: or(self.vat_id, &current.vat_id),
            address: or(self.address, &current.address),
            email: or(self.email, &current.email),
            legal: Some(legal),
        })
    }
}

/// Enrolled in CSP on or after PHASE1 (DOMAIN.md "New partner").
pub fn is_new_partner(enrolled_on: NaiveDate, dates: &ProgramDates) -> bool {
    enrolled_on >= dates.phase1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reseller() -> Partner {
        let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let link = |id: &str| PartnerLink { id: id.into(), name: id.to_uppercase(), since: day };
        Partner {
            id: "r".into(),
            name: "Reseller".into(),
            mpn_id: Some("1234567".into()),
            tier: Tier::IndirectReseller,
            country: "FR".into(),
            market: "EUROPE".into(),
            currency: Some("EUR".into()),
            enrolled_on: day,
            new_partner: false,
            mci: true,
            silver_since: Some(day),
            vat_id: Some("FR40303265045".into()),
            address: Some("1 rue de Rivoli, 75001 Paris".into()),
            email: None,
            providers: vec![link("p1"), link("p2")],
            resellers: Vec::new(),
            tier_history: Vec::new(),
            operating: false,
            legal: LegalIdentity { iban: Some("FR76…".into()), ..LegalIdentity::default() },
        }
    }

    #[test]
    fn a_patch_replaces_what_it_gives_and_keeps_the_rest() {
        let current = reseller();
        let patch = PartnerPatch {
            name: Some("Renamed".into()),
            vat_id: Some(String::new()),
            silver_since: Some(None),
            payment_terms_days: Some(45),
            ..PartnerPatch::default()
        };
        let next = patch.apply(&current).unwrap();
        assert_eq!(next.name, "Renamed");
        assert_eq!(next.vat_id.as_deref(), Some(""), "an empty text clears (validation makes it none)");
        assert_eq!(next.silver_since, None, "null clears the date");
        assert_eq!(next.mpn_id, current.mpn_id);
        assert_eq!(next.address, current.address);
        assert_eq!(next.tier, Some(Tier::IndirectReseller));
        let legal = next.legal.unwrap();
        assert_eq!(legal.payment_terms_days, 45);
        assert_eq!(legal.iban, current.legal.iban);
        // Left out, the date is kept.
        assert_eq!(PartnerPatch::default().apply(&current).unwrap().silver_since, current.silver_since);
    }

    #[test]
    fn a_patch_never_changes_the_tier_or_the_providers() {
        let current = reseller();
        let err = PartnerPatch { tier: Some(Tier::Direct), ..PartnerPatch::default() }.apply(&current).unwrap_err();
        assert_eq!((err.code().as_str(), err.field()), ("VALIDATION", Some(Field::Tier)));
        let err =
            PartnerPatch { providers: Some(vec!["p1".into()]), ..PartnerPatch::default() }.apply(&current).unwrap_err();
        assert_eq!((err.code().as_str(), err.field()), ("VALIDATION", Some(Field::Providers)));
        // The same tier and the same providers (in any order) are no change.
        let same = PartnerPatch {
            tier: Some(Tier::IndirectReseller),
            providers: Some(vec!["p2".into(), "p1".into()]),
            ..PartnerPatch::default()
        };
        assert!(same.apply(&current).is_ok());
    }

    #[test]
    fn a_patch_reads_null_as_keep_and_an_empty_date_as_clear() {
        let p: PartnerPatch = serde_json::from_str(r#"{"silver_since": ""}"#).unwrap();
        assert_eq!(p.silver_since, Some(None));
        let p: PartnerPatch = serde_json::from_str(r#"{"silver_since": "2021-11-01"}"#).unwrap();
        assert_eq!(p.silver_since, Some(NaiveDate::from_ymd_opt(2021, 11, 1)));
        for keep in ["{}", r#"{"silver_since": null}"#] {
            assert_eq!(serde_json::from_str::<PartnerPatch>(keep).unwrap().silver_since, None);
        }
        assert!(serde_json::from_str::<PartnerPatch>(r#"{"silver_since": "soon"}"#).is_err());
        let back =
            serde_json::to_string(&PartnerPatch { silver_since: Some(None), ..PartnerPatch::default() }).unwrap();
        assert!(back.contains(r#""silver_since":"""#), "{back}");
    }
}
