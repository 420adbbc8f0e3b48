//! The `invoices` table: invoices and credit notes, drafted then issued, paid or voided. Their lines,
//! taxes, events, numbers and frozen facts have a module each (`invoice_lines`, …); replacing a
//! month's drafts removes all of a draft's rows at once ([`delete_drafts`]).
//! Issued invoices are immutable: SQLite triggers (migration 0010) refuse any change to their
//! amounts, lines or number, whatever code writes to the file.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::SqliteConnection;

use csp_domain::invoice::{InvoiceEvent, InvoiceFigures, InvoiceKind, InvoiceStatus, PlatformStatus};
use csp_domain::tax::TaxMention;
use csp_domain::{Currency, Month, Result};

use crate::rows::{amount, dec, insert_rows, opt, text, Val};
use crate::Dec;

/// A new `invoices` row. It is written as a draft: numbers are given when it is issued.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInvoice {
    pub id: String,
    pub kind: InvoiceKind,
    pub issuer_id: String,
    pub customer_id: Option<String>,
    pub reseller_id: Option<String>,
    pub month: Month,
    pub currency: Currency,
    /// Amounts at the currency's minor unit (`money::minor`): their digits are what gets stored.
    pub subtotal: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
    pub tax_mention: TaxMention,
    /// The usage's currency and the rate that converted it.
    pub exchange: Option<(String, Decimal)>,
    /// A credit note: the invoice it cancels.
    pub credits_invoice_id: Option<String>,
    /// Drafted from usage Microsoft had not billed yet.
    pub provisional: bool,
}

/// Writes new invoices or credit notes, as drafts.
pub async fn insert_invoices(conn: &mut SqliteConnection, invoices: &[NewInvoice]) -> Result<()> {
    const COLUMNS: [&str; 17] = [
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
        "provisional",
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
                text(&i.month.to_string()),
                text(i.currency.as_str()),
                text(i.kind.series()),
                amount(i.subtotal),
                amount(i.tax),
                amount(i.total),
                text(i.tax_mention.as_str()),
                i.exchange.as_ref().map(|(from, _)| text(from)).unwrap_or(Val::Null),
                i.exchange.as_ref().map(|(_, rate)| dec(*rate)).unwrap_or(Val::Null),
                opt(&i.credits_invoice_id),
                Val::Int(i64::from(i.provisional)),
            ]
        })
        .collect();
    insert_rows(conn, "INSERT INTO invoices", &COLUMNS, &rows).await
}

/// Draft IDs of a month (optionally one issuer's).
pub async fn draft_ids(conn: &mut SqliteConnection, month: Month, issuer_id: Option<&str>) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT i.id FROM invoices i \
         LEFT JOIN customers c ON c.id = i.customer_id LEFT JOIN partners r ON r.id = i.reseller_id \
         WHERE i.month = ?1 AND i.status = 'draft' AND (?2 IS NULL OR i.issuer_id = ?2) \
         ORDER BY i.issuer_id, COALESCE(c.name, r.name) COLLATE NOCASE, i.currency, i.id",
    )
    .bind(month.to_string())
    .bind(issuer_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Deletes the month's drafts (never an issued invoice: the triggers would refuse) and releases
/// their usage rows. Returns how many drafts were deleted.
pub async fn delete_drafts(conn: &mut SqliteConnection, month: Month, issuer_id: Option<&str>) -> Result<u64> {
    let month = month.to_string();
    let scope = "SELECT id FROM invoices WHERE month = ?1 AND status = 'draft' AND (?2 IS NULL OR issuer_id = ?2)";
    let lines = format!("SELECT id FROM invoice_lines WHERE invoice_id IN ({scope})");
    // Links are keyed by line. The drafts of one run hold one range of line IDs, with no other line
    // in it: then their links are one range of the key, deleted in one sweep.
    let (lo, hi, n): (Option<i64>, Option<i64>, i64) =
        sqlx::query_as(&format!("SELECT min(id), max(id), COUNT(*) FROM ({lines})"))
            .bind(&month)
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
            "INSERT INTO invoice_events (invoice_id, event, detail) SELECT id, '{}', 'billing run' FROM invoices \
             WHERE id IN ({scope})",
            InvoiceEvent::DraftReplaced.as_str()
        ),
        format!("DELETE FROM invoice_taxes WHERE invoice_id IN ({scope})"),
        format!("DELETE FROM invoice_lines WHERE invoice_id IN ({scope})"),
    ] {
        sqlx::query(&sql).bind(&month).bind(issuer_id).execute(&mut *conn).await?;
    }
    let done =
        sqlx::query("DELETE FROM invoices WHERE month = ?1 AND status = 'draft' AND (?2 IS NULL OR issuer_id = ?2)")
            .bind(&month)
            .bind(issuer_id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected())
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
    pub currency: Currency,
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
    /// Drafted from usage Microsoft had not billed yet.
    pub provisional: bool,
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
     pe.detail AS platform_status, pe.on_date AS platform_on, i.provisional, i.number_year, i.number_seq \
     FROM invoices i JOIN partners ip ON ip.id = i.issuer_id LEFT JOIN invoice_facts f ON f.invoice_id = i.id \
     LEFT JOIN customers c ON c.id = i.customer_id LEFT JOIN partners r ON r.id = i.reseller_id \
     LEFT JOIN invoices o ON o.id = i.credits_invoice_id \
     LEFT JOIN invoice_events pe ON pe.id = (SELECT e.id FROM invoice_events e \
      WHERE e.invoice_id = i.id AND e.event = 'platform' ORDER BY e.id DESC LIMIT 1)";

/// Every document with only what the dashboard counts ([`InvoiceFigures`]): no name, line or event
/// is looked up, so that a distributor's year of documents is read at once (as one JSON value:
/// `json_rows`).
pub async fn figures(conn: &mut SqliteConnection) -> Result<Vec<InvoiceFigures>> {
    crate::json_rows::fetch(
        conn,
        "SELECT json_array(kind, status, month, currency, total, issued_on, paid_on, voided_on) AS j FROM invoices",
        "",
        &[],
    )
    .await
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
    month: Option<Month>,
    status: Option<InvoiceStatus>,
) -> Result<Vec<InvoiceRecord>> {
    let month = month.map(|m| m.to_string());
    // A month named is sought in the month index (an optional one would scan every month's).
    let month_filter = if month.is_some() { "i.month = ?1" } else { "?1 IS NULL" };
    // A month holds 10,000 invoices at a distributor: they cross as one JSON value (`json_rows`).
    let select = format!(
        "SELECT json_array({}) AS j, month, issuer_id, series, number_year, number_seq, recipient_name, id \
         FROM ({SELECT} WHERE {month_filter} AND (?2 IS NULL OR i.status = ?2))",
        Listed::FIELDS.join(", ")
    );
    let rows: Vec<Listed> = crate::json_rows::fetch(
        conn,
        &select,
        "ORDER BY month, issuer_id, series, number_year, number_seq, recipient_name COLLATE NOCASE, id",
        &[month.as_deref(), status.map(InvoiceStatus::as_str)],
    )
    .await?;
    Ok(rows.into_iter().map(Listed::record).collect())
}

/// An [`InvoiceRecord`] as [`list`] reads it: fields read by name from a JSON
/// array of the columns [`Listed::FIELDS`] names, in that order (an array, not an object: a month of a
/// distributor's invoices crosses as half the text).
#[derive(serde::Deserialize)]
struct Listed {
    id: String,
    kind: InvoiceKind,
    status: InvoiceStatus,
    issuer_id: String,
    issuer_name: String,
    customer_id: Option<String>,
    reseller_id: Option<String>,
    recipient_name: String,
    month: String,
    currency: Currency,
    series: String,
    number: Option<String>,
    issued_on: Option<NaiveDate>,
    due_on: Option<NaiveDate>,
    paid_on: Option<NaiveDate>,
    voided_on: Option<NaiveDate>,
    subtotal: Dec,
    tax: Dec,
    total: Dec,
    tax_mention: String,
    exchange_from: Option<String>,
    exchange_rate: Option<Dec>,
    credits_invoice_id: Option<String>,
    credits_number: Option<String>,
    credited_by: Option<String>,
    lines: i64,
    /// SQLite's truth value: 0 or 1.
    refund_due: i64,
    platform_status: Option<PlatformStatus>,
    platform_on: Option<NaiveDate>,
    /// SQLite's truth value: 0 or 1.
    provisional: i64,
}

impl Listed {
    /// Every field of [`Listed`] in its order, named as [`SELECT`] names its column.
    const FIELDS: [&'static str; 30] = [
        "id",
        "kind",
        "status",
        "issuer_id",
        "issuer_name",
        "customer_id",
        "reseller_id",
        "recipient_name",
        "month",
        "currency",
        "series",
        "number",
        "issued_on",
        "due_on",
        "paid_on",
        "voided_on",
        "subtotal",
        "tax",
        "total",
        "tax_mention",
        "exchange_from",
        "exchange_rate",
        "credits_invoice_id",
        "credits_number",
        "credited_by",
        "lines",
        "refund_due",
        "platform_status",
        "platform_on",
        "provisional",
    ];

    fn record(self) -> InvoiceRecord {
        InvoiceRecord {
            id: self.id,
            kind: self.kind,
            status: self.status,
            issuer_id: self.issuer_id,
            issuer_name: self.issuer_name,
            customer_id: self.customer_id,
            reseller_id: self.reseller_id,
            recipient_name: self.recipient_name,
            month: self.month,
            currency: self.currency,
            series: self.series,
            number: self.number,
            issued_on: self.issued_on,
            due_on: self.due_on,
            paid_on: self.paid_on,
            voided_on: self.voided_on,
            subtotal: self.subtotal,
            tax: self.tax,
            total: self.total,
            tax_mention: TaxMention::parse(&self.tax_mention),
            exchange_from: self.exchange_from,
            exchange_rate: self.exchange_rate,
            credits_invoice_id: self.credits_invoice_id,
            credits_number: self.credits_number,
            credited_by: self.credited_by,
            lines: self.lines,
            refund_due: self.refund_due != 0,
            platform_status: self.platform_status,
            platform_on: self.platform_on,
            provisional: self.provisional != 0,
        }
    }
}

/// A recipient holding an issued (not voided) invoice of a month: (month, issuer, customer, reseller).
pub type Standing = (Month, String, Option<String>, Option<String>);

/// Who holds an issued, standing invoice of each of these months, per issuer: a month gets no
/// second invoice for them (DOMAIN.md "Late usage").
pub async fn standing(conn: &mut SqliteConnection, months: &[Month]) -> Result<Vec<Standing>> {
    let list = serde_json::to_string(&months.iter().map(Month::to_string).collect::<Vec<_>>())
        .map_err(|e| crate::types::decode_error(e.to_string()))?;
    let rows: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT DISTINCT month, issuer_id, customer_id, reseller_id FROM invoices \
         WHERE month IN (SELECT value FROM json_each(?)) AND kind = 'invoice' AND status NOT IN ('draft', 'voided')",
    )
    .bind(list)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(|(m, i, c, r)| Ok((Month::parse(&m)?, i, c, r))).collect()
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

/// An issued (or paid, voided) document as `book verify` reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IssuedDocument {
    pub id: String,
    pub issuer_id: String,
    pub series: String,
    pub number: Option<String>,
    pub number_year: Option<i64>,
    pub number_seq: Option<i64>,
}

/// Every document that is not a draft.
pub async fn issued_documents(conn: &mut SqliteConnection) -> Result<Vec<IssuedDocument>> {
    Ok(sqlx::query_as(
        "SELECT id, issuer_id, series, number, number_year, number_seq FROM invoices WHERE status <> 'draft' \
         ORDER BY issuer_id, series, number_year, number_seq",
    )
    .fetch_all(&mut *conn)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, d, dec, issue};

    #[tokio::test]
    async fn a_draft_goes_in_and_is_found_by_id_listed_and_counted() {
        let mut conn = testing::book().await;
        testing::office_with_draft(&mut conn).await;
        let r = get(&mut conn, "i1").await.unwrap().unwrap();
        assert_eq!((r.kind, r.status, r.series.as_str()), (InvoiceKind::Invoice, InvoiceStatus::Draft, "INV"));
        assert_eq!((r.issuer_name.as_str(), r.recipient_name.as_str(), r.lines), ("Nuage Azur SAS", "Fabrikam", 0));
        assert_eq!((r.subtotal.0, r.total.0.to_string()), (dec("1.70"), "2.04".to_string()));
        assert!(get(&mut conn, "other").await.unwrap().is_none());
        assert_eq!(find(&mut conn, "i1").await.unwrap().unwrap().id, "i1");
        let listed = list(&mut conn, Some(testing::month("2026-10")), None).await.unwrap();
        assert_eq!((listed.len(), listed[0].recipient_name.as_str()), (1, "Fabrikam"));
        assert!(list(&mut conn, None, Some(InvoiceStatus::Paid)).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_issued_invoice_is_found_by_number_paid_and_voided() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        insert_invoices(&mut conn, &[testing::draft("i1"), testing::draft("i2")]).await.unwrap();
        assert_eq!(last_issue_date(&mut conn, "p1", "INV").await.unwrap(), None);
        issue(&mut conn, "i1", 1, d("2026-11-02")).await;
        issue(&mut conn, "i2", 2, d("2026-11-03")).await;
        assert_eq!(last_issue_date(&mut conn, "p1", "INV").await.unwrap(), Some(d("2026-11-03")));
        assert_eq!(last_issue_date(&mut conn, "p1", "CN").await.unwrap(), None);
        let r = find(&mut conn, "INV-2026-0001").await.unwrap().unwrap();
        assert_eq!((r.id.as_str(), r.status, r.due_on), ("i1", InvoiceStatus::Issued, Some(d("2026-12-02"))));
        mark_paid(&mut conn, "i1", d("2026-11-20")).await.unwrap();
        // An invoice is voided by its issued credit note only (migration 0031).
        let credit_note = NewInvoice {
            kind: InvoiceKind::CreditNote,
            credits_invoice_id: Some("i2".into()),
            ..testing::draft("cn2")
        };
        insert_invoices(&mut conn, &[credit_note]).await.unwrap();
        issue(&mut conn, "cn2", 1, d("2026-11-21")).await;
        mark_voided(&mut conn, "i2", d("2026-11-21")).await.unwrap();
        assert_eq!(get(&mut conn, "cn2").await.unwrap().unwrap().credits_number.as_deref(), Some("INV-2026-0002"));
        assert_eq!(get(&mut conn, "i2").await.unwrap().unwrap().credited_by.as_deref(), Some("cn2"));
        let (paid, voided) =
            (get(&mut conn, "i1").await.unwrap().unwrap(), get(&mut conn, "i2").await.unwrap().unwrap());
        assert_eq!((paid.status, paid.paid_on), (InvoiceStatus::Paid, Some(d("2026-11-20"))));
        assert_eq!((voided.status, voided.voided_on), (InvoiceStatus::Voided, Some(d("2026-11-21"))));
        let docs = issued_documents(&mut conn).await.unwrap();
        let read: Vec<_> = docs.iter().map(|x| (x.id.as_str(), x.series.as_str(), x.number_seq)).collect();
        assert_eq!(read, [("cn2", "CN", Some(1)), ("i1", "INV", Some(1)), ("i2", "INV", Some(2))]);
    }

    #[tokio::test]
    async fn deleting_drafts_keeps_issued_invoices_and_logs_the_replacement() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        insert_invoices(&mut conn, &[testing::draft("i1"), testing::draft("i2")]).await.unwrap();
        issue(&mut conn, "i1", 1, d("2026-11-02")).await;
        assert_eq!(draft_ids(&mut conn, testing::month("2026-10"), None).await.unwrap(), ["i2"]);
        assert_eq!(delete_drafts(&mut conn, testing::month("2026-10"), None).await.unwrap(), 1);
        assert!(get(&mut conn, "i2").await.unwrap().is_none());
        assert!(get(&mut conn, "i1").await.unwrap().is_some());
        let replaced: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM invoice_events WHERE invoice_id = 'i2' AND event = 'draft_replaced'",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        assert_eq!(replaced, 1);
    }

    #[tokio::test]
    async fn the_figures_are_every_document_with_what_counting_needs_and_the_list_reads_every_field() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        testing::partner(&mut conn, "r1", "Alpes Informatique").await;
        let to_reseller = NewInvoice { customer_id: None, reseller_id: Some("r1".into()), ..testing::draft("i2") };
        insert_invoices(&mut conn, &[testing::draft("i1"), to_reseller]).await.unwrap();
        crate::invoice_lines::insert_lines(&mut conn, &[testing::line(1, "i1", 1)]).await.unwrap();
        issue(&mut conn, "i1", 1, d("2026-11-02")).await;
        crate::invoice_events::log_event(
            &mut conn,
            "i1",
            Some(d("2026-11-03")),
            InvoiceEvent::Platform,
            Some("deposited"),
        )
        .await
        .unwrap();
        // The list reads every field by its column's name (as `get` does).
        let listed = list(&mut conn, None, None).await.unwrap();
        let whole = get(&mut conn, "i1").await.unwrap().unwrap();
        assert_eq!((whole.lines, whole.platform_status.is_some()), (1, true));
        assert_eq!(format!("{:?}", listed.iter().find(|r| r.id == "i1").unwrap()), format!("{whole:?}"));
        // The figures: each document's stored kind, status, month, currency, total and dates.
        let mut figures = figures(&mut conn).await.unwrap();
        figures.sort_by_key(|f| f.status != InvoiceStatus::Issued);
        let issued = InvoiceFigures {
            kind: whole.kind,
            status: InvoiceStatus::Issued,
            month: whole.month.clone(),
            currency: whole.currency.to_string(),
            total: whole.total.0,
            issued_on: Some(d("2026-11-02")),
            paid_on: None,
            voided_on: None,
        };
        assert_eq!(
            figures,
            [issued.clone(), InvoiceFigures { status: InvoiceStatus::Draft, issued_on: None, ..issued }]
        );
    }

    /// A draft of `office` converted from US dollars.
    fn converted(id: &str) -> NewInvoice {
        NewInvoice { exchange: Some(("USD".into(), dec("0.9250"))), ..testing::draft(id) }
    }

    #[tokio::test]
    async fn a_typed_draft_goes_in_and_comes_back_as_it_went() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        insert_invoices(&mut conn, &[converted("i1")]).await.unwrap();
        crate::invoice_lines::insert_lines(&mut conn, &[testing::line(1, "i1", 1)]).await.unwrap();
        let tax = crate::invoice_taxes::NewTax {
            invoice_id: "i1".into(),
            rate: dec("20"),
            base: dec("1.70"),
            amount: dec("0.34"),
        };
        crate::invoice_taxes::insert_taxes(&mut conn, &[tax]).await.unwrap();

        let r = get(&mut conn, "i1").await.unwrap().unwrap();
        assert_eq!((r.kind, r.status, r.tax_mention), (InvoiceKind::Invoice, InvoiceStatus::Draft, TaxMention::None));
        assert_eq!((r.series.as_str(), r.number.as_deref(), r.lines), ("INV", None, 1));
        assert_eq!((r.subtotal.0.to_string(), r.total.0.to_string()), ("1.70".to_string(), "2.04".to_string()));
        assert_eq!(
            (r.exchange_from.as_deref(), r.exchange_rate.map(|d| d.0.to_string())),
            (Some("USD"), Some("0.925".into()))
        );
        let l = &crate::invoice_lines::lines(&mut conn, "i1").await.unwrap()[0];
        // Quantities and prices are stored without trailing zeros; amounts keep the currency's digits.
        assert_eq!(
            [l.quantity.0.to_string(), l.unit_price.0.to_string(), l.tax_rate.0.to_string(), l.amount.0.to_string()],
            ["15.5", "0.11", "20", "1.70"]
        );
        let taxes = crate::invoice_taxes::taxes(&mut conn, "i1").await.unwrap();
        assert_eq!(taxes.len(), 1);
        assert_eq!((taxes[0].0 .0, taxes[0].2 .0.to_string()), (dec("20"), "0.34".to_string()));

        let october = testing::month("2026-10");
        assert_eq!(list(&mut conn, Some(october), Some(InvoiceStatus::Draft)).await.unwrap().len(), 1);
        assert!(list(&mut conn, Some(october), Some(InvoiceStatus::Issued)).await.unwrap().is_empty());
        assert!(list(&mut conn, Some(testing::month("2026-11")), None).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_amount_changed_behind_the_programs_back_is_an_error_not_zero() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        insert_invoices(&mut conn, &[converted("i1")]).await.unwrap();
        sqlx::query("UPDATE invoices SET total = 'two euros' WHERE id = 'i1'").execute(&mut *conn).await.unwrap();
        let err = get(&mut conn, "i1").await.unwrap_err();
        assert!(err.to_string().contains("'two euros' does not parse"), "{err}");
    }

    #[tokio::test]
    async fn drafts_of_a_month_are_found_and_deleted_by_issuer_and_a_partner_keeps_its_tier() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        insert_invoices(&mut conn, &[converted("i1"), converted("i2")]).await.unwrap();
        let october = testing::month("2026-10");
        let mut ids = draft_ids(&mut conn, october, Some("p1")).await.unwrap();
        ids.sort();
        assert_eq!(ids, ["i1", "i2"]);
        assert!(draft_ids(&mut conn, october, Some("other")).await.unwrap().is_empty());
        assert_eq!(delete_drafts(&mut conn, october, Some("p1")).await.unwrap(), 2);
        assert!(get(&mut conn, "i1").await.unwrap().is_none());
        assert_eq!(
            crate::partners::get(&mut conn, "p1").await.unwrap().unwrap().tier,
            csp_domain::partner::Tier::Direct
        );
    }
}
