//! CSP Desk's service layer: one function per user action, shared by the window and `cspctl`.
//!
//! Data flows one way: a front end (the Tauri commands or `cspctl`) calls one function of
//! [`service`], which validates its input, decides with [`domain`] and writes through [`store`]
//! in one transaction. Nothing here depends on Tauri.
//!
//! The layers are crates, so the build refuses a dependency that points the wrong way:
//! `csp-domain` ← `csp-store` ← `csp-import` / `csp-pdf` / `csp-billing` ← `csp-core` (this crate)
//! ← the app and `cspctl`. They are re-exported here under their old module names.

pub use csp_billing as billing;
pub use csp_domain as domain;
pub use csp_domain::error;
pub use csp_facturx as facturx;
pub use csp_import as import;
pub use csp_pdf as pdf;
pub use csp_store as store;

pub mod bindings;
pub mod context;
pub mod files;
pub mod service;

pub use context::Ctx;
pub use error::{CoreError, Result};

/// Every program built on this layer (the app, `cspctl`, the tests and benchmarks) allocates with
/// mimalloc: an import or a billing run at a distributor's scale makes millions of short-lived
/// allocations (parsed cells, rows, lines), and the system allocator spent a fifth of an import's
/// time in `malloc` and `free`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
