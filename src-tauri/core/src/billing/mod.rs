//! Billing: rating usage (partner cost, PEC), drafting invoices, the PEC audit, incentives,
//! reconciliation, and the printable document of an invoice.

pub mod audit;
pub mod book;
pub mod document;
pub mod reconciliation;
pub mod run;
