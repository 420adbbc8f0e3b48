//! Partners and their tiers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::program::ProgramDates;

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

/// Enrolled in CSP on or after PHASE1 (DOMAIN.md "New partner").
pub fn is_new_partner(enrolled_on: NaiveDate, dates: &ProgramDates) -> bool {
    enrolled_on >= dates.phase1
}
