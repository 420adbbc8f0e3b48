//! The service tests, on real SQLite files in temporary folders: one test binary for all of them, so
//! the workspace links it once instead of once per file. Each module is one area of the product.

mod billing_support;
mod pdf_specimens;
mod subs_book;

mod access;
mod as_of;
mod billing;
mod bounds;
mod customers;
mod dashboard;
mod facts;
mod facturx;
mod invoices;
mod layers;
mod lifecycles;
mod month_end;
mod partners;
mod pdf;
mod schema;
mod subscriptions;
mod support;
mod transfers;
mod usage;
