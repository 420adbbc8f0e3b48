//! Program settings: the phase dates and incentive rates (editable; DOMAIN.md defaults).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProgramDates {
    pub phase1: NaiveDate,
    pub phase2: NaiveDate,
    /// Not yet defined by Microsoft.
    pub phase3: Option<NaiveDate>,
    pub silver_bonus_from: NaiveDate,
}

impl Default for ProgramDates {
    fn default() -> Self {
        Self {
            phase1: NaiveDate::from_ymd_opt(2021, 7, 21).expect("valid date"),
            phase2: NaiveDate::from_ymd_opt(2022, 2, 1).expect("valid date"),
            phase3: None,
            silver_bonus_from: NaiveDate::from_ymd_opt(2021, 10, 1).expect("valid date"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProgramRates {
    #[ts(type = "string")]
    pub mci_rate: Decimal,
    #[ts(type = "string")]
    pub silver_rate: Decimal,
}

impl Default for ProgramRates {
    fn default() -> Self {
        Self { mci_rate: Decimal::new(2, 2), silver_rate: Decimal::new(1, 2) }
    }
}
