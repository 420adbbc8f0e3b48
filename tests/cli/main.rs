//! Acceptance scenarios through `cspctl`, as a distributor scripts it.

mod customers;
mod partners;
mod subscriptions;
mod transfers;
