//! The `invoice_events` table: each document's audit log (drafted, issued, paid, voided, the
//! platform's statuses), appended to, never changed. An issued document's seal covers its events.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use csp_domain::invoice::InvoiceEvent;
use csp_domain::Result;

use crate::rows::{insert_rows, text, Val};

/// Audit-log lines without a business date: (invoice, event, detail).
pub async fn log_events(conn: &mut SqliteConnection, events: &[(String, InvoiceEvent, String)]) -> Result<()> {
    let rows: Vec<Vec<Val>> =
        events.iter().map(|(id, event, detail)| vec![text(id), text(event.as_str()), text(detail)]).collect();
    insert_rows(conn, "INSERT INTO invoice_events", &["invoice_id", "event", "detail"], &rows).await
}

pub async fn log_event(
    conn: &mut SqliteConnection,
    invoice_id: &str,
    on: Option<NaiveDate>,
    event: InvoiceEvent,
    detail: Option<&str>,
) -> Result<()> {
    sqlx::query("INSERT INTO invoice_events (invoice_id, on_date, event, detail) VALUES (?, ?, ?, ?)")
        .bind(invoice_id)
        .bind(on)
        .bind(event.as_str())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, d};

    #[tokio::test]
    async fn events_are_read_back_in_the_order_they_were_logged() {
        let mut conn = testing::book().await;
        testing::office_with_draft(&mut conn).await;
        log_events(&mut conn, &[("i1".into(), InvoiceEvent::Drafted, "billing run".into())]).await.unwrap();
        log_event(&mut conn, "i1", Some(d("2026-11-02")), InvoiceEvent::Paid, Some("by hand")).await.unwrap();
        let back = events(&mut conn, "i1").await.unwrap();
        let read: Vec<_> = back.iter().map(|e| (e.event.as_str(), e.on_date, e.detail.as_deref())).collect();
        assert_eq!(read, [("drafted", None, Some("billing run")), ("paid", Some(d("2026-11-02")), Some("by hand"))]);
        assert!(!back[0].at.is_empty(), "the time of writing is stamped");
        assert!(events(&mut conn, "other").await.unwrap().is_empty());
    }
}
