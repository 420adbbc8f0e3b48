//! Usage rows from Partner Center files, the look-ups the import needs, adoption of unknown
//! customers and subscriptions, and the monthly queries of billing and the usage screen.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use csp_domain::Result;

use crate::usage_groups::Drafts;
use crate::Dec;

/// A subscription as the import checks it.
#[derive(Debug, Clone)]
pub struct SubscriptionRef {
    pub customer_id: Option<String>,
    pub created_on: NaiveDate,
    pub cancelled_on: Option<NaiveDate>,
}

/// Tenant ID (lower case) → customer ID.
pub async fn customers_by_tenant(conn: &mut SqliteConnection) -> Result<HashMap<String, String>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT lower(tenant_id), id FROM customers").fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

/// Subscription ID (lower case) → what the import checks.
pub async fn subscriptions(conn: &mut SqliteConnection) -> Result<HashMap<String, SubscriptionRef>> {
    let rows: Vec<(String, Option<String>, NaiveDate, Option<NaiveDate>)> =
        sqlx::query_as("SELECT lower(id), customer_id, created_on, cancelled_on FROM subscriptions")
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, customer_id, created_on, cancelled_on)| {
            (id, SubscriptionRef { customer_id, created_on, cancelled_on })
        })
        .collect())
}

pub async fn begin_import(conn: &mut SqliteConnection, file_name: &str) -> Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO usage_imports (file_name, imported, skipped_duplicates) VALUES (?, 0, 0) RETURNING id",
    )
    .bind(file_name)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub async fn finish_import(conn: &mut SqliteConnection, id: i64, imported: u64, skipped: u64) -> Result<()> {
    sqlx::query("UPDATE usage_imports SET imported = ?, skipped_duplicates = ? WHERE id = ?")
        .bind(imported as i64)
        .bind(skipped as i64)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// One row to store. Strings are reused from batch to batch (cleared, not reallocated).
#[derive(Debug, Default, Clone)]
pub struct UsageInsert {
    pub dedup_key: [u8; 16],
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
     pc_to_bc_rate, effective_unit_price, pec_percentage, credit_type, billing_pre_tax_total";
const INSERT_ARITY: usize = 21;

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
            .bind(opt(&r.billing_pre_tax_total));
    }
    let done = q.execute(conn).await?;
    Ok((done.rows_affected(), done.last_insert_rowid()))
}

// ---- adoption (`usage import --adopt`) ----

pub struct AdoptedCustomer<'a> {
    pub id: &'a str,
    pub tenant_id: &'a str,
    pub name: &'a str,
    pub domain: &'a str,
    pub country: &'a str,
}

pub async fn insert_customer(conn: &mut SqliteConnection, c: &AdoptedCustomer<'_>) -> Result<()> {
    sqlx::query("INSERT INTO customers (id, tenant_id, name, domain, country) VALUES (?, ?, ?, ?, ?)")
        .bind(c.id)
        .bind(c.tenant_id)
        .bind(c.name)
        .bind(c.domain)
        .bind(c.country)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn domain_taken(conn: &mut SqliteConnection, domain: &str) -> Result<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM customers WHERE domain = ?").bind(domain).fetch_optional(conn).await?;
    Ok(row.is_some())
}

/// A relationship (partner, customer) unless it exists; returns whether it was created.
pub async fn ensure_relationship(
    conn: &mut SqliteConnection,
    partner_id: &str,
    customer_id: &str,
    since: NaiveDate,
) -> Result<bool> {
    let done = sqlx::query("INSERT OR IGNORE INTO relationships (partner_id, customer_id, since) VALUES (?, ?, ?)")
        .bind(partner_id)
        .bind(customer_id)
        .bind(since)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub struct AdoptedSubscription<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
    pub customer_id: &'a str,
    pub partner_id: &'a str,
    pub billing_partner_id: &'a str,
    pub created_on: NaiveDate,
}

/// An Azure plan subscription, its partner-of-record period and the partner's `owner` role, as
/// ordering writes them.
pub async fn insert_subscription(conn: &mut SqliteConnection, s: &AdoptedSubscription<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO subscriptions (id, name, customer_id, partner_id, billing_partner_id, offer, created_on, status) \
         VALUES (?, ?, ?, ?, ?, 'AZURE_PLAN', ?, 'active')",
    )
    .bind(s.id)
    .bind(s.name)
    .bind(s.customer_id)
    .bind(s.partner_id)
    .bind(s.billing_partner_id)
    .bind(s.created_on)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO subscription_periods (subscription_id, valid_from, partner_id, billing_partner_id, offer) \
         VALUES (?, ?, ?, ?, 'AZURE_PLAN')",
    )
    .bind(s.id)
    .bind(s.created_on)
    .bind(s.partner_id)
    .bind(s.billing_partner_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO role_assignments (subscription_id, principal, role, scope, granted_on) VALUES (?, ?, 'owner', NULL, ?)",
    )
    .bind(s.id)
    .bind(format!("partner:{}", s.partner_id))
    .bind(s.created_on)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Dates what adoption created from the earliest usage date of the file.
pub async fn date_adopted(
    conn: &mut SqliteConnection,
    partner_id: &str,
    customers: &[String],
    subscriptions: &[String],
    on: NaiveDate,
) -> Result<()> {
    for c in customers {
        sqlx::query("UPDATE relationships SET since = ? WHERE partner_id = ? AND customer_id = ?")
            .bind(on)
            .bind(partner_id)
            .bind(c)
            .execute(&mut *conn)
            .await?;
    }
    for s in subscriptions {
        sqlx::query("UPDATE subscriptions SET created_on = ? WHERE id = ?")
            .bind(on)
            .bind(s)
            .execute(&mut *conn)
            .await?;
        sqlx::query("UPDATE subscription_periods SET valid_from = ? WHERE subscription_id = ?")
            .bind(on)
            .bind(s)
            .execute(&mut *conn)
            .await?;
        sqlx::query("UPDATE role_assignments SET granted_on = ? WHERE subscription_id = ?")
            .bind(on)
            .bind(s)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
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
    /// The line billing this row to the customer (direct partner or reseller issuer).
    #[sqlx(default)]
    pub invoice_line_id: Option<i64>,
    /// The line of a provider's invoice billing it to the reseller.
    #[sqlx(default)]
    pub provider_line_id: Option<i64>,
}

const ROW_COLUMNS: &str = "id, customer_id, subscription_id, usage_date, meter_id, meter_name, meter_category, unit, \
     resource_group, quantity, unit_price, pricing_currency, billing_currency, pc_to_bc_rate, pec_percentage, \
     credit_type, group_id";

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
        rows = sqlx::query_as(&format!("SELECT {ROW_COLUMNS} FROM usage_rows WHERE usage_date BETWEEN ? AND ?"))
            .bind(a)
            .bind(b)
            .fetch_all(&mut *conn)
            .await?;
    }
    // Usage of a month is only ever billed by lines of that month's invoices.
    let month = first.format("%Y-%m").to_string();
    let links = crate::usage_groups::month_links(conn, &month, Drafts::Kept).await?;
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
     COALESCE(group_id, ''), char(30)) \
     FROM usage_rows WHERE usage_date BETWEEN ? AND ? GROUP BY id >> 8";

fn unpack(rec: &str) -> Option<UsageRow> {
    let f: Vec<&str> = rec.split('\u{1f}').collect();
    if f.len() != 17 {
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
        invoice_line_id: None,
        provider_line_id: None,
    })
}

/// SQLite's default page cache, in KiB.
pub const DEFAULT_CACHE_KIB: i64 = 2000;

/// The page cache of this connection, in KiB. A large import keeps its indexes (the duplicate
/// hash above all, whose keys arrive in random order) in memory rather than re-reading pages.
pub async fn set_cache_kib(conn: &mut SqliteConnection, kib: i64) -> Result<()> {
    sqlx::query(&format!("PRAGMA cache_size = -{}", kib.max(1))).execute(conn).await?;
    Ok(())
}
