//! Invoices, credit notes, their lines and taxes, numbering counters and the audit log.
//! Issued invoices are immutable: SQLite triggers (migration 0010) refuse any change to their
//! amounts, lines or number, whatever code writes to the file.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::SqliteConnection;

use csp_domain::facts::InvoiceFacts;
use csp_domain::invoice::{InvoiceKind, InvoiceStatus, PlatformStatus};
use csp_domain::offer::Offer;
use csp_domain::tax::TaxMention;
use csp_domain::Result;

use crate::rows::{amount, dec, insert_rows, opt, text, Val};
use crate::usage_groups::UsagePart;
use crate::Dec;

/// A new `invoices` row. It is written as a draft: numbers are given when it is issued.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInvoice {
    pub id: String,
    pub kind: InvoiceKind,
    pub issuer_id: String,
    pub customer_id: Option<String>,
    pub reseller_id: Option<String>,
    pub month: String,
    pub currency: String,
    /// Amounts at the currency's minor unit (`money::minor`): their digits are what gets stored.
    pub subtotal: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
    pub tax_mention: TaxMention,
    /// The usage's currency and the rate that converted it.
    pub exchange: Option<(String, Decimal)>,
    /// A credit note: the invoice it cancels.
    pub credits_invoice_id: Option<String>,
}

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
}

/// A new `invoice_taxes` row: one rate of an invoice.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTax {
    pub invoice_id: String,
    pub rate: Decimal,
    /// Base and amount at the currency's minor unit (`money::minor`).
    pub base: Decimal,
    pub amount: Decimal,
}

/// Writes new invoices or credit notes, as drafts.
pub async fn insert_invoices(conn: &mut SqliteConnection, invoices: &[NewInvoice]) -> Result<()> {
    const COLUMNS: [&str; 16] = [
        "id",
        "kind",
        "status",
        "issuer_id",
        "customer_id",
        "reseller_id",
        "month",
        "currency",
        "series",
        "subtotal",
        "tax",
        "total",
        "tax_mention",
        "exchange_from",
        "exchange_rate",
        "credits_invoice_id",
    ];
    let rows: Vec<Vec<Val>> = invoices
        .iter()
        .map(|i| {
            vec![
                text(&i.id),
                text(i.kind.as_str()),
                text(InvoiceStatus::Draft.as_str()),
                text(&i.issuer_id),
                opt(&i.customer_id),
                opt(&i.reseller_id),
                text(&i.month),
                text(&i.currency),
                text(i.kind.series()),
                amount(i.subtotal),
                amount(i.tax),
                amount(i.total),
                text(i.tax_mention.as_str()),
                i.exchange.as_ref().map(|(from, _)| text(from)).unwrap_or(Val::Null),
                i.exchange.as_ref().map(|(_, rate)| dec(*rate)).unwrap_or(Val::Null),
                opt(&i.credits_invoice_id),
            ]
        })
        .collect();
    insert_rows(conn, "INSERT INTO invoices", &COLUMNS, &rows).await
}

pub async fn insert_lines(conn: &mut SqliteConnection, lines: &[NewLine]) -> Result<()> {
    const COLUMNS: [&str; 15] = [
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
            ]
        })
        .collect();
    insert_rows(conn, "INSERT INTO invoice_lines", &COLUMNS, &rows).await
}

pub async fn insert_taxes(conn: &mut SqliteConnection, taxes: &[NewTax]) -> Result<()> {
    let rows: Vec<Vec<Val>> =
        taxes.iter().map(|t| vec![text(&t.invoice_id), dec(t.rate), amount(t.base), amount(t.amount)]).collect();
    insert_rows(conn, "INSERT INTO invoice_taxes", &["invoice_id", "rate", "base", "amount"], &rows).await
}

/// Audit-log lines without a business date: (invoice, event, detail).
pub async fn log_events(conn: &mut SqliteConnection, events: &[(String, &str, String)]) -> Result<()> {
    let rows: Vec<Vec<Val>> =
        events.iter().map(|(id, event, detail)| vec![text(id), text(event), text(detail)]).collect();
    insert_rows(conn, "INSERT INTO invoice_events", &["invoice_id", "event", "detail"], &rows).await
}

pub async fn next_line_id(conn: &mut SqliteConnection) -> Result<i64> {
    let (max,): (Option<i64>,) = sqlx::query_as("SELECT MAX(id) FROM invoice_lines").fetch_one(conn).await?;
    Ok(max.unwrap_or(0) + 1)
}

/// Draft IDs of a month (optionally one issuer's).
pub async fn draft_ids(conn: &mut SqliteConnection, month: &str, issuer_id: Option<&str>) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT i.id FROM invoices i \
         LEFT JOIN customers c ON c.id = i.customer_id LEFT JOIN partners r ON r.id = i.reseller_id \
         WHERE i.month = ?1 AND i.status = 'draft' AND (?2 IS NULL OR i.issuer_id = ?2) \
         ORDER BY i.issuer_id, COALESCE(c.name, r.name) COLLATE NOCASE, i.currency, i.id",
    )
    .bind(month)
    .bind(issuer_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Deletes the month's drafts (never an issued invoice: the triggers would refuse) and releases
/// their usage rows. Returns how many drafts were deleted.
pub async fn delete_drafts(conn: &mut SqliteConnection, month: &str, issuer_id: Option<&str>) -> Result<u64> {
    let scope = "SELECT id FROM invoices WHERE month = ?1 AND status = 'draft' AND (?2 IS NULL OR issuer_id = ?2)";
    let lines = format!("SELECT id FROM invoice_lines WHERE invoice_id IN ({scope})");
    // Links are keyed by line. The drafts of one run hold one range of line IDs, with no other line
    // in it: then their links are one range of the key, deleted in one sweep.
    let (lo, hi, n): (Option<i64>, Option<i64>, i64) =
        sqlx::query_as(&format!("SELECT min(id), max(id), COUNT(*) FROM ({lines})"))
            .bind(month)
            .bind(issuer_id)
            .fetch_one(&mut *conn)
            .await?;
    let in_range: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoice_lines WHERE id BETWEEN ? AND ?")
        .bind(lo)
        .bind(hi)
        .fetch_one(&mut *conn)
        .await?;
    let links = if in_range == n {
        "DELETE FROM usage_group_links WHERE line_id BETWEEN (SELECT min(id) FROM ({lines})) AND (SELECT max(id) FROM ({lines}))"
            .replace("{lines}", &lines)
    } else {
        format!("DELETE FROM usage_group_links WHERE line_id IN ({lines})")
    };
    for sql in [
        links,
        format!(
            "INSERT INTO invoice_events (invoice_id, event, detail) SELECT id, 'draft_replaced', 'billing run' FROM invoices \
             WHERE id IN ({scope})"
        ),
        format!("DELETE FROM invoice_taxes WHERE invoice_id IN ({scope})"),
        format!("DELETE FROM invoice_lines WHERE invoice_id IN ({scope})"),
    ] {
        sqlx::query(&sql).bind(month).bind(issuer_id).execute(&mut *conn).await?;
    }
    let done =
        sqlx::query("DELETE FROM invoices WHERE month = ?1 AND status = 'draft' AND (?2 IS NULL OR issuer_id = ?2)")
            .bind(month)
            .bind(issuer_id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected())
}

/// Links usage to the invoice lines that bill it: `(line, parts of groups)`; the line's invoice tells
/// the side (a provider's invoice to its reseller, or the customer's). Lines in ascending order make
/// every insert an append to the link table's key.
pub async fn link_usage(conn: &mut SqliteConnection, lines: &[(i64, &[UsagePart])]) -> Result<()> {
    let rows: Vec<Vec<Val>> = lines
        .iter()
        .flat_map(|(line, parts)| {
            parts.iter().map(move |p| {
                vec![Val::Int(*line), Val::Int(p.group_id), text(&p.from.to_string()), text(&p.to.to_string())]
            })
        })
        .collect();
    insert_rows(conn, "INSERT INTO usage_group_links", &["line_id", "group_id", "from_date", "to_date"], &rows).await
}

/// Releases the usage of an invoice (after its credit note), so the next run bills it again.
pub async fn release_usage(conn: &mut SqliteConnection, invoice_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM usage_group_links WHERE line_id IN (SELECT id FROM invoice_lines WHERE invoice_id = ?)")
        .bind(invoice_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An `invoices` row as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvoiceRecord {
    pub id: String,
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    pub issuer_id: String,
    pub issuer_name: String,
    pub customer_id: Option<String>,
    pub reseller_id: Option<String>,
    pub recipient_name: String,
    pub month: String,
    pub currency: String,
    pub series: String,
    pub number: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub paid_on: Option<NaiveDate>,
    pub voided_on: Option<NaiveDate>,
    pub subtotal: Dec,
    pub tax: Dec,
    pub total: Dec,
    pub tax_mention: TaxMention,
    pub exchange_from: Option<String>,
    pub exchange_rate: Option<Dec>,
    pub credits_invoice_id: Option<String>,
    pub credits_number: Option<String>,
    pub credited_by: Option<String>,
    pub lines: i64,
    /// A credit note of an already paid invoice (from its frozen facts).
    pub refund_due: bool,
    /// The last platform status reported, and its date.
    pub platform_status: Option<PlatformStatus>,
    pub platform_on: Option<NaiveDate>,
}

const SELECT: &str =
    "SELECT i.id, i.kind, i.status, i.issuer_id, \
     COALESCE(json_extract(f.facts, '$.issuer.name'), ip.name) AS issuer_name, i.customer_id, i.reseller_id, \
     COALESCE(json_extract(f.facts, '$.recipient.name'), c.name, r.name) AS recipient_name, i.month, i.currency, i.series, i.number, i.issued_on, i.due_on, \
     i.paid_on, i.voided_on, i.subtotal, i.tax, i.total, i.tax_mention, i.exchange_from, i.exchange_rate, \
     i.credits_invoice_id, o.number AS credits_number, \
     (SELECT cn.id FROM invoices cn WHERE cn.credits_invoice_id = i.id) AS credited_by, \
     (SELECT COUNT(*) FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines, \
     COALESCE(json_extract(f.facts, '$.payment.refund_due'), 0) AS refund_due, \
     pe.detail AS platform_status, pe.on_date AS platform_on, i.number_year, i.number_seq \
     FROM invoices i JOIN partners ip ON ip.id = i.issuer_id LEFT JOIN invoice_facts f ON f.invoice_id = i.id \
     LEFT JOIN customers c ON c.id = i.customer_id LEFT JOIN partners r ON r.id = i.reseller_id \
     LEFT JOIN invoices o ON o.id = i.credits_invoice_id \
     LEFT JOIN invoice_events pe ON pe.id = (SELECT e.id FROM invoice_events e \
      WHERE e.invoice_id = i.id AND e.event = 'platform' ORDER BY e.id DESC LIMIT 1)";

/// Every document with only what counting needs (kind, status and dates, month, currency,
/// amounts): no names, lines or events are looked up, so that the dashboard reads a distributor's
/// year of invoices at once. The other fields are left empty.
pub async fn list_for_counts(conn: &mut SqliteConnection) -> Result<Vec<InvoiceRecord>> {
    let rows: Vec<Listed> = crate::json_rows::fetch(
        conn,
        "SELECT json_array(id, kind, status, issuer_id, '', customer_id, reseller_id, '', month, currency, series, \
                number, issued_on, due_on, paid_on, voided_on, subtotal, tax, total, tax_mention, exchange_from, \
                exchange_rate, credits_invoice_id, NULL, NULL, 0, 0, NULL, NULL) AS j FROM invoices",
        "",
        &[],
    )
    .await?;
    Ok(rows.into_iter().map(Listed::record).collect())
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<InvoiceRecord>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE i.id = ?")).bind(id).fetch_optional(conn).await?)
}

/// An invoice by ID, or by its number.
pub async fn find(conn: &mut SqliteConnection, id_or_number: &str) -> Result<Option<InvoiceRecord>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE i.id = ?1 OR i.number = ?1 ORDER BY i.id = ?1 DESC LIMIT 1"))
        .bind(id_or_number)
        .fetch_optional(conn)
        .await?)
}

pub async fn list(
    conn: &mut SqliteConnection,
    month: Option<&str>,
    status: Option<InvoiceStatus>,
) -> Result<Vec<InvoiceRecord>> {
    // A month named is sought in the month index (an optional one would scan every month's).
    let month_filter = if month.is_some() { "i.month = ?1" } else { "?1 IS NULL" };
    // A month holds 10,000 invoices at a distributor: they cross as one JSON value (`json_rows`).
    let select = format!(
        "SELECT json_array(id, kind, status, issuer_id, issuer_name, customer_id, reseller_id, recipient_name, \
                month, currency, series, number, issued_on, due_on, paid_on, voided_on, subtotal, tax, total, \
                tax_mention, exchange_from, exchange_rate, credits_invoice_id, credits_number, credited_by, lines, \
                refund_due, platform_status, platform_on) AS j, \
                month, issuer_id, series, number_year, number_seq, recipient_name, id \
         FROM ({SELECT} WHERE {month_filter} AND (?2 IS NULL OR i.status = ?2))"
    );
    let rows: Vec<Listed> = crate::json_rows::fetch(
        conn,
        &select,
        "ORDER BY month, issuer_id, series, number_year, number_seq, recipient_name COLLATE NOCASE, id",
        &[month, status.map(InvoiceStatus::as_str)],
    )
    .await?;
    Ok(rows.into_iter().map(Listed::record).collect())
}

/// An [`InvoiceRecord`] as [`list`] and [`list_for_counts`] read it from JSON, in its columns' order.
#[derive(serde::Deserialize)]
struct Listed(
    String,
    InvoiceKind,
    InvoiceStatus,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Dec,
    Dec,
    Dec,
    String,
    Option<String>,
    Option<Dec>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    i64,
    Option<PlatformStatus>,
    Option<NaiveDate>,
);

impl Listed {
    fn record(self) -> InvoiceRecord {
        let r = self;
        InvoiceRecord {
            id: r.0,
            kind: r.1,
            status: r.2,
            issuer_id: r.3,
            issuer_name: r.4,
            customer_id: r.5,
            reseller_id: r.6,
            recipient_name: r.7,
            month: r.8,
            currency: r.9,
            series: r.10,
            number: r.11,
            issued_on: r.12,
            due_on: r.13,
            paid_on: r.14,
            voided_on: r.15,
            subtotal: r.16,
            tax: r.17,
            total: r.18,
            tax_mention: TaxMention::parse(&r.19),
            exchange_from: r.20,
            exchange_rate: r.21,
            credits_invoice_id: r.22,
            credits_number: r.23,
            credited_by: r.24,
            lines: r.25,
            refund_due: r.26 != 0,
            platform_status: r.27,
            platform_on: r.28,
        }
    }
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
}

pub async fn lines(conn: &mut SqliteConnection, invoice_id: &str) -> Result<Vec<LineRecord>> {
    Ok(sqlx::query_as(
        "SELECT id, position, subscription_id, subscription_name, customer_id, meter_id, meter_name, meter_category, \
         unit, quantity, unit_price, markup_percent, tax_rate, amount FROM invoice_lines WHERE invoice_id = ? \
         ORDER BY position",
    )
    .bind(invoice_id)
    .fetch_all(conn)
    .await?)
}

/// (rate, base, amount) of each tax rate of an invoice.
pub async fn taxes(conn: &mut SqliteConnection, invoice_id: &str) -> Result<Vec<(Dec, Dec, Dec)>> {
    Ok(sqlx::query_as("SELECT rate, base, amount FROM invoice_taxes WHERE invoice_id = ? ORDER BY CAST(rate AS REAL)")
        .bind(invoice_id)
        .fetch_all(conn)
        .await?)
}

/// Bumps and returns the next number of (issuer, series, year). Call inside the IMMEDIATE
/// transaction that issues: a rollback gives the number back, so no gap is ever left.
pub async fn next_number(conn: &mut SqliteConnection, issuer_id: &str, series: &str, year: i32) -> Result<i64> {
    let (seq,): (i64,) = sqlx::query_as(
        "INSERT INTO invoice_numbers (issuer_id, series, year, last_seq) VALUES (?, ?, ?, 1) \
         ON CONFLICT (issuer_id, series, year) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq",
    )
    .bind(issuer_id)
    .bind(series)
    .bind(year)
    .fetch_one(conn)
    .await?;
    Ok(seq)
}

/// The latest issue date of an issuer's series, every year included (numbers follow the dates, and
/// a new year's first number does not open a door to backdating into the last one).
pub async fn last_issue_date(conn: &mut SqliteConnection, issuer_id: &str, series: &str) -> Result<Option<NaiveDate>> {
    let (d,): (Option<NaiveDate>,) =
        sqlx::query_as("SELECT MAX(issued_on) FROM invoices WHERE issuer_id = ? AND series = ? AND number IS NOT NULL")
            .bind(issuer_id)
            .bind(series)
            .fetch_one(conn)
            .await?;
    Ok(d)
}

/// Freezes what a document prints. Call in the issuing transaction, while it is still a draft
/// (the database refuses it afterwards, and refuses to issue a document without it).
pub async fn insert_facts(
    conn: &mut SqliteConnection,
    invoice_id: &str,
    facts: &InvoiceFacts,
    logo: Option<&[u8]>,
) -> Result<()> {
    let json = serde_json::to_string(facts).map_err(|e| std::io::Error::other(e.to_string()))?;
    sqlx::query("INSERT INTO invoice_facts (invoice_id, facts, logo) VALUES (?, ?, ?)")
        .bind(invoice_id)
        .bind(json)
        .bind(logo)
        .execute(conn)
        .await?;
    Ok(())
}

/// The frozen facts of an issued document and its logo's bytes (`None`: a draft, which prints
/// live data).
pub async fn facts(conn: &mut SqliteConnection, invoice_id: &str) -> Result<Option<(InvoiceFacts, Option<Vec<u8>>)>> {
    let row: Option<(String, Option<Vec<u8>>)> =
        sqlx::query_as("SELECT facts, logo FROM invoice_facts WHERE invoice_id = ?")
            .bind(invoice_id)
            .fetch_optional(conn)
            .await?;
    row.map(|(json, logo)| {
        let facts = serde_json::from_str(&json).map_err(|e| {
            csp_domain::CoreError::validation(
                format!("the frozen facts of invoice {invoice_id} cannot be read: {e}"),
                format!("les données figées de la facture {invoice_id} sont illisibles : {e}"),
            )
        })?;
        Ok((facts, logo))
    })
    .transpose()
}

#[allow(clippy::too_many_arguments)]
pub async fn mark_issued(
    conn: &mut SqliteConnection,
    id: &str,
    number: &str,
    year: i32,
    seq: i64,
    issued_on: NaiveDate,
    due_on: NaiveDate,
) -> Result<()> {
    sqlx::query(
        "UPDATE invoices SET status = 'issued', number = ?, number_year = ?, number_seq = ?, issued_on = ?, due_on = ? \
         WHERE id = ? AND status = 'draft'",
    )
    .bind(number)
    .bind(year)
    .bind(seq)
    .bind(issued_on)
    .bind(due_on)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn mark_paid(conn: &mut SqliteConnection, id: &str, on: NaiveDate) -> Result<()> {
    sqlx::query("UPDATE invoices SET status = 'paid', paid_on = ? WHERE id = ?")
        .bind(on)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn mark_voided(conn: &mut SqliteConnection, id: &str, on: NaiveDate) -> Result<()> {
    sqlx::query("UPDATE invoices SET status = 'voided', voided_on = ? WHERE id = ?")
        .bind(on)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn log_event(
    conn: &mut SqliteConnection,
    invoice_id: &str,
    on: Option<NaiveDate>,
    event: &str,
    detail: Option<&str>,
) -> Result<()> {
    sqlx::query("INSERT INTO invoice_events (invoice_id, on_date, event, detail) VALUES (?, ?, ?, ?)")
        .bind(invoice_id)
        .bind(on)
        .bind(event)
        .bind(detail)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRecord {
    pub at: String,
    pub on_date: Option<NaiveDate>,
    pub event: String,
    pub detail: Option<String>,
}

pub async fn events(conn: &mut SqliteConnection, invoice_id: &str) -> Result<Vec<EventRecord>> {
    Ok(sqlx::query_as("SELECT at, on_date, event, detail FROM invoice_events WHERE invoice_id = ? ORDER BY id")
        .bind(invoice_id)
        .fetch_all(conn)
        .await?)
}

// ---- the book as billing reads it ----

#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct PeriodRecord {
    pub subscription_id: String,
    pub valid_from: NaiveDate,
    pub partner_id: String,
    pub billing_partner_id: String,
    pub offer: Offer,
}

// The book's tables are read whole for a billing run (a distributor's 10,000 subscriptions and
// customers), each as one JSON value (`json_rows`).

pub async fn periods(conn: &mut SqliteConnection) -> Result<Vec<PeriodRecord>> {
    crate::json_rows::fetch(
        conn,
        "SELECT json_array(subscription_id, valid_from, partner_id, billing_partner_id, offer) AS j, \
                subscription_id AS s, valid_from AS f FROM subscription_periods \
         UNION ALL \
         SELECT json_array(s.id, s.created_on, s.partner_id, s.billing_partner_id, s.offer), s.id, s.created_on \
         FROM subscriptions s WHERE NOT EXISTS (SELECT 1 FROM subscription_periods p WHERE p.subscription_id = s.id)",
        "ORDER BY s, f",
        &[],
    )
    .await
}

pub async fn subscription_names(conn: &mut SqliteConnection) -> Result<Vec<(String, Option<String>, Offer)>> {
    crate::json_rows::fetch(conn, "SELECT json_array(id, name, offer) AS j FROM subscriptions", "", &[]).await
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct AdminRole {
    pub subscription_id: String,
    pub principal: String,
    pub granted_on: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
}

/// Owner and contributor assignments at subscription scope (what "admin rights" means for PEC).
pub async fn admin_roles(conn: &mut SqliteConnection) -> Result<Vec<AdminRole>> {
    crate::json_rows::fetch(
        conn,
        "SELECT json_array(subscription_id, principal, granted_on, revoked_on) AS j FROM role_assignments \
         WHERE role IN ('owner', 'contributor') AND scope IS NULL",
        "",
        &[],
    )
    .await
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
    pub billing_currency: Option<String>,
}

pub async fn customers(conn: &mut SqliteConnection) -> Result<Vec<CustomerParty>> {
    crate::json_rows::fetch(
        conn,
        "SELECT json_array(id, name, country, address, email, vat_id, siren, billing_currency) AS j FROM customers",
        "",
        &[],
    )
    .await
}

/// Lines of a month's invoices as reconciliation reads them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinePrice {
    pub line_id: i64,
    pub invoice_id: String,
    pub number: Option<String>,
    pub status: InvoiceStatus,
    pub issuer_id: String,
    pub currency: String,
    pub exchange_rate: Option<Dec>,
    pub unit_price: Dec,
}

pub async fn line_prices(conn: &mut SqliteConnection, month: &str) -> Result<Vec<LinePrice>> {
    Ok(sqlx::query_as(
        "SELECT l.id AS line_id, l.invoice_id, i.number, i.status, i.issuer_id, i.currency, i.exchange_rate, l.unit_price \
         FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.month = ? AND i.kind = 'invoice'",
    )
    .bind(month)
    .fetch_all(conn)
    .await?)
}
