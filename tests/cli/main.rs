//! Acceptance scenarios through `cspctl`, as a distributor scripts it.

mod billing;
mod partners;
