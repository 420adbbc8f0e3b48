//! The settings a user may change, each with the form of its value, and the typed [`Settings`]
//! everyone reads (the store loads it; nobody else spells a key).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::invoice::MAX_PAYMENT_TERMS_DAYS;
use crate::limits;
use crate::partner::LegalIdentity;
use crate::pricing::PricingRates;
use crate::program::{ProgramDates, ProgramRates};
use crate::CoreError;

/// Every key, once.
pub mod key {
    pub const OFFICE_PARTNER_ID: &str = "office.partner_id";
    pub const UI_LANGUAGE: &str = "ui.language";
    /// Retired: the date a person looks at the book is the window's, never the book's (refused by
    /// [`super::check`]; migration 0036 removed it from books).
    pub const BUSINESS_TODAY: &str = "business.today";
    /// A demo book's pinned business date (written by `demo seed`, not a user setting).
    pub const DEMO_TODAY: &str = "demo.today";
    pub const PHASE1: &str = "program.phase1";
    pub const PHASE2: &str = "program.phase2";
    pub const PHASE3: &str = "program.phase3";
    pub const SILVER_BONUS_FROM: &str = "program.silver_bonus_from";
    pub const MCI_RATE: &str = "program.mci_rate";
    pub const SILVER_RATE: &str = "program.silver_rate";
    pub const LEGACY_DISCOUNT: &str = "program.legacy_discount";
    pub const PEC_RATE: &str = "program.pec_rate";
    pub const LEGAL_FORM: &str = "issuer.legal_form";
    pub const SHARE_CAPITAL: &str = "issuer.share_capital";
    pub const SIREN: &str = "issuer.siren";
    pub const SIRET: &str = "issuer.siret";
    pub const RCS: &str = "issuer.rcs";
    pub const IBAN: &str = "issuer.iban";
    pub const BIC: &str = "issuer.bic";
    pub const PAYMENT_TERMS_DAYS: &str = "issuer.payment_terms_days";
    pub const LATE_PAYMENT_RATE: &str = "issuer.late_payment_rate";
    pub const EARLY_PAYMENT_DISCOUNT: &str = "issuer.early_payment_discount";
    pub const LOGO_PATH: &str = "issuer.logo_path";
    pub const TAX_RATE: &str = "issuer.tax_rate";
    pub const INVOICE_LANGUAGE: &str = "invoice.language";
    pub const VAT_ON_DEBITS: &str = "issuer.vat_on_debits";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Date,
    /// A date, or empty for "not set".
    OptionalDate,
    Decimal,
    Language,
    Whole,
    /// `true` or `false` (empty: not set, which is `false`).
    Flag,
}

/// Known keys and the form of their values. Unknown keys are refused so that a typo is not
/// silently stored.
pub const KEYS: &[(&str, Kind)] = &[
    (key::OFFICE_PARTNER_ID, Kind::Text),
    (key::UI_LANGUAGE, Kind::Language),
    (key::PHASE1, Kind::Date),
    (key::PHASE2, Kind::Date),
    (key::PHASE3, Kind::OptionalDate),
    (key::SILVER_BONUS_FROM, Kind::Date),
    (key::MCI_RATE, Kind::Decimal),
    (key::SILVER_RATE, Kind::Decimal),
    (key::LEGAL_FORM, Kind::Text),
    (key::SHARE_CAPITAL, Kind::Text),
    (key::SIREN, Kind::Text),
    (key::SIRET, Kind::Text),
    (key::RCS, Kind::Text),
    (key::IBAN, Kind::Text),
    (key::BIC, Kind::Text),
    (key::PAYMENT_TERMS_DAYS, Kind::Whole),
    (key::LATE_PAYMENT_RATE, Kind::Text),
    (key::EARLY_PAYMENT_DISCOUNT, Kind::Text),
    (key::LOGO_PATH, Kind::Text),
    (key::TAX_RATE, Kind::Decimal),
    (key::INVOICE_LANGUAGE, Kind::Language),
    (key::LEGACY_DISCOUNT, Kind::Decimal),
    (key::PEC_RATE, Kind::Decimal),
    (key::VAT_ON_DEBITS, Kind::Flag),
];

pub fn kind_of(key: &str) -> Option<Kind> {
    KEYS.iter().find(|(k, _)| *k == key).map(|(_, kind)| *kind)
}

/// Checks and normalises a value for `key`.
pub fn check(key: &str, value: &str) -> Result<String, CoreError> {
    if key == key::BUSINESS_TODAY {
        return Err(CoreError::validation(
            "business.today is no longer a setting: the \"as of\" date is how you look at the book (the window's \
             date control, or --as-of on list and show commands), and writes are dated with --on (default: the \
             computer's date)",
            "business.today n'est plus un réglage : la date « au » est la façon de regarder le registre (le \
             sélecteur de date de la fenêtre, ou --as-of des commandes list et show), et les écritures sont datées \
             par --on (par défaut : la date de l'ordinateur)",
        ));
    }
    let Some(kind) = kind_of(key) else {
        return Err(CoreError::validation(format!("unknown setting '{key}'"), format!("réglage inconnu « {key} »")));
    };
    let v = value.trim();
    let bad = |what_en: &str, what_fr: &str| {
        CoreError::validation(
            format!("{key}: '{value}' is not {what_en}"),
            format!("{key} : « {value} » n'est pas {what_fr}"),
        )
    };
    // Every value is bounded (see `limits`): text in length, dates to the book's range, rates to
    // their meaning (a percent, or a fraction of ERP).
    let out_of_bounds = |e: limits::OutOfBounds| e.about(key, key);
    match kind {
        Kind::Text => limits::text(v, limits::MAX_TEXT_CHARS).map(str::to_string).map_err(out_of_bounds),
        Kind::Date => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map_err(|_| bad("a date (YYYY-MM-DD)", "une date (AAAA-MM-JJ)"))
            .and_then(|d| limits::date(d).map_err(out_of_bounds))
            .map(|d| d.to_string()),
        Kind::OptionalDate if v.is_empty() => Ok(String::new()),
        Kind::OptionalDate => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map_err(|_| bad("a date (YYYY-MM-DD) or empty", "une date (AAAA-MM-JJ) ou vide"))
            .and_then(|d| limits::date(d).map_err(out_of_bounds))
            .map(|d| d.to_string()),
        Kind::Decimal => v
            .parse::<Decimal>()
            .map_err(|_| bad("a decimal number", "un nombre décimal"))
            .and_then(|d| decimal_bound(key)(d).map_err(out_of_bounds))
            .map(|d| d.normalize().to_string()),
        Kind::Whole if key == key::PAYMENT_TERMS_DAYS => match v.parse::<u32>() {
            Ok(n) if n <= MAX_PAYMENT_TERMS_DAYS => Ok(n.to_string()),
            Ok(_) => Err(bad(
                "at most 60 days (legal maximum from issue)",
                "au plus 60 jours (maximum légal après émission)",
            )),
            Err(_) => Err(bad("a whole number", "un nombre entier")),
        },
        Kind::Whole => v.parse::<u32>().map(|n| n.to_string()).map_err(|_| bad("a whole number", "un nombre entier")),
        Kind::Flag => match v.to_ascii_lowercase().as_str() {
            "" => Ok(String::new()),
            "true" | "yes" | "1" => Ok("true".to_string()),
            "false" | "no" | "0" => Ok("false".to_string()),
            _ => Err(bad("true or false", "true ou false")),
        },
        Kind::Language => match v {
            "fr" | "en" => Ok(v.to_string()),
            _ => Err(bad("a language (fr or en)", "une langue (fr ou en)")),
        },
    }
}

/// The bound of a decimal setting: the tax rate is a percent, the program rates fractions of ERP.
fn decimal_bound(key: &str) -> fn(Decimal) -> limits::Bounded<Decimal> {
    if key == key::TAX_RATE {
        limits::percent
    } else {
        limits::fraction
    }
}

/// The operating partner's invoice settings that are not part of its legal identity (that one is
/// on its partner row, [`crate::partner::LegalIdentity`], which the `issuer.*` identity keys edit).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IssuerIdentity {
    pub logo_path: Option<String>,
    /// The rate an issuer outside the EU charges, when set.
    pub tax_rate: Option<Decimal>,
    /// The issuer opted to pay VAT on debits (printed on its invoices; BT-8 in the Factur-X XML).
    pub vat_on_debits: bool,
}

/// The `issuer.*` keys that name a field of the operating partner's legal identity: `settings set`
/// writes them onto that partner (one source of truth) and `settings show` reads them from it.
pub const IDENTITY_KEYS: &[&str] = &[
    key::LEGAL_FORM,
    key::SHARE_CAPITAL,
    key::SIREN,
    key::SIRET,
    key::RCS,
    key::IBAN,
    key::BIC,
    key::PAYMENT_TERMS_DAYS,
    key::LATE_PAYMENT_RATE,
    key::EARLY_PAYMENT_DISCOUNT,
];

/// The identity with one `issuer.*` key set to a checked value (`check` first); empty clears it.
pub fn with_identity_key(mut legal: LegalIdentity, key: &str, value: &str) -> LegalIdentity {
    let text = Some(value.trim().to_string()).filter(|v| !v.is_empty());
    match key {
        key::LEGAL_FORM => legal.legal_form = text,
        key::SHARE_CAPITAL => legal.share_capital = text,
        key::SIREN => legal.siren = text,
        key::SIRET => legal.siret = text,
        key::RCS => legal.rcs = text,
        key::IBAN => legal.iban = text,
        key::BIC => legal.bic = text,
        key::PAYMENT_TERMS_DAYS => legal.payment_terms_days = value.trim().parse().unwrap_or(legal.payment_terms_days),
        key::LATE_PAYMENT_RATE => legal.late_payment_rate = text,
        key::EARLY_PAYMENT_DISCOUNT => legal.early_payment_discount = text,
        _ => {}
    }
    legal
}

/// The identity as `issuer.*` key/value pairs (what `settings show` prints; empty: not set).
pub fn identity_pairs(legal: &LegalIdentity) -> Vec<(&'static str, String)> {
    let t = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        (key::LEGAL_FORM, t(&legal.legal_form)),
        (key::SHARE_CAPITAL, t(&legal.share_capital)),
        (key::SIREN, t(&legal.siren)),
        (key::SIRET, t(&legal.siret)),
        (key::RCS, t(&legal.rcs)),
        (key::IBAN, t(&legal.iban)),
        (key::BIC, t(&legal.bic)),
        (key::PAYMENT_TERMS_DAYS, legal.payment_terms_days.to_string()),
        (key::LATE_PAYMENT_RATE, t(&legal.late_payment_rate)),
        (key::EARLY_PAYMENT_DISCOUNT, t(&legal.early_payment_discount)),
    ]
}

/// Every setting, typed, with DOMAIN.md's defaults for what was never set (an empty value is "not set").
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub office_partner_id: Option<String>,
    pub ui_language: Option<String>,
    pub invoice_language: Option<String>,
    /// A demo book's pinned business date (the default date of its writes).
    pub demo_today: Option<NaiveDate>,
    pub program: ProgramDates,
    /// Legacy discount, PEC, MCI and Silver rates.
    pub pricing: PricingRates,
    pub issuer: IssuerIdentity,
}

/// Nothing set: DOMAIN.md's program dates and rates, the default payment term.
impl Default for Settings {
    fn default() -> Self {
        Settings {
            office_partner_id: None,
            ui_language: None,
            invoice_language: None,
            demo_today: None,
            program: ProgramDates::default(),
            pricing: PricingRates::default(),
            issuer: IssuerIdentity::default(),
        }
    }
}

impl Settings {
    /// Reads the stored key/value pairs. They were checked when set, so a value that does not parse
    /// now was changed behind the program's back: refused loudly, never replaced by a default.
    pub fn from_stored(stored: &BTreeMap<String, String>) -> Result<Settings, CoreError> {
        let text = |k: &str| stored.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()).map(str::to_string);
        let bad = |k: &str| {
            let v = stored.get(k).cloned().unwrap_or_default();
            CoreError::validation(
                format!("the stored setting {k} is not valid: '{v}'; set it again in Settings"),
                format!(
                    "le réglage enregistré {k} n'est pas valide : « {v} » ; saisissez-le à nouveau dans les réglages"
                ),
            )
        };
        let date = |k: &str| {
            text(k)
                .map(|v| {
                    NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                        .ok()
                        .filter(|d| limits::date(*d).is_ok())
                        .ok_or_else(|| bad(k))
                })
                .transpose()
        };
        let decimal = |k: &str| {
            text(k)
                .map(|v| v.parse::<Decimal>().ok().filter(|d| decimal_bound(k)(*d).is_ok()).ok_or_else(|| bad(k)))
                .transpose()
        };
        let d = Settings::default();
        Ok(Settings {
            office_partner_id: text(key::OFFICE_PARTNER_ID),
            ui_language: text(key::UI_LANGUAGE),
            invoice_language: text(key::INVOICE_LANGUAGE),
            demo_today: date(key::DEMO_TODAY)?,
            program: ProgramDates {
                phase1: date(key::PHASE1)?.unwrap_or(d.program.phase1),
                phase2: date(key::PHASE2)?.unwrap_or(d.program.phase2),
                phase3: date(key::PHASE3)?,
                silver_bonus_from: date(key::SILVER_BONUS_FROM)?.unwrap_or(d.program.silver_bonus_from),
            },
            pricing: PricingRates {
                legacy_discount: decimal(key::LEGACY_DISCOUNT)?.unwrap_or(d.pricing.legacy_discount),
                pec_rate: decimal(key::PEC_RATE)?.unwrap_or(d.pricing.pec_rate),
                mci_rate: decimal(key::MCI_RATE)?.unwrap_or(d.pricing.mci_rate),
                silver_rate: decimal(key::SILVER_RATE)?.unwrap_or(d.pricing.silver_rate),
            },
            issuer: IssuerIdentity {
                logo_path: text(key::LOGO_PATH),
                tax_rate: decimal(key::TAX_RATE)?,
                vat_on_debits: text(key::VAT_ON_DEBITS).as_deref() == Some("true"),
            },
        })
    }

    /// MCI and Silver incentive rates.
    pub fn incentive_rates(&self) -> ProgramRates {
        ProgramRates { mci_rate: self.pricing.mci_rate, silver_rate: self.pricing.silver_rate }
    }

    /// What `settings show` prints for keys never set: the defaults in force.
    pub fn defaults_shown(&self) -> [(&'static str, String); 8] {
        [
            (key::PHASE1, self.program.phase1.to_string()),
            (key::PHASE2, self.program.phase2.to_string()),
            (key::PHASE3, self.program.phase3.map(|d| d.to_string()).unwrap_or_default()),
            (key::SILVER_BONUS_FROM, self.program.silver_bonus_from.to_string()),
            (key::MCI_RATE, self.pricing.mci_rate.to_string()),
            (key::SILVER_RATE, self.pricing.silver_rate.to_string()),
            (key::LEGACY_DISCOUNT, self.pricing.legacy_discount.to_string()),
            (key::PEC_RATE, self.pricing.pec_rate.to_string()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_by_kind() {
        assert_eq!(check("program.phase1", "2021-07-21").unwrap(), "2021-07-21");
        assert!(check("program.phase1", "21/07/2021").is_err());
        assert_eq!(check("program.phase3", "").unwrap(), "");
        assert_eq!(check("program.mci_rate", "0.020").unwrap(), "0.02");
        assert!(check("ui.language", "de").is_err());
        assert_eq!(check("nope", "x").unwrap_err().code(), "VALIDATION");
        // The "as of" date is a view, not a setting of the book.
        let e = check("business.today", "2022-03-01").unwrap_err();
        assert_eq!(e.code(), "VALIDATION");
        assert!(e.to_string().contains("no longer a setting"), "{e}");
        assert_eq!(check("issuer.payment_terms_days", "60").unwrap(), "60");
        assert_eq!(check("issuer.payment_terms_days", "61").unwrap_err().code(), "VALIDATION");
        assert_eq!(check("program.pec_rate", "0.15").unwrap(), "0.15");
        assert_eq!(check("issuer.vat_on_debits", "Yes").unwrap(), "true");
        assert!(check("issuer.vat_on_debits", "maybe").is_err());
    }

    fn stored(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn typed_settings_take_the_defaults_for_what_was_never_set() {
        let s = Settings::from_stored(&BTreeMap::new()).unwrap();
        assert_eq!(s, Settings::default());
        assert_eq!(s.program, ProgramDates::default());
        assert_eq!(s.pricing, PricingRates::default());
        assert_eq!((s.office_partner_id, s.demo_today, s.issuer.tax_rate), (None, None, None));
    }

    #[test]
    fn typed_settings_read_what_was_set_and_empty_means_not_set() {
        let s = Settings::from_stored(&stored(&[
            (key::PHASE2, "2022-02-01"),
            (key::PEC_RATE, "0.2"),
            (key::LOGO_PATH, "  "),
            (key::OFFICE_PARTNER_ID, "p-1"),
        ]))
        .unwrap();
        assert_eq!(s.program.phase2, NaiveDate::from_ymd_opt(2022, 2, 1).unwrap());
        assert_eq!(s.pricing.pec_rate, Decimal::new(2, 1));
        assert_eq!(s.issuer.logo_path, None);
        assert_eq!(s.office_partner_id.as_deref(), Some("p-1"));
    }

    #[test]
    fn a_stored_value_that_no_longer_parses_is_refused_not_defaulted() {
        for (k, v) in [(key::PHASE1, "21/07/2021"), (key::PEC_RATE, "abc"), (key::TAX_RATE, "x")] {
            let e = Settings::from_stored(&stored(&[(k, v)])).unwrap_err();
            assert_eq!(e.code(), "VALIDATION");
            assert!(e.to_string().contains(k), "{e}");
        }
    }
}
