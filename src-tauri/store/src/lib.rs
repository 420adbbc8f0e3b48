//! SQLite persistence: one module per table (or per tightly bound group of tables), each with its
//! typed rows and its tests. The store reads and writes; it decides no rule.

pub mod backup;
pub mod connection;
pub mod customers;
pub mod db;
pub mod integrity;
pub mod invoice_events;
pub mod invoice_facts;
pub mod invoice_lines;
pub mod invoice_numbers;
pub mod invoice_taxes;
pub mod invoices;
pub mod json_rows;
pub mod markups;
pub mod microsoft_invoices;
pub mod month_end;
pub mod partners;
pub mod prices;
pub mod reference;
pub mod roles;
mod rows;
pub mod seal;
pub mod settings;
pub mod subscription_events;
pub mod subscription_periods;
pub mod subscriptions;
pub mod support;
#[cfg(test)]
mod testing;
pub mod transfers;
pub mod types;
pub mod usage;
pub mod usage_groups;
pub mod usage_totals;

pub use connection::{read, Conn, Pool, Reader};
pub use db::{begin_write, WriteTx};
pub use types::Dec;
