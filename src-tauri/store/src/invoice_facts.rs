//! The `invoice_facts` table: what an issued document prints, frozen when it is issued (names,
//! addresses, mentions, the logo), so that a later change of a partner or customer never reprints it.

use sqlx::SqliteConnection;

use csp_domain::facts::InvoiceFacts;
use csp_domain::Result;

/// Freezes what a document prints. Call in the issuing transaction, while it is still a draft
/// (the database refuses it afterwards, and refuses to issue a document without it).
pub async fn insert_facts(
    conn: &mut SqliteConnection,
    invoice_id: &str,
    facts: &InvoiceFacts,
    logo: Option<&[u8]>,
) -> Result<()> {
    let json = serde_json::to_string(facts).map_err(|e| std::io::Error::other(e.to_string()))?;
    sqlx::query("INSERT INTO invoice_facts (invoice_id, facts, logo) VALUES (?, ?, ?)")
        .bind(invoice_id)
        .bind(json)
        .bind(logo)
        .execute(conn)
        .await?;
    Ok(())
}

/// The frozen facts of an issued document and its logo's bytes (`None`: a draft, which prints
/// live data).
pub async fn facts(conn: &mut SqliteConnection, invoice_id: &str) -> Result<Option<(InvoiceFacts, Option<Vec<u8>>)>> {
    let row: Option<(String, Option<Vec<u8>>)> =
        sqlx::query_as("SELECT facts, logo FROM invoice_facts WHERE invoice_id = ?")
            .bind(invoice_id)
            .fetch_optional(conn)
            .await?;
    row.map(|(json, logo)| {
        let facts = serde_json::from_str(&json).map_err(|e| {
            csp_domain::CoreError::validation(
                format!("the frozen facts of invoice {invoice_id} cannot be read: {e}"),
                format!("les données figées de la facture {invoice_id} sont illisibles : {e}"),
            )
        })?;
        Ok((facts, logo))
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[tokio::test]
    async fn frozen_facts_and_logo_come_back_and_a_draft_has_none() {
        let mut conn = testing::book().await;
        testing::office_with_draft(&mut conn).await;
        assert!(facts(&mut conn, "i1").await.unwrap().is_none());
        let mut frozen = InvoiceFacts { frozen_by: "issue".into(), ..InvoiceFacts::default() };
        frozen.issuer.name = "Nuage Azur SAS".into();
        insert_facts(&mut conn, "i1", &frozen, Some(&[1, 2, 3])).await.unwrap();
        let (back, logo) = facts(&mut conn, "i1").await.unwrap().unwrap();
        assert_eq!((back, logo), (frozen, Some(vec![1, 2, 3])));
    }

    #[tokio::test]
    async fn facts_that_do_not_read_back_are_an_error() {
        let mut conn = testing::book().await;
        testing::office_with_draft(&mut conn).await;
        sqlx::query("INSERT INTO invoice_facts (invoice_id, facts) VALUES ('i1', '{\"issuer\": 3}')")
            .execute(&mut *conn)
            .await
            .unwrap();
        let err = facts(&mut conn, "i1").await.unwrap_err();
        assert!(err.to_string().contains("cannot be read"), "{err}");
    }
}
