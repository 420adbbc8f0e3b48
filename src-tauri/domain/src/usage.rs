//! A month's usage summed per customer, subscription, meter category and billing currency: what the
//! usage screen and the dashboard show. The sums are kept as rows are stored, so that opening a
//! month of a million rows reads thousands of sums, not the rows.

use rust_decimal::Decimal;

use crate::{money, CoreError};

/// Rows, quantity and ERP amount (quantity × unit price × PC→BC rate, unrounded: rounding happens
/// once, on the group's sum, as the usage screen always did) of a group of usage rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UsageTotal {
    pub rows: i64,
    pub quantity: Decimal,
    pub erp: Decimal,
}

impl UsageTotal {
    /// Counts one row; an amount too large to sum is a `VALIDATION` error, never a panic.
    pub fn add_row(&mut self, quantity: Decimal, unit_price: Decimal, pc_to_bc_rate: Decimal) -> Result<(), CoreError> {
        let erp = money::mul(money::mul(quantity, unit_price)?, pc_to_bc_rate)?;
        self.merge(&UsageTotal { rows: 1, quantity, erp })
    }

    /// Takes one row out (a row Microsoft withdrew): the sums as if it had never been counted.
    pub fn remove_row(
        &mut self,
        quantity: Decimal,
        unit_price: Decimal,
        pc_to_bc_rate: Decimal,
    ) -> Result<(), CoreError> {
        let erp = money::mul(money::mul(quantity, unit_price)?, pc_to_bc_rate)?;
        self.merge(&UsageTotal { rows: -1, quantity: -quantity, erp: -erp })
    }

    /// Adds another group's sums to these.
    pub fn merge(&mut self, other: &UsageTotal) -> Result<(), CoreError> {
        // All or nothing: a refused row leaves the sums as they were.
        *self = UsageTotal {
            rows: self.rows.checked_add(other.rows).ok_or_else(money::overflow)?,
            quantity: money::add(self.quantity, other.quantity)?,
            erp: money::add(self.erp, other.erp)?,
        };
        Ok(())
    }

    /// The ERP amount as the usage screen shows it: rounded to the currency's minor unit, with its
    /// digits (`5.50`).
    pub fn erp_amount(&self, currency: &str) -> Decimal {
        money::minor(self.erp, currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn sums_rows_exactly_and_rounds_once() {
        let mut t = UsageTotal::default();
        // 3 × 0.001 EUR would round to 0.00 row by row; the group's sum rounds to 0.01.
        for _ in 0..3 {
            t.add_row(d("1"), d("0.00333"), d("1.5")).unwrap();
        }
        assert_eq!(t.rows, 3);
        assert_eq!(t.quantity, d("3"));
        assert_eq!(t.erp, d("0.014985"));
        assert_eq!(t.erp_amount("EUR").to_string(), "0.01");
        assert_eq!(t.erp_amount("JPY").to_string(), "0");
        let whole = UsageTotal { rows: 1, quantity: d("10"), erp: d("5.5") };
        assert_eq!(whole.erp_amount("EUR").to_string(), "5.50");
    }

    #[test]
    fn merging_equals_adding_the_rows_one_by_one() {
        let rows = [("1.5", "0.0968", "1"), ("0.00000641", "12", "0.92"), ("-2", "0.5", "1.1")];
        let mut whole = UsageTotal::default();
        let (mut a, mut b) = (UsageTotal::default(), UsageTotal::default());
        for (i, (q, p, r)) in rows.iter().enumerate() {
            whole.add_row(d(q), d(p), d(r)).unwrap();
            if i % 2 == 0 { &mut a } else { &mut b }.add_row(d(q), d(p), d(r)).unwrap();
        }
        a.merge(&b).unwrap();
        assert_eq!(a, whole);
    }

    #[test]
    fn an_absurd_sum_is_a_refusal_not_a_panic() {
        let mut t = UsageTotal::default();
        t.add_row(Decimal::MAX, d("1"), d("1")).unwrap();
        let e = t.add_row(Decimal::MAX, d("1"), d("1")).unwrap_err();
        assert_eq!(e.code(), "VALIDATION");
        assert!(t.add_row(d("1"), Decimal::MAX, d("2")).is_err());
    }
}
