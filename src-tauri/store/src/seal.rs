//! The seal chain of issued documents (migration 0031): each issued document's stored rows, and each
//! later state of its history, hashed (SHA-256) with the previous seal. Reading back a document's rows
//! is generic — every column of every table that holds them, read from the schema — so a column or a
//! table added later is covered without changing this module.

use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use csp_domain::Result;

use crate::db::Backfilled;

/// The tables that hold an issued document's data, with the column naming the document. A table
/// the book does not have (yet) is skipped.
const DOCUMENT_TABLES: &[(&str, &str)] = &[
    ("invoices", "id"),
    ("invoice_lines", "invoice_id"),
    ("invoice_taxes", "invoice_id"),
    ("invoice_events", "invoice_id"),
    ("invoice_facts", "invoice_id"),
];

/// The hash before the first seal.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One row of the chain.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Seal {
    pub seq: i64,
    pub invoice_id: String,
    pub event: String,
    pub record_hash: String,
    pub hash: String,
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash of a seal: it binds the previous seal, its position, its document and event, and the record.
pub fn link_hash(prev: &str, seq: i64, invoice_id: &str, event: &str, record_hash: &str) -> String {
    sha256_hex(format!("{prev}\n{seq}\n{invoice_id}\n{event}\n{record_hash}").as_bytes())
}

async fn table_exists(conn: &mut SqliteConnection, table: &str) -> Result<bool> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
        .bind(table)
        .fetch_one(&mut *conn)
        .await?
        > 0)
}

/// The queries that read a document's rows in a canonical text, one per table the book has: each
/// row as its non-NULL columns sorted by name (`name=quote(value)`, which keeps the SQL type and
/// escapes the text), rows sorted. A NULL column and an absent one read the same, so adding a nullable
/// column keeps old seals valid; rowids are not read (VACUUM may renumber them).
#[derive(Debug, Clone)]
pub struct RecordReader {
    queries: Vec<(&'static str, String)>,
}

impl RecordReader {
    pub async fn new(conn: &mut SqliteConnection) -> Result<Self> {
        let mut queries = Vec::new();
        for (table, key) in DOCUMENT_TABLES {
            if !table_exists(conn, table).await? {
                continue;
            }
            let mut columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_table_info(?)").bind(*table).fetch_all(&mut *conn).await?;
            columns.sort_unstable();
            let row_expr = columns
                .iter()
                .map(|c| {
                    let q = c.replace('"', "\"\"");
                    let label = c.replace('\'', "''");
                    format!("(CASE WHEN \"{q}\" IS NULL THEN '' ELSE '{label}=' || quote(\"{q}\") || char(10) END)")
                })
                .collect::<Vec<_>>()
                .join(" || ");
            queries.push((*table, format!("SELECT {row_expr} AS r FROM \"{table}\" WHERE \"{key}\" = ?1 ORDER BY r")));
        }
        Ok(Self { queries })
    }

    /// The document's rows: tables in a fixed order, a table with no row for it left out.
    pub async fn record(&self, conn: &mut SqliteConnection, invoice_id: &str) -> Result<String> {
        let mut out = String::new();
        for (table, sql) in &self.queries {
            let rows: Vec<String> = sqlx::query_scalar(sql).bind(invoice_id).fetch_all(&mut *conn).await?;
            if rows.is_empty() {
                continue;
            }
            out.push_str(&format!("table {table}\n"));
            for r in rows {
                out.push_str("row\n");
                out.push_str(&r);
            }
        }
        Ok(out)
    }

    /// SHA-256 of [`RecordReader::record`].
    pub async fn hash(&self, conn: &mut SqliteConnection, invoice_id: &str) -> Result<String> {
        Ok(sha256_hex(self.record(conn, invoice_id).await?.as_bytes()))
    }
}

/// SHA-256 of a document's rows (see [`RecordReader`]).
pub async fn record_hash(conn: &mut SqliteConnection, invoice_id: &str) -> Result<String> {
    RecordReader::new(conn).await?.hash(conn, invoice_id).await
}

async fn last(conn: &mut SqliteConnection) -> Result<Option<Seal>> {
    Ok(sqlx::query_as("SELECT seq, invoice_id, event, record_hash, hash FROM seals ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut *conn)
        .await?)
}

/// Seals the document's current state (after its issue or a later event), inside the caller's
/// transaction: the seal commits with the change it records, or neither does.
pub async fn append(conn: &mut SqliteConnection, invoice_id: &str) -> Result<()> {
    let (prev, seq) = match last(conn).await? {
        Some(s) if s.hash.is_empty() => {
            // Only the migration writes placeholders, and the open fills them before any write.
            return Err(csp_domain::CoreError::conflict(
                "the book's existing documents are not sealed yet: open it again",
                "les documents existants du livre ne sont pas encore scellés : rouvrez-le",
            ));
        }
        Some(s) => (s.hash, s.seq + 1),
        None => (GENESIS.to_string(), 1),
    };
    let event: String = sqlx::query_scalar(
        "SELECT COALESCE((SELECT event FROM invoice_events WHERE invoice_id = ?1 ORDER BY id DESC LIMIT 1), 'issued')",
    )
    .bind(invoice_id)
    .fetch_one(&mut *conn)
    .await?;
    let record_hash = record_hash(conn, invoice_id).await?;
    let hash = link_hash(&prev, seq, invoice_id, &event, &record_hash);
    sqlx::query("INSERT INTO seals (seq, invoice_id, event, record_hash, hash) VALUES (?, ?, ?, ?, ?)")
        .bind(seq)
        .bind(invoice_id)
        .bind(&event)
        .bind(&record_hash)
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Fills the placeholders migration 0031 wrote for the documents a book held before it was sealed,
/// in their order, inside the caller's transaction (the open's backfill, see `db`).
pub async fn seal_existing(conn: &mut SqliteConnection) -> Result<Backfilled> {
    let rows = chain(conn).await?;
    let reader = RecordReader::new(conn).await?;
    let mut prev = GENESIS.to_string();
    let mut filled = 0;
    for s in rows {
        if !s.hash.is_empty() {
            prev = s.hash;
            continue;
        }
        let record_hash = reader.hash(conn, &s.invoice_id).await?;
        let hash = link_hash(&prev, s.seq, &s.invoice_id, &s.event, &record_hash);
        sqlx::query("UPDATE seals SET record_hash = ?, hash = ? WHERE seq = ? AND hash = ''")
            .bind(&record_hash)
            .bind(&hash)
            .bind(s.seq)
            .execute(&mut *conn)
            .await?;
        prev = hash;
        filled += 1;
    }
    Ok(Backfilled { done: filled, left_undone: 0 })
}

/// The whole chain, in order.
pub async fn chain(conn: &mut SqliteConnection) -> Result<Vec<Seal>> {
    Ok(sqlx::query_as("SELECT seq, invoice_id, event, record_hash, hash FROM seals ORDER BY seq")
        .fetch_all(&mut *conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_binds_every_part() {
        let base = link_hash(GENESIS, 1, "a", "issued", "r");
        assert_eq!(base.len(), 64);
        assert_ne!(base, link_hash(GENESIS, 2, "a", "issued", "r"));
        assert_ne!(base, link_hash(GENESIS, 1, "b", "issued", "r"));
        assert_ne!(base, link_hash(GENESIS, 1, "a", "paid", "r"));
        assert_ne!(base, link_hash(GENESIS, 1, "a", "issued", "s"));
        assert_eq!(base, link_hash(GENESIS, 1, "a", "issued", "r"));
    }

    #[tokio::test]
    async fn each_seal_binds_the_previous_one_and_the_documents_rows() {
        use crate::testing;
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        crate::invoices::insert_invoices(&mut conn, &[testing::draft("i1"), testing::draft("i2")]).await.unwrap();
        testing::issue(&mut conn, "i1", 1, testing::d("2026-11-02")).await;
        testing::issue(&mut conn, "i2", 2, testing::d("2026-11-02")).await;
        let before = record_hash(&mut conn, "i1").await.unwrap();
        assert!(RecordReader::new(&mut conn)
            .await
            .unwrap()
            .record(&mut conn, "i1")
            .await
            .unwrap()
            .contains("table invoices"));
        append(&mut conn, "i1").await.unwrap();
        append(&mut conn, "i2").await.unwrap();
        let seals = chain(&mut conn).await.unwrap();
        assert_eq!(
            seals.iter().map(|s| (s.seq, s.invoice_id.as_str(), s.event.as_str())).collect::<Vec<_>>(),
            [(1, "i1", "issued"), (2, "i2", "issued")]
        );
        assert_eq!(seals[0].record_hash, before);
        assert_eq!(seals[0].hash, link_hash(GENESIS, 1, "i1", "issued", &before));
        assert_eq!(seals[1].hash, link_hash(&seals[0].hash, 2, "i2", "issued", &seals[1].record_hash));
    }
}
