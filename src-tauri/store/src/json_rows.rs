//! Many rows read as one value: SQLite builds a JSON array of them (`json_group_array`), which
//! crosses from the connection's thread once. Fetched row by row, each row is a message between
//! threads and a copy of every value, which costs more than reading it (10,000 invoices: about a
//! tenth of a second).

use serde::de::DeserializeOwned;
use sqlx::SqliteConnection;

use csp_domain::Result;

/// The rows of `select` (a query returning one JSON array per row: `json_array(a, b, …) AS j`), each
/// read as `T` (a tuple, or a struct in its fields' order). `order` orders them (`ORDER BY …` of
/// the aggregate over `select`'s columns, empty for any order); `binds` are the query's values.
pub async fn fetch<T: DeserializeOwned>(
    conn: &mut SqliteConnection,
    select: &str,
    order: &str,
    binds: &[Option<&str>],
) -> Result<Vec<T>> {
    let sql = format!("SELECT json_group_array(json(j) {order}) FROM ({select})");
    let mut q = sqlx::query_scalar::<_, String>(&sql);
    for v in binds {
        q = q.bind(*v);
    }
    let json = q.fetch_one(conn).await?;
    serde_json::from_str(&json).map_err(|e| crate::types::decode_error(format!("stored rows do not read back: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[tokio::test]
    async fn rows_cross_as_one_value_ordered_and_bound() {
        let mut conn = testing::book().await;
        for (id, name) in [("p1", "Nuage Azur SAS"), ("p2", "Hanse IT GmbH"), ("p3", "Lumen Conseil")] {
            testing::partner(&mut conn, id, name).await;
        }
        let rows: Vec<(String, String)> = fetch(
            &mut conn,
            "SELECT json_array(id, name) AS j, name FROM partners WHERE id <> ?",
            "ORDER BY name",
            &[Some("p3")],
        )
        .await
        .unwrap();
        assert_eq!(rows, [("p2".into(), "Hanse IT GmbH".into()), ("p1".into(), "Nuage Azur SAS".into())]);
        let bad: Result<Vec<(i64,)>> = fetch(&mut conn, "SELECT json_array(name) AS j FROM partners", "", &[]).await;
        assert!(bad.unwrap_err().to_string().contains("do not read back"));
    }
}
