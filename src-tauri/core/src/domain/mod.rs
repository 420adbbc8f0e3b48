//! Pure types and rules of DOMAIN.md. Nothing here touches the database or the clock.

pub mod customer;
pub mod market;
pub mod partner;
pub mod program;
pub mod rules;
pub mod settings;
pub mod transfer;
pub mod validate;
