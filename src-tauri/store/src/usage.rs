//! The `usage_rows` table (Partner Center's daily rated usage, as imported) and `usage_imports` (one
//! row per file imported): the import's batched insert and the month's rows as the PEC audit and
//! reconciliation read them.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use csp_domain::{Month, Result};

use crate::usage_groups::Drafts;
use crate::Dec;

pub async fn begin_import(conn: &mut SqliteConnection, file_name: &str) -> Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO usage_imports (file_name, imported, skipped_duplicates) VALUES (?, 0, 0) RETURNING id",
    )
    .bind(file_name)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// What an import did: rows stored, duplicates skipped, and how Microsoft's billing of them stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub imported: u64,
    pub skipped: u64,
    /// Rows of the file that Microsoft had billed / not yet billed.
    pub billed: u64,
    pub unbilled: u64,
    /// Stored unbilled rows this file billed, and those it withdrew.
    pub became_billed: u64,
    pub withdrawn: u64,
}

pub async fn finish_import(conn: &mut SqliteConnection, id: i64, counts: &ImportCounts) -> Result<()> {
    let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    sqlx::query(
        "UPDATE usage_imports SET imported = ?, skipped_duplicates = ?, billed = ?, unbilled = ?, became_billed = ?, \
         withdrawn = ? WHERE id = ?",
    )
    .bind(n(counts.imported))
    .bind(n(counts.skipped))
    .bind(n(counts.billed))
    .bind(n(counts.unbilled))
    .bind(n(counts.became_billed))
    .bind(n(counts.withdrawn))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// One row to store. Strings are reused from batch to batch (cleared, not reallocated).
#[derive(Debug, Default, Clone)]
pub struct UsageInsert {
    pub dedup_key: [u8; 16],
    /// The key a billed row shares with its unbilled twin (see `csp_import::usage`).
    pub twin_key: [u8; 16],
    /// Microsoft's invoice that billed it (empty: unbilled) and the billing period (ISO dates or empty).
    pub invoice_number: String,
    pub charge_start: String,
    pub charge_end: String,
    /// Its group (`usage_groups::Grouper::assign`).
    pub group_id: i64,
    pub customer_id: String,
    pub subscription_id: String,
    pub usage_date: String,
    pub meter_id: String,
    pub meter_name: String,
    pub meter_category: String,
    pub meter_subcategory: String,
    pub unit: String,
    pub resource_group: String,
    pub quantity: String,
    pub unit_price: String,
    pub pricing_currency: String,
    pub billing_currency: String,
    pub pc_to_bc_rate: String,
    pub effective_unit_price: String,
    pub pec_percentage: String,
    pub credit_type: String,
    pub billing_pre_tax_total: String,
}

const INSERT_COLUMNS: &str = "import_id, dedup_key, group_id, customer_id, subscription_id, usage_date, meter_id, meter_name, \
     meter_category, meter_subcategory, unit, resource_group, quantity, unit_price, pricing_currency, billing_currency, \
     pc_to_bc_rate, effective_unit_price, pec_percentage, credit_type, billing_pre_tax_total, twin_key, invoice_number, \
     charge_start, charge_end";
const INSERT_ARITY: usize = 25;

/// Rows per multi-row INSERT: large enough to amortise the statement, well under SQLite's limit
/// of 32,766 bound values.
pub const BATCH_ROWS: usize = 400;

/// `INSERT OR IGNORE … VALUES (…), (…)` for `n` rows.
pub fn insert_sql(n: usize) -> String {
    let one = format!("({})", vec!["?"; INSERT_ARITY].join(","));
    format!("INSERT OR IGNORE INTO usage_rows ({INSERT_COLUMNS}) VALUES {}", vec![one; n].join(","))
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Inserts the rows with one statement (`sql` from [`insert_sql`] for `rows.len()`); a row whose
/// duplicate key (see `csp_import::usage`) is already stored is skipped. Returns how many were stored
/// and the ID of the last one stored (the IDs of a batch are higher than any stored before).
pub async fn insert_batch(
    conn: &mut SqliteConnection,
    sql: &str,
    import_id: i64,
    rows: &[UsageInsert],
) -> Result<(u64, i64)> {
    let mut q = sqlx::query(sql);
    for r in rows {
        q = q
            .bind(import_id)
            .bind(&r.dedup_key[..])
            .bind(r.group_id)
            .bind(r.customer_id.as_str())
            .bind(r.subscription_id.as_str())
            .bind(r.usage_date.as_str())
            .bind(r.meter_id.as_str())
            .bind(r.meter_name.as_str())
            .bind(r.meter_category.as_str())
            .bind(opt(&r.meter_subcategory))
            .bind(opt(&r.unit))
            .bind(opt(&r.resource_group))
            .bind(r.quantity.as_str())
            .bind(r.unit_price.as_str())
            .bind(r.pricing_currency.as_str())
            .bind(r.billing_currency.as_str())
            .bind(r.pc_to_bc_rate.as_str())
            .bind(opt(&r.effective_unit_price))
            .bind(opt(&r.pec_percentage))
            .bind(opt(&r.credit_type))
            .bind(opt(&r.billing_pre_tax_total))
            .bind(&r.twin_key[..])
            .bind(opt(&r.invoice_number))
            .bind(opt(&r.charge_start))
            .bind(opt(&r.charge_end));
    }
    let done = q.execute(conn).await?;
    Ok((done.rows_affected(), done.last_insert_rowid()))
}

/// A stored row sharing a twin key with a row being imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTwin {
    pub twin_key: [u8; 16],
    pub id: i64,
    pub group_id: Option<i64>,
    /// Billed by Microsoft (or stored before billing was told apart); else unbilled.
    pub billed: bool,
    /// Microsoft's invoice that billed it.
    pub invoice_number: Option<String>,
    pub withdrawn: bool,
}

/// The stored rows whose twin keys are among `keys` (one look-up per batch of the import).
pub async fn twins(conn: &mut SqliteConnection, keys: &[[u8; 16]]) -> Result<Vec<StoredTwin>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let mut hex = String::with_capacity(keys.len() * 35 + 2);
    hex.push('[');
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            hex.push(',');
        }
        hex.push('"');
        for b in k {
            hex.push_str(&format!("{b:02x}"));
        }
        hex.push('"');
    }
    hex.push(']');
    #[derive(sqlx::FromRow)]
    struct Found {
        twin_key: Vec<u8>,
        id: i64,
        group_id: Option<i64>,
        billed: bool,
        invoice_number: Option<String>,
        withdrawn: bool,
    }
    let rows: Vec<Found> = sqlx::query_as(
        "SELECT u.twin_key, u.id, u.group_id, u.invoice_number IS NOT NULL AS billed, u.invoice_number, \
                u.withdrawn_by IS NOT NULL AS withdrawn \
         FROM usage_rows u INDEXED BY usage_rows_twin \
         WHERE u.twin_key IN (SELECT unhex(value) FROM json_each(?)) AND u.twin_key IS NOT NULL",
    )
    .bind(hex)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|f| {
            Some(StoredTwin {
                twin_key: f.twin_key.try_into().ok()?,
                id: f.id,
                group_id: f.group_id,
                billed: f.billed,
                invoice_number: f.invoice_number,
                withdrawn: f.withdrawn,
            })
        })
        .collect())
}

/// A stored unbilled row that a billed row of the file bills.
#[derive(Debug, Clone)]
pub struct Promotion {
    pub id: i64,
    pub invoice_number: String,
    pub charge_start: String,
    pub charge_end: String,
}

/// The stored unbilled rows become billed: they take their billed twins' invoice number and billing
/// period (their duplicate key stays: a billed row is known again by its twin key and invoice
/// number), and leave their groups' unbilled counts. One statement per batch of rows (a billed file over an unbilled one
/// promotes every row).
pub async fn promote(conn: &mut SqliteConnection, rows: &[Promotion], per_group: &HashMap<i64, i64>) -> Result<()> {
    for chunk in rows.chunks(2_000) {
        let json = serde_json::Value::Array(
            chunk
                .iter()
                .map(|r| serde_json::json!([r.id, r.invoice_number, opt(&r.charge_start), opt(&r.charge_end)]))
                .collect(),
        );
        sqlx::query(
            "UPDATE usage_rows SET invoice_number = j.value ->> 1, charge_start = j.value ->> 2, \
             charge_end = j.value ->> 3 FROM json_each(?) j WHERE usage_rows.id = j.value ->> 0",
        )
        .bind(json.to_string())
        .execute(&mut *conn)
        .await?;
    }
    if !per_group.is_empty() {
        let json = serde_json::Value::Array(per_group.iter().map(|(g, n)| serde_json::json!([g, n])).collect());
        sqlx::query(
            "UPDATE usage_groups SET unbilled_rows = max(unbilled_rows - (j.value ->> 1), 0) \
             FROM json_each(?) j WHERE usage_groups.id = j.value ->> 0",
        )
        .bind(json.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A subscription's billing period that billed rows of an import cover.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BilledPeriod {
    pub subscription_id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// An unbilled row withdrawn, as the sums it leaves read it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Withdrawn {
    pub group_id: Option<i64>,
    pub usage_date: String,
    pub customer_id: String,
    pub subscription_id: String,
    pub meter_category: String,
    pub billing_currency: String,
    pub quantity: String,
    pub unit_price: String,
    pub pc_to_bc_rate: String,
}

/// Withdraws the unbilled rows dated in these billed periods of their subscriptions (what is left
/// unbilled there once Microsoft billed the period has no billed twin): marked as withdrawn by this
/// import, and returned so that the sums drop them.
pub async fn withdraw(conn: &mut SqliteConnection, import_id: i64, periods: &[BilledPeriod]) -> Result<Vec<Withdrawn>> {
    let mut out = Vec::new();
    for chunk in periods.chunks(2_000) {
        let json = serde_json::Value::Array(
            chunk
                .iter()
                .map(|p| serde_json::json!([p.subscription_id, p.from.to_string(), p.to.to_string()]))
                .collect(),
        );
        let rows: Vec<Withdrawn> = sqlx::query_as(
            "UPDATE usage_rows SET withdrawn_by = ?1 \
             WHERE id IN (SELECT u.id FROM json_each(?2) j JOIN usage_rows u INDEXED BY usage_rows_unbilled \
                          ON u.subscription_id = j.value ->> 0 AND u.usage_date BETWEEN j.value ->> 1 AND j.value ->> 2 \
                          WHERE u.twin_key IS NOT NULL AND u.invoice_number IS NULL AND u.withdrawn_by IS NULL) \
             RETURNING group_id, usage_date, customer_id, subscription_id, meter_category, billing_currency, \
                       quantity, unit_price, pc_to_bc_rate",
        )
        .bind(import_id)
        .bind(json.to_string())
        .fetch_all(&mut *conn)
        .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// The highest usage row ID stored (new rows get higher ones).
pub async fn last_row_id(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM usage_rows").fetch_one(conn).await?)
}

/// Duplicate keys and IDs of the rows stored after row `after` (what the last insert kept of its batch).
pub async fn keys_after(conn: &mut SqliteConnection, after: i64) -> Result<Vec<(Vec<u8>, i64)>> {
    Ok(sqlx::query_as("SELECT dedup_key, id FROM usage_rows WHERE id > ?").bind(after).fetch_all(conn).await?)
}

/// The last usage date stored between `first` and `last` (the date index answers it at once).
pub async fn last_usage_date(
    conn: &mut SqliteConnection,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Option<NaiveDate>> {
    Ok(sqlx::query_scalar("SELECT max(usage_date) FROM usage_rows WHERE usage_date BETWEEN ? AND ?")
        .bind(first.to_string())
        .bind(last.to_string())
        .fetch_one(&mut *conn)
        .await?)
}

// ---- monthly queries ----

/// A stored usage row as the PEC audit and reconciliation read it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UsageRow {
    pub id: i64,
    pub customer_id: String,
    pub subscription_id: String,
    pub usage_date: NaiveDate,
    pub meter_id: String,
    pub meter_name: String,
    pub meter_category: String,
    pub unit: Option<String>,
    pub resource_group: Option<String>,
    pub quantity: Dec,
    pub unit_price: Dec,
    pub pricing_currency: String,
    pub billing_currency: String,
    pub pc_to_bc_rate: Dec,
    pub pec_percentage: Option<String>,
    pub credit_type: Option<String>,
    /// Its group (NULL only in a book whose migration could not group it).
    pub group_id: Option<i64>,
    /// Microsoft's pre-tax amount of the row (`BillingPreTaxTotal`), where the file gave it.
    #[sqlx(default)]
    pub billing_pre_tax_total: Option<String>,
    /// Billed by Microsoft (an `InvoiceNumber`).
    #[sqlx(default)]
    pub billed: bool,
    /// The line billing this row to the customer (direct partner or reseller issuer).
    #[sqlx(default)]
    pub invoice_line_id: Option<i64>,
    /// The line of a provider's invoice billing it to the reseller.
    #[sqlx(default)]
    pub provider_line_id: Option<i64>,
}

const ROW_COLUMNS: &str = "id, customer_id, subscription_id, usage_date, meter_id, meter_name, meter_category, unit, \
     resource_group, quantity, unit_price, pricing_currency, billing_currency, pc_to_bc_rate, pec_percentage, \
     credit_type, group_id, billing_pre_tax_total, invoice_number IS NOT NULL AS billed";

/// First and last day of a `YYYY-MM` month, as stored text bounds.
fn bounds(first: NaiveDate, last: NaiveDate) -> (String, String) {
    (first.to_string(), last.to_string())
}

/// Every usage row dated in [first, last], in a stable order (subscription, date, ID), with the
/// lines that bill it.
pub async fn rows_between(conn: &mut SqliteConnection, first: NaiveDate, last: NaiveDate) -> Result<Vec<UsageRow>> {
    let (a, b) = bounds(first, last);
    // sqlx hands each result row over a channel from its SQLite thread, which costs more than
    // reading it: rows travel packed 256 to a result row (unit and record separators) and are
    // split here. A value holding a separator (never seen in Partner Center files) makes the
    // packed form ambiguous: then the rows are read one by one.
    let packed: Vec<(String,)> = sqlx::query_as(PACKED).bind(&a).bind(&b).fetch_all(&mut *conn).await?;
    let mut rows = Vec::new();
    let mut ok = true;
    'chunks: for (chunk,) in &packed {
        for rec in chunk.split('\u{1e}') {
            match unpack(rec) {
                Some(r) => rows.push(r),
                None => {
                    ok = false;
                    break 'chunks;
                }
            }
        }
    }
    if !ok {
        rows = sqlx::query_as(&format!(
            "SELECT {ROW_COLUMNS} FROM usage_rows WHERE usage_date BETWEEN ? AND ? AND withdrawn_by IS NULL"
        ))
        .bind(a)
        .bind(b)
        .fetch_all(&mut *conn)
        .await?;
    }
    // Usage of a month is only ever billed by lines of that month's invoices.
    let links = match Month::containing(first) {
        Some(month) => crate::usage_groups::month_links(conn, month, Drafts::Kept).await?,
        None => Default::default(),
    };
    if !links.is_empty() {
        for r in &mut rows {
            for l in r.group_id.and_then(|g| links.get(&g)).into_iter().flatten() {
                if l.covers(r.usage_date) {
                    if l.provider_side {
                        r.provider_line_id = Some(l.line_id);
                    } else {
                        r.invoice_line_id = Some(l.line_id);
                    }
                }
            }
        }
    }
    rows.sort_unstable_by(|x, y| {
        (&x.subscription_id, x.usage_date, x.id).cmp(&(&y.subscription_id, y.usage_date, y.id))
    });
    Ok(rows)
}

const PACKED: &str = "SELECT group_concat(id || char(31) || customer_id || char(31) || subscription_id || char(31) || \
     usage_date || char(31) || meter_id || char(31) || meter_name || char(31) || meter_category || char(31) || \
     COALESCE(unit, '') || char(31) || COALESCE(resource_group, '') || char(31) || quantity || char(31) || \
     unit_price || char(31) || pricing_currency || char(31) || billing_currency || char(31) || pc_to_bc_rate || \
     char(31) || COALESCE(pec_percentage, '') || char(31) || COALESCE(credit_type, '') || char(31) || \
     COALESCE(group_id, '') || char(31) || COALESCE(billing_pre_tax_total, '') || char(31) || \
     (invoice_number IS NOT NULL), char(30)) \
     FROM usage_rows WHERE usage_date BETWEEN ? AND ? AND withdrawn_by IS NULL GROUP BY id >> 8";

fn unpack(rec: &str) -> Option<UsageRow> {
    let f: Vec<&str> = rec.split('\u{1f}').collect();
    if f.len() != 19 {
        return None;
    }
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Some(UsageRow {
        id: f[0].parse().ok()?,
        customer_id: f[1].to_string(),
        subscription_id: f[2].to_string(),
        usage_date: NaiveDate::parse_from_str(f[3], "%Y-%m-%d").ok()?,
        meter_id: f[4].to_string(),
        meter_name: f[5].to_string(),
        meter_category: f[6].to_string(),
        unit: opt(f[7]),
        resource_group: opt(f[8]),
        quantity: Dec::parse(f[9]).ok()?,
        unit_price: Dec::parse(f[10]).ok()?,
        pricing_currency: f[11].to_string(),
        billing_currency: f[12].to_string(),
        pc_to_bc_rate: Dec::parse(f[13]).ok()?,
        pec_percentage: opt(f[14]),
        credit_type: opt(f[15]),
        group_id: if f[16].is_empty() { None } else { Some(f[16].parse().ok()?) },
        billing_pre_tax_total: opt(f[17]),
        billed: f[18] == "1",
        invoice_line_id: None,
        provider_line_id: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, d, dec};

    fn row(key: u8, date: &str, quantity: &str) -> UsageInsert {
        testing::usage_row(key, date, quantity)
    }

    #[tokio::test]
    async fn a_batch_skips_stored_duplicates_and_the_import_counts_them() {
        let mut conn = testing::book().await;
        let import = begin_import(&mut conn, "usage.csv").await.unwrap();
        assert_eq!(last_row_id(&mut conn).await.unwrap(), 0);
        let rows = [row(1, "2026-10-01", "2"), row(2, "2026-10-02", "3")];
        let (stored, last) = insert_batch(&mut conn, &insert_sql(2), import, &rows).await.unwrap();
        assert_eq!((stored, last), (2, 2));
        let again = [row(2, "2026-10-02", "3"), row(3, "2026-10-03", "4")];
        assert_eq!(insert_batch(&mut conn, &insert_sql(2), import, &again).await.unwrap().0, 1);
        assert_eq!(last_row_id(&mut conn).await.unwrap(), 3);
        assert_eq!(keys_after(&mut conn, 2).await.unwrap(), [(vec![3u8; 16], 3)]);
        finish_import(&mut conn, import, &ImportCounts { imported: 3, skipped: 1, ..Default::default() })
            .await
            .unwrap();
        let counted: (i64, i64) = sqlx::query_as("SELECT imported, skipped_duplicates FROM usage_imports WHERE id = ?")
            .bind(import)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(counted, (3, 1));
        assert_eq!(last_usage_date(&mut conn, d("2026-10-01"), d("2026-10-02")).await.unwrap(), Some(d("2026-10-02")));
        assert_eq!(last_usage_date(&mut conn, d("2026-11-01"), d("2026-11-30")).await.unwrap(), None);
    }

    #[tokio::test]
    async fn a_months_rows_come_back_in_order_with_the_lines_that_bill_them() {
        let mut conn = testing::book().await;
        testing::office_with_draft(&mut conn).await;
        let import = begin_import(&mut conn, "usage.csv").await.unwrap();
        let rows = [row(1, "2026-10-02", "2"), row(2, "2026-10-01", "3"), row(3, "2026-11-01", "1")];
        insert_batch(&mut conn, &insert_sql(3), import, &rows).await.unwrap();
        let line = testing::line(9, "i1", 1);
        crate::invoice_lines::insert_lines(&mut conn, &[line]).await.unwrap();
        let part = crate::usage_groups::UsagePart { group_id: 1, from: d("2026-10-02"), to: d("2026-10-31") };
        crate::usage_groups::link_usage(&mut conn, &[(9, &[part][..])]).await.unwrap();
        let month = rows_between(&mut conn, d("2026-10-01"), d("2026-10-31")).await.unwrap();
        let read: Vec<_> = month.iter().map(|r| (r.usage_date, r.quantity.0, r.invoice_line_id)).collect();
        assert_eq!(read, [(d("2026-10-01"), dec("3"), None), (d("2026-10-02"), dec("2"), Some(9))]);
        assert_eq!(month[0].unit.as_deref(), Some("1 Hour"));
    }
}
