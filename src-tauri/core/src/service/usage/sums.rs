//! What an import keeps beside its rows, in its own transaction.

use std::collections::HashMap;

use crate::domain::money;
use crate::domain::usage::UsageTotal;
use crate::import::usage::row_error;
use crate::store::usage::UsageInsert;
use crate::store::usage_groups::Grouper;
use crate::store::usage_totals::{Totals, TotalsKey};
use crate::store::{self, WriteTx};
use crate::{CoreError, Result};

/// The month's sums of the rows this import stores (`store::usage_totals`), added to the book's in
/// the import's transaction: the usage screen and the dashboard then never re-read the rows; and
/// the groups the billing run reads (`store::usage_groups`).
pub(super) struct Sums {
    totals: Totals,
    groups: Grouper,
    /// The group of the rows last counted (a file lists a customer's rows together: no look-up).
    current: Option<(TotalsKey, UsageTotal)>,
    /// The highest usage row ID before the batch being counted.
    last_id: i64,
}

impl Sums {
    pub(super) async fn new(tx: &mut WriteTx) -> Result<Self> {
        Ok(Self {
            totals: Totals::new(),
            groups: Grouper::new(tx).await?,
            current: None,
            last_id: store::usage::last_row_id(tx).await?,
        })
    }

    /// Counts what the last insert stored of the batch: all of it, none (a file imported again), or
    /// the rows whose keys are among the new rows (the others were duplicates).
    pub(super) async fn count(
        &mut self,
        tx: &mut WriteTx,
        row_numbers: &[u64],
        rows: &[UsageInsert],
        stored: u64,
        last_id: i64,
    ) -> Result<()> {
        if stored == 0 {
            return Ok(());
        }
        let mut kept: Option<HashMap<Vec<u8>, i64>> = None;
        if stored < rows.len() as u64 {
            kept = Some(store::usage::keys_after(tx, self.last_id).await?.into_iter().collect());
        } else if u64::try_from(last_id - self.last_id).ok() != Some(stored) {
            // A whole batch stored takes the IDs that follow the last one, in order.
            return Err(CoreError::Io(std::io::Error::other("usage rows were not stored with consecutive IDs")));
        }
        let mut id = self.last_id;
        self.last_id = last_id;
        for (&row, ins) in row_numbers.iter().zip(rows) {
            // Identical rows have identical keys: the one stored counts, once.
            match kept.as_mut() {
                Some(k) => match k.remove(&ins.dedup_key[..]) {
                    Some(stored_as) => id = stored_as,
                    None => continue,
                },
                None => id += 1,
            }
            self.add(row, ins, id)?;
        }
        Ok(())
    }

    /// The usage group a row goes into (the billing run reads the groups, not the rows).
    pub(super) fn group_of(&mut self, ins: &UsageInsert) -> i64 {
        self.groups.assign(ins)
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

    pub(super) async fn store(mut self, tx: &mut WriteTx, import_id: i64) -> Result<()> {
        self.flush()?;
        store::usage_totals::add(tx, &self.totals).await?;
        self.groups.store(tx, import_id).await
    }
}
