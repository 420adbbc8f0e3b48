//! Customers, their reseller relationships and the customer search.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use csp_domain::customer::CustomerRow;
use csp_domain::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CustomerRecord {
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    pub domain: String,
    pub country: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub vat_id: Option<String>,
    pub siren: Option<String>,
    pub gcc: bool,
    pub delivery_address: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RelationshipRecord {
    pub partner_id: String,
    pub partner_name: String,
    pub customer_id: String,
    pub since: NaiveDate,
    pub transition_exempt_from: Option<NaiveDate>,
}

const COLUMNS: &str = "id, tenant_id, name, domain, country, address, email, vat_id, siren, gcc, delivery_address";

pub async fn insert(conn: &mut SqliteConnection, c: &CustomerRecord) -> Result<()> {
    sqlx::query(&format!("INSERT INTO customers ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        .bind(&c.id)
        .bind(&c.tenant_id)
        .bind(&c.name)
        .bind(&c.domain)
        .bind(&c.country)
        .bind(&c.address)
        .bind(&c.email)
        .bind(&c.vat_id)
        .bind(&c.siren)
        .bind(c.gcc)
        .bind(&c.delivery_address)
        .execute(conn)
        .await?;
    Ok(())
}

/// The currency a customer is billed in, when not its usage's.
pub async fn billing_currency(conn: &mut SqliteConnection, id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT billing_currency FROM customers WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .flatten())
}

/// Every customer billed in a currency of its own (customer ID → currency), in one query.
pub async fn billing_currencies(conn: &mut SqliteConnection) -> Result<std::collections::HashMap<String, String>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, billing_currency FROM customers WHERE billing_currency IS NOT NULL")
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().collect())
}

/// Sets (or clears, `None`) the currency a customer is billed in.
pub async fn set_billing_currency(conn: &mut SqliteConnection, id: &str, currency: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE customers SET billing_currency = ? WHERE id = ?").bind(currency).bind(id).execute(conn).await?;
    Ok(())
}

/// Writes the editable details of a customer (name, addresses, e-mail, VAT ID, SIREN).
pub async fn update_details(conn: &mut SqliteConnection, c: &CustomerRecord) -> Result<()> {
    sqlx::query(
        "UPDATE customers SET name = ?, address = ?, email = ?, vat_id = ?, siren = ?, delivery_address = ? \
         WHERE id = ?",
    )
    .bind(&c.name)
    .bind(&c.address)
    .bind(&c.email)
    .bind(&c.vat_id)
    .bind(&c.siren)
    .bind(&c.delivery_address)
    .bind(&c.id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<CustomerRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM customers WHERE id = ?")).bind(id).fetch_optional(conn).await?)
}

/// The customer owning a domain (case-insensitive: the column collates NOCASE).
pub async fn find_by_domain(conn: &mut SqliteConnection, domain: &str) -> Result<Option<CustomerRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM customers WHERE domain = ?"))
        .bind(domain)
        .fetch_optional(conn)
        .await?)
}

pub async fn find_by_tenant(conn: &mut SqliteConnection, tenant_id: &str) -> Result<Option<CustomerRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM customers WHERE tenant_id = ?"))
        .bind(tenant_id)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert_relationship(
    conn: &mut SqliteConnection,
    partner_id: &str,
    customer_id: &str,
    since: NaiveDate,
) -> Result<()> {
    sqlx::query("INSERT INTO relationships (partner_id, customer_id, since) VALUES (?, ?, ?)")
        .bind(partner_id)
        .bind(customer_id)
        .bind(since)
        .execute(conn)
        .await?;
    Ok(())
}

const REL_SELECT: &str =
    "SELECT r.partner_id, p.name AS partner_name, r.customer_id, r.since, r.transition_exempt_from \
     FROM relationships r JOIN partners p ON p.id = r.partner_id";

pub async fn relationships_of(conn: &mut SqliteConnection, customer_id: &str) -> Result<Vec<RelationshipRecord>> {
    Ok(sqlx::query_as(&format!("{REL_SELECT} WHERE r.customer_id = ? ORDER BY r.since, p.name"))
        .bind(customer_id)
        .fetch_all(conn)
        .await?)
}

pub async fn relationship(
    conn: &mut SqliteConnection,
    partner_id: &str,
    customer_id: &str,
) -> Result<Option<RelationshipRecord>> {
    Ok(sqlx::query_as(&format!("{REL_SELECT} WHERE r.partner_id = ? AND r.customer_id = ?"))
        .bind(partner_id)
        .bind(customer_id)
        .fetch_optional(conn)
        .await?)
}

/// How the customers list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Domain,
    Country,
    Since,
}

pub struct SearchQuery<'a> {
    pub text: &'a str,
    pub partner_id: Option<&'a str>,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
    /// Only the customers some partner (or `partner_id`) held a relationship with on that date, with
    /// those relationships alone (the book on a date).
    pub as_of: Option<NaiveDate>,
}

/// Three characters or more: the trigram index can answer.
fn fts_text(text: &str) -> bool {
    text.chars().count() >= 3
}

/// One page of the customers matching `q`, and how many match in all.
pub async fn search(conn: &mut SqliteConnection, q: &SearchQuery<'_>) -> Result<(i64, Vec<CustomerRow>)> {
    let text = q.text.trim();
    let mut filter = String::from("1 = 1");
    let mut binds: Vec<String> = Vec::new();
    if fts_text(text) {
        // Trigram index: any substring of 3+ characters, case-insensitive. The text is one
        // quoted FTS5 string (inner quotes doubled), never FTS syntax from the user.
        filter.push_str(" AND c.seq IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?)");
        binds.push(format!("\"{}\"", text.replace('"', "\"\"")));
    } else if !text.is_empty() {
        // One or two characters: what the name or domain starts with, as index ranges
        // [text, text + U+10FFFF) — a substring scan of every row would be too slow as you type.
        filter.push_str(
            " AND ((c.name >= ? COLLATE NOCASE AND c.name < ? COLLATE NOCASE) OR (c.domain >= ? AND c.domain < ?))",
        );
        let upper = format!("{text}\u{10FFFF}");
        binds.extend([text.to_string(), upper.clone(), text.to_string(), upper]);
    }
    let fts = fts_text(text);
    // The total comes from the smallest index that answers it: counting 100,000 rows through the
    // page's joins would cost more than the page itself.
    // A date is no user text: written into the query as the literal the table stores.
    let held = match q.as_of {
        Some(d) => format!(" AND r.since <= '{}'", d.format("%Y-%m-%d")),
        None => String::new(),
    };
    let (count_sql, count_binds) = match (text.is_empty(), fts, q.partner_id) {
        _ if q.as_of.is_some() => (String::new(), vec![]),
        (true, _, None) => ("SELECT COUNT(*) FROM customers".to_string(), vec![]),
        (true, _, Some(p)) => {
            ("SELECT COUNT(*) FROM relationships WHERE partner_id = ?".to_string(), vec![p.to_string()])
        }
        (false, true, None) => {
            ("SELECT COUNT(*) FROM customers_fts WHERE customers_fts MATCH ?".to_string(), binds.clone())
        }
        _ => (String::new(), vec![]),
    };
    if let Some(p) = q.partner_id {
        // EXISTS keeps the page in index order (sorting every match first would be slower).
        filter.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM relationships r WHERE r.partner_id = ? AND r.customer_id = c.id{held})"
        ));
        binds.push(p.to_string());
    } else if q.as_of.is_some() {
        filter.push_str(&format!(" AND EXISTS (SELECT 1 FROM relationships r WHERE r.customer_id = c.id{held})"));
    }
    let (count_sql, count_binds) = if count_sql.is_empty() {
        (format!("SELECT COUNT(*) FROM customers c WHERE {filter}"), binds.clone())
    } else {
        (count_sql, count_binds)
    };
    let since = format!("(SELECT MIN(r.since) FROM relationships r WHERE r.customer_id = c.id{held})");
    let dir = if q.descending { "DESC" } else { "ASC" };
    let order = match q.sort {
        SortKey::Name => format!("c.name COLLATE NOCASE {dir}"),
        SortKey::Domain => format!("c.domain {dir}"),
        SortKey::Country => format!("c.country {dir}, c.name COLLATE NOCASE {dir}"),
        SortKey::Since => format!("{since} {dir}"),
    };

    let mut count = sqlx::query_as::<_, (i64,)>(&count_sql);
    for b in &count_binds {
        count = count.bind(b);
    }
    let (total,) = count.fetch_one(&mut *conn).await?;

    let page_sql = format!(
        "SELECT c.id, c.tenant_id, c.name, c.domain, c.country, \
         COALESCE((SELECT group_concat(p.name, ', ') FROM relationships r JOIN partners p ON p.id = r.partner_id \
                   WHERE r.customer_id = c.id{held}), '') AS partners, \
         {since} AS since \
         FROM customers c WHERE {filter} ORDER BY {order}, c.seq {dir} LIMIT ? OFFSET ?"
    );
    let mut page = sqlx::query_as::<_, (String, String, String, String, String, String, Option<NaiveDate>)>(&page_sql);
    for b in &binds {
        page = page.bind(b);
    }
    let rows = page
        .bind(q.limit)
        .bind(q.offset)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, tenant_id, name, domain, country, partners, since)| CustomerRow {
            id,
            tenant_id,
            name,
            domain,
            country,
            partners,
            since,
        })
        .collect();
    Ok((total, rows))
}

/// Every customer (the CLI's whole list reads them at once, not one query each).
pub async fn all(conn: &mut SqliteConnection) -> Result<Vec<CustomerRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM customers")).fetch_all(conn).await?)
}

/// Every relationship, in the order [`relationships_of`] gives them.
pub async fn all_relationships(conn: &mut SqliteConnection) -> Result<Vec<RelationshipRecord>> {
    Ok(sqlx::query_as(&format!("{REL_SELECT} ORDER BY r.since, p.name")).fetch_all(conn).await?)
}
