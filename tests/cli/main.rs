//! Acceptance scenarios through `cspctl`, as a distributor scripts it.

mod as_of;
mod billing;
mod book;
mod bounds;
mod cases;
mod customers;
mod demo;
mod einvoice;
mod files;
mod month_end;
mod partners;
mod subscriptions;
mod transfers;
