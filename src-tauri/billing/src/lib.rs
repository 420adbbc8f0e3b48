//! Billing: rating usage (partner cost, PEC), drafting invoices (a pure function of the book and the
//! month's usage, `draft::draft`; `run::write` stores it), the PEC audit, incentives,
//! reconciliation, and the printable document of an invoice.

pub mod audit;
pub mod book;
pub mod document;
pub mod draft;
pub mod reconciliation;
pub mod run;
