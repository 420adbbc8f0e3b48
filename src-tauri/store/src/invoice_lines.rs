//! The `invoice_lines` table: what each draft or issued document bills, line by line. An issued
//! document's lines never change (migration 0010's triggers refuse it).

use rust_decimal::Decimal;
use sqlx::SqliteConnection;

use csp_domain::invoice::InvoiceStatus;
use csp_domain::{Currency, Month, Result};

use crate::rows::{amount, dec, insert_rows, opt, text, Val};
use crate::Dec;

/// A new `invoice_lines` row.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLine {
    pub id: i64,
    pub invoice_id: String,
    pub position: i64,
    pub subscription_id: String,
    pub subscription_name: Option<String>,
    pub customer_id: Option<String>,
    pub meter_id: String,
    pub meter_name: String,
    pub meter_category: String,
    pub unit: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub markup_percent: Decimal,
    pub tax_rate: Decimal,
    /// At the currency's minor unit (`money::minor`).
    pub amount: Decimal,
    /// Late usage: the month it belongs to, when not the invoice's.
    pub usage_month: Option<Month>,
    /// A credit of withdrawn usage: the usage group whose withdrawn rows it credits.
    pub withdrawn_group: Option<i64>,
}

pub async fn insert_lines(conn: &mut SqliteConnection, lines: &[NewLine]) -> Result<()> {
    const COLUMNS: [&str; 17] = [
        "id",
        "invoice_id",
        "position",
        "subscription_id",
        "subscription_name",
        "customer_id",
        "meter_id",
        "meter_name",
        "meter_category",
        "unit",
        "quantity",
        "unit_price",
        "markup_percent",
        "tax_rate",
        "amount",
        "usage_month",
        "withdrawn_group",
    ];
    let rows: Vec<Vec<Val>> = lines
        .iter()
        .map(|l| {
            vec![
                Val::Int(l.id),
                text(&l.invoice_id),
                Val::Int(l.position),
                text(&l.subscription_id),
                opt(&l.subscription_name),
                opt(&l.customer_id),
                text(&l.meter_id),
                text(&l.meter_name),
                text(&l.meter_category),
                text(&l.unit),
                dec(l.quantity),
                dec(l.unit_price),
                dec(l.markup_percent),
                dec(l.tax_rate),
                amount(l.amount),
                l.usage_month.map_or(Val::Null, |m| text(&m.to_string())),
                l.withdrawn_group.map_or(Val::Null, Val::Int),
            ]
        })
        .collect();
    insert_rows(conn, "INSERT INTO invoice_lines", &COLUMNS, &rows).await
}

pub async fn next_line_id(conn: &mut SqliteConnection) -> Result<i64> {
    let (max,): (Option<i64>,) = sqlx::query_as("SELECT MAX(id) FROM invoice_lines").fetch_one(conn).await?;
    Ok(max.unwrap_or(0) + 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LineRecord {
    pub id: i64,
    pub position: i64,
    pub subscription_id: String,
    pub subscription_name: Option<String>,
    pub customer_id: Option<String>,
    pub meter_id: String,
    pub meter_name: String,
    pub meter_category: String,
    pub unit: String,
    pub quantity: Dec,
    pub unit_price: Dec,
    pub markup_percent: Dec,
    pub tax_rate: Dec,
    pub amount: Dec,
    /// Late usage: the month it belongs to (`YYYY-MM`), when not the invoice's.
    pub usage_month: Option<String>,
    /// A credit of withdrawn usage: the usage group it credits.
    pub withdrawn_group: Option<i64>,
}

pub async fn lines(conn: &mut SqliteConnection, invoice_id: &str) -> Result<Vec<LineRecord>> {
    Ok(sqlx::query_as(
        "SELECT id, position, subscription_id, subscription_name, customer_id, meter_id, meter_name, meter_category, \
         unit, quantity, unit_price, markup_percent, tax_rate, amount, usage_month, withdrawn_group FROM invoice_lines WHERE invoice_id = ? \
         ORDER BY position",
    )
    .bind(invoice_id)
    .fetch_all(conn)
    .await?)
}

/// A line of an issued document (invoice or credit note, voided or not: they net out) that bills
/// the month's usage, as the margin reads it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RevenueLine {
    pub issuer_id: String,
    pub customer_id: Option<String>,
    pub reseller_id: Option<String>,
    pub subscription_id: String,
    pub meter_category: String,
    pub amount: Dec,
    pub currency: Currency,
    pub exchange_from: Option<String>,
    pub exchange_rate: Option<Dec>,
}

/// The issued lines billing `month`'s usage: its own documents' lines, and the lines of later
/// documents that bill it late or credit it.
pub async fn month_revenue(conn: &mut SqliteConnection, month: Month) -> Result<Vec<RevenueLine>> {
    Ok(sqlx::query_as(
        "SELECT i.issuer_id, l.customer_id, i.reseller_id, l.subscription_id, l.meter_category, l.amount, i.currency, \
                i.exchange_from, i.exchange_rate \
         FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id \
         WHERE i.month = ?1 AND l.usage_month IS NULL AND i.status <> 'draft' \
         UNION ALL \
         SELECT i.issuer_id, l.customer_id, i.reseller_id, l.subscription_id, l.meter_category, l.amount, i.currency, \
                i.exchange_from, i.exchange_rate \
         FROM invoice_lines l INDEXED BY invoice_lines_usage_month JOIN invoices i ON i.id = l.invoice_id \
         WHERE l.usage_month = ?1 AND i.status <> 'draft'",
    )
    .bind(month.to_string())
    .fetch_all(conn)
    .await?)
}

/// Lines of a month's invoices as reconciliation reads them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinePrice {
    pub line_id: i64,
    pub invoice_id: String,
    pub number: Option<String>,
    pub status: InvoiceStatus,
    pub issuer_id: String,
    pub currency: Currency,
    pub exchange_rate: Option<Dec>,
    pub unit_price: Dec,
}

pub async fn line_prices(conn: &mut SqliteConnection, month: Month) -> Result<Vec<LinePrice>> {
    Ok(sqlx::query_as(
        "SELECT l.id AS line_id, l.invoice_id, i.number, i.status, i.issuer_id, i.currency, i.exchange_rate, l.unit_price \
         FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.month = ? AND i.kind = 'invoice'",
    )
    .bind(month.to_string())
    .fetch_all(conn)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, dec};

    fn line(id: i64, position: i64) -> NewLine {
        testing::line(id, "i1", position)
    }

    #[tokio::test]
    async fn lines_go_in_typed_and_come_back_in_position_order() {
        let mut conn = testing::book().await;
        testing::office_with_draft(&mut conn).await;
        insert_lines(&mut conn, &[line(1, 2), line(2, 1)]).await.unwrap();
        let back = lines(&mut conn, "i1").await.unwrap();
        assert_eq!(back.iter().map(|l| (l.position, l.id)).collect::<Vec<_>>(), [(1, 2), (2, 1)]);
        // Quantities and prices without trailing zeros; amounts keep the currency's digits.
        assert_eq!(
            [back[0].quantity.0.to_string(), back[0].unit_price.0.to_string(), back[0].amount.0.to_string()],
            ["15.5", "0.11", "1.70"]
        );
        assert!(lines(&mut conn, "other").await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn the_next_line_id_follows_the_highest_stored() {
        let mut conn = testing::book().await;
        testing::office_with_draft(&mut conn).await;
        assert_eq!(next_line_id(&mut conn).await.unwrap(), 1);
        insert_lines(&mut conn, &[line(7, 1)]).await.unwrap();
        assert_eq!(next_line_id(&mut conn).await.unwrap(), 8);
    }

    #[tokio::test]
    async fn line_prices_are_the_months_invoice_lines_with_their_invoice() {
        let mut conn = testing::book().await;
        testing::office_with_draft(&mut conn).await;
        insert_lines(&mut conn, &[line(1, 1)]).await.unwrap();
        let prices = line_prices(&mut conn, testing::month("2026-10")).await.unwrap();
        assert_eq!(prices.len(), 1);
        let p = &prices[0];
        assert_eq!(
            (p.line_id, p.invoice_id.as_str(), p.status, p.number.as_deref()),
            (1, "i1", InvoiceStatus::Draft, None)
        );
        assert_eq!((p.issuer_id.as_str(), p.currency.as_str(), p.unit_price.0), ("p1", "EUR", dec("0.11")));
        assert!(line_prices(&mut conn, testing::month("2026-11")).await.unwrap().is_empty());
    }
}
