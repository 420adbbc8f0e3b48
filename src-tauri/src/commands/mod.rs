//! The window's commands and events, generated from the one table in `table.rs`: each line gives
//! a Tauri handler that calls one service, the permission and capability (`build.rs`), and a typed
//! TypeScript function with its query key (`ui/src/bindings/commands.ts`). A command never holds a
//! rule: it calls one service.

pub mod app;
pub mod schema;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use csp_core::billing::audit::PecAudit;
use csp_core::billing::margin::MarginRow;
use csp_core::domain::access::{RoleAssignment, RoleGrant, RoleRevoke};
use csp_core::domain::customer::{Customer, CustomerPage, CustomerUpdate, NewCustomer, Relationship};
use csp_core::domain::eligibility::Decision;
use csp_core::domain::invoice::{InvoiceStatus, PlatformStatus};
use csp_core::domain::partner::{NewPartner, Partner, PartnerPatch};
use csp_core::domain::subscription::{NewSubscription, Subscription};
use csp_core::domain::support::{CaseFilter, EscalationTarget, NewCase, SupportCase};
use csp_core::domain::transfer::{NewTransfer, Transfer, TransferCandidates};
use csp_core::service::accounting::{self, AccountingPeriod, FecExport};
use csp_core::service::billing::{self, BillingRunResult, IncentivesReport};
use csp_core::service::book::{self, BackupResult, RestoreResult, VerifyResult};
use csp_core::service::customers::{self, CustomerSearch, LinkRequest, MarketCheck};
use csp_core::service::dashboard::{self, DashboardSummary};
use csp_core::service::demo::{self, DemoSummary};
use csp_core::service::invoice_export::ExportProgress;
use csp_core::service::invoices::{self, Invoice};
use csp_core::service::microsoft::{self, MicrosoftImportResult};
use csp_core::service::month_end::{self, MonthStatus};
use csp_core::service::partners::{self, Transition};
use csp_core::service::prices::{
    self, ExchangeRate, MarkupInput, MarkupView, PriceImportResult, PricePreview, PricePreviewInput,
};
use csp_core::service::settings::{self, BookDates};
use csp_core::service::usage::{self, ImportOptions, ImportProgress, ImportResult, UsageSummary};
use csp_core::service::{access, offers, subscriptions, support, transfers};
use csp_core::store::reference::Country;
use csp_core::{CoreError, Ctx};
use serde::Serialize;

use app::{AppInfo, RuleText};

/// A payload the app sends the window, under its event name (declared in the table's `events`).
pub trait Event: Serialize + Clone {
    const NAME: &'static str;
}

/// Sends `payload` to the window as its event. A window that is gone misses it, which is harmless:
/// progress is only ever drawn.
pub fn emit<R: tauri::Runtime, E: Event>(app: &tauri::AppHandle<R>, payload: E) {
    use tauri::Emitter;
    let _ = app.emit(E::NAME, payload);
}

/// Whether a command only reads the book (the UI caches its answer) or writes it.
macro_rules! command_kind {
    (read) => {
        schema::Kind::Read
    };
    (write) => {
        schema::Kind::Write
    };
}

/// Expands the command table (`table.rs`) into the handlers, their registration, the names and the
/// TypeScript schema. `$app` and `$ctx` name the app handle and the open book for the service calls.
macro_rules! command_table {
    (
        $app:ident, $ctx:ident;
        commands { $($(#[doc = $doc:literal])* $kind:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty => $call:expr ;)* }
        events { $($(#[doc = $edoc:literal])* $event:literal => $payload:ty ;)* }
    ) => {
        /// The Tauri handlers, one per line of the table.
        mod handlers {
            use super::*;
            $(
                $(#[doc = $doc])*
                #[tauri::command]
                #[allow(unused_variables)] // `app` serves only the commands that run off the window's thread
                async fn $name<R: tauri::Runtime>(
                    $app: tauri::AppHandle<R>,
                    $ctx: tauri::State<'_, Ctx>,
                    $($arg: $ty),*
                ) -> Result<$out, CoreError> {
                    $call.await
                }
            )*

            pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
                tauri::generate_handler![$($name),*]
            }
        }

        /// Every command the window may call, in the table's order.
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The handlers of every command (each also has its `allow-…` permission, granted by the capability).
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            handlers::handler()
        }

        $(
            $(#[doc = $edoc])*
            impl Event for $payload {
                const NAME: &'static str = $event;
            }
        )*

        /// `ui/src/bindings/commands.ts`: each command's arguments and result, a typed function per
        /// command, the reads, and each event's payload.
        pub fn typescript_schema() -> String {
            let mut schema = schema::Schema::default();
            $(
                let args = vec![$((stringify!($arg), schema.ts::<$ty>())),*];
                let out = schema.ts::<$out>();
                schema.command(command_kind!($kind), stringify!($name), &[$($doc),*], &args, &out);
            )*
            $(
                let payload = schema.ts::<$payload>();
                schema.event($event, &[$($edoc),*], &payload);
            )*
            schema.finish()
        }

        /// Writes every type the table names (with the types they name) into `dir`, one `.ts` file each.
        pub fn export_types(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
            let mut exported = schema::Exported::new(dir);
            $(
                $(exported.export::<$ty>()?;)*
                exported.export::<$out>()?;
            )*
            $(exported.export::<$payload>()?;)*
            Ok(())
        }
    };
}

include!("table.rs");
