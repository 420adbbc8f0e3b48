//! The import: one transaction, rows read on one core and checked against the book and stored on
//! the other, in the file's order; one bad row refuses the whole file.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::domain::subscription::{self, OutsideLife};
use crate::import::usage::row_error;
use crate::store::connection::DEFAULT_CACHE_KIB;
use crate::store::subscriptions::SubscriptionRef;
use crate::store::usage::{UsageInsert, BATCH_ROWS};
use crate::store::{self, begin_write, WriteTx};
use crate::{CoreError, Ctx, Result};

use super::adoption::{adopting_partner, AdoptingPartner};
use super::billed::{Billing, Fate};
use super::reading::{lower, read_ahead, Batch, ReadRow, BATCHES_AHEAD};
use super::sums::Sums;
use super::{ImportOptions, ImportProgress, ImportResult, PROGRESS_EVERY};

/// Imports a usage file in one transaction: every row is checked, duplicates are skipped, and one
/// bad row refuses the whole file (`row N, column NAME: …`, code `VALIDATION`) with nothing stored.
/// The file is streamed: memory stays constant whatever its size. `progress` receives the number
/// of rows read so far.
pub async fn import(
    ctx: &Ctx,
    path: &Path,
    options: ImportOptions,
    progress: &(dyn Fn(ImportProgress) + Send + Sync),
) -> Result<ImportResult> {
    let file = std::fs::File::open(path).map_err(|e| {
        CoreError::validation(
            format!("cannot read {}: {e}", path.display()),
            format!("lecture impossible de {} : {e}", path.display()),
        )
    })?;
    let total = file.metadata().ok().map(|m| m.len());
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    import_sized(ctx, file, total, &name, options, progress).await
}

/// [`import`] from any reader (tests, the demo).
pub async fn import_from(
    ctx: &Ctx,
    input: impl std::io::Read + Send + 'static,
    file_name: &str,
    options: ImportOptions,
    progress: &(dyn Fn(ImportProgress) + Send + Sync),
) -> Result<ImportResult> {
    import_sized(ctx, input, None, file_name, options, progress).await
}

async fn import_sized(
    ctx: &Ctx,
    input: impl std::io::Read + Send + 'static,
    total_bytes: Option<u64>,
    file_name: &str,
    options: ImportOptions,
    progress: &(dyn Fn(ImportProgress) + Send + Sync),
) -> Result<ImportResult> {
    let mut tx = begin_write(&ctx.pool).await?;
    store::connection::set_cache_kib(&mut tx, IMPORT_CACHE_KIB).await?;
    let result = import_in(&mut tx, input, total_bytes, file_name, options, progress).await;
    // The connection goes back to the pool: give the memory back whatever happened.
    store::connection::set_cache_kib(&mut tx, DEFAULT_CACHE_KIB).await?;
    let result = result?;
    tx.commit().await?;
    tracing::info!(file = file_name, imported = result.imported, skipped = result.skipped_duplicates, "usage imported");
    Ok(result)
}

/// Page cache while importing (bounded: memory stays constant whatever the file's size).
const IMPORT_CACHE_KIB: i64 = 128 * 1024;

async fn import_in(
    tx: &mut WriteTx,
    input: impl std::io::Read + Send + 'static,
    total_bytes: Option<u64>,
    file_name: &str,
    options: ImportOptions,
    progress: &(dyn Fn(ImportProgress) + Send + Sync),
) -> Result<ImportResult> {
    // Parsing the file is one core's work, storing it the other's: a thread reads ahead while
    // this task checks the rows against the book and writes them, in the file's order.
    let bytes = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let (batches_tx, mut batches) = tokio::sync::mpsc::channel::<Result<Batch>>(BATCHES_AHEAD);
    let (recycle, recycled) = std::sync::mpsc::channel::<Batch>();
    let reader = {
        let bytes = bytes.clone();
        std::thread::Builder::new()
            .name("usage-import-reader".into())
            .spawn(move || read_ahead(input, bytes, batches_tx, recycled))?
    };
    let result = write_batches(tx, &mut batches, &recycle, &bytes, total_bytes, file_name, options, progress).await;
    // On a refusal the reader stops at its next batch (nobody listens any more).
    drop(batches);
    let _ = reader.join();
    result
}

#[allow(clippy::too_many_arguments)]
async fn write_batches(
    tx: &mut WriteTx,
    batches: &mut tokio::sync::mpsc::Receiver<Result<Batch>>,
    recycle: &std::sync::mpsc::Sender<Batch>,
    bytes: &std::sync::atomic::AtomicU64,
    total_bytes: Option<u64>,
    file_name: &str,
    options: ImportOptions,
    progress: &(dyn Fn(ImportProgress) + Send + Sync),
) -> Result<ImportResult> {
    let mut importer = Importer::new(tx, options).await?;
    let import_id = store::usage::begin_import(tx, file_name).await?;
    let full_sql = store::usage::insert_sql(BATCH_ROWS);
    let mut inserts: Vec<UsageInsert> = Vec::with_capacity(BATCH_ROWS);
    let mut sums = Sums::new(tx).await?;
    let mut billing = Billing::default();
    let mut fates: Vec<Fate> = Vec::with_capacity(BATCH_ROWS);
    let mut row_numbers: Vec<u64> = Vec::with_capacity(BATCH_ROWS);
    let mut read = 0u64;
    let mut imported = 0u64;
    let report = |rows: u64| {
        let bytes = bytes.load(std::sync::atomic::Ordering::Relaxed);
        progress(ImportProgress { rows, bytes: total_bytes.map_or(bytes, |t| bytes.min(t)), total_bytes });
    };
    while let Some(batch) = batches.recv().await {
        let mut batch = batch?;
        for r in &mut batch {
            importer.check(tx, r).await?;
            r.insert.customer_id.clear();
            r.insert.customer_id.push_str(&importer.current_customer);
            r.insert.group_id = sums.group_of(&r.insert);
            read += 1;
            if read % PROGRESS_EVERY == 0 {
                report(read);
            }
        }
        billing.sort(tx, &mut batch, &mut fates).await?;
        // The batch's rows to store go to the statement as one slice; the slots go back to the reader.
        inserts.clear();
        row_numbers.clear();
        for (r, fate) in batch.iter_mut().zip(&fates) {
            if *fate == Fate::Store {
                row_numbers.push(r.row);
                inserts.push(std::mem::take(&mut r.insert));
            }
        }
        let (stored, last_id) = if inserts.is_empty() {
            (0, 0)
        } else if inserts.len() == BATCH_ROWS {
            store::usage::insert_batch(tx, &full_sql, import_id, &inserts).await?
        } else {
            store::usage::insert_batch(tx, &store::usage::insert_sql(inserts.len()), import_id, &inserts).await?
        };
        imported += stored;
        sums.count(tx, &row_numbers, &inserts, stored, last_id).await?;
        let mut kept = inserts.drain(..);
        for (r, fate) in batch.iter_mut().zip(&fates) {
            if *fate == Fate::Store {
                if let Some(ins) = kept.next() {
                    r.insert = ins;
                }
            }
        }
        drop(kept);
        billing.write_promotions(tx).await?;
        let _ = recycle.send(batch);
    }
    report(read);
    if let (Some(first), Some(partner)) = (importer.earliest, importer.partner.as_ref()) {
        for c in &importer.adopted_customers {
            store::customers::set_relationship_since(tx, &partner.id, c, first).await?;
        }
        for s in &importer.adopted_subscriptions {
            store::subscriptions::date_ordered(tx, s, first).await?;
        }
    }
    sums.store(tx, import_id).await?;
    let mut counts = billing.finish(tx, import_id).await?;
    // A row is stored, bills a stored unbilled row, or is one already held.
    let skipped = read.saturating_sub(imported).saturating_sub(counts.became_billed);
    counts.imported = imported;
    counts.skipped = skipped;
    store::usage::finish_import(tx, import_id, &counts).await?;
    Ok(ImportResult {
        imported,
        skipped_duplicates: skipped,
        billed: counts.billed,
        unbilled: counts.unbilled,
        became_billed: counts.became_billed,
        withdrawn: counts.withdrawn,
        adopted_customers: importer.adopted_customers.len() as u64,
        adopted_subscriptions: importer.adopted_subscriptions.len() as u64,
    })
}

/// Per-file state: the book's look-ups (loaded once) and what adoption created.
pub(super) struct Importer {
    pub(super) customers: HashMap<String, String>,
    pub(super) subscriptions: HashMap<String, SubscriptionRef>,
    pub(super) partner: Option<AdoptingPartner>,
    pub(super) adopted_customers: Vec<String>,
    pub(super) adopted_subscriptions: Vec<String>,
    pub(super) adopted_sub_set: std::collections::HashSet<String>,
    pub(super) earliest: Option<NaiveDate>,
    pub(super) lower: String,
    /// The customer ID of the row last checked.
    pub(super) current_customer: String,
}

impl Importer {
    pub(super) async fn new(tx: &mut WriteTx, options: ImportOptions) -> Result<Self> {
        let partner =
            if options.adopt { Some(adopting_partner(tx, options.partner_id.as_deref()).await?) } else { None };
        Ok(Self {
            customers: store::customers::ids_by_lower_tenant(tx).await?,
            subscriptions: store::subscriptions::refs_by_lower_id(tx).await?,
            partner,
            adopted_customers: Vec::new(),
            adopted_subscriptions: Vec::new(),
            adopted_sub_set: Default::default(),
            earliest: None,
            lower: String::new(),
            current_customer: String::new(),
        })
    }

    /// The customer and subscription of a row exist, belong together, and the date falls in the
    /// subscription's life (created on or before it; the cancellation day itself still billed).
    /// With adoption, what is missing is created.
    pub(super) async fn check(&mut self, tx: &mut WriteTx, rec: &ReadRow) -> Result<()> {
        // Fast path, no allocation: IDs as the book writes them, subscription already known.
        if let (Some(cid), Some(sub)) =
            (self.customers.get(rec.customer_id.as_str()), self.subscriptions.get(rec.subscription_id.as_str()))
        {
            if sub.customer_id.as_deref() == Some(cid.as_str())
                && subscription::check_usage_date(sub.created_on, sub.cancelled_on, rec.usage_date).is_ok()
            {
                self.current_customer.clear();
                self.current_customer.push_str(cid);
                self.earliest = Some(self.earliest.map_or(rec.usage_date, |e| e.min(rec.usage_date)));
                return Ok(());
            }
        }
        let row = rec.row;
        let customer_id = match self.lookup_customer(&rec.customer_id) {
            Some(id) => id,
            None if self.partner.is_some() => self.adopt_customer(tx, rec).await?,
            None => {
                return Err(row_error(
                    row,
                    "CustomerId",
                    format!("no customer with tenant ID '{}' in the book", rec.customer_id),
                    format!("aucun client avec l'ID de tenant « {} » dans le carnet", rec.customer_id),
                ))
            }
        };
        let sub_key = lower(&mut self.lower, &rec.subscription_id).to_string();
        let sub = match self.subscriptions.get(&sub_key) {
            Some(s) => s.clone(),
            None if self.partner.is_some() => self.adopt_subscription(tx, rec, &customer_id, &sub_key).await?,
            None => {
                return Err(row_error(
                    row,
                    "SubscriptionId",
                    format!("no subscription '{}' in the book", rec.subscription_id),
                    format!("aucun abonnement « {} » dans le carnet", rec.subscription_id),
                ))
            }
        };
        if sub.customer_id.as_deref() != Some(customer_id.as_str()) {
            return Err(row_error(
                row,
                "SubscriptionId",
                format!("subscription '{}' does not belong to customer '{}'", rec.subscription_id, rec.customer_id),
                format!("l'abonnement « {} » n'appartient pas au client « {} »", rec.subscription_id, rec.customer_id),
            ));
        }
        self.earliest = Some(self.earliest.map_or(rec.usage_date, |e| e.min(rec.usage_date)));
        self.current_customer.clear();
        self.current_customer.push_str(&customer_id);
        if self.adopted_sub_set.contains(&sub_key) {
            return Ok(());
        }
        match subscription::check_usage_date(sub.created_on, sub.cancelled_on, rec.usage_date) {
            Ok(()) => Ok(()),
            Err(OutsideLife::BeforeCreation(created)) => Err(row_error(
                row,
                "UsageDate",
                format!("{} is before the subscription was created ({created})", rec.usage_date),
                format!("le {} précède la création de l'abonnement ({created})", rec.usage_date),
            )),
            Err(OutsideLife::AfterCancellation(c)) => Err(row_error(
                row,
                "UsageDate",
                format!("{} is after the subscription was cancelled ({c})", rec.usage_date),
                format!("le {} suit la résiliation de l'abonnement ({c})", rec.usage_date),
            )),
        }
    }

    fn lookup_customer(&mut self, tenant: &str) -> Option<String> {
        if let Some(id) = self.customers.get(tenant) {
            return Some(id.clone());
        }
        let key = lower(&mut self.lower, tenant);
        self.customers.get(key).cloned()
    }
}
