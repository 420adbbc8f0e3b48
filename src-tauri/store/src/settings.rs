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
