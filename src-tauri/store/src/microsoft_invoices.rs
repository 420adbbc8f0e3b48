//! The `microsoft_invoices` and `microsoft_charges` tables: Microsoft's invoices to the billing
//! partners, kept as imported (triggers refuse every update and delete).

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use csp_domain::{Currency, Result};

use crate::rows::{amount, insert_rows, text, Val};
use crate::Dec;

/// An invoice of Microsoft's about to be kept.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMicrosoftInvoice {
    pub number: String,
    pub billing_partner_id: String,
    pub currency: Currency,
    pub subtotal: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub file_name: String,
    pub charges: Vec<NewCharge>,
}

/// One charge, with its row's cells as the file wrote them (a JSON object).
#[derive(Debug, Clone, PartialEq)]
pub struct NewCharge {
    pub customer_id: String,
    pub subscription_id: String,
    pub known: bool,
    pub charge_type: String,
    pub subtotal: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
    pub charge_start: NaiveDate,
    pub charge_end: NaiveDate,
    pub cells: String,
}

impl NewMicrosoftInvoice {
    /// What tells this invoice's content apart: the SHA-256 of its charges' cells, in order.
    pub fn content_hash(&self) -> Vec<u8> {
        let mut h = Sha256::new();
        for c in &self.charges {
            h.update((c.cells.len() as u64).to_le_bytes());
            h.update(c.cells.as_bytes());
        }
        h.finalize().to_vec()
    }
}

/// An invoice of Microsoft's as kept.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MicrosoftInvoiceRecord {
    pub number: String,
    pub billing_partner_id: String,
    pub currency: Currency,
    pub subtotal: Dec,
    pub tax: Dec,
    pub total: Dec,
    pub charges: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub content_hash: Vec<u8>,
    pub file_name: String,
}

const COLUMNS: &str =
    "number, billing_partner_id, currency, subtotal, tax, total, charges, period_start, period_end, content_hash, file_name";

pub async fn get(conn: &mut SqliteConnection, number: &str) -> Result<Option<MicrosoftInvoiceRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM microsoft_invoices WHERE number = ?"))
        .bind(number)
        .fetch_optional(conn)
        .await?)
}

/// Keeps an invoice and its charges.
pub async fn insert(conn: &mut SqliteConnection, inv: &NewMicrosoftInvoice) -> Result<()> {
    sqlx::query(&format!("INSERT INTO microsoft_invoices ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        .bind(&inv.number)
        .bind(&inv.billing_partner_id)
        .bind(inv.currency)
        .bind(inv.subtotal.to_string())
        .bind(inv.tax.to_string())
        .bind(inv.total.to_string())
        .bind(i64::try_from(inv.charges.len()).unwrap_or(i64::MAX))
        .bind(inv.period_start)
        .bind(inv.period_end)
        .bind(inv.content_hash())
        .bind(&inv.file_name)
        .execute(&mut *conn)
        .await?;
    const CHARGE_COLUMNS: [&str; 12] = [
        "invoice_number",
        "position",
        "customer_id",
        "subscription_id",
        "known",
        "charge_type",
        "subtotal",
        "tax",
        "total",
        "charge_start",
        "charge_end",
        "cells",
    ];
    let rows: Vec<Vec<Val>> = inv
        .charges
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                text(&inv.number),
                Val::Int(i as i64 + 1),
                text(&c.customer_id),
                text(&c.subscription_id),
                Val::Int(i64::from(c.known)),
                text(&c.charge_type),
                amount(c.subtotal),
                amount(c.tax),
                amount(c.total),
                text(&c.charge_start.to_string()),
                text(&c.charge_end.to_string()),
                text(&c.cells),
            ]
        })
        .collect();
    insert_rows(conn, "INSERT INTO microsoft_charges", &CHARGE_COLUMNS, &rows).await
}

/// A billing partner's invoices from Microsoft whose period meets `first..=last`.
pub async fn of_partner(
    conn: &mut SqliteConnection,
    partner: &str,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<MicrosoftInvoiceRecord>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM microsoft_invoices WHERE billing_partner_id = ? AND period_start <= ? AND period_end >= ? \
         ORDER BY number"
    ))
    .bind(partner)
    .bind(last)
    .bind(first)
    .fetch_all(conn)
    .await?)
}

/// An invoice's charges summed per subscription.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SubscriptionCharges {
    pub subscription_id: String,
    /// The customer's tenant, as Microsoft names it.
    pub customer_id: String,
    pub customer_name: Option<String>,
    /// What was charged, as the file names it (`ProductName`, else `SkuName`).
    pub product: Option<String>,
    pub known: bool,
    /// The charges' subtotals, as text.
    pub subtotals: String,
}

pub async fn charges_by_subscription(conn: &mut SqliteConnection, number: &str) -> Result<Vec<SubscriptionCharges>> {
    Ok(sqlx::query_as(
        "SELECT subscription_id, min(customer_id) AS customer_id, \
                max(json_extract(cells, '$.CustomerName')) AS customer_name, \
                max(COALESCE(json_extract(cells, '$.ProductName'), json_extract(cells, '$.SkuName'))) AS product, \
                max(known) AS known, group_concat(subtotal, ',') AS subtotals FROM microsoft_charges \
         WHERE invoice_number = ? GROUP BY subscription_id ORDER BY min(position)",
    )
    .bind(number)
    .fetch_all(conn)
    .await?)
}

/// Subscription ID (lower case) → its billing partner, for the subscriptions the book holds.
pub async fn billing_partners(conn: &mut SqliteConnection) -> Result<HashMap<String, String>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT lower(id), billing_partner_id FROM subscriptions").fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn invoice(cells: &str) -> NewMicrosoftInvoice {
        NewMicrosoftInvoice {
            number: "G000000777".into(),
            billing_partner_id: "p1".into(),
            currency: testing::currency("CAD"),
            subtotal: "12.00".parse().unwrap(),
            tax: "2.40".parse().unwrap(),
            total: "14.40".parse().unwrap(),
            period_start: d("2026-10-01"),
            period_end: d("2026-10-31"),
            file_name: "invoice.csv".into(),
            charges: vec![NewCharge {
                customer_id: "c1".into(),
                subscription_id: "s1".into(),
                known: false,
                charge_type: "cycleCharge".into(),
                subtotal: "12.00".parse().unwrap(),
                tax: "2.40".parse().unwrap(),
                total: "14.40".parse().unwrap(),
                charge_start: d("2026-10-01"),
                charge_end: d("2026-10-31"),
                cells: cells.into(),
            }],
        }
    }

    #[tokio::test]
    async fn an_invoice_is_kept_as_imported_and_never_changed() {
        let mut conn = testing::book().await;
        testing::partner(&mut conn, "p1", "Contoso").await;
        let inv = invoice(r#"{"Total":"14.40"}"#);
        insert(&mut conn, &inv).await.unwrap();
        let kept = get(&mut conn, "G000000777").await.unwrap().unwrap();
        assert_eq!((kept.total.0.to_string(), kept.charges), ("14.40".to_string(), 1));
        assert_eq!(kept.content_hash, inv.content_hash());
        assert_ne!(invoice(r#"{"Total":"14.41"}"#).content_hash(), inv.content_hash());
        for sql in [
            "UPDATE microsoft_invoices SET total = '0'",
            "DELETE FROM microsoft_invoices",
            "UPDATE microsoft_charges SET subtotal = '0'",
            "DELETE FROM microsoft_charges",
        ] {
            assert!(sqlx::query(sql).execute(&mut *conn).await.is_err(), "{sql}");
        }
        assert!(insert(&mut conn, &inv).await.is_err(), "one number, once");
    }
}
