//! Bounds on every value a person, a script or a file gives the product: quantities, prices, rates,
//! dates and the length of text. A value outside its bound is refused at the boundary (CSV reader,
//! service, command line) with a `VALIDATION` error that says the bound, so that no later
//! computation can overflow a decimal or step off the calendar, and no field can grow the book or
//! the memory without end.
//!
//! The numeric bounds are chosen together: the largest line amount,
//! `MAX_QUANTITY × MAX_UNIT_PRICE × MAX_EXCHANGE_RATE × (1 + MAX_MARKUP_PERCENT / 100)` ≈ 10²⁴, leaves
//! four orders of magnitude under `rust_decimal`'s ≈ 7.9 × 10²⁸ for the sums of a month. Sums are
//! still computed with checked operations ([`crate::money::add`], …): bounds make an overflow
//! unreachable in practice, the checks make it a refusal rather than a crash if it ever happens.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::CoreError;

/// Largest quantity of one usage row (absolute value: corrections are negative). Partner Center's
/// largest daily quantities (GB transferred, 10K API calls) stay below 10⁸; 10⁹ leaves room and
/// still keeps every product in range.
pub const MAX_QUANTITY: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// Largest unit price (ERP, usage `UnitPrice`, a preview's ERP): the dearest Azure units (reserved
/// capacity per year) cost tens of thousands; 10⁷ is beyond any real price list.
pub const MAX_UNIT_PRICE: Decimal = Decimal::from_parts(10_000_000, 0, 0, false, 0);

/// Largest exchange rate (`PCToBCExchangeRate`, a month's rate in Settings): the weakest billing
/// currencies (IDR) trade near 16,000 to the dollar; 10⁵ leaves room.
pub const MAX_EXCHANGE_RATE: Decimal = Decimal::from_parts(100_000, 0, 0, false, 0);

/// Smallest exchange rate: the inverse of the largest (a rate of 0 or less means nothing).
pub const MIN_EXCHANGE_RATE: Decimal = Decimal::from_parts(1, 0, 0, false, 5);

/// Largest amount a file states for one row (`BillingPreTaxTotal`): the largest quantity at the
/// largest price and rate.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0xDEA0_0000, 0x35C9_ADC5, 0x36, false, 0);

/// A markup above 1000 % is a typo (a price eleven times ERP); -100 % would give the service away.
pub const MAX_MARKUP_PERCENT: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);
pub const MIN_MARKUP_PERCENT: Decimal = Decimal::from_parts(100, 0, 0, true, 0);

/// A percentage (VAT rate, PEC percentage in a usage file) is between 0 and 100.
pub const MAX_PERCENT: Decimal = Decimal::ONE_HUNDRED;

/// Program rates stored as fractions (legacy discount, PEC, MCI, Silver) are between 0 and 1.
pub const MAX_FRACTION: Decimal = Decimal::ONE;

/// Earliest business date: before the CSP program (2015) and Azure itself, so 2000 is a typo.
pub const MIN_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("2000-01-01 exists"),
};

/// Latest business date: far beyond any subscription, and far enough from the calendar's end
/// (year 262143) that a date plus payment terms, a month or a year always exists.
pub const MAX_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(d) => d,
    None => panic!("2199-12-31 exists"),
};

/// IDs a file or a person gives (tenant, subscription, meter IDs are GUIDs of 36 characters; some
/// legacy IDs are longer): 128 characters.
pub const MAX_ID_CHARS: usize = 128;

/// Names (company, partner, meter, category, unit): what an invoice line and a form can show.
pub const MAX_NAME_CHARS: usize = 200;

/// Addresses and other free text (a postal address with several lines, a description).
pub const MAX_TEXT_CHARS: usize = 1000;

/// Longest CSV record (header or row) a reader accepts. A Partner Center row is under 4 KiB, a
/// price-list row under 1 KiB; 256 KiB allows long `Tags`/`AdditionalInfo` JSON while a hostile
/// file (a 1 GB line without a newline) is refused after reading this much, memory staying flat.
pub const MAX_CSV_RECORD_BYTES: usize = 256 * 1024;

/// Rows of a price list, read whole into memory (a real one holds tens of thousands).
pub const MAX_PRICE_LIST_ROWS: usize = 1_000_000;

/// The reason a value is out of bounds, in both languages, without saying where it came from: the
/// caller prefixes the field, or the row and column of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfBounds {
    pub en: String,
    pub fr: String,
}

impl OutOfBounds {
    /// As a `VALIDATION` error about `what` (`the quantity` / `la quantité`).
    pub fn about(self, what_en: &str, what_fr: &str) -> CoreError {
        CoreError::validation(format!("{what_en}: {}", self.en), format!("{what_fr} : {}", self.fr))
    }
}

pub type Bounded<T> = std::result::Result<T, OutOfBounds>;

fn range(v: Decimal, min: Decimal, min_inclusive: bool, max: Decimal) -> Bounded<Decimal> {
    let above_min = if min_inclusive { v >= min } else { v > min };
    if above_min && v <= max {
        Ok(v)
    } else {
        let op = if min_inclusive { "≥" } else { ">" };
        Err(OutOfBounds {
            en: format!("{v} is out of bounds (must be {op} {min} and ≤ {max})"),
            fr: format!("{v} est hors limites (doit être {op} {min} et ≤ {max})"),
        })
    }
}

/// A usage quantity: `|q| ≤ MAX_QUANTITY`.
pub fn quantity(v: Decimal) -> Bounded<Decimal> {
    range(v, -MAX_QUANTITY, true, MAX_QUANTITY)
}

/// A unit price: `|p| ≤ MAX_UNIT_PRICE` (usage files carry negative prices for refunds).
pub fn unit_price(v: Decimal) -> Bounded<Decimal> {
    range(v, -MAX_UNIT_PRICE, true, MAX_UNIT_PRICE)
}

/// An amount a file states: `|a| ≤ MAX_AMOUNT`.
pub fn amount(v: Decimal) -> Bounded<Decimal> {
    range(v, -MAX_AMOUNT, true, MAX_AMOUNT)
}

/// An exchange rate: `MIN_EXCHANGE_RATE ≤ r ≤ MAX_EXCHANGE_RATE`.
pub fn exchange_rate(v: Decimal) -> Bounded<Decimal> {
    range(v, MIN_EXCHANGE_RATE, true, MAX_EXCHANGE_RATE)
}

/// A markup: `-100 % < m ≤ 1000 %`.
pub fn markup_percent(v: Decimal) -> Bounded<Decimal> {
    range(v, MIN_MARKUP_PERCENT, false, MAX_MARKUP_PERCENT)
}

/// A percentage (VAT rate, PEC percentage): `0 ≤ p ≤ 100`.
pub fn percent(v: Decimal) -> Bounded<Decimal> {
    range(v, Decimal::ZERO, true, MAX_PERCENT)
}

/// A program rate stored as a fraction: `0 ≤ r ≤ 1`.
pub fn fraction(v: Decimal) -> Bounded<Decimal> {
    range(v, Decimal::ZERO, true, MAX_FRACTION)
}

/// A business date: `MIN_DATE ≤ d ≤ MAX_DATE`.
pub fn date(d: NaiveDate) -> Bounded<NaiveDate> {
    if (MIN_DATE..=MAX_DATE).contains(&d) {
        Ok(d)
    } else {
        Err(OutOfBounds {
            en: format!("{d} is outside the dates the book accepts ({MIN_DATE} to {MAX_DATE})"),
            fr: format!("le {d} est hors des dates acceptées ({MIN_DATE} au {MAX_DATE})"),
        })
    }
}

/// Text of at most `max` characters (counted as characters, not bytes: `é` is one).
pub fn text(v: &str, max: usize) -> Bounded<&str> {
    // Bytes bound characters from above: most values need no count at all.
    if v.len() <= max || v.chars().count() <= max {
        Ok(v)
    } else {
        Err(OutOfBounds {
            en: format!("too long ({} characters, {max} at most)", v.chars().count()),
            fr: format!("trop long ({} caractères, {max} au plus)", v.chars().count()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_line_leaves_room_for_the_sums_of_a_month() {
        let line =
            MAX_QUANTITY * MAX_UNIT_PRICE * MAX_EXCHANGE_RATE * (Decimal::ONE + MAX_MARKUP_PERCENT / MAX_PERCENT);
        assert_eq!(MAX_AMOUNT, MAX_QUANTITY * MAX_UNIT_PRICE * MAX_EXCHANGE_RATE);
        // A million such lines still add up without overflow.
        assert!(line.checked_mul(Decimal::from(1_000_000)).is_some());
    }

    #[test]
    fn bounds_are_inclusive_where_they_say_so() {
        assert!(quantity(MAX_QUANTITY).is_ok());
        assert!(quantity(-MAX_QUANTITY).is_ok());
        assert!(quantity(MAX_QUANTITY + Decimal::ONE).is_err());
        assert!(exchange_rate(Decimal::ZERO).is_err());
        assert!(exchange_rate(MIN_EXCHANGE_RATE).is_ok());
        assert!(markup_percent(Decimal::from(-100)).is_err());
        assert!(markup_percent(Decimal::from(1000)).is_ok());
        assert!(percent(Decimal::from(101)).is_err());
        assert!(fraction(Decimal::new(15, 2)).is_ok());
        assert!(fraction(Decimal::from(2)).is_err());
    }

    #[test]
    fn dates_near_the_calendars_end_are_refused() {
        assert!(date(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap()).is_err());
        assert!(date(NaiveDate::MAX).is_err());
        assert!(date(NaiveDate::MIN).is_err());
        assert!(date(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()).is_ok());
        // Every accepted date can take a century of terms.
        assert!(MAX_DATE.checked_add_months(chrono::Months::new(1200)).is_some());
    }

    #[test]
    fn text_counts_characters() {
        assert!(text(&"é".repeat(200), MAX_NAME_CHARS).is_ok());
        let e = text(&"é".repeat(201), MAX_NAME_CHARS).unwrap_err();
        assert_eq!(e.en, "too long (201 characters, 200 at most)");
    }
}
