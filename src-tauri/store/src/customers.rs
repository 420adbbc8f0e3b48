//! The `customers` table and its partners' `relationships` (a customer belongs to the partners it
//! has a relationship with), and the customer search.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use csp_domain::customer::CustomerRow;
use csp_domain::{Currency, Result};

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

impl CustomerRecord {
    /// A customer known by its identity alone (adopted from a usage file), its other details empty.
    pub fn identity(id: &str, tenant_id: &str, name: &str, domain: &str, country: &str) -> Self {
        CustomerRecord {
            id: id.into(),
            tenant_id: tenant_id.into(),
            name: name.into(),
            domain: domain.into(),
            country: country.into(),
            address: None,
            email: None,
            vat_id: None,
            siren: None,
            gcc: false,
            delivery_address: None,
        }
    }
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
pub async fn billing_currency(conn: &mut SqliteConnection, id: &str) -> Result<Option<Currency>> {
    Ok(sqlx::query_scalar("SELECT billing_currency FROM customers WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .flatten())
}

/// Every customer billed in a currency of its own (customer ID → currency), in one query.
pub async fn billing_currencies(conn: &mut SqliteConnection) -> Result<std::collections::HashMap<String, Currency>> {
    let rows: Vec<(String, Currency)> =
        sqlx::query_as("SELECT id, billing_currency FROM customers WHERE billing_currency IS NOT NULL")
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().collect())
}

/// Sets (or clears, `None`) the currency a customer is billed in.
pub async fn set_billing_currency(conn: &mut SqliteConnection, id: &str, currency: Option<Currency>) -> Result<()> {
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

/// Tenant ID (lower case) → customer ID (what the usage import looks customers up by).
pub async fn ids_by_lower_tenant(conn: &mut SqliteConnection) -> Result<std::collections::HashMap<String, String>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT lower(tenant_id), id FROM customers").fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

/// Whether a customer owns the domain (case-insensitive: the column collates NOCASE).
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

/// Moves the start of a relationship to `on` (adoption dates it from the file's earliest usage).
pub async fn set_relationship_since(
    conn: &mut SqliteConnection,
    partner_id: &str,
    customer_id: &str,
    on: NaiveDate,
) -> Result<()> {
    sqlx::query("UPDATE relationships SET since = ? WHERE partner_id = ? AND customer_id = ?")
        .bind(on)
        .bind(partner_id)
        .bind(customer_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct CustomerParty {
    pub id: String,
    pub name: String,
    pub country: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub vat_id: Option<String>,
    pub siren: Option<String>,
    /// The currency the customer is billed in when it is not its usage's.
    pub billing_currency: Option<Currency>,
}

/// Every customer as an invoice names it (a billing run reads them whole, as one JSON value).
pub async fn parties(conn: &mut SqliteConnection) -> Result<Vec<CustomerParty>> {
    crate::json_rows::fetch(
        conn,
        "SELECT json_array(id, name, country, address, email, vat_id, siren, billing_currency) AS j FROM customers",
        "",
        &[],
    )
    .await
}

/// Marks every relationship of `partner_id` established on or before `on` as transition-exempt
/// from `on`. Returns how many pairs became exempt.
pub async fn mark_transition_exempt(conn: &mut SqliteConnection, partner_id: &str, on: NaiveDate) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE relationships SET transition_exempt_from = ? \
         WHERE partner_id = ? AND since <= ? AND transition_exempt_from IS NULL",
    )
    .bind(on)
    .bind(partner_id)
    .bind(on)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, d};

    #[tokio::test]
    async fn a_customer_goes_in_and_is_found_by_id_domain_and_tenant() {
        let mut conn = testing::book().await;
        testing::customer(&mut conn, "c1", "Fabrikam").await;
        let c = get(&mut conn, "c1").await.unwrap().unwrap();
        assert_eq!((c.name.as_str(), c.domain.as_str(), c.gcc), ("Fabrikam", "c1.onmicrosoft.com", false));
        assert_eq!(find_by_domain(&mut conn, "C1.onmicrosoft.com").await.unwrap().unwrap().id, "c1");
        assert_eq!(find_by_tenant(&mut conn, "c1-tenant").await.unwrap().unwrap().id, "c1");
        assert!(get(&mut conn, "other").await.unwrap().is_none());
        assert_eq!(all(&mut conn).await.unwrap().len(), 1);
        assert!(domain_taken(&mut conn, "C1.ONMICROSOFT.COM").await.unwrap());
        assert!(!domain_taken(&mut conn, "other.onmicrosoft.com").await.unwrap());
    }

    #[tokio::test]
    async fn details_and_billing_currency_are_written() {
        let mut conn = testing::book().await;
        testing::customer(&mut conn, "c1", "Fabrikam").await;
        let mut c = testing::customer_record("c1", "Fabrikam SA");
        c.address = Some("1 rue de Paris".into());
        update_details(&mut conn, &c).await.unwrap();
        let back = get(&mut conn, "c1").await.unwrap().unwrap();
        assert_eq!((back.name.as_str(), back.address.as_deref()), ("Fabrikam SA", Some("1 rue de Paris")));
        assert_eq!(billing_currency(&mut conn, "c1").await.unwrap(), None);
        set_billing_currency(&mut conn, "c1", Some(testing::currency("USD"))).await.unwrap();
        assert_eq!(billing_currency(&mut conn, "c1").await.unwrap(), Some(testing::currency("USD")));
        assert_eq!(billing_currencies(&mut conn).await.unwrap()["c1"], "USD");
        let parties = parties(&mut conn).await.unwrap();
        assert_eq!(
            (parties[0].name.as_str(), parties[0].address.as_deref(), parties[0].billing_currency),
            ("Fabrikam SA", Some("1 rue de Paris"), Some(testing::currency("USD")))
        );
        set_billing_currency(&mut conn, "c1", None).await.unwrap();
        assert!(billing_currencies(&mut conn).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn tenants_are_looked_up_in_lower_case() {
        let mut conn = testing::book().await;
        let mut c = testing::customer_record("c1", "Fabrikam");
        c.tenant_id = "3F2B0C8E-8A52-4B7E-9D0A-7F1C2B3A4D5E".into();
        insert(&mut conn, &c).await.unwrap();
        let ids = ids_by_lower_tenant(&mut conn).await.unwrap();
        assert_eq!(ids["3f2b0c8e-8a52-4b7e-9d0a-7f1c2b3a4d5e"], "c1");
    }

    #[tokio::test]
    async fn relationships_are_made_once_dated_and_exempted() {
        let mut conn = testing::book().await;
        testing::partner(&mut conn, "p1", "Nuage Azur SAS").await;
        testing::partner(&mut conn, "p2", "Hanse IT GmbH").await;
        testing::customer(&mut conn, "c1", "Fabrikam").await;
        insert_relationship(&mut conn, "p1", "c1", d("2019-05-06")).await.unwrap();
        assert!(!ensure_relationship(&mut conn, "p1", "c1", d("2020-01-01")).await.unwrap());
        assert!(ensure_relationship(&mut conn, "p2", "c1", d("2021-08-01")).await.unwrap());
        let of = relationships_of(&mut conn, "c1").await.unwrap();
        assert_eq!(
            of.iter().map(|r| (r.partner_name.as_str(), r.since)).collect::<Vec<_>>(),
            [("Nuage Azur SAS", d("2019-05-06")), ("Hanse IT GmbH", d("2021-08-01"))]
        );
        set_relationship_since(&mut conn, "p2", "c1", d("2021-07-01")).await.unwrap();
        assert_eq!(relationship(&mut conn, "p2", "c1").await.unwrap().unwrap().since, d("2021-07-01"));
        assert!(relationship(&mut conn, "p2", "other").await.unwrap().is_none());
        assert_eq!(mark_transition_exempt(&mut conn, "p1", d("2021-07-21")).await.unwrap(), 1);
        assert_eq!(mark_transition_exempt(&mut conn, "p1", d("2021-07-22")).await.unwrap(), 0, "already exempt");
        let all = all_relationships(&mut conn).await.unwrap();
        assert_eq!(
            all.iter().map(|r| (r.partner_id.as_str(), r.transition_exempt_from)).collect::<Vec<_>>(),
            [("p1", Some(d("2021-07-21"))), ("p2", None)]
        );
    }

    #[tokio::test]
    async fn the_search_finds_by_substring_or_prefix_and_counts_every_match() {
        let mut conn = testing::book().await;
        testing::partner(&mut conn, "p1", "Nuage Azur SAS").await;
        for (id, name) in [("c1", "Fabrikam"), ("c2", "Contoso"), ("c3", "Fabrikam Lyon")] {
            testing::customer(&mut conn, id, name).await;
            insert_relationship(&mut conn, "p1", id, d("2021-01-01")).await.unwrap();
        }
        let q = |text| SearchQuery {
            text,
            partner_id: None,
            sort: SortKey::Name,
            descending: false,
            offset: 0,
            limit: 1,
            as_of: None,
        };
        let (total, page) = search(&mut conn, &q("brik")).await.unwrap();
        assert_eq!((total, page.len(), page[0].name.as_str()), (2, 1, "Fabrikam"));
        assert_eq!(page[0].partners, "Nuage Azur SAS");
        let (total, _) = search(&mut conn, &q("co")).await.unwrap();
        assert_eq!(total, 1);
        let (total, _) = search(&mut conn, &SearchQuery { as_of: Some(d("2020-12-31")), ..q("") }).await.unwrap();
        assert_eq!(total, 0);
    }
}
