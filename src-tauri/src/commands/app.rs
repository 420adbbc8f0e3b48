//! What a command needs the app itself for: its version and folders, the window's events, a task off
//! the event loop, a restart. Everything else is one service call, written in the table.

use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use csp_core::service::accounting::{self, FecExport};
use csp_core::service::book::{self, RestoreResult};
use csp_core::service::invoice_export::{self, ExportFormat, ExportProgress};
use csp_core::service::prices::{self, PriceImportResult};
use csp_core::service::usage::{self, ImportOptions, ImportProgress, ImportResult};
use csp_core::{CoreError, Ctx};
use serde::Serialize;
use tauri::{AppHandle, Runtime};
use ts_rs::TS;

/// The app and where it keeps things (the book's dates are `book_dates`, read as of the window's date).
#[derive(Serialize, TS)]
pub struct AppInfo {
    version: String,
    db_path: String,
    log_dir: String,
}

pub async fn info(ctx: &Ctx) -> Result<AppInfo, CoreError> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: ctx.db_path().display().to_string(),
        log_dir: csp_core::context::log_dir().display().to_string(),
    })
}

#[derive(Serialize, TS)]
pub struct RuleText {
    id: String,
    en: String,
    fr: String,
}

pub async fn rules() -> Result<Vec<RuleText>, CoreError> {
    Ok(csp_core::domain::rules::ALL
        .iter()
        .map(|r| RuleText { id: r.id.to_string(), en: r.en.to_string(), fr: r.fr.to_string() })
        .collect())
}

/// A task of its own for CPU work (reading and checking a large file), so the event loop stays free.
async fn off_the_event_loop<T: Send + 'static>(
    work: impl std::future::Future<Output = Result<T, CoreError>> + Send + 'static,
) -> Result<T, CoreError> {
    tauri::async_runtime::spawn(work).await.map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?
}

/// The usage import, reporting its progress as `usage-import-progress` events so a large file never
/// freezes the window.
pub async fn usage_import<R: Runtime>(
    app: AppHandle<R>,
    ctx: &Ctx,
    path: PathBuf,
    options: Option<ImportOptions>,
) -> Result<ImportResult, CoreError> {
    let ctx = ctx.clone();
    off_the_event_loop(async move {
        let progress = move |p: ImportProgress| super::emit(&app, p);
        usage::import(&ctx, &path, options.unwrap_or_default(), &progress).await
    })
    .await
}

pub async fn price_import(ctx: &Ctx, path: PathBuf) -> Result<PriceImportResult, CoreError> {
    let ctx = ctx.clone();
    off_the_event_loop(async move { prices::import(&ctx, &path).await }).await
}

/// The PDFs, reporting their progress as `invoice-export-progress` events.
pub async fn invoice_export<R: Runtime>(
    app: AppHandle<R>,
    ctx: &Ctx,
    ids: Option<Vec<String>>,
    month: Option<String>,
    dir: PathBuf,
    lang: Option<String>,
) -> Result<Vec<String>, CoreError> {
    let progress = move |p: ExportProgress| super::emit(&app, p);
    invoice_export::export_with_progress(
        ctx,
        &ids.unwrap_or_default(),
        month.as_deref(),
        &dir,
        lang.as_deref(),
        ExportFormat::FacturX,
        &progress,
    )
    .await
}

/// The FEC into `dir`, made if the folder picked in the dialog does not exist yet.
pub async fn accounting_export(
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
    dir: PathBuf,
) -> Result<FecExport, CoreError> {
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir).map_err(CoreError::Io)?;
    }
    accounting::export(ctx, from, to, &dir, None).await
}

/// A restore replaces the file under the open book, so the app starts again on it (every view then
/// reads the restored data).
pub async fn book_restore<R: Runtime>(app: AppHandle<R>, ctx: &Ctx, file: PathBuf) -> Result<RestoreResult, CoreError> {
    let restored = book::restore(Some(ctx), ctx.db_path(), &file).await?;
    // The pool is closed: start again on the restored book once the window has shown the result.
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        app.restart();
    });
    Ok(restored)
}
