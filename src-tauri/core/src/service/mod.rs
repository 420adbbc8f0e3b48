//! Use cases: one function per user action. Each validates its input, decides with `domain`,
//! and writes through `store` in one IMMEDIATE transaction, or writes nothing.

pub mod access;
pub mod accounting;
pub mod billing;
pub mod book;
pub mod customers;
pub mod dashboard;
pub mod demo;
pub mod invoice_export;
pub mod invoices;
pub mod microsoft;
pub mod month_end;
pub mod offers;
pub mod partners;
pub mod prices;
pub mod settings;
pub mod subscriptions;
pub mod support;
pub mod transfers;
pub mod usage;

use chrono::NaiveDate;

use crate::domain::error::Field;
use crate::domain::limits;
use crate::CoreError;

/// Parses a `YYYY-MM-DD` date given by a user (CLI or settings), within the dates the book accepts.
pub fn parse_date(field: &str, value: &str) -> Result<NaiveDate, CoreError> {
    let d = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        CoreError::validation(
            format!("{field}: '{value}' is not a date (YYYY-MM-DD)"),
            format!("{field} : « {value} » n'est pas une date (AAAA-MM-JJ)"),
        )
        .on(Field::Date)
    })?;
    limits::date(d).map_err(|e| e.about(field, field).on(Field::Date))
}

/// A business date given to a service (a write's `on`, a form's date): within `limits::MIN_DATE`
/// and `limits::MAX_DATE`, so that no later step (a due date, a month, a year of terms) can step
/// off the calendar.
pub fn check_date(d: NaiveDate) -> Result<NaiveDate, CoreError> {
    check_date_of(d, Field::Date)
}

/// [`check_date`] of a date a form names (`enrolled_on`, …).
pub fn check_date_of(d: NaiveDate, field: Field) -> Result<NaiveDate, CoreError> {
    limits::date(d).map_err(|e| e.about("the date", "la date").on(field))
}

/// Optional free text given to a service (an address): at most `max` characters.
pub fn check_text(
    what_en: &str,
    what_fr: &str,
    v: Option<String>,
    max: usize,
    field: Field,
) -> Result<Option<String>, CoreError> {
    if let Some(t) = &v {
        limits::text(t, max).map_err(|e| e.about(what_en, what_fr).on(field))?;
    }
    Ok(v)
}
