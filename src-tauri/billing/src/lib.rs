//! Billing: rating usage (partner cost, PEC), drafting invoices (a pure function of the book and the
//! month's usage, `draft::draft`; `run::write` stores it) and credit notes (`credit_note::draft`), the
//! PEC audit, incentives, reconciliation, the month's margin and PEC lost, and the printable document
//! of an invoice.

pub mod audit;
pub mod book;
pub mod credit_note;
pub mod document;
pub mod draft;
pub mod margin;
pub mod reconciliation;
pub mod run;
