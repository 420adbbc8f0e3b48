//! Usage: importing Partner Center's daily rated usage file, and the month's usage summary.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::partner::Tier;
use crate::domain::rules::{MARKET_MISMATCH, TIER_CANNOT_RESELL};
use crate::domain::usage::UsageTotal;
use crate::domain::Month;
use crate::domain::{market, money, validate};
use crate::import::usage::{row_error, UsageFile, UsageRecord};
use crate::store::reference::Country;
use crate::store::usage::{
    AdoptedCustomer, AdoptedSubscription, SubscriptionRef, UsageInsert, BATCH_ROWS, DEFAULT_CACHE_KIB,
};
use crate::store::usage_groups::Grouper;
use crate::store::usage_totals::{Totals, TotalsKey};
use crate::store::{self, begin_write, WriteTx};
use crate::{CoreError, Ctx, Result};

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    /// Create the customers and subscriptions the file names but the book lacks.
    pub adopt: bool,
    /// Under this partner (default: the operating partner, `office.partner_id`).
    pub partner_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportResult {
    #[ts(type = "number")]
    pub imported: u64,
    #[ts(type = "number")]
    pub skipped_duplicates: u64,
    #[ts(type = "number")]
    pub adopted_customers: u64,
    #[ts(type = "number")]
    pub adopted_subscriptions: u64,
}

/// How often the progress callback hears from the import (rows).
pub const PROGRESS_EVERY: u64 = 10_000;

/// Where an import is: rows stored so far, and how far into the file (bytes read, of how many
/// when the file's size is known), so that a window can draw a bar with its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ImportProgress {
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    #[ts(type = "number | null")]
    pub total_bytes: Option<u64>,
}

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
    store::usage::set_cache_kib(&mut tx, IMPORT_CACHE_KIB).await?;
    let result = import_in(&mut tx, input, total_bytes, file_name, options, progress).await;
    // The connection goes back to the pool: give the memory back whatever happened.
    store::usage::set_cache_kib(&mut tx, DEFAULT_CACHE_KIB).await?;
    let result = result?;
    tx.commit().await?;
    tracing::info!(file = file_name, imported = result.imported, skipped = result.skipped_duplicates, "usage imported");
    Ok(result)
}

/// Page cache while importing (bounded: memory stays constant whatever the file's size).
const IMPORT_CACHE_KIB: i64 = 128 * 1024;

/// A row the reading thread has parsed and checked on its own (numbers, dates, required values,
/// the duplicate hash), owned so that it can cross to the writer; the writer checks it against the
/// book and stores it.
#[derive(Debug, Default, Clone)]
struct ReadRow {
    row: u64,
    usage_date: NaiveDate,
    /// As the file writes them: the tenant ID (`CustomerId`) and the subscription ID.
    customer_id: String,
    subscription_id: String,
    customer_name: String,
    customer_domain: String,
    customer_country: String,
    subscription_name: String,
    /// What gets stored (its customer ID is set once the row is checked against the book).
    insert: UsageInsert,
}

/// Rows read ahead: while the writer stores one batch, the reading thread parses the next ones.
type Batch = Vec<ReadRow>;
const BATCHES_AHEAD: usize = 4;

/// Counts the bytes read from the file (for the progress bar's position).
struct Counting<R> {
    inner: R,
    read: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// Reads the file on its own thread, into batches of [`BATCH_ROWS`] rows (the writer gives the
/// batches back to be filled again). Ends at the end of the file, at its first bad row (sent after
/// the rows before it), or when the writer stops listening.
fn read_ahead(
    input: impl std::io::Read + Send + 'static,
    bytes: std::sync::Arc<std::sync::atomic::AtomicU64>,
    tx: tokio::sync::mpsc::Sender<Result<Batch>>,
    recycled: std::sync::mpsc::Receiver<Batch>,
) {
    let input = std::io::BufReader::with_capacity(1 << 20, Counting { inner: input, read: bytes });
    let mut file = match UsageFile::new(input) {
        Ok(f) => f,
        Err(e) => {
            let _ = tx.blocking_send(Err(e));
            return;
        }
    };
    let mut lower_buf = String::new();
    let mut last_date: Option<(NaiveDate, String)> = None;
    let mut batch: Batch = Vec::with_capacity(BATCH_ROWS);
    let mut filled = 0usize;
    loop {
        let rec = match file.next_record() {
            Ok(Some(rec)) => rec,
            Ok(None) => break,
            Err(e) => {
                batch.truncate(filled);
                if !batch.is_empty() && tx.blocking_send(Ok(batch)).is_err() {
                    return;
                }
                let _ = tx.blocking_send(Err(e));
                return;
            }
        };
        if filled == batch.len() {
            batch.push(ReadRow::default());
        }
        fill(&mut batch[filled], &rec, &mut lower_buf, &mut last_date);
        filled += 1;
        if filled == BATCH_ROWS {
            if tx.blocking_send(Ok(batch)).is_err() {
                return;
            }
            batch = recycled.try_recv().unwrap_or_else(|_| Vec::with_capacity(BATCH_ROWS));
            filled = 0;
        }
    }
    batch.truncate(filled);
    if !batch.is_empty() {
        let _ = tx.blocking_send(Ok(batch));
    }
}

/// Copies a parsed record into a reusable slot (no allocation once warm).
fn fill(
    slot: &mut ReadRow,
    rec: &UsageRecord<'_>,
    lower_buf: &mut String,
    last_date: &mut Option<(NaiveDate, String)>,
) {
    fn set(dst: &mut String, src: &str) {
        dst.clear();
        dst.push_str(src);
    }
    slot.row = rec.row;
    slot.usage_date = rec.usage_date;
    set(&mut slot.customer_id, rec.customer_id);
    set(&mut slot.subscription_id, rec.subscription_id);
    set(&mut slot.customer_name, rec.customer_name);
    set(&mut slot.customer_domain, rec.customer_domain);
    set(&mut slot.customer_country, rec.customer_country);
    set(&mut slot.subscription_name, rec.subscription_name);
    let ins = &mut slot.insert;
    ins.dedup_key = rec.dedup_key;
    set(&mut ins.subscription_id, lower(lower_buf, rec.subscription_id));
    match last_date {
        Some((d, text)) if *d == rec.usage_date => set(&mut ins.usage_date, text),
        _ => {
            ins.usage_date.clear();
            let _ = write!(ins.usage_date, "{}", rec.usage_date);
            *last_date = Some((rec.usage_date, ins.usage_date.clone()));
        }
    }
    set(&mut ins.meter_id, rec.meter_id);
    set(&mut ins.meter_name, rec.meter_name);
    set(&mut ins.meter_category, rec.meter_category);
    set(&mut ins.meter_subcategory, rec.meter_subcategory);
    set(&mut ins.unit, rec.unit);
    set(&mut ins.resource_group, rec.resource_group);
    set(&mut ins.quantity, &rec.quantity);
    set(&mut ins.unit_price, &rec.unit_price);
    set(&mut ins.pricing_currency, rec.pricing_currency);
    set(&mut ins.billing_currency, rec.billing_currency);
    set(&mut ins.pc_to_bc_rate, &rec.pc_to_bc_rate);
    set(&mut ins.effective_unit_price, &rec.effective_unit_price);
    set(&mut ins.pec_percentage, &rec.pec_percentage);
    set(&mut ins.credit_type, rec.credit_type);
    set(&mut ins.billing_pre_tax_total, &rec.billing_pre_tax_total);
}

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
            r.insert.group_id = sums.groups.assign(&r.insert);
            read += 1;
            if read % PROGRESS_EVERY == 0 {
                report(read);
            }
        }
        // The batch's rows go to the statement as one slice; the slots go back to the reader.
        inserts.clear();
        inserts.extend(batch.iter_mut().map(|r| std::mem::take(&mut r.insert)));
        let (stored, last_id) = if inserts.len() == BATCH_ROWS {
            store::usage::insert_batch(tx, &full_sql, import_id, &inserts).await?
        } else {
            store::usage::insert_batch(tx, &store::usage::insert_sql(inserts.len()), import_id, &inserts).await?
        };
        imported += stored;
        sums.count(tx, &batch, &inserts, stored, last_id).await?;
        for (r, ins) in batch.iter_mut().zip(inserts.drain(..)) {
            r.insert = ins;
        }
        let _ = recycle.send(batch);
    }
    report(read);
    if let (Some(first), Some(partner)) = (importer.earliest, importer.partner.as_ref()) {
        store::usage::date_adopted(
            tx,
            &partner.id,
            &importer.adopted_customers,
            &importer.adopted_subscriptions,
            first,
        )
        .await?;
    }
    sums.store(tx, import_id).await?;
    let skipped = read - imported;
    store::usage::finish_import(tx, import_id, imported, skipped).await?;
    Ok(ImportResult {
        imported,
        skipped_duplicates: skipped,
        adopted_customers: importer.adopted_customers.len() as u64,
        adopted_subscriptions: importer.adopted_subscriptions.len() as u64,
    })
}

/// The month's sums of the rows this import stores (`store::usage_totals`), added to the book's in
/// the import's transaction: the usage screen and the dashboard then never re-read the rows; and
/// the groups the billing run reads (`store::usage_groups`).
struct Sums {
    totals: Totals,
    groups: Grouper,
    /// The group of the rows last counted (a file lists a customer's rows together: no look-up).
    current: Option<(TotalsKey, UsageTotal)>,
    /// The highest usage row ID before the batch being counted.
    last_id: i64,
}

impl Sums {
    async fn new(tx: &mut WriteTx) -> Result<Self> {
        Ok(Self {
            totals: Totals::new(),
            groups: Grouper::new(tx).await?,
            current: None,
            last_id: store::usage_totals::last_row_id(tx).await?,
        })
    }

    /// Counts what the last insert stored of the batch: all of it, none (a file imported again), or
    /// the rows whose keys are among the new rows (the others were duplicates).
    async fn count(
        &mut self,
        tx: &mut WriteTx,
        batch: &[ReadRow],
        rows: &[UsageInsert],
        stored: u64,
        last_id: i64,
    ) -> Result<()> {
        if stored == 0 {
            return Ok(());
        }
        let mut kept: Option<HashMap<Vec<u8>, i64>> = None;
        if stored < rows.len() as u64 {
            kept = Some(store::usage_totals::keys_after(tx, self.last_id).await?.into_iter().collect());
        } else if u64::try_from(last_id - self.last_id).ok() != Some(stored) {
            // A whole batch stored takes the IDs that follow the last one, in order.
            return Err(CoreError::Io(std::io::Error::other("usage rows were not stored with consecutive IDs")));
        }
        let mut id = self.last_id;
        self.last_id = last_id;
        for (r, ins) in batch.iter().zip(rows) {
            // Identical rows have identical keys: the one stored counts, once.
            match kept.as_mut() {
                Some(k) => match k.remove(&ins.dedup_key[..]) {
                    Some(stored_as) => id = stored_as,
                    None => continue,
                },
                None => id += 1,
            }
            self.add(r.row, ins, id)?;
        }
        Ok(())
    }

    fn add(&mut self, row: u64, ins: &UsageInsert, id: i64) -> Result<()> {
        let same = self.current.as_ref().is_some_and(|(k, _)| {
            k.is(&ins.usage_date, &ins.customer_id, &ins.subscription_id, &ins.meter_category, &ins.billing_currency)
        });
        if !same {
            self.flush()?;
            let key = TotalsKey {
                month: ins.usage_date.get(..7).unwrap_or_default().to_string(),
                customer_id: ins.customer_id.clone(),
                subscription_id: ins.subscription_id.clone(),
                meter_category: ins.meter_category.clone(),
                billing_currency: ins.billing_currency.clone(),
            };
            self.current = Some((key, UsageTotal::default()));
        }
        let number = |column: &str, text: &str| {
            money::parse(text).ok_or_else(|| {
                row_error(row, column, format!("'{text}' is not a number"), format!("« {text} » n'est pas un nombre"))
            })
        };
        let (q, p, rate) = (
            number("Quantity", &ins.quantity)?,
            number("UnitPrice", &ins.unit_price)?,
            number("PCToBCExchangeRate", &ins.pc_to_bc_rate)?,
        );
        let too_large = |e: CoreError| row_error(row, "Quantity", e.to_string(), e.message_fr());
        if let Some((_, total)) = self.current.as_mut() {
            total.add_row(q, p, rate).map_err(too_large)?;
        }
        self.groups.count(ins, id, q).map_err(too_large)
    }

    fn flush(&mut self) -> Result<()> {
        if let Some((key, total)) = self.current.take() {
            self.totals.entry(key).or_default().merge(&total)?;
        }
        Ok(())
    }

    async fn store(mut self, tx: &mut WriteTx, import_id: i64) -> Result<()> {
        self.flush()?;
        store::usage_totals::add(tx, &self.totals).await?;
        self.groups.store(tx, import_id).await
    }
}

/// The adopting partner and who bills its subscriptions.
struct AdoptingPartner {
    id: String,
    name: String,
    /// The market of its office country: adopted customers must be in it (`MARKET_MISMATCH`).
    market: String,
    billing_partner_id: String,
}

/// Per-file state: the book's look-ups (loaded once) and what adoption created.
struct Importer {
    customers: HashMap<String, String>,
    subscriptions: HashMap<String, SubscriptionRef>,
    partner: Option<AdoptingPartner>,
    adopted_customers: Vec<String>,
    adopted_subscriptions: Vec<String>,
    adopted_sub_set: std::collections::HashSet<String>,
    earliest: Option<NaiveDate>,
    lower: String,
    /// The customer ID of the row last checked.
    current_customer: String,
}

impl Importer {
    async fn new(tx: &mut WriteTx, options: ImportOptions) -> Result<Self> {
        let partner =
            if options.adopt { Some(adopting_partner(tx, options.partner_id.as_deref()).await?) } else { None };
        Ok(Self {
            customers: store::usage::customers_by_tenant(tx).await?,
            subscriptions: store::usage::subscriptions(tx).await?,
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
    async fn check(&mut self, tx: &mut WriteTx, rec: &ReadRow) -> Result<()> {
        // Fast path, no allocation: IDs as the book writes them, subscription already known.
        if let (Some(cid), Some(sub)) =
            (self.customers.get(rec.customer_id.as_str()), self.subscriptions.get(rec.subscription_id.as_str()))
        {
            if sub.customer_id.as_deref() == Some(cid.as_str())
                && rec.usage_date >= sub.created_on
                && sub.cancelled_on.is_none_or(|c| rec.usage_date <= c)
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
        if rec.usage_date < sub.created_on {
            return Err(row_error(
                row,
                "UsageDate",
                format!("{} is before the subscription was created ({})", rec.usage_date, sub.created_on),
                format!("le {} précède la création de l'abonnement ({})", rec.usage_date, sub.created_on),
            ));
        }
        if let Some(c) = sub.cancelled_on.filter(|c| rec.usage_date > *c) {
            return Err(row_error(
                row,
                "UsageDate",
                format!("{} is after the subscription was cancelled ({c})", rec.usage_date),
                format!("le {} suit la résiliation de l'abonnement ({c})", rec.usage_date),
            ));
        }
        Ok(())
    }

    fn lookup_customer(&mut self, tenant: &str) -> Option<String> {
        if let Some(id) = self.customers.get(tenant) {
            return Some(id.clone());
        }
        let key = lower(&mut self.lower, tenant);
        self.customers.get(key).cloned()
    }

    async fn adopt_customer(&mut self, tx: &mut WriteTx, rec: &ReadRow) -> Result<String> {
        let row = rec.row;
        let tenant = validate::guid("the tenant ID", "l'ID de tenant", &rec.customer_id)
            .map_err(|e| row_error(row, "CustomerId", e.to_string(), e.message_fr()))?;
        let name = validate::name("the customer name", "le nom du client", &rec.customer_name)
            .map_err(|e| row_error(row, "CustomerName", e.to_string(), e.message_fr()))?;
        // The tenant exists in Partner Center: its primary domain may be a verified custom one.
        let domain = validate::dns_domain(&rec.customer_domain)
            .map_err(|e| row_error(row, "CustomerDomainName", e.to_string(), e.message_fr()))?;
        if rec.customer_country.is_empty() {
            // Nothing to guess from: the country decides the market and the customer's tax.
            return Err(row_error(
                row,
                "CustomerCountry",
                "the customer's country is needed to adopt it (it decides the partner's market and the tax)",
                "le pays du client est nécessaire pour l'adopter (il décide du marché du partenaire et de la taxe)",
            ));
        }
        let country = validate::country_code(&rec.customer_country)
            .map_err(|e| row_error(row, "CustomerCountry", e.to_string(), e.message_fr()))?;
        let Some(place) = store::reference::country(tx, &country).await? else {
            let e = validate::unknown_country(&rec.customer_country);
            return Err(row_error(row, "CustomerCountry", e.to_string(), e.message_fr()));
        };
        self.check_market(row, &place)?;
        if store::usage::domain_taken(tx, &domain).await? {
            return Err(row_error(
                row,
                "CustomerDomainName",
                format!("the domain {domain} already belongs to another tenant"),
                format!("le domaine {domain} appartient déjà à un autre tenant"),
            ));
        }
        let id = uuid::Uuid::new_v4().to_string();
        store::usage::insert_customer(
            tx,
            &AdoptedCustomer { id: &id, tenant_id: &tenant, name: &name, domain: &domain, country: &place.code },
        )
        .await?;
        let partner = self.partner.as_ref().expect("adopting");
        store::usage::ensure_relationship(tx, &partner.id, &id, rec.usage_date).await?;
        self.adopted_customers.push(id.clone());
        self.customers.insert(tenant, id.clone());
        Ok(id)
    }

    /// `MARKET_MISMATCH` when the adopting partner may not sell in the customer's country, named at
    /// the row's `CustomerCountry`.
    fn check_market(&self, row: u64, country: &Country) -> Result<()> {
        let partner = self.partner.as_ref().expect("adopting");
        if market::check(&partner.market, &country.market) == MARKET_MISMATCH {
            return Err(CoreError::rule(
                MARKET_MISMATCH.id,
                format!(
                    "row {row}, column CustomerCountry: {} (market {}) cannot sell to a customer in {} (market {}): {}",
                    partner.name, partner.market, country.name_en, country.market, MARKET_MISMATCH.en
                ),
                format!(
                    "ligne {row}, colonne CustomerCountry : {} (marché {}) ne peut pas vendre à un client en {} (marché {}) : {}",
                    partner.name, partner.market, country.name_fr, country.market, MARKET_MISMATCH.fr
                ),
            ));
        }
        Ok(())
    }

    async fn adopt_subscription(
        &mut self,
        tx: &mut WriteTx,
        rec: &ReadRow,
        customer_id: &str,
        key: &str,
    ) -> Result<SubscriptionRef> {
        let id = validate::guid("the subscription ID", "l'ID d'abonnement", &rec.subscription_id)
            .map_err(|e| row_error(rec.row, "SubscriptionId", e.to_string(), e.message_fr()))?;
        let partner = self.partner.as_ref().expect("adopting");
        if store::customers::relationship(tx, &partner.id, customer_id).await?.is_none() {
            // An existing customer the file links to the adopting partner: onboarding's market rule.
            let customer = crate::service::customers::record(tx, customer_id).await?;
            if let Some(place) = store::reference::country(tx, &customer.country).await? {
                self.check_market(rec.row, &place)?;
            }
        }
        let partner = self.partner.as_ref().expect("adopting");
        if store::usage::ensure_relationship(tx, &partner.id, customer_id, rec.usage_date).await?
            && !self.adopted_customers.iter().any(|c| c == customer_id)
        {
            // An existing customer linked to the adopting partner by the file: date it too.
            self.adopted_customers.push(customer_id.to_string());
        }
        let name = (!rec.subscription_name.is_empty()).then_some(rec.subscription_name.as_str());
        store::usage::insert_subscription(
            tx,
            &AdoptedSubscription {
                id: &id,
                name,
                customer_id,
                partner_id: &partner.id,
                billing_partner_id: &partner.billing_partner_id,
                created_on: rec.usage_date,
            },
        )
        .await?;
        let sub = SubscriptionRef {
            customer_id: Some(customer_id.to_string()),
            created_on: rec.usage_date,
            cancelled_on: None,
        };
        self.subscriptions.insert(key.to_string(), sub.clone());
        self.adopted_sub_set.insert(key.to_string());
        self.adopted_subscriptions.push(id);
        Ok(sub)
    }
}

/// `s` in lower case, written into a reused buffer (IDs are GUIDs: ASCII).
fn lower<'a>(buf: &'a mut String, s: &str) -> &'a str {
    buf.clear();
    buf.extend(s.chars().map(|c| c.to_ascii_lowercase()));
    buf.as_str()
}

async fn adopting_partner(tx: &mut WriteTx, partner_id: Option<&str>) -> Result<AdoptingPartner> {
    let id = match partner_id {
        Some(p) => p.to_string(),
        None => store::settings::load(tx).await?.office_partner_id.ok_or_else(|| {
            CoreError::validation(
                "no operating partner: name the adopting partner with --partner",
                "aucun partenaire exploitant : nommez le partenaire avec --partner",
            )
        })?,
    };
    let partner = crate::service::partners::record(tx, &id).await?;
    let billing_partner_id = match partner.tier() {
        Tier::Direct => partner.id.clone(),
        Tier::IndirectReseller => {
            store::partners::providers_of(tx, &partner.id).await?.into_iter().next().map(|p| p.id).ok_or_else(|| {
                CoreError::validation(
                    format!("{} has no provider to bill its subscriptions", partner.name),
                    format!("{} n'a pas de fournisseur pour facturer ses abonnements", partner.name),
                )
            })?
        }
        Tier::IndirectProvider => {
            return Err(CoreError::rule(
                TIER_CANNOT_RESELL.id,
                format!("{}: {}", partner.name, TIER_CANNOT_RESELL.en),
                format!("{} : {}", partner.name, TIER_CANNOT_RESELL.fr),
            ))
        }
    };
    let market = store::reference::country(tx, &partner.country).await?.map(|c| c.market).unwrap_or_default();
    Ok(AdoptingPartner { id: partner.id, name: partner.name, market, billing_partner_id })
}

// ---- summary ----

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct UsageGroup {
    pub customer_id: String,
    pub customer_name: Option<String>,
    pub subscription_id: String,
    pub subscription_name: Option<String>,
    pub meter_category: String,
    pub currency: String,
    #[ts(type = "number")]
    pub rows: i64,
    #[ts(type = "string")]
    pub quantity: Decimal,
    /// Σ quantity × UnitPrice × PCToBCExchangeRate (ERP in the billing currency), rounded.
    #[ts(type = "string")]
    pub erp_amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct UsageSummary {
    pub month: String,
    #[ts(type = "number")]
    pub rows: i64,
    #[ts(type = "number")]
    pub subscriptions: i64,
    #[ts(type = "number")]
    pub customers: i64,
    /// Per currency: ERP total of the month.
    #[ts(type = "Record<string, string>")]
    pub erp_totals: BTreeMap<String, Decimal>,
    pub groups: Vec<UsageGroup>,
}

/// What is stored for a month, per customer, subscription and meter category.
pub async fn summary(ctx: &Ctx, month: &str) -> Result<UsageSummary> {
    summary_until(ctx, month, None).await
}

/// [`summary`] of the month's usage dated up to `until` (the book on a date knows no later usage).
/// The month's sums kept at import answer it, unless `until` falls before the month's last usage
/// (a past date inside the month: then its rows are read) or the sums do not cover the month yet.
pub async fn summary_until(ctx: &Ctx, month: &str, until: Option<NaiveDate>) -> Result<UsageSummary> {
    let (first, last) = Month::parse(month).map(Month::bounds)?;
    let month = Month::parse(month)?.to_string();
    let mut conn = ctx.pool.acquire().await?;
    let sums = match sums_answer(&mut conn, &month, first, last, until).await? {
        Some(last) => store::usage_totals::between(&mut conn, first, last).await?,
        None => store::usage_totals::month(&mut conn, &month).await?,
    };
    let (rows, erp_totals) = add_up(sums.iter().map(|t| (t.billing_currency.as_str(), &t.total)))?;
    let count = |ids: BTreeSet<&String>| i64::try_from(ids.len()).unwrap_or(i64::MAX);
    let subscriptions = count(sums.iter().map(|t| &t.subscription_id).collect());
    let customers = count(sums.iter().map(|t| &t.customer_id).collect());
    let groups = sums
        .into_iter()
        .map(|t| UsageGroup {
            erp_amount: t.total.erp_amount(&t.billing_currency),
            rows: t.total.rows,
            quantity: t.total.quantity.normalize(),
            customer_id: t.customer_id,
            customer_name: t.customer_name,
            subscription_id: t.subscription_id,
            subscription_name: t.subscription_name,
            meter_category: t.meter_category,
            currency: t.billing_currency,
        })
        .collect();
    Ok(UsageSummary { month, rows, subscriptions, customers, erp_totals, groups })
}

/// The month's usage rows and ERP amounts per currency dated up to `until`, as [`summary_until`]
/// counts them: what the dashboard shows.
pub async fn figures_until(
    ctx: &Ctx,
    month: &str,
    until: Option<NaiveDate>,
) -> Result<(i64, BTreeMap<String, Decimal>)> {
    let (first, last) = Month::parse(month).map(Month::bounds)?;
    let month = Month::parse(month)?.to_string();
    let mut conn = ctx.pool.acquire().await?;
    let sums: Vec<(String, UsageTotal)> = match sums_answer(&mut conn, &month, first, last, until).await? {
        Some(last) => store::usage_totals::between(&mut conn, first, last)
            .await?
            .into_iter()
            .map(|t| (t.billing_currency, t.total))
            .collect(),
        None => store::usage_totals::month_amounts(&mut conn, &month)
            .await?
            .into_iter()
            .map(|(currency, rows, erp)| (currency, UsageTotal { rows, erp: erp.0, ..UsageTotal::default() }))
            .collect(),
    };
    add_up(sums.iter().map(|(currency, t)| (currency.as_str(), t)))
}

/// The rows and the ERP amounts per currency of sums: each sum rounded, then added up (the way
/// the usage screen shows them).
fn add_up<'a>(sums: impl Iterator<Item = (&'a str, &'a UsageTotal)>) -> Result<(i64, BTreeMap<String, Decimal>)> {
    let mut rows = 0i64;
    let mut totals: BTreeMap<String, Decimal> = BTreeMap::new();
    for (currency, t) in sums {
        rows = rows.checked_add(t.rows).ok_or_else(money::overflow)?;
        let sum = totals.entry(currency.to_string()).or_default();
        *sum = money::add(*sum, t.erp_amount(currency))?;
    }
    Ok((rows, totals))
}

/// Whether the month's sums kept at import answer a read up to `until`: `None` when they do;
/// else the last day to read from the rows. They do unless `until` falls before the month's last
/// usage (a past date inside the month) or the sums do not cover the month yet.
async fn sums_answer(
    conn: &mut sqlx::SqliteConnection,
    month: &str,
    first: NaiveDate,
    last: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<Option<NaiveDate>> {
    let read_to = until.map_or(last, |u| u.min(last));
    if read_to < first {
        return Ok(Some(read_to));
    }
    let whole_month = match store::usage_totals::last_usage_date(conn, first, last).await? {
        Some(stored) => until.is_none_or(|u| u >= stored),
        None => true,
    };
    Ok((!whole_month || !store::usage_totals::is_current(conn, month).await?).then_some(read_to))
}
