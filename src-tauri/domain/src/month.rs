//! A calendar month (`YYYY-MM`): the unit of usage summaries, billing runs and invoices.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};

use crate::CoreError;

/// A month whose first and last days both exist in the calendar (checked when it is made, so that
/// reading its bounds can never fail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    first: NaiveDate,
    last: NaiveDate,
}

impl Month {
    /// Parses `YYYY-MM` (surrounding spaces allowed); anything else is a `VALIDATION` error.
    pub fn parse(text: &str) -> Result<Month, CoreError> {
        let t = text.trim();
        let bad = || {
            CoreError::validation(
                format!("'{text}' is not a month (YYYY-MM)"),
                format!("« {text} » n'est pas un mois (AAAA-MM)"),
            )
        };
        if t.len() != 7 || t.as_bytes()[4] != b'-' {
            return Err(bad());
        }
        let first = NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d").map_err(|_| bad())?;
        // Within the dates the book accepts (`limits`), like every date a person gives.
        crate::limits::date(first).map_err(|e| e.about("the month", "le mois"))?;
        Month::containing(first).ok_or_else(bad)
    }

    /// The month `d` falls in; `None` only at the very end of the calendar.
    pub fn containing(d: NaiveDate) -> Option<Month> {
        let first = d.with_day(1)?;
        let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
        Some(Month { first, last })
    }

    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    pub fn last_day(self) -> NaiveDate {
        self.last
    }

    /// First and last day.
    pub fn bounds(self) -> (NaiveDate, NaiveDate) {
        (self.first, self.last)
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first.format("%Y-%m"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_knows_its_first_and_last_day() {
        let m = Month::parse("2024-02").unwrap();
        assert_eq!(
            m.bounds(),
            (NaiveDate::from_ymd_opt(2024, 2, 1).unwrap(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap())
        );
        assert_eq!(m.to_string(), "2024-02");
        assert_eq!(Month::parse(" 2021-12 ").unwrap().last_day(), NaiveDate::from_ymd_opt(2021, 12, 31).unwrap());
    }

    #[test]
    fn anything_but_yyyy_mm_is_refused() {
        for bad in ["", "2024", "2024-13", "2024-2", "24-02", "2024-02-01", "2024/02", "abcd-ef", "+2024-0"] {
            let e = Month::parse(bad).unwrap_err();
            assert_eq!(e.code(), "VALIDATION", "{bad}");
        }
    }

    #[test]
    fn months_outside_the_books_dates_are_refused() {
        for far in ["9999-12", "1999-12", "0000-01", "2200-01"] {
            assert_eq!(Month::parse(far).unwrap_err().code(), "VALIDATION", "{far}");
        }
        assert!(Month::parse("2199-12").is_ok());
    }

    #[test]
    fn the_end_of_the_calendar_is_refused_not_a_panic() {
        let last = NaiveDate::MAX;
        assert!(Month::containing(last).is_none());
        assert!(Month::containing(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap()).is_some());
    }
}
