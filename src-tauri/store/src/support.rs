//! Support cases and their history.

use chrono::NaiveDateTime;
use sqlx::SqliteConnection;

use csp_domain::support::{CaseEvent, CaseEventKind, Severity};
use csp_domain::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CaseRecord {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub customer_id: Option<String>,
    pub reseller_id: Option<String>,
    pub subscription_id: Option<String>,
    pub opened_at: NaiveDateTime,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRecord {
    pub case_id: String,
    pub seq: i64,
    pub at: NaiveDateTime,
    pub action: CaseEventKind,
    pub by_partner_id: String,
    pub holder_id: String,
    pub text: Option<String>,
    pub reference: Option<String>,
}

impl EventRecord {
    /// The entry as the rules read it.
    pub fn event(&self) -> CaseEvent {
        CaseEvent {
            at: self.at,
            kind: self.action,
            by: self.by_partner_id.clone(),
            holder: self.holder_id.clone(),
            reference: self.reference.clone(),
        }
    }
}

const COLUMNS: &str = "id, title, severity, customer_id, reseller_id, subscription_id, opened_at";
const EVENT_COLUMNS: &str = "case_id, seq, at, action, by_partner_id, holder_id, text, reference";

pub async fn insert(conn: &mut SqliteConnection, c: &CaseRecord) -> Result<()> {
    sqlx::query(&format!("INSERT INTO support_cases ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"))
        .bind(&c.id)
        .bind(&c.title)
        .bind(c.severity)
        .bind(&c.customer_id)
        .bind(&c.reseller_id)
        .bind(&c.subscription_id)
        .bind(c.opened_at)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<CaseRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM support_cases WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// Cases opened at or before `until` (all, or one customer's), oldest first.
pub async fn list(
    conn: &mut SqliteConnection,
    customer_id: Option<&str>,
    until: NaiveDateTime,
) -> Result<Vec<CaseRecord>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM support_cases WHERE (?1 IS NULL OR customer_id = ?1) AND opened_at <= ?2 \
         ORDER BY opened_at, rowid"
    ))
    .bind(customer_id)
    .bind(until)
    .fetch_all(conn)
    .await?)
}

/// Appends an entry to a case's history (the next sequence number).
pub async fn add_event(conn: &mut SqliteConnection, e: &EventRecord) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO support_case_events ({EVENT_COLUMNS}) \
         VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM support_case_events WHERE case_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)"
    ))
    .bind(&e.case_id)
    .bind(e.at)
    .bind(e.action)
    .bind(&e.by_partner_id)
    .bind(&e.holder_id)
    .bind(&e.text)
    .bind(&e.reference)
    .execute(conn)
    .await?;
    Ok(())
}

/// A case's history in the order it was made.
pub async fn events(conn: &mut SqliteConnection, case_id: &str) -> Result<Vec<EventRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM support_case_events WHERE case_id = ? ORDER BY seq"))
        .bind(case_id)
        .fetch_all(conn)
        .await?)
}

/// Every case's history, by case then order made (lists read all cases at once).
pub async fn all_events(conn: &mut SqliteConnection, until: NaiveDateTime) -> Result<Vec<EventRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM support_case_events WHERE at <= ? ORDER BY case_id, seq"))
        .bind(until)
        .fetch_all(conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn entry(case_id: &str, when: &str, action: CaseEventKind) -> EventRecord {
        EventRecord {
            case_id: case_id.into(),
            seq: 0,
            at: at(when),
            action,
            by_partner_id: "p1".into(),
            holder_id: "p1".into(),
            text: None,
            reference: None,
        }
    }

    #[tokio::test]
    async fn cases_and_their_history_are_read_back_in_order() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        for (id, opened) in [("k1", "2022-02-03 09:00"), ("k2", "2022-03-01 10:00")] {
            let case = CaseRecord {
                id: id.into(),
                title: "ERP slow".into(),
                severity: Severity::High,
                customer_id: Some("c1".into()),
                reseller_id: None,
                subscription_id: Some("s1".into()),
                opened_at: at(opened),
            };
            insert(&mut conn, &case).await.unwrap();
            add_event(&mut conn, &entry(id, opened, CaseEventKind::Opened)).await.unwrap();
        }
        add_event(&mut conn, &entry("k1", "2022-02-04 09:00", CaseEventKind::Note)).await.unwrap();
        assert_eq!(get(&mut conn, "k1").await.unwrap().unwrap().severity, Severity::High);
        assert!(get(&mut conn, "k3").await.unwrap().is_none());
        let listed = list(&mut conn, Some("c1"), at("2022-02-28 00:00")).await.unwrap();
        assert_eq!(listed.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["k1"]);
        assert_eq!(list(&mut conn, None, at("2022-12-31 00:00")).await.unwrap().len(), 2);
        let history = events(&mut conn, "k1").await.unwrap();
        assert_eq!(
            history.iter().map(|e| (e.seq, e.action)).collect::<Vec<_>>(),
            [(1, CaseEventKind::Opened), (2, CaseEventKind::Note)]
        );
        assert_eq!(history[1].event().kind, CaseEventKind::Note);
        let until = all_events(&mut conn, at("2022-02-28 00:00")).await.unwrap();
        assert_eq!(until.iter().map(|e| (e.case_id.as_str(), e.seq)).collect::<Vec<_>>(), [("k1", 1), ("k1", 2)]);
    }
}
