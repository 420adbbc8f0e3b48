//! Acceptance scenarios through `cspctl`, as a distributor scripts it.

mod billing;
mod bounds;
mod cases;
mod book;
mod customers;
mod demo;
mod einvoice;
mod partners;
mod subscriptions;
mod transfers;
