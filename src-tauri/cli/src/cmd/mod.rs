//! One module per command group of CLI.md.

pub mod accounting;
pub mod billing;
pub mod book;
pub mod case;
pub mod customer;
pub mod demo;
pub mod invoice;
pub mod margin;
pub mod markup;
pub mod microsoft;
pub mod month;
pub mod offer;
pub mod partner;
pub mod price;
pub mod reconciliation;
pub mod role;
pub mod settings;
pub mod subscription;
pub mod transfer;
pub mod usage;

use chrono::NaiveDate;
use csp_core::CoreError;
use serde::Serialize;
use serde_json::Value;

/// A date option: unparsable input is a `VALIDATION` error (exit 1), not a usage error.
pub fn date(field: &str, value: &str) -> Result<NaiveDate, CoreError> {
    csp_core::service::parse_date(field, value)
}

pub fn date_opt(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, CoreError> {
    value.map(|v| date(field, v)).transpose()
}

/// A decimal option: unparsable input is a `VALIDATION` error (exit 1).
pub fn decimal(field: &str, value: &str) -> Result<rust_decimal::Decimal, CoreError> {
    csp_core::domain::money::parse(value).ok_or_else(|| {
        CoreError::validation(
            format!("{field}: '{value}' is not a number"),
            format!("{field} : « {value} » n'est pas un nombre"),
        )
    })
}

pub fn to_json<T: Serialize>(value: T) -> Result<Value, CoreError> {
    Ok(serde_json::to_value(value).expect("service results serialise"))
}
