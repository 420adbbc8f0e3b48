//! Money: decimal amounts rounded half away from zero to the currency's minor unit.

use rust_decimal::{Decimal, RoundingStrategy};

use super::validate::minor_unit_digits;
use crate::CoreError;

/// The refusal of an amount too large to compute. Input bounds ([`crate::limits`]) keep real books
/// far from it; a book edited behind the program's back, or a sum of absurd rows, meets it instead
/// of a crash.
pub fn overflow() -> CoreError {
    CoreError::validation(
        "an amount is too large to compute: check the quantities, prices and rates of the usage",
        "un montant est trop grand pour être calculé : vérifiez les quantités, prix et taux de l'utilisation",
    )
}

/// `a + b`, or a `VALIDATION` error when the sum does not fit a decimal.
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, CoreError> {
    a.checked_add(b).ok_or_else(overflow)
}

/// The exact sum of a comma-separated list of stored decimals (SQLite's `group_concat` of text
/// amounts; an empty list sums to zero); `None` if one is not a number or the sum is too large.
pub fn sum_list(list: &str) -> Option<Decimal> {
    list.split(',').filter(|v| !v.is_empty()).try_fold(Decimal::ZERO, |acc, v| add(acc, parse(v)?).ok())
}

/// `a - b`, checked.
pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal, CoreError> {
    a.checked_sub(b).ok_or_else(overflow)
}

/// `a × b`, checked.
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, CoreError> {
    a.checked_mul(b).ok_or_else(overflow)
}

/// `a ÷ b`, checked (a zero divisor is a refusal too, never a panic).
pub fn div(a: Decimal, b: Decimal) -> Result<Decimal, CoreError> {
    a.checked_div(b).ok_or_else(overflow)
}

/// The sum of `values`, checked.
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal, CoreError> {
    values.into_iter().try_fold(Decimal::ZERO, add)
}

/// Rounds `amount` half away from zero to the minor unit of `currency` (EUR/USD 2, JPY 0).
pub fn round(amount: Decimal, currency: &str) -> Decimal {
    amount.round_dp_with_strategy(minor_unit_digits(currency), RoundingStrategy::MidpointAwayFromZero)
}

/// Parses a decimal as Partner Center and spreadsheets write it: plain (`12.5`, `-0.001`) or in
/// scientific notation (`2.4E-05`). Surrounding spaces are ignored.
pub fn parse(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<Decimal>().ok().or_else(|| if t.contains(['e', 'E']) { Decimal::from_scientific(t).ok() } else { None })
}

/// A decimal written without trailing zeros (`1.50` → `1.5`), the way amounts are stored as text.
pub fn text(d: Decimal) -> String {
    d.normalize().to_string()
}

/// An amount rounded to the currency's minor unit and holding exactly its digits (`12.5` → `12.50`
/// in EUR), as invoices store and print it.
pub fn minor(d: Decimal, currency: &str) -> Decimal {
    let mut r = round(d, currency);
    r.rescale(minor_unit_digits(currency));
    r
}

/// An amount written with exactly the currency's minor-unit digits (`12.5` → `12.50` in EUR).
pub fn text_minor(d: Decimal, currency: &str) -> String {
    minor(d, currency).to_string()
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_stored_list_sums_exactly_and_refuses_what_does_not_read() {
        assert_eq!(sum_list("0.1,0.2,1e-1"), Some(Decimal::new(4, 1)));
        assert_eq!(sum_list(""), Some(Decimal::ZERO));
        assert_eq!(sum_list("1,abc"), None);
    }

    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn ties_round_away_from_zero() {
        assert_eq!(round(d("0.125"), "EUR"), d("0.13"));
        assert_eq!(round(d("-0.125"), "EUR"), d("-0.13"));
        assert_eq!(round(d("0.124999"), "EUR"), d("0.12"));
        assert_eq!(round(d("2.5"), "JPY"), d("3"));
        assert_eq!(round(d("-2.5"), "JPY"), d("-3"));
    }

    #[test]
    fn parses_plain_and_scientific() {
        assert_eq!(parse(" 12.50 "), Some(d("12.50")));
        assert_eq!(parse("2.4E-05"), Some(d("0.000024")));
        assert_eq!(parse("1e3"), Some(d("1000")));
        assert_eq!(parse("abc"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("1,5"), None);
    }

    #[test]
    fn overflow_is_a_refusal_not_a_panic() {
        assert_eq!(mul(Decimal::MAX, d("2")).unwrap_err().code(), "VALIDATION");
        assert_eq!(add(Decimal::MAX, Decimal::ONE).unwrap_err().code(), "VALIDATION");
        assert_eq!(sub(Decimal::MIN, Decimal::ONE).unwrap_err().code(), "VALIDATION");
        assert_eq!(div(Decimal::ONE, Decimal::ZERO).unwrap_err().code(), "VALIDATION");
        assert!(sum([Decimal::MAX, Decimal::MAX]).is_err());
        assert_eq!(sum([d("1.5"), d("2")]).unwrap(), d("3.5"));
    }

    #[test]
    fn minor_unit_text() {
        assert_eq!(text_minor(d("12.5"), "EUR"), "12.50");
        assert_eq!(text_minor(d("1234.5"), "JPY"), "1235");
        assert_eq!(text(d("1.500")), "1.5");
    }
}
