//! Tauri commands, one module per area. A command never holds a rule: it calls one service.

pub mod app;
pub mod billing;
pub mod book;
pub mod customers;
pub mod dashboard;
pub mod demo;
pub mod partners;
pub mod settings;
pub mod subscriptions;
pub mod support;
pub mod transfers;

pub mod schema;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use csp_core::billing::audit::PecAudit;
use csp_core::domain::access::{RoleAssignment, RoleGrant, RoleRevoke};
use csp_core::domain::customer::{Customer, CustomerPage, CustomerUpdate, NewCustomer, Relationship};
use csp_core::domain::eligibility::Decision;
use csp_core::domain::invoice::Invoice;
use csp_core::domain::offer::Offer;
use csp_core::domain::partner::{NewPartner, Partner, PartnerPatch};
use csp_core::domain::subscription::{NewSubscription, Subscription};
use csp_core::domain::support::{CaseFilter, EscalationTarget, NewCase, SupportCase};
use csp_core::domain::transfer::{NewTransfer, Transfer, TransferCandidates};
use csp_core::service::accounting::FecExport;
use csp_core::service::billing::{BillingRunResult, IncentivesReport};
use csp_core::service::book::{BackupResult, RestoreResult, VerifyResult};
use csp_core::service::customers::{CustomerSearch, LinkRequest, MarketCheck};
use csp_core::service::dashboard::DashboardSummary;
use csp_core::service::demo::DemoSummary;
use csp_core::service::partners::Transition;
use csp_core::service::prices::{
    ExchangeRate, MarkupInput, MarkupView, PriceImportResult, PricePreview, PricePreviewInput,
};
use csp_core::service::usage::{ImportOptions, ImportResult, UsageSummary};
use csp_core::store::reference::Country;

use app::{AppInfo, RuleText};

/// Expands the command table (`table.rs`) into the handler list, the names and the TypeScript schema.
macro_rules! command_table {
    ($($area:ident :: $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty ;)*) => {
        /// Every command the window may call, in the table's order.
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The handlers of every command (each also has its `allow-…` permission, granted by the capability).
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($area::$name),*]
        }

        /// `ui/src/bindings/commands.ts`: each command's arguments and result, by name.
        pub fn typescript_schema() -> String {
            let mut schema = schema::Schema::default();
            $(
                let args = vec![$((stringify!($arg), schema.ts::<$ty>())),*];
                let out = schema.ts::<$out>();
                schema.command(stringify!($name), &args, &out);
            )*
            schema.finish()
        }
    };
}

include!("table.rs");
