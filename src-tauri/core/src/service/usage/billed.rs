//! Billed and unbilled usage in an import (DOMAIN.md "Month-end: Microsoft's bill against the
//! book"): a billed row whose unbilled twin is stored makes that row billed instead of being stored
//! again; an unbilled row whose twin is stored is the same usage (skipped); once a billed period of a
//! subscription is stored, its unbilled rows without a billed twin are withdrawn.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::domain::money;
use crate::store::usage::{BilledPeriod, ImportCounts, Promotion, StoredTwin};
use crate::store::usage_totals::{Totals, TotalsKey};
use crate::store::{self, WriteTx};
use crate::{CoreError, Result};

use super::reading::ReadRow;

/// What becomes of a row read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    /// Stored (unless its duplicate key is already: the same row imported again).
    Store,
    /// The same usage as a row already stored or earlier in the file.
    Same,
    /// Bills a stored unbilled row, which becomes billed.
    Bills,
}

/// The import's state as to Microsoft's billing.
#[derive(Default)]
pub(super) struct Billing {
    pub(super) counts: ImportCounts,
    /// Stored unbilled rows already billed by an earlier row of this file.
    consumed: HashSet<i64>,
    /// Twin keys of this import's unbilled rows being stored (not yet visible to a look-up).
    pending_unbilled: HashMap<[u8; 16], usize>,
    /// Promotions decided and not yet written (written after each batch), and their new keys (a row
    /// repeated in the file is then the duplicate it is).
    promotions: Vec<Promotion>,
    promoted_keys: HashSet<[u8; 16]>,
    promoted_per_group: HashMap<i64, i64>,
    periods: HashSet<BilledPeriod>,
    /// The subscription, charge start and end of the billed row last noted (a file lists a
    /// subscription's rows together: most rows need no look-up).
    last_period: (String, String, String),
}

impl Billing {
    /// Decides each row's fate for a batch, with one look-up of the stored twins.
    pub(super) async fn sort(&mut self, tx: &mut WriteTx, batch: &mut [ReadRow], fates: &mut Vec<Fate>) -> Result<()> {
        let keys: Vec<[u8; 16]> = batch.iter().map(|r| r.insert.twin_key).collect();
        let mut stored: HashMap<[u8; 16], Vec<StoredTwin>> = HashMap::new();
        for t in store::usage::twins(tx, &keys).await? {
            stored.entry(t.twin_key).or_default().push(t);
        }
        fates.clear();
        self.pending_unbilled.clear();
        for (i, r) in batch.iter().enumerate() {
            let ins = &r.insert;
            let twins = stored.get(&ins.twin_key).map(Vec::as_slice).unwrap_or_default();
            let fate = if ins.invoice_number.is_empty() {
                self.counts.unbilled += 1;
                if twins.is_empty() && !self.pending_unbilled.contains_key(&ins.twin_key) {
                    self.pending_unbilled.insert(ins.twin_key, i);
                    Fate::Store
                } else {
                    Fate::Same
                }
            } else {
                self.counts.billed += 1;
                self.note_period(&ins.subscription_id, &ins.usage_date, &ins.charge_start, &ins.charge_end);
                // The same billed row again (this file, or a file imported before): held once.
                let again = twins.iter().any(|t| t.invoice_number.as_deref() == Some(ins.invoice_number.as_str()));
                if again || self.promoted_keys.contains(&ins.dedup_key) {
                    fates.push(Fate::Same);
                    continue;
                }
                let open = twins.iter().find(|t| !t.billed && !t.withdrawn && !self.consumed.contains(&t.id));
                if let Some(t) = open {
                    self.consumed.insert(t.id);
                    self.promoted_keys.insert(ins.dedup_key);
                    self.promotions.push(Promotion {
                        id: t.id,
                        invoice_number: ins.invoice_number.clone(),
                        charge_start: ins.charge_start.clone(),
                        charge_end: ins.charge_end.clone(),
                    });
                    if let Some(g) = t.group_id {
                        *self.promoted_per_group.entry(g).or_default() += 1;
                    }
                    self.counts.became_billed += 1;
                    Fate::Bills
                } else if let Some(&j) = self.pending_unbilled.get(&ins.twin_key) {
                    // Its unbilled twin is earlier in this batch: that row is stored as billed.
                    self.pending_unbilled.remove(&ins.twin_key);
                    fates[j] = Fate::Same;
                    self.counts.became_billed += 1;
                    Fate::Store
                } else {
                    Fate::Store
                }
            };
            fates.push(fate);
        }
        Ok(())
    }

    /// Writes the promotions decided so far (after each batch: memory stays bounded, and the next
    /// batch's look-up sees those rows billed).
    pub(super) async fn write_promotions(&mut self, tx: &mut WriteTx) -> Result<()> {
        if !self.promotions.is_empty() {
            store::usage::promote(tx, &self.promotions, &HashMap::new()).await?;
            self.promotions.clear();
            self.promoted_keys.clear();
        }
        Ok(())
    }

    /// The billing period a billed row belongs to: its `ChargeStartDate`–`ChargeEndDate`, else the
    /// calendar month of its usage.
    fn note_period(&mut self, subscription: &str, usage_date: &str, start: &str, end: &str) {
        let last = &self.last_period;
        if last.0 == subscription && last.1 == start && last.2 == end && !start.is_empty() {
            return;
        }
        let Ok(day) = usage_date.parse::<NaiveDate>() else { return };
        let month_start = day.with_day(1).unwrap_or(day);
        let month_end =
            month_start.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(day);
        let from = start.parse().unwrap_or(month_start);
        let to = end.parse().unwrap_or(month_end);
        let period = BilledPeriod { subscription_id: subscription.to_string(), from: from.min(to), to: from.max(to) };
        self.periods.insert(period);
        self.last_period = (subscription.to_string(), start.to_string(), end.to_string());
    }

    /// After the rows and their sums are stored: the stored rows this file billed become billed, and
    /// the unbilled rows of its billed periods left without a twin are withdrawn (they leave the
    /// groups the billing run drafts from, and the month's sums).
    pub(super) async fn finish(mut self, tx: &mut WriteTx, import_id: i64) -> Result<ImportCounts> {
        store::usage::promote(tx, &self.promotions, &self.promoted_per_group).await?;
        self.promotions.clear();
        let mut periods: Vec<BilledPeriod> = self.periods.drain().collect();
        periods.sort_by(|a, b| (&a.subscription_id, a.from).cmp(&(&b.subscription_id, b.from)));
        let withdrawn = store::usage::withdraw(tx, import_id, &periods).await?;
        self.counts.withdrawn = withdrawn.len() as u64;
        let mut per_group: HashMap<i64, (i64, Decimal)> = HashMap::new();
        let mut totals = Totals::new();
        let number = |text: &str| {
            money::parse(text).ok_or_else(|| {
                CoreError::validation(
                    format!("a stored usage quantity or price is not a number: '{text}'"),
                    format!("une quantité ou un prix d'utilisation enregistré n'est pas un nombre : « {text} »"),
                )
            })
        };
        for w in &withdrawn {
            let (q, p, rate) = (number(&w.quantity)?, number(&w.unit_price)?, number(&w.pc_to_bc_rate)?);
            if let Some(g) = w.group_id {
                let e = per_group.entry(g).or_default();
                e.0 += 1;
                e.1 = money::add(e.1, q)?;
            }
            let key = TotalsKey {
                month: w.usage_date.get(..7).unwrap_or_default().to_string(),
                customer_id: w.customer_id.clone(),
                subscription_id: w.subscription_id.clone(),
                meter_category: w.meter_category.clone(),
                billing_currency: w.billing_currency.clone(),
            };
            totals.entry(key).or_default().remove_row(q, p, rate)?;
        }
        store::usage_groups::withdraw(tx, &per_group).await?;
        store::usage_totals::add(tx, &totals).await?;
        Ok(self.counts)
    }
}
