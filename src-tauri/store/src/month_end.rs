//! The month-end tables (`month_acknowledgements`, `month_closings`) and what the tie-outs read of
//! the month's usage and invoices.

use std::collections::HashMap;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use csp_domain::{Month, Result};

/// An acknowledged difference: its key (`Difference::key`), amount, note and date.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Acknowledgement {
    pub difference: String,
    pub amount: String,
    pub note: String,
    pub on_date: NaiveDate,
}

pub async fn acknowledgements(conn: &mut SqliteConnection, issuer: &str, month: Month) -> Result<Vec<Acknowledgement>> {
    Ok(sqlx::query_as(
        "SELECT difference, amount, note, on_date FROM month_acknowledgements WHERE issuer_id = ? AND month = ? \
         ORDER BY recorded_at",
    )
    .bind(issuer)
    .bind(month.to_string())
    .fetch_all(conn)
    .await?)
}

/// Records an acknowledgement; the same difference and amount acknowledged again keeps the first.
pub async fn acknowledge(conn: &mut SqliteConnection, issuer: &str, month: Month, ack: &Acknowledgement) -> Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO month_acknowledgements (issuer_id, month, difference, amount, note, on_date) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(issuer)
    .bind(month.to_string())
    .bind(&ack.difference)
    .bind(&ack.amount)
    .bind(&ack.note)
    .bind(ack.on_date)
    .execute(conn)
    .await?;
    Ok(())
}

/// A closed month: its figures as they stood (JSON) and their SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Closing {
    pub issuer_id: String,
    pub month: String,
    pub closed_on: NaiveDate,
    pub figures: String,
    pub hash: String,
}

pub async fn closing(conn: &mut SqliteConnection, issuer: &str, month: Month) -> Result<Option<Closing>> {
    Ok(sqlx::query_as(
        "SELECT issuer_id, month, closed_on, figures, hash FROM month_closings WHERE issuer_id = ? AND month = ?",
    )
    .bind(issuer)
    .bind(month.to_string())
    .fetch_optional(conn)
    .await?)
}

/// Every closed month (what `book verify` checks).
pub async fn closings(conn: &mut SqliteConnection) -> Result<Vec<Closing>> {
    Ok(sqlx::query_as(
        "SELECT issuer_id, month, closed_on, figures, hash FROM month_closings ORDER BY month, issuer_id",
    )
    .fetch_all(conn)
    .await?)
}

/// The issuers whose month is closed.
pub async fn closed_issuers(conn: &mut SqliteConnection, month: Month) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT issuer_id FROM month_closings WHERE month = ?")
        .bind(month.to_string())
        .fetch_all(conn)
        .await?)
}

/// The SHA-256 of a closed month's figures, as sealed (`book verify` recomputes it).
pub fn hash_of(figures: &str) -> String {
    Sha256::digest(figures.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

pub async fn close(conn: &mut SqliteConnection, c: &Closing) -> Result<()> {
    sqlx::query("INSERT INTO month_closings (issuer_id, month, closed_on, figures, hash) VALUES (?, ?, ?, ?, ?)")
        .bind(&c.issuer_id)
        .bind(&c.month)
        .bind(c.closed_on)
        .bind(&c.figures)
        .bind(&c.hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// The month's standing billed rows in one read: per usage group and Microsoft invoice number, the
/// group's subscription, the rows' pre-tax amounts (stored text) and how many rows they are.
pub async fn month_billed(
    conn: &mut SqliteConnection,
    month: Month,
) -> Result<Vec<(i64, String, String, String, i64)>> {
    let (first, last) = month.bounds();
    let rows: Vec<(i64, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT group_id, invoice_number, min(subscription_id), group_concat(billing_pre_tax_total, ','), COUNT(*) \
         FROM usage_rows WHERE usage_date BETWEEN ? AND ? AND invoice_number IS NOT NULL AND withdrawn_by IS NULL \
           AND group_id IS NOT NULL GROUP BY group_id, invoice_number",
    )
    .bind(first.to_string())
    .bind(last.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(g, i, s, list, n)| (g, i, s, list.unwrap_or_default(), n)).collect())
}

/// Per Microsoft invoice number and subscription (lower case): the pre-tax amounts of its billed
/// usage rows dated between `first` and `last`, as stored text.
pub async fn billed_by_invoice(
    conn: &mut SqliteConnection,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<HashMap<(String, String), String>> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT invoice_number, lower(subscription_id), group_concat(billing_pre_tax_total, ',') FROM usage_rows \
         WHERE usage_date BETWEEN ? AND ? AND invoice_number IS NOT NULL AND withdrawn_by IS NULL \
         GROUP BY invoice_number, lower(subscription_id)",
    )
    .bind(first.to_string())
    .bind(last.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(i, s, list)| ((i, s), list.unwrap_or_default())).collect())
}

/// A usage group of the month as the margin reads it: what rates it, its quantity still standing
/// (withdrawn rows left out), and Microsoft's pre-tax amounts of its billed rows that carry one,
/// with their quantity (the rest of the group is costed by the model).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct MarginGroup {
    pub id: i64,
    pub subscription_id: String,
    pub customer_id: String,
    pub meter_id: String,
    pub meter_category: String,
    pub unit_price: crate::Dec,
    pub pc_to_bc_rate: crate::Dec,
    pub billing_currency: String,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    pub first_row: i64,
    pub last_row: i64,
    pub quantity: Option<crate::Dec>,
    pub withdrawn_quantity: Option<crate::Dec>,
}

pub async fn margin_groups(conn: &mut SqliteConnection, month: Month) -> Result<Vec<MarginGroup>> {
    crate::json_rows::fetch(
        conn,
        "SELECT json_array(id, subscription_id, customer_id, meter_id, meter_category, unit_price, pc_to_bc_rate, \
                billing_currency, first_date, last_date, first_row, last_row, quantity, withdrawn_quantity) AS j \
         FROM usage_groups WHERE month = ? AND withdrawn_rows < rows",
        "",
        &[Some(&month.to_string())],
    )
    .await
}

/// Per group: Microsoft's pre-tax amounts of its standing billed rows that carry one, and those
/// rows' quantities (as stored text lists).
pub async fn billed_amounts(conn: &mut SqliteConnection, month: Month) -> Result<HashMap<i64, (String, String)>> {
    let (first, last) = month.bounds();
    let rows: Vec<(i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT group_id, group_concat(billing_pre_tax_total, ','), group_concat(quantity, ',') FROM usage_rows \
         WHERE usage_date BETWEEN ? AND ? AND invoice_number IS NOT NULL AND withdrawn_by IS NULL \
           AND billing_pre_tax_total IS NOT NULL AND group_id IS NOT NULL GROUP BY group_id",
    )
    .bind(first.to_string())
    .bind(last.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(g, a, q)| (g, (a.unwrap_or_default(), q.unwrap_or_default()))).collect())
}

/// One day of a group, for a group whose rating changes within its dates: its standing quantity,
/// and Microsoft's pre-tax amounts and quantities of its billed rows that carry one.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GroupDay {
    pub group_id: i64,
    pub usage_date: NaiveDate,
    pub quantities: String,
    pub billed_amounts: Option<String>,
    pub billed_quantities: Option<String>,
}

/// The days of these groups (`(id, first_row, last_row)`: a group's rows lie in its ID range).
pub async fn group_days(conn: &mut SqliteConnection, groups: &[(i64, i64, i64)]) -> Result<Vec<GroupDay>> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let ranges = serde_json::to_string(groups).map_err(|e| crate::types::decode_error(e.to_string()))?;
    Ok(sqlx::query_as(
        "SELECT u.group_id, u.usage_date, group_concat(u.quantity, ',') AS quantities, \
                group_concat(CASE WHEN u.invoice_number IS NOT NULL THEN u.billing_pre_tax_total END, ',') AS billed_amounts, \
                group_concat(CASE WHEN u.invoice_number IS NOT NULL AND u.billing_pre_tax_total IS NOT NULL \
                                  THEN u.quantity END, ',') AS billed_quantities \
         FROM json_each(?) j JOIN usage_rows u ON u.id BETWEEN j.value ->> 1 AND j.value ->> 2 \
         WHERE u.group_id = j.value ->> 0 AND u.withdrawn_by IS NULL GROUP BY u.group_id, u.usage_date",
    )
    .bind(ranges)
    .fetch_all(conn)
    .await?)
}

/// A usage group of the month as the tie-outs read it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MonthGroup {
    pub id: i64,
    pub subscription_id: String,
    pub customer_id: String,
    pub meter_id: String,
    pub meter_name: String,
    pub billing_currency: String,
    pub first_date: NaiveDate,
    /// Rows Microsoft has not billed yet.
    pub unbilled_rows: i64,
}

pub async fn groups(conn: &mut SqliteConnection, month: Month) -> Result<Vec<MonthGroup>> {
    Ok(sqlx::query_as(
        "SELECT id, subscription_id, customer_id, meter_id, meter_name, billing_currency, first_date, unbilled_rows \
         FROM usage_groups \
         WHERE month = ? AND withdrawn_rows < rows ORDER BY id",
    )
    .bind(month.to_string())
    .fetch_all(conn)
    .await?)
}

/// The month's usage groups billed downstream by a standing issued invoice (of the month, or of a
/// later month as late usage): group → (issuer, provider side).
pub async fn issued_links(conn: &mut SqliteConnection, month: Month) -> Result<HashMap<i64, Vec<(String, bool)>>> {
    let m = month.to_string();
    let rows: Vec<(i64, String, bool)> = sqlx::query_as(
        "SELECT l.group_id, i.issuer_id, i.reseller_id IS NOT NULL FROM invoices i \
         JOIN invoice_lines il ON il.invoice_id = i.id JOIN usage_group_links l ON l.line_id = il.id \
         WHERE i.month = ?1 AND i.kind = 'invoice' AND i.status NOT IN ('draft', 'voided') \
         UNION ALL \
         SELECT l.group_id, i.issuer_id, i.reseller_id IS NOT NULL \
         FROM invoice_lines il INDEXED BY invoice_lines_usage_month JOIN invoices i ON i.id = il.invoice_id \
         JOIN usage_group_links l ON l.line_id = il.id \
         WHERE il.usage_month = ?1 AND i.kind = 'invoice' AND i.status NOT IN ('draft', 'voided')",
    )
    .bind(m)
    .fetch_all(conn)
    .await?;
    let mut out: HashMap<i64, Vec<(String, bool)>> = HashMap::new();
    for (g, issuer, provider) in rows {
        out.entry(g).or_default().push((issuer, provider));
    }
    Ok(out)
}

/// How many drafts of the month an issuer has.
pub async fn drafts(conn: &mut SqliteConnection, issuer: &str, month: Month) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM invoices WHERE issuer_id = ? AND month = ? AND status = 'draft'")
        .bind(issuer)
        .bind(month.to_string())
        .fetch_one(conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[tokio::test]
    async fn acknowledgements_and_closings_are_records() {
        let mut conn = testing::book().await;
        testing::partner(&mut conn, "p1", "Contoso").await;
        let oct = Month::parse("2026-10").unwrap();
        let ack = Acknowledgement {
            difference: "NOT_BILLED|||||EUR".into(),
            amount: "12.00".into(),
            note: "internal use".into(),
            on_date: "2026-11-09".parse().unwrap(),
        };
        acknowledge(&mut conn, "p1", oct, &ack).await.unwrap();
        acknowledge(&mut conn, "p1", oct, &Acknowledgement { note: "again".into(), ..ack.clone() }).await.unwrap();
        assert_eq!(acknowledgements(&mut conn, "p1", oct).await.unwrap(), [ack]);
        let c = Closing {
            issuer_id: "p1".into(),
            month: "2026-10".into(),
            closed_on: "2026-11-10".parse().unwrap(),
            figures: "{}".into(),
            hash: "h".into(),
        };
        close(&mut conn, &c).await.unwrap();
        assert_eq!(closing(&mut conn, "p1", oct).await.unwrap(), Some(c.clone()));
        assert_eq!(closed_issuers(&mut conn, oct).await.unwrap(), ["p1"]);
        assert!(close(&mut conn, &c).await.is_err(), "once");
        for sql in [
            "UPDATE month_closings SET figures = '[]'",
            "DELETE FROM month_closings",
            "UPDATE month_acknowledgements SET note = ''",
            "DELETE FROM month_acknowledgements",
        ] {
            assert!(sqlx::query(sql).execute(&mut *conn).await.is_err(), "{sql}");
        }
    }
}
