//! CSP Desk core: the domain rules, the SQLite store and the service layer.
//!
//! Data flows one way: a front end (the Tauri commands or `cspctl`) calls one function of
//! [`service`], which validates its input, decides with [`domain`] and writes through [`store`]
//! in one transaction. Nothing here depends on Tauri.

pub mod billing;
pub mod bindings;
pub mod context;
pub mod domain;
pub mod error;
pub mod import;
pub mod pdf;
pub mod service;
pub mod store;

pub use context::Ctx;
pub use error::{CoreError, Result};
