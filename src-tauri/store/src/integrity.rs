//! What the schema itself checks: its triggers (`book verify` compares them with the migrations') and
//! its foreign keys.

use std::collections::BTreeMap;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::SqliteConnection;

use csp_domain::Result;

/// Every trigger of the database, by name, with its SQL.
pub async fn triggers(conn: &mut SqliteConnection) -> Result<BTreeMap<String, String>> {
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().map(|(n, s)| (n, s.unwrap_or_default())).collect())
}

/// Rows whose foreign keys name a missing parent (`PRAGMA foreign_key_check`): table, rowid, parent table.
pub async fn dangling_references(conn: &mut SqliteConnection) -> Result<Vec<(String, i64, String)>> {
    let rows: Vec<(String, Option<i64>, String, i64)> =
        sqlx::query_as("PRAGMA foreign_key_check").fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().map(|(t, r, p, _)| (t, r.unwrap_or(0), p)).collect())
}

/// The triggers this program's migrations write, read from a fresh book in memory (what
/// [`triggers`] of a sound book must equal).
pub async fn migrations_triggers() -> Result<BTreeMap<String, String>> {
    let options = SqliteConnectOptions::new().in_memory(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
    crate::db::MIGRATOR.run(&pool).await?;
    let triggers = triggers(&mut *pool.acquire().await?).await?;
    pool.close().await;
    Ok(triggers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[tokio::test]
    async fn the_migrated_schema_has_its_triggers_and_no_dangling_reference() {
        let mut conn = testing::book().await;
        let t = triggers(&mut conn).await.unwrap();
        assert_eq!(t, migrations_triggers().await.unwrap());
        assert!(t.get("invoices_lifecycle").is_some_and(|sql| sql.contains("BEFORE UPDATE OF status")), "{t:?}");
        assert!(dangling_references(&mut conn).await.unwrap().is_empty());
        sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *conn).await.unwrap();
        sqlx::query(
            "INSERT INTO relationships (partner_id, customer_id, since) VALUES ('nobody', 'none', '2021-01-01')",
        )
        .execute(&mut *conn)
        .await
        .unwrap();
        let dangling = dangling_references(&mut conn).await.unwrap();
        assert!(dangling.iter().any(|(table, _, _)| table == "relationships"), "{dangling:?}");
    }
}
