//! Pure types and rules of DOMAIN.md. Nothing here touches the database or the clock.

pub mod customer;
pub mod invoice;
pub mod market;
pub mod money;
pub mod partner;
pub mod pricing;
pub mod program;
pub mod rules;
pub mod settings;
pub mod tax;
pub mod validate;
