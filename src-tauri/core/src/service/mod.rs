//! Use cases: one function per user action. Each validates its input, decides with `domain`,
//! and writes through `store` in one IMMEDIATE transaction, or writes nothing.

pub mod access;
pub mod accounting;
pub mod billing;
pub mod customers;
pub mod dashboard;
pub mod demo;
pub mod invoices;
pub mod offers;
pub mod partners;
pub mod prices;
pub mod settings;
pub mod subscriptions;
pub mod transfers;
pub mod usage;

use chrono::NaiveDate;

use crate::CoreError;

/// Parses a `YYYY-MM-DD` date given by a user (CLI or settings).
pub fn parse_date(field: &str, value: &str) -> Result<NaiveDate, CoreError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        CoreError::validation(
            format!("{field}: '{value}' is not a date (YYYY-MM-DD)"),
            format!("{field} : « {value} » n'est pas une date (AAAA-MM-JJ)"),
        )
    })
}
