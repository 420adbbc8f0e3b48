//! The reading thread of an import: the file parsed into batches of owned rows, ahead of the writer.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::import::usage::{UsageFile, UsageRecord};
use crate::store::usage::{UsageInsert, BATCH_ROWS};
use crate::Result;

/// A row the reading thread has parsed and checked on its own (numbers, dates, required values,
/// the duplicate hash), owned so that it can cross to the writer; the writer checks it against the
/// book and stores it.
#[derive(Debug, Default, Clone)]
pub(super) struct ReadRow {
    pub(super) row: u64,
    pub(super) usage_date: NaiveDate,
    /// As the file writes them: the tenant ID (`CustomerId`) and the subscription ID.
    pub(super) customer_id: String,
    pub(super) subscription_id: String,
    pub(super) customer_name: String,
    pub(super) customer_domain: String,
    pub(super) customer_country: String,
    pub(super) subscription_name: String,
    /// What gets stored (its customer ID is set once the row is checked against the book).
    pub(super) insert: UsageInsert,
}

/// Rows read ahead: while the writer stores one batch, the reading thread parses the next ones.
pub(super) type Batch = Vec<ReadRow>;
pub(super) const BATCHES_AHEAD: usize = 4;

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
pub(super) fn read_ahead(
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
    ins.twin_key = rec.twin_key;
    set(&mut ins.invoice_number, rec.invoice_number);
    ins.charge_start.clear();
    ins.charge_end.clear();
    if let Some(d) = rec.charge_start {
        let _ = write!(ins.charge_start, "{d}");
    }
    if let Some(d) = rec.charge_end {
        let _ = write!(ins.charge_end, "{d}");
    }
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

/// `s` in lower case, written into a reused buffer (IDs are GUIDs: ASCII).
pub(super) fn lower<'a>(buf: &'a mut String, s: &str) -> &'a str {
    buf.clear();
    buf.extend(s.chars().map(|c| c.to_ascii_lowercase()));
    buf.as_str()
}
