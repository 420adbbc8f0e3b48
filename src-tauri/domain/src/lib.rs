//! Pure types and rules of DOMAIN.md. Nothing here touches the database or the clock: this crate
//! depends on no other crate of CSP Desk, and its `clippy.toml` refuses any query or connection type.

pub mod access;
pub mod as_of;
pub mod book;
pub mod catalogue;
pub mod currency;
pub mod customer;
pub mod dashboard;
pub mod eligibility;
pub mod facts;
pub mod fec;
pub mod invoice;
pub mod limits;
pub mod market;
pub mod money;
pub mod month;
pub mod month_end;
pub mod offer;
pub mod partner;
pub mod pricing;
pub mod program;
pub mod rules;
pub mod settings;
pub mod spreadsheet;
pub mod subscription;
pub mod support;
pub mod tax;
pub mod transfer;
pub mod usage;
pub mod validate;

pub mod error;

pub use currency::Currency;
pub use error::{CoreError, Result};
pub use month::Month;
pub use rules::Code;
