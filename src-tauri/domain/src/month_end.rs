//! Month-end: Microsoft's bill against the book (DOMAIN.md "Month-end: Microsoft's bill against
//! the book"). The tie-outs' differences, what acknowledging one means, and when a month may close.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::rules::Code;

/// What tie-out 1 tolerates between Microsoft's invoice and its own billed usage, per invoice line.
pub const TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// One difference a tie-out found, with what it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Difference {
    /// `MS_USAGE_MISMATCH`, `NOT_BILLED`, `USAGE_WITHDRAWN` or `LATE_USAGE`.
    #[ts(type = "import(\"./ErrorCode\").ErrorCode")]
    pub code: String,
    pub customer_id: Option<String>,
    pub reseller_id: Option<String>,
    pub subscription_id: Option<String>,
    pub meter_id: Option<String>,
    /// Names as the book knows them (none for what the book lacks).
    pub customer_name: Option<String>,
    pub reseller_name: Option<String>,
    pub subscription_name: Option<String>,
    /// The meter's name, or what Microsoft's invoice charged (its product).
    pub meter_name: Option<String>,
    pub product: Option<String>,
    /// Microsoft's invoice the difference is about, where there is one.
    pub invoice_number: Option<String>,
    /// What is not billed, withdrawn, late or mismatched (positive: money the partner has not
    /// billed on, or must credit).
    #[ts(type = "string")]
    pub amount: Decimal,
    pub currency: String,
    pub acknowledged: bool,
    /// The note it was acknowledged with, and its date.
    pub note: Option<String>,
    pub acknowledged_on: Option<chrono::NaiveDate>,
}

impl Difference {
    pub fn new(code: Code, amount: Decimal, currency: &str) -> Self {
        Self {
            code: code.as_str().to_string(),
            customer_id: None,
            reseller_id: None,
            subscription_id: None,
            meter_id: None,
            customer_name: None,
            reseller_name: None,
            subscription_name: None,
            meter_name: None,
            product: None,
            invoice_number: None,
            amount,
            currency: currency.to_string(),
            acknowledged: false,
            note: None,
            acknowledged_on: None,
        }
    }

    /// What identifies the difference from one reading of the month to the next: an
    /// acknowledgement holds for this key and this amount (a changed amount is a new difference).
    pub fn key(&self) -> String {
        let part = |v: &Option<String>| v.clone().unwrap_or_default();
        [
            self.code.clone(),
            part(&self.invoice_number),
            part(&self.customer_id),
            part(&self.reseller_id),
            part(&self.subscription_id),
            part(&self.meter_id),
            self.currency.clone(),
        ]
        .join("|")
    }
}

/// A step of the month-end checklist, in the order a person does them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Microsoft's billed usage file imported: rows billed, none left unbilled.
    Usage,
    /// Microsoft's invoice reconciliation file imported.
    Microsoft,
    /// The month's drafts issued.
    Drafts,
    /// Every difference acknowledged.
    Differences,
    /// The month closed.
    Close,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChecklistItem {
    pub step: Step,
    pub done: bool,
}

/// The month's checklist from what the tie-outs read.
pub fn checklist(
    billed_rows: i64,
    unbilled_rows: i64,
    microsoft_invoices: usize,
    drafts: i64,
    differences: &[Difference],
    closed: bool,
) -> Vec<ChecklistItem> {
    [
        (Step::Usage, billed_rows > 0 && unbilled_rows == 0),
        (Step::Microsoft, microsoft_invoices > 0),
        (Step::Drafts, drafts == 0),
        (Step::Differences, differences.iter().all(|d| d.acknowledged)),
        (Step::Close, closed),
    ]
    .into_iter()
    .map(|(step, done)| ChecklistItem { step, done })
    .collect()
}

/// Tie-out 1: Microsoft's invoice line against its own billed usage, when they differ by more than
/// [`TOLERANCE`]: the difference (invoice − usage).
pub fn mismatch(invoiced: Decimal, usage: Decimal) -> Option<Decimal> {
    let d = invoiced - usage;
    (d.abs() > TOLERANCE).then_some(d)
}

/// A month closes once its drafts are issued and each difference is acknowledged (`MONTH_NOT_READY`
/// otherwise): what is still left, in words, for the refusal and the checklist.
pub fn left_to_close(drafts: u64, differences: &[Difference]) -> Vec<(String, String)> {
    let mut left = Vec::new();
    if drafts > 0 {
        left.push((format!("{drafts} draft invoice(s) to issue"), format!("{drafts} facture(s) brouillon à émettre")));
    }
    let open = differences.iter().filter(|d| !d.acknowledged).count();
    if open > 0 {
        left.push((format!("{open} difference(s) to acknowledge"), format!("{open} écart(s) à accepter")));
    }
    left
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_cent_is_tolerated_more_is_a_mismatch() {
        assert_eq!(mismatch(d("10.00"), d("9.99")), None);
        assert_eq!(mismatch(d("10.00"), d("10.01")), None);
        assert_eq!(mismatch(d("10.00"), d("9.98")), Some(d("0.02")));
        assert_eq!(mismatch(d("0"), d("3.50")), Some(d("-3.50")));
    }

    #[test]
    fn the_checklist_follows_the_month() {
        let open = Difference::new(Code::NotBilled, d("1"), "EUR");
        let done = |c: Vec<ChecklistItem>| c.iter().map(|i| i.done).collect::<Vec<_>>();
        assert_eq!(done(checklist(0, 0, 0, 0, &[], false)), [false, false, true, true, false]);
        assert_eq!(
            done(checklist(10, 2, 1, 1, std::slice::from_ref(&open), false)),
            [false, true, false, false, false]
        );
        assert_eq!(done(checklist(10, 0, 1, 0, &[], true)), [true, true, true, true, true]);
    }

    #[test]
    fn a_month_with_drafts_or_open_differences_is_not_ready() {
        let mut diff = Difference::new(Code::NotBilled, d("12.00"), "EUR");
        assert_eq!(left_to_close(1, std::slice::from_ref(&diff)).len(), 2);
        diff.acknowledged = true;
        assert!(left_to_close(0, &[diff]).is_empty());
    }

    #[test]
    fn the_key_names_what_the_difference_is_about_not_its_amount() {
        let mut a = Difference::new(Code::NotBilled, d("12.00"), "EUR");
        a.subscription_id = Some("s1".into());
        let mut b = a.clone();
        b.amount = d("13.00");
        assert_eq!(a.key(), b.key());
        b.meter_id = Some("m1".into());
        assert_ne!(a.key(), b.key());
    }
}
