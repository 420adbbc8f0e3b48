//! The billing run, the PEC audit, incentives and the reconciliation export.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::billing::audit::{self, IncentiveRow, PecAudit};
use crate::billing::book::Book;
use crate::billing::reconciliation;
use crate::billing::{draft, run};
use crate::domain::Month;
use crate::files::{self, Existing};
use crate::store::{self, begin_write};
use crate::{Ctx, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BillingRunResult {
    /// The drafts created, in a stable order.
    pub invoices: Vec<String>,
    /// Earlier drafts of the month replaced by this run.
    #[ts(type = "number")]
    pub replaced_drafts: u64,
}

/// Drafts the month's invoices (all issuers, or one): the month's previous drafts are replaced,
/// issued invoices are never touched and their usage is not billed twice.
pub async fn run(ctx: &Ctx, month: &str, issuer_id: Option<&str>) -> Result<BillingRunResult> {
    let month = Month::parse(month)?;
    crate::service::book::auto_backup(ctx, "billing-run").await?;
    let (first, last) = month.bounds();
    let mut tx = begin_write(&ctx.pool).await?;
    if let Some(i) = issuer_id {
        crate::service::partners::record(&mut tx, i).await?;
    }
    let started = std::time::Instant::now();
    let replaced = store::invoices::delete_drafts(&mut tx, &month.to_string(), issuer_id).await?;
    let book = Book::load(&mut tx, month).await?;
    let rows = store::usage::rows_between(&mut tx, first, last).await?;
    let drafts = draft::draft(&book, month, &rows, issuer_id)?;
    let invoices = run::write(&mut tx, month, &drafts).await?;
    tx.commit().await?;
    tracing::info!(
        month = %month,
        drafts = invoices.len(),
        replaced,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "billing run"
    );
    Ok(BillingRunResult { invoices, replaced_drafts: replaced })
}

pub async fn pec_audit(ctx: &Ctx, month: &str) -> Result<PecAudit> {
    let month = Month::parse(month)?;
    let (first, last) = month.bounds();
    let mut conn = ctx.pool.acquire().await?;
    let book = Book::load(&mut conn, month).await?;
    let rows = store::usage::rows_between(&mut conn, first, last).await?;
    audit::pec_audit(&book, &month.to_string(), &rows)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IncentivesReport {
    pub month: String,
    pub partners: Vec<IncentiveRow>,
}

pub async fn incentives(ctx: &Ctx, month: &str) -> Result<IncentivesReport> {
    let month = Month::parse(month)?;
    let (first, last) = month.bounds();
    let mut conn = ctx.pool.acquire().await?;
    let book = Book::load(&mut conn, month).await?;
    let rows = store::usage::rows_between(&mut conn, first, last).await?;
    Ok(IncentivesReport { month: month.to_string(), partners: audit::incentives(&book, &rows)? })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReconciliationResult {
    #[ts(type = "number")]
    pub rows: u64,
    pub path: String,
}

/// Writes one CSV row per invoiced usage line of the month (cost, PEC, price, margin).
pub async fn reconciliation_export(ctx: &Ctx, month: &str, out: &Path) -> Result<ReconciliationResult> {
    let month = Month::parse(month)?;
    let (first, last) = month.bounds();
    let mut conn = ctx.pool.acquire().await?;
    let book = Book::load(&mut conn, month).await?;
    let rows = store::usage::rows_between(&mut conn, first, last).await?;
    let lines = store::invoices::line_prices(&mut conn, &month.to_string()).await?;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // Written whole; an existing file is replaced only when it is this month's reconciliation.
    let month_text = month.to_string();
    let same = |head: &[u8]| reconciliation::is_export_of(head, &month_text);
    let n = files::write_whole(out, Existing::ReplaceIf(&same), |w| reconciliation::write(w, &book, &rows, &lines))?;
    Ok(ReconciliationResult { rows: n, path: out.display().to_string() })
}
