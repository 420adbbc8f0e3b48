//! A reader that caps how much a CSV parser may read for one record.
//!
//! The `csv` crate grows its record buffer until the record ends: a hostile file (a 1 GB line
//! without a newline, or a quote never closed) would take that much memory before any check runs.
//! [`RecordBudget`] counts the bytes handed to the parser since the last record ended and fails the
//! read once they exceed [`MAX_CSV_RECORD_BYTES`] plus the parser's own buffer (which may hold the
//! start of the next records): memory stays flat whatever the file.

use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use csp_domain::limits::MAX_CSV_RECORD_BYTES;
use csp_domain::CoreError;

/// The `csv` reader's buffer capacity, set explicitly so that the slack of the budget is known.
pub const PARSER_BUFFER_BYTES: usize = 64 * 1024;

/// Shared between the wrapped input (which spends) and the file reader (which resets after each
/// record). Atomics only so that the reader stays `Send` across the import's awaits.
#[derive(Debug, Default)]
struct Budget {
    spent: AtomicUsize,
    exceeded: AtomicBool,
}

/// The input side: every byte read counts against the current record.
pub struct BoundedInput<R> {
    inner: R,
    budget: Arc<Budget>,
}

/// The reader side: resets the count when a record is done and tells whether the cap was hit.
#[derive(Clone)]
pub struct RecordBudget {
    budget: Arc<Budget>,
}

/// Wraps `inner`; the parser reading it must use a buffer of [`PARSER_BUFFER_BYTES`].
pub fn bounded<R: Read>(inner: R) -> (BoundedInput<R>, RecordBudget) {
    let budget = Arc::new(Budget::default());
    (BoundedInput { inner, budget: budget.clone() }, RecordBudget { budget })
}

impl<R: Read> Read for BoundedInput<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let spent = self.budget.spent.load(Ordering::Relaxed);
        if spent > MAX_CSV_RECORD_BYTES + PARSER_BUFFER_BYTES {
            self.budget.exceeded.store(true, Ordering::Relaxed);
            return Err(io::Error::new(io::ErrorKind::InvalidData, "CSV record too long"));
        }
        let n = self.inner.read(buf)?;
        self.budget.spent.store(spent + n, Ordering::Relaxed);
        Ok(n)
    }
}

impl RecordBudget {
    /// A record was read whole: the next one starts with a fresh budget.
    pub fn record_done(&self) {
        self.budget.spent.store(0, Ordering::Relaxed);
    }

    /// The error for a failed read: "record too long" when the cap was hit, else what the parser
    /// said (`row N: the file is not valid CSV (…)`).
    pub fn error(&self, row: u64, e: &csv::Error) -> CoreError {
        if self.budget.exceeded.load(Ordering::Relaxed) {
            let kib = MAX_CSV_RECORD_BYTES / 1024;
            CoreError::validation(
                format!("row {row}: the row is longer than {kib} KiB (a line without its end, or not a CSV file)"),
                format!("ligne {row} : la ligne dépasse {kib} Kio (une ligne sans fin, ou pas un fichier CSV)"),
            )
        } else {
            CoreError::validation(
                format!("row {row}: the file is not valid CSV ({e})"),
                format!("ligne {row} : le fichier n'est pas un CSV valide ({e})"),
            )
        }
    }
}

/// The CSV reader every import uses: flexible rows, a known buffer size, input capped per record.
pub fn csv_reader<R: Read>(input: R) -> (csv::Reader<BoundedInput<R>>, RecordBudget) {
    let (input, budget) = bounded(input);
    let reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(PARSER_BUFFER_BYTES)
        .from_reader(input);
    (reader, budget)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An endless line: reading stops after the cap, the error says so.
    #[test]
    fn an_endless_line_is_refused_after_the_cap() {
        let endless = io::repeat(b'a');
        let (mut reader, budget) = csv_reader(endless);
        let e = reader.byte_headers().map(|_| ()).unwrap_err();
        let msg = budget.error(1, &e).to_string();
        assert_eq!(msg, "row 1: the row is longer than 256 KiB (a line without its end, or not a CSV file)");
    }

    #[test]
    fn many_short_records_never_hit_the_cap() {
        let mut text = String::from("a,b\n");
        for i in 0..100_000 {
            text.push_str(&format!("{i},x\n"));
        }
        let (mut reader, budget) = csv_reader(text.as_bytes());
        let mut rec = csv::ByteRecord::new();
        let mut n = 0;
        while reader.read_byte_record(&mut rec).unwrap() {
            budget.record_done();
            n += 1;
        }
        assert_eq!(n, 100_000);
    }
}
