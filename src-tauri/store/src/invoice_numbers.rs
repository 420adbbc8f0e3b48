//! The `invoice_numbers` table: the last number given per issuer, series and year. A number comes
//! from this counter row, bumped in the issuing transaction, never from a sequence (which leaves gaps).

use std::collections::BTreeMap;

use sqlx::SqliteConnection;

use csp_domain::Result;

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

/// The last number given per (issuer, series, year).
pub async fn counters(conn: &mut SqliteConnection) -> Result<BTreeMap<(String, String, i64), i64>> {
    let rows: Vec<(String, String, i64, i64)> =
        sqlx::query_as("SELECT issuer_id, series, year, last_seq FROM invoice_numbers").fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().map(|(i, s, y, n)| ((i, s, y), n)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[tokio::test]
    async fn numbers_count_per_issuer_series_and_year_and_the_counters_show_the_last() {
        let mut conn = testing::book().await;
        testing::partner(&mut conn, "p1", "Nuage Azur SAS").await;
        testing::partner(&mut conn, "p2", "Hanse IT GmbH").await;
        assert_eq!(next_number(&mut conn, "p1", "INV", 2026).await.unwrap(), 1);
        assert_eq!(next_number(&mut conn, "p1", "INV", 2026).await.unwrap(), 2);
        assert_eq!(next_number(&mut conn, "p1", "CN", 2026).await.unwrap(), 1);
        assert_eq!(next_number(&mut conn, "p1", "INV", 2027).await.unwrap(), 1);
        assert_eq!(next_number(&mut conn, "p2", "INV", 2026).await.unwrap(), 1);
        let c = counters(&mut conn).await.unwrap();
        assert_eq!(c.len(), 4);
        assert_eq!(c[&("p1".to_string(), "INV".to_string(), 2026)], 2);
    }
}
