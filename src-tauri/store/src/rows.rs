//! Multi-row inserts of the store's writes (drafts, links, sums): values owned, statements bounded
//! by SQLite's limit on bound values. The usage import, the one hot path, binds its rows in place
//! (`usage::insert_batch`).

use rust_decimal::Decimal;
use sqlx::SqliteConnection;

use csp_domain::{money, Result};

/// A bound value of a multi-row insert.
pub(crate) enum Val {
    Int(i64),
    Text(String),
    Null,
}

pub(crate) fn text(s: &str) -> Val {
    Val::Text(s.to_string())
}

pub(crate) fn opt(s: &Option<String>) -> Val {
    s.as_deref().map(text).unwrap_or(Val::Null)
}

/// A rate, quantity or unit price: without trailing zeros.
pub(crate) fn dec(d: Decimal) -> Val {
    Val::Text(money::text(d))
}

/// An amount: as given, at the currency's minor unit (`money::minor`), so it keeps its digits.
pub(crate) fn amount(d: Decimal) -> Val {
    Val::Text(d.to_string())
}

/// Inserts `rows` (each `columns.len()` values) with multi-row statements (bounded by SQLite's
/// limit on bound values); `into` is the statement's head (`INSERT INTO t`, `INSERT OR REPLACE INTO t`).
pub(crate) async fn insert_rows(
    conn: &mut SqliteConnection,
    into: &str,
    columns: &[&str],
    rows: &[Vec<Val>],
) -> Result<()> {
    let per_stmt = (30_000 / columns.len()).clamp(1, 500);
    let one = format!("({})", vec!["?"; columns.len()].join(","));
    for chunk in rows.chunks(per_stmt) {
        let sql = format!("{into} ({}) VALUES {}", columns.join(","), vec![one.as_str(); chunk.len()].join(","));
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for v in row {
                q = match v {
                    Val::Int(n) => q.bind(*n),
                    Val::Text(s) => q.bind(s.as_str()),
                    Val::Null => q.bind(None::<&str>),
                };
            }
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}
