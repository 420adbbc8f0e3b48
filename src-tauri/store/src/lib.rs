//! SQLite persistence: one module per table family. The store reads and writes; it decides no rule.

pub mod backup;
pub mod customers;
pub mod db;
pub mod invoices;
pub mod json_rows;
pub mod markups;
pub mod partners;
pub mod prices;
pub mod reference;
pub mod roles;
mod rows;
pub mod seal;
pub mod settings;
pub mod subscriptions;
pub mod support;
pub mod transfers;
pub mod types;
pub mod usage;
pub mod usage_groups;
pub mod usage_totals;

pub use db::{begin_write, WriteTx};
pub use types::Dec;
