//! Selling-price rules (markups and discounts on ERP) of each issuer.

use rust_decimal::Decimal;
use sqlx::SqliteConnection;

use csp_domain::pricing::MarkupRule;
use csp_domain::Result;

fn none_if_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn from_row(
    (issuer_id, customer_id, category, reseller_id, percent): (String, String, String, String, String),
) -> MarkupRule {
    MarkupRule {
        issuer_id,
        customer_id: none_if_empty(customer_id),
        category: none_if_empty(category),
        reseller_id: none_if_empty(reseller_id),
        percent: percent.parse().unwrap_or(Decimal::ZERO),
    }
}

/// Sets the rule for this scope (replacing the previous percent of the same scope).
pub async fn upsert(conn: &mut SqliteConnection, r: &MarkupRule) -> Result<()> {
    sqlx::query(
        "INSERT INTO markup_rules (issuer_id, customer_id, category, reseller_id, percent) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (issuer_id, customer_id, category, reseller_id) DO UPDATE SET percent = excluded.percent, \
         updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
    )
    .bind(&r.issuer_id)
    .bind(r.customer_id.as_deref().unwrap_or(""))
    .bind(r.category.as_deref().unwrap_or(""))
    .bind(r.reseller_id.as_deref().unwrap_or(""))
    .bind(r.percent.normalize().to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// Every rule, or one issuer's.
pub async fn list(conn: &mut SqliteConnection, issuer_id: Option<&str>) -> Result<Vec<MarkupRule>> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT issuer_id, customer_id, category, reseller_id, percent FROM markup_rules \
         WHERE ?1 IS NULL OR issuer_id = ?1 ORDER BY issuer_id, customer_id, category, reseller_id",
    )
    .bind(issuer_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(from_row).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, dec};

    #[tokio::test]
    async fn a_rule_per_scope_is_replaced_and_listed_per_issuer() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        testing::partner(&mut conn, "p2", "EuroDistri").await;
        let rule = |issuer: &str, customer: Option<&str>, percent: &str| MarkupRule {
            issuer_id: issuer.into(),
            customer_id: customer.map(Into::into),
            category: None,
            reseller_id: None,
            percent: dec(percent),
        };
        upsert(&mut conn, &rule("p1", None, "12")).await.unwrap();
        upsert(&mut conn, &rule("p1", None, "10.50")).await.unwrap();
        upsert(&mut conn, &rule("p1", Some("c1"), "-5")).await.unwrap();
        upsert(&mut conn, &rule("p2", None, "8")).await.unwrap();
        assert_eq!(
            list(&mut conn, Some("p1")).await.unwrap(),
            [rule("p1", None, "10.5"), rule("p1", Some("c1"), "-5")]
        );
        assert_eq!(list(&mut conn, None).await.unwrap().len(), 3);
    }
}
