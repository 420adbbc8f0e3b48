//! Acceptance scenarios through `cspctl`, as a distributor scripts it.

mod partners;
mod subscriptions;
