//! Usage, prices, markups, billing and invoices. The usage import runs off the UI thread and
//! reports its progress as `usage-import-progress` events (`{rows, bytes, total_bytes}`: the bar
//! knows its end), so a large file never freezes the window.

use std::path::PathBuf;

use chrono::NaiveDate;
use csp_core::billing::audit::PecAudit;
use csp_core::service::accounting::{self, FecExport};
use csp_core::service::billing::{self, BillingRunResult, IncentivesReport};
use csp_core::service::invoice_export;
use csp_core::service::invoices::{self, Invoice};
use csp_core::service::prices::{self, MarkupInput, MarkupView, PriceImportResult, PricePreview, PricePreviewInput};
use csp_core::service::usage::{self, ImportOptions, ImportProgress, ImportResult, UsageSummary};
use csp_core::{CoreError, Ctx};
use tauri::{AppHandle, Emitter, Runtime, State};

#[tauri::command]
pub async fn usage_import<R: Runtime>(
    app: AppHandle<R>,
    ctx: State<'_, Ctx>,
    path: PathBuf,
    options: Option<ImportOptions>,
) -> Result<ImportResult, CoreError> {
    let ctx = ctx.inner().clone();
    let options = options.unwrap_or_default();
    // Reading and checking the file is CPU work: a task of its own keeps the event loop free.
    let task = tauri::async_runtime::spawn(async move {
        let progress = move |p: ImportProgress| {
            let _ = app.emit("usage-import-progress", p);
        };
        usage::import(&ctx, &path, options, &progress).await
    });
    task.await.map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?
}

#[tauri::command]
pub async fn usage_summary(ctx: State<'_, Ctx>, month: String) -> Result<UsageSummary, CoreError> {
    usage::summary(&ctx, &month).await
}

#[tauri::command]
pub async fn markup_set(ctx: State<'_, Ctx>, input: MarkupInput) -> Result<MarkupView, CoreError> {
    prices::markup_set(&ctx, input).await
}

#[tauri::command]
pub async fn markup_list(ctx: State<'_, Ctx>, issuer_id: Option<String>) -> Result<Vec<MarkupView>, CoreError> {
    prices::markup_list(&ctx, issuer_id.as_deref()).await
}

#[tauri::command]
pub async fn price_preview(ctx: State<'_, Ctx>, input: PricePreviewInput) -> Result<PricePreview, CoreError> {
    prices::preview(&ctx, input).await
}

#[tauri::command]
pub async fn billing_run(
    ctx: State<'_, Ctx>,
    month: String,
    issuer_id: Option<String>,
) -> Result<BillingRunResult, CoreError> {
    billing::run(&ctx, &month, issuer_id.as_deref()).await
}

#[tauri::command]
pub async fn invoice_list(
    ctx: State<'_, Ctx>,
    month: Option<String>,
    status: Option<String>,
) -> Result<Vec<Invoice>, CoreError> {
    invoices::list(&ctx, month.as_deref(), status.as_deref()).await
}

#[tauri::command]
pub async fn invoice_show(ctx: State<'_, Ctx>, id: String) -> Result<Invoice, CoreError> {
    invoices::show(&ctx, &id).await
}

#[tauri::command]
pub async fn invoice_issue(ctx: State<'_, Ctx>, id: String, on: Option<NaiveDate>) -> Result<Invoice, CoreError> {
    invoices::issue(&ctx, &id, on).await
}

#[tauri::command]
pub async fn invoice_credit(ctx: State<'_, Ctx>, id: String, on: Option<NaiveDate>) -> Result<Invoice, CoreError> {
    invoices::credit(&ctx, &id, on).await
}

#[tauri::command]
pub async fn invoice_pay(ctx: State<'_, Ctx>, id: String, on: NaiveDate) -> Result<Invoice, CoreError> {
    invoices::pay(&ctx, &id, on).await
}

/// PDFs of the given invoices, or of a month's invoices and credit notes, into `dir`.
#[tauri::command]
pub async fn invoice_export<R: Runtime>(
    app: AppHandle<R>,
    ctx: State<'_, Ctx>,
    ids: Option<Vec<String>>,
    month: Option<String>,
    dir: PathBuf,
    lang: Option<String>,
) -> Result<Vec<String>, CoreError> {
    // The bar follows `invoice-export-progress` events ({done, total}).
    let progress = move |p: invoice_export::ExportProgress| {
        let _ = app.emit("invoice-export-progress", p);
    };
    invoice_export::export_with_progress(
        &ctx,
        &ids.unwrap_or_default(),
        month.as_deref(),
        &dir,
        lang.as_deref(),
        invoice_export::ExportFormat::FacturX,
        &progress,
    )
    .await
}

/// Records the status the e-invoicing platform gave an issued invoice.
#[tauri::command]
pub async fn invoice_platform(
    ctx: State<'_, Ctx>,
    id: String,
    status: String,
    on: NaiveDate,
) -> Result<Invoice, CoreError> {
    invoices::platform(&ctx, &id, &status, on).await
}

/// The operating partner's FEC for the period, into `dir` (`<SIREN>FEC<YYYYMMDD>.txt`).
#[tauri::command]
pub async fn accounting_export(
    ctx: State<'_, Ctx>,
    from: NaiveDate,
    to: NaiveDate,
    dir: PathBuf,
) -> Result<FecExport, CoreError> {
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir).map_err(CoreError::Io)?;
    }
    accounting::export(&ctx, from, to, &dir, None).await
}

#[tauri::command]
pub async fn pec_audit(ctx: State<'_, Ctx>, month: String) -> Result<PecAudit, CoreError> {
    billing::pec_audit(&ctx, &month).await
}

/// Reads a price list file (format in docs/file-formats.md): meters imported, or the refusal naming the row
/// and column; one bad row stores nothing.
#[tauri::command]
pub async fn price_import(ctx: State<'_, Ctx>, path: PathBuf) -> Result<PriceImportResult, CoreError> {
    let ctx = ctx.inner().clone();
    // Parsing a large list is CPU work: a task of its own keeps the event loop free.
    let task = tauri::async_runtime::spawn(async move { prices::import(&ctx, &path).await });
    task.await.map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?
}

#[tauri::command]
pub async fn incentives_report(ctx: State<'_, Ctx>, month: String) -> Result<IncentivesReport, CoreError> {
    billing::incentives(&ctx, &month).await
}
