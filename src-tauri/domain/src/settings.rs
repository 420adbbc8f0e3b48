//! The settings a user may change, each with the form of its value.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::CoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Date,
    /// A date, or empty for "not set".
    OptionalDate,
    Decimal,
    Language,
    Whole,
}

/// Known keys and the form of their values. Unknown keys are refused so that a typo is not
/// silently stored.
pub const KEYS: &[(&str, Kind)] = &[
    ("office.partner_id", Kind::Text),
    ("ui.language", Kind::Language),
    ("business.today", Kind::OptionalDate),
    ("program.phase1", Kind::Date),
    ("program.phase2", Kind::Date),
    ("program.phase3", Kind::OptionalDate),
    ("program.silver_bonus_from", Kind::Date),
    ("program.mci_rate", Kind::Decimal),
    ("program.silver_rate", Kind::Decimal),
    ("issuer.legal_form", Kind::Text),
    ("issuer.share_capital", Kind::Text),
    ("issuer.siren", Kind::Text),
    ("issuer.siret", Kind::Text),
    ("issuer.rcs", Kind::Text),
    ("issuer.iban", Kind::Text),
    ("issuer.bic", Kind::Text),
    ("issuer.payment_terms_days", Kind::Whole),
    ("issuer.late_payment_rate", Kind::Text),
    ("issuer.early_payment_discount", Kind::Text),
    ("issuer.logo_path", Kind::Text),
    ("issuer.tax_rate", Kind::Decimal),
    ("invoice.language", Kind::Language),
    ("program.legacy_discount", Kind::Decimal),
    ("program.pec_rate", Kind::Decimal),
];

pub fn kind_of(key: &str) -> Option<Kind> {
    KEYS.iter().find(|(k, _)| *k == key).map(|(_, kind)| *kind)
}

/// Checks and normalises a value for `key`.
pub fn check(key: &str, value: &str) -> Result<String, CoreError> {
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
    match kind {
        Kind::Text => Ok(v.to_string()),
        Kind::Date => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(|d| d.to_string())
            .map_err(|_| bad("a date (YYYY-MM-DD)", "une date (AAAA-MM-JJ)")),
        Kind::OptionalDate if v.is_empty() => Ok(String::new()),
        Kind::OptionalDate => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(|d| d.to_string())
            .map_err(|_| bad("a date (YYYY-MM-DD) or empty", "une date (AAAA-MM-JJ) ou vide")),
        Kind::Decimal => v
            .parse::<Decimal>()
            .map(|d| d.normalize().to_string())
            .map_err(|_| bad("a decimal number", "un nombre décimal")),
        Kind::Whole if key == "issuer.payment_terms_days" => match v.parse::<u32>() {
            Ok(n) if n <= super::invoice::MAX_PAYMENT_TERMS_DAYS => Ok(n.to_string()),
            Ok(_) => Err(bad(
                "at most 60 days (legal maximum from issue)",
                "au plus 60 jours (maximum légal après émission)",
            )),
            Err(_) => Err(bad("a whole number", "un nombre entier")),
        },
        Kind::Whole => v.parse::<u32>().map(|n| n.to_string()).map_err(|_| bad("a whole number", "un nombre entier")),
        Kind::Language => match v {
            "fr" | "en" => Ok(v.to_string()),
            _ => Err(bad("a language (fr or en)", "une langue (fr ou en)")),
        },
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
        assert_eq!(check("issuer.payment_terms_days", "60").unwrap(), "60");
        assert_eq!(check("issuer.payment_terms_days", "61").unwrap_err().code(), "VALIDATION");
        assert_eq!(check("program.pec_rate", "0.15").unwrap(), "0.15");
    }
}
