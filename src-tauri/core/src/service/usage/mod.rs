//! Usage: importing Partner Center's daily rated usage file (`import`: the reading thread in
//! `reading`, the month's sums kept at import in `sums`, customers and subscriptions created from the
//! file in `adoption`), and the month's usage summary (`summary`).

mod adoption;
mod billed;
mod import;
mod reading;
mod summary;
mod sums;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use import::{import, import_from};
pub use summary::{figures_until, summary, summary_until, UsageGroup, UsageSummary};

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    /// Create the customers and subscriptions the file names but the book lacks.
    pub adopt: bool,
    /// Under this partner (default: the operating partner, `office.partner_id`).
    pub partner_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportResult {
    #[ts(type = "number")]
    pub imported: u64,
    #[ts(type = "number")]
    pub skipped_duplicates: u64,
    #[ts(type = "number")]
    pub adopted_customers: u64,
    #[ts(type = "number")]
    pub adopted_subscriptions: u64,
    /// Rows of the file Microsoft had billed (an `InvoiceNumber`) and not yet billed.
    #[ts(type = "number")]
    pub billed: u64,
    #[ts(type = "number")]
    pub unbilled: u64,
    /// Unbilled rows already in the book that this file billed (stored once, now billed).
    #[ts(type = "number")]
    pub became_billed: u64,
    /// Unbilled rows in the book that Microsoft's billed file left out (`USAGE_WITHDRAWN`).
    #[ts(type = "number")]
    pub withdrawn: u64,
}

/// How often the progress callback hears from the import (rows).
pub const PROGRESS_EVERY: u64 = 10_000;

/// Where an import is: rows stored so far, and how far into the file (bytes read, of how many
/// when the file's size is known), so that a window can draw a bar with its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ImportProgress {
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    #[ts(type = "number | null")]
    pub total_bytes: Option<u64>,
}
