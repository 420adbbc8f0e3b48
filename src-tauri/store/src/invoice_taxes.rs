//! The `invoice_taxes` table: each tax rate of a document, with its base and amount.

use rust_decimal::Decimal;
use sqlx::SqliteConnection;

use csp_domain::Result;

use crate::rows::{amount, dec, insert_rows, text, Val};
use crate::Dec;

/// A new `invoice_taxes` row: one rate of an invoice.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTax {
    pub invoice_id: String,
    pub rate: Decimal,
    /// Base and amount at the currency's minor unit (`money::minor`).
    pub base: Decimal,
    pub amount: Decimal,
}

pub async fn insert_taxes(conn: &mut SqliteConnection, taxes: &[NewTax]) -> Result<()> {
    let rows: Vec<Vec<Val>> =
        taxes.iter().map(|t| vec![text(&t.invoice_id), dec(t.rate), amount(t.base), amount(t.amount)]).collect();
    insert_rows(conn, "INSERT INTO invoice_taxes", &["invoice_id", "rate", "base", "amount"], &rows).await
}

/// (rate, base, amount) of each tax rate of an invoice.
pub async fn taxes(conn: &mut SqliteConnection, invoice_id: &str) -> Result<Vec<(Dec, Dec, Dec)>> {
    Ok(sqlx::query_as("SELECT rate, base, amount FROM invoice_taxes WHERE invoice_id = ? ORDER BY CAST(rate AS REAL)")
        .bind(invoice_id)
        .fetch_all(conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, dec};

    #[tokio::test]
    async fn taxes_go_in_and_come_back_by_rate() {
        let mut conn = testing::book().await;
        testing::office_with_draft(&mut conn).await;
        insert_taxes(
            &mut conn,
            &[
                NewTax { invoice_id: "i1".into(), rate: dec("20"), base: dec("1.70"), amount: dec("0.34") },
                NewTax { invoice_id: "i1".into(), rate: dec("5.5"), base: dec("10.00"), amount: dec("0.55") },
            ],
        )
        .await
        .unwrap();
        let back = taxes(&mut conn, "i1").await.unwrap();
        let read: Vec<(String, String, String)> =
            back.iter().map(|(r, b, a)| (r.0.to_string(), b.0.to_string(), a.0.to_string())).collect();
        assert_eq!(read, [("5.5".into(), "10.00".into(), "0.55".into()), ("20".into(), "1.70".into(), "0.34".into())]);
        assert!(taxes(&mut conn, "other").await.unwrap().is_empty());
    }
}
