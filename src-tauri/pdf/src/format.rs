//! Numbers, money and dates as each language writes them: `1 234,56 €` and `31/10/2026` in
//! French, `€1,234.56` and `31 Oct 2026` in English.
//!
//! The thousands separator is a plain space in French: it is what a reader types when searching
//! the PDF, and a number never wraps because table cells are never broken.

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::model::Lang;

/// Digits after the decimal point of a currency's minor unit (ISO 4217).
pub fn minor_units(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "ISK" | "CLP" | "VND" | "XOF" | "XAF" | "XPF" | "UGX" | "PYG" | "RWF" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
        _ => 2,
    }
}

/// A number with `min..=max` decimals (trailing zeros beyond `min` trimmed), rounded half away
/// from zero, grouped by thousands.
pub fn number(value: Decimal, min_dp: u32, max_dp: u32, lang: Lang) -> String {
    let rounded = value.round_dp_with_strategy(max_dp, RoundingStrategy::MidpointAwayFromZero);
    let mut text = rounded.abs().to_string();
    if !text.contains('.') {
        text.push('.');
    }
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let mut frac = frac_part.trim_end_matches('0').to_string();
    while (frac.len() as u32) < min_dp {
        frac.push('0');
    }
    let (group_sep, decimal_sep) = match lang {
        Lang::Fr => (' ', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::with_capacity(int_part.len() + frac.len() + 6);
    if rounded.is_sign_negative() && !rounded.is_zero() {
        out.push('-');
    }
    for (i, digit) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(group_sep);
        }
        out.push(digit);
    }
    if !frac.is_empty() {
        out.push(decimal_sep);
        out.push_str(&frac);
    }
    out
}

/// An amount in `currency`, to its minor unit.
pub fn money(amount: Decimal, currency: &str, lang: Lang) -> String {
    let dp = minor_units(currency);
    money_with(number(amount, dp, dp, lang), currency, lang)
}

/// A unit price: unrounded in the model, shown with 2 to 6 decimals (at least the currency's).
pub fn unit_price(price: Decimal, currency: &str, lang: Lang) -> String {
    let min = minor_units(currency);
    money_with(number(price, min, 6.max(min), lang), currency, lang)
}

fn money_with(figures: String, currency: &str, lang: Lang) -> String {
    let (sign, digits) = match figures.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", figures.as_str()),
    };
    match lang {
        Lang::Fr => {
            let symbol = match currency {
                "EUR" => "€",
                "GBP" => "£",
                "USD" => "$US",
                other => other,
            };
            format!("{sign}{digits} {symbol}")
        }
        Lang::En => match currency {
            "EUR" => format!("{sign}€{digits}"),
            "GBP" => format!("{sign}£{digits}"),
            "USD" => format!("{sign}${digits}"),
            "JPY" => format!("{sign}¥{digits}"),
            other => format!("{sign}{other} {digits}"),
        },
    }
}

/// A quantity: up to 6 decimals, trailing zeros trimmed.
pub fn quantity(value: Decimal, lang: Lang) -> String {
    number(value, 0, 6, lang)
}

/// A tax rate in percent: `20 %` / `20%`, `5,5 %` / `5.5%`.
pub fn percent(rate: Decimal, lang: Lang) -> String {
    let figures = number(rate, 0, 4, lang);
    match lang {
        Lang::Fr => format!("{figures} %"),
        Lang::En => format!("{figures}%"),
    }
}

/// An exchange rate: up to 6 decimals, trailing zeros trimmed.
pub fn rate(value: Decimal, lang: Lang) -> String {
    number(value, 0, 6, lang)
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A business date: `31/10/2026` / `31 Oct 2026` (day first in both: no US/UK ambiguity).
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => d.format("%d/%m/%Y").to_string(),
        Lang::En => format!("{} {} {}", d.day(), &MONTHS_EN[d.month0() as usize][..3], d.year()),
    }
}

/// A month given as `YYYY-MM`: `octobre 2026` / `October 2026` (as given when it does not parse).
pub fn month(yyyy_mm: &str, lang: Lang) -> String {
    let parsed = yyyy_mm
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<usize>().ok()?)))
        .filter(|(_, m)| (1..=12).contains(m));
    match parsed {
        Some((year, m)) => {
            let name = match lang {
                Lang::Fr => MONTHS_FR[m - 1],
                Lang::En => MONTHS_EN[m - 1],
            };
            format!("{name} {year}")
        }
        None => yyyy_mm.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn euro_amounts_read_as_each_language_writes_them() {
        assert_eq!(money(dec("1234.56"), "EUR", Lang::Fr), "1 234,56 €");
        assert_eq!(money(dec("1234.56"), "EUR", Lang::En), "€1,234.56");
        assert_eq!(money(dec("1234567.5"), "EUR", Lang::Fr), "1 234 567,50 €");
        assert_eq!(money(dec("0"), "EUR", Lang::En), "€0.00");
        assert_eq!(money(dec("999"), "EUR", Lang::Fr), "999,00 €");
    }

    #[test]
    fn negative_amounts_put_the_sign_before_the_symbol() {
        assert_eq!(money(dec("-1234.56"), "EUR", Lang::En), "-€1,234.56");
        assert_eq!(money(dec("-1234.56"), "EUR", Lang::Fr), "-1 234,56 €");
        assert_eq!(money(dec("-0.001"), "EUR", Lang::Fr), "0,00 €");
    }

    #[test]
    fn other_currencies_use_their_symbol_or_code_and_minor_unit() {
        assert_eq!(money(dec("1234.5"), "USD", Lang::En), "$1,234.50");
        assert_eq!(money(dec("1234.5"), "USD", Lang::Fr), "1 234,50 $US");
        assert_eq!(money(dec("1234.5"), "JPY", Lang::En), "¥1,235");
        assert_eq!(money(dec("1234.5"), "JPY", Lang::Fr), "1 235 JPY");
        assert_eq!(money(dec("1234.5"), "CHF", Lang::En), "CHF 1,234.50");
        assert_eq!(money(dec("12"), "GBP", Lang::En), "£12.00");
    }

    #[test]
    fn unit_prices_keep_up_to_six_decimals() {
        assert_eq!(unit_price(dec("0.01234567"), "EUR", Lang::Fr), "0,012346 €");
        assert_eq!(unit_price(dec("12"), "EUR", Lang::En), "€12.00");
        assert_eq!(unit_price(dec("0.125"), "EUR", Lang::En), "€0.125");
    }

    #[test]
    fn quantities_rates_and_percents_trim_trailing_zeros() {
        assert_eq!(quantity(dec("744.000"), Lang::Fr), "744");
        assert_eq!(quantity(dec("1234.5"), Lang::Fr), "1 234,5");
        assert_eq!(quantity(dec("0.0000004"), Lang::En), "0");
        assert_eq!(percent(dec("20.00"), Lang::Fr), "20 %");
        assert_eq!(percent(dec("5.5"), Lang::En), "5.5%");
        assert_eq!(rate(dec("0.923400"), Lang::Fr), "0,9234");
    }

    #[test]
    fn dates_and_months_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        assert_eq!(date(d, Lang::Fr), "01/10/2026");
        assert_eq!(date(d, Lang::En), "1 Oct 2026");
        assert_eq!(month("2026-08", Lang::Fr), "août 2026");
        assert_eq!(month("2026-08", Lang::En), "August 2026");
        assert_eq!(month("soon", Lang::En), "soon");
    }
}
