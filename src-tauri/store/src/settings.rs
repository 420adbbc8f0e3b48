//! Key/value settings (issuer identity, program dates and rates, UI preferences), read typed by [`load`].

use std::collections::BTreeMap;

use sqlx::{Executor, Sqlite, SqliteConnection};

use csp_domain::settings::Settings;
use csp_domain::Result;

pub async fn get<'e, E: Executor<'e, Database = Sqlite>>(db: E, key: &str) -> Result<Option<String>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT value FROM settings WHERE key = ?").bind(key).fetch_optional(db).await?;
    Ok(row.map(|r| r.0))
}

pub async fn set<'e, E: Executor<'e, Database = Sqlite>>(db: E, key: &str, value: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn all<'e, E: Executor<'e, Database = Sqlite>>(db: E) -> Result<BTreeMap<String, String>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT key, value FROM settings ORDER BY key").fetch_all(db).await?;
    Ok(rows.into_iter().collect())
}

/// Every setting, typed (`domain::settings::Settings`): what everyone reads instead of keys.
pub async fn load(conn: &mut SqliteConnection) -> Result<Settings> {
    Settings::from_stored(&all(conn).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[tokio::test]
    async fn a_setting_is_written_replaced_read_and_listed() {
        let mut conn = testing::book().await;
        assert_eq!(get(&mut *conn, "office.partner_id").await.unwrap(), None);
        set(&mut *conn, "office.partner_id", "p1").await.unwrap();
        set(&mut *conn, "office.partner_id", "p2").await.unwrap();
        assert_eq!(get(&mut *conn, "office.partner_id").await.unwrap().as_deref(), Some("p2"));
        assert_eq!(all(&mut *conn).await.unwrap().get("office.partner_id").map(String::as_str), Some("p2"));
        assert_eq!(load(&mut conn).await.unwrap().office_partner_id.as_deref(), Some("p2"));
    }
}
