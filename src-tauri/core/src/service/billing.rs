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
use crate::store;
use crate::{CoreError, Ctx, Result};

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
    let started = std::time::Instant::now();
    // The write lock first: the automatic copy, made on another connection while this one drafts,
    // then holds exactly the book the run starts from. The run commits once the copy holds it (its
    // pages written), and not at all if the copy fails before; the copy reaches the disk while the
    // run commits, and the run returns once both are on disk.
    let mut conn = store::read(&ctx.pool).await?;
    // The run's connection is closed after it rather than returned to the pool: it holds a large page
    // cache, and no checkpoint at commit (below).
    conn.close_on_drop();
    // SQLite would copy the run's pages from the WAL into the book inside the commit (the automatic
    // checkpoint); the commit is durable without it (the WAL is synced): it runs in the background
    // after the run instead.
    store::connection::defer_checkpoints(&mut conn).await?;
    // A month of a distributor's usage touches tens of megabytes of pages: keep them in memory.
    store::connection::set_cache_kib(&mut conn, RUN_CACHE_KIB).await?;
    let mut tx = store::connection::begin_write(&mut conn).await?;
    let (snapshot_made, snapshot) = tokio::sync::oneshot::channel::<()>();
    let backup = tokio::spawn({
        let ctx = ctx.clone();
        async move {
            let t = std::time::Instant::now();
            let copied = move || {
                tracing::debug!(elapsed_ms = t.elapsed().as_millis() as u64, "billing run: copy of the book written");
                let _ = snapshot_made.send(());
            };
            let done = crate::service::book::auto_backup_then(&ctx, "billing-run", copied).await;
            tracing::debug!(elapsed_ms = t.elapsed().as_millis() as u64, "billing run: copy of the book on disk");
            done
        }
    });
    let copy_done = |joined: std::result::Result<Result<std::path::PathBuf>, tokio::task::JoinError>| {
        joined.map_err(|e| CoreError::Io(std::io::Error::other(e)))?.map(|_| ())
    };
    let result = async {
        if let Some(i) = issuer_id {
            crate::service::partners::record(&mut tx, i).await?;
            if let Some(c) = store::month_end::closing(&mut tx, i, month).await? {
                return Err(crate::service::month_end::closed_error(month, c.closed_on));
            }
        }
        draft_and_write(&mut tx, month, issuer_id).await
    }
    .await;
    let (invoices, replaced) = match (snapshot.await, result) {
        (Ok(()), Ok(drafted)) => drafted,
        (copied, drafted) => {
            // The copy's error first: a copy that never held the book ended in one.
            copy_done(backup.await)?;
            drafted?;
            return Err(CoreError::Io(std::io::Error::other(format!(
                "the copy of the book stopped before it held the book: {copied:?}"
            ))));
        }
    };
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "billing run: ready to commit");
    tx.commit().await?;
    tokio::spawn({
        let pool = ctx.pool.clone();
        async move {
            if let Err(e) = store::connection::checkpoint(&pool).await {
                tracing::warn!(error = %e, "checkpoint after the billing run");
            }
        }
    });
    copy_done(backup.await)?;
    tracing::info!(
        month = %month,
        drafts = invoices.len(),
        replaced,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "billing run"
    );
    Ok(BillingRunResult { invoices, replaced_drafts: replaced })
}

/// Page cache of the billing run's connection.
const RUN_CACHE_KIB: i64 = 64 * 1024;

async fn draft_and_write(tx: &mut store::Conn, month: Month, issuer_id: Option<&str>) -> Result<(Vec<String>, u64)> {
    let t0 = std::time::Instant::now();
    let mut book = Book::load(tx, month).await?;
    tracing::debug!(elapsed_ms = t0.elapsed().as_millis() as u64, "billing run: book loaded");
    // The month's usage as the import grouped it; a subscription whose partner of record changes
    // during the month has its rows summed per day instead, so that each day is billed by its partners.
    let mut groups =
        store::usage_groups::billing_groups(tx, month, issuer_id, |s, a, b| !book.one_period(s, a, b)).await?;
    // Earlier months' usage no line bills yet: billed late on this month's invoices to those who
    // already hold their invoice of that month.
    let late = store::usage_groups::late_groups(tx, month, issuer_id).await?;
    let mut months: Vec<Month> = late.iter().filter_map(|g| g.late_of).collect();
    months.push(month);
    months.sort_unstable();
    months.dedup();
    book.standing = standing_of(tx, &months).await?;
    for m in &months {
        for issuer in store::month_end::closed_issuers(tx, *m).await? {
            book.closed.insert((*m, issuer));
        }
    }
    groups.extend(late);
    // Usage an issued invoice billed and Microsoft withdrew since: credited on this month's invoices.
    let credits = store::usage_groups::withdrawn_credits(tx, month, issuer_id).await?;
    tracing::debug!(elapsed_ms = t0.elapsed().as_millis() as u64, "billing run: usage summed");
    // Drafting is the program's own work, deleting the previous drafts SQLite's (what they billed was
    // read above, without them): one on each core.
    let issuer = issuer_id.map(str::to_string);
    let drafting =
        tokio::task::spawn_blocking(move || draft::draft(&book, month, &groups, &credits, issuer.as_deref()));
    let replaced = store::invoices::delete_drafts(tx, month, issuer_id).await;
    let drafts = drafting.await.map_err(|e| CoreError::Io(std::io::Error::other(e)))??;
    let replaced = replaced?;
    tracing::debug!(elapsed_ms = t0.elapsed().as_millis() as u64, "billing run: drafted, previous drafts deleted");
    let invoices = run::write(tx, month, &drafts).await?;
    tracing::debug!(elapsed_ms = t0.elapsed().as_millis() as u64, "billing run: drafts written");
    Ok((invoices, replaced))
}

/// Who holds a standing issued invoice of each of these months, per issuer (`Book::standing`).
pub(crate) async fn standing_of(
    conn: &mut store::Conn,
    months: &[Month],
) -> Result<std::collections::HashSet<(Month, String, draft::Recipient)>> {
    Ok(store::invoices::standing(conn, months)
        .await?
        .into_iter()
        .filter_map(|(m, issuer, customer, reseller)| {
            let recipient = match (customer, reseller) {
                (_, Some(r)) => draft::Recipient::Reseller(r),
                (Some(c), None) => draft::Recipient::Customer(c),
                (None, None) => return None,
            };
            Some((m, issuer, recipient))
        })
        .collect())
}

pub async fn pec_audit(ctx: &Ctx, month: &str) -> Result<PecAudit> {
    let month = Month::parse(month)?;
    let (first, last) = month.bounds();
    let mut conn = store::read(&ctx.pool).await?;
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
    let mut conn = store::read(&ctx.pool).await?;
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
    let mut conn = store::read(&ctx.pool).await?;
    let book = Book::load(&mut conn, month).await?;
    let rows = store::usage::rows_between(&mut conn, first, last).await?;
    let lines = store::invoice_lines::line_prices(&mut conn, month).await?;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // Written whole; an existing file is replaced only when it is this month's reconciliation.
    let month_text = month.to_string();
    let same = |head: &[u8]| reconciliation::is_export_of(head, &month_text);
    let n = files::write_whole(out, Existing::ReplaceIf(&same), |w| reconciliation::write(w, &book, &rows, &lines))?;
    Ok(ReconciliationResult { rows: n, path: out.display().to_string() })
}
