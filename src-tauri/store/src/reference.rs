//! Reference data: countries and their markets.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use csp_domain::tax::{DatedRate, TaxCountry};
use csp_domain::{CoreError, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, TS)]
pub struct Country {
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
    pub market: String,
    pub eu_member: bool,
    /// The newest standard VAT rate of the country's dated rates (EU members), for display.
    pub vat_standard_rate: Option<String>,
}

const COLUMNS: &str = "code, name_en, name_fr, market, eu_member, \
     (SELECT rate FROM vat_rates v WHERE v.country = countries.code ORDER BY valid_from DESC LIMIT 1) \
     AS vat_standard_rate";

pub async fn country(conn: &mut SqliteConnection, code: &str) -> Result<Option<Country>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM countries WHERE code = ?"))
        .bind(code)
        .fetch_optional(conn)
        .await?)
}

pub async fn countries(conn: &mut SqliteConnection) -> Result<Vec<Country>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM countries ORDER BY name_en")).fetch_all(conn).await?)
}

/// Every country as tax sees it: EU membership and the standard VAT rates with their dates. A
/// stored rate or date that does not parse is an error, never a silent 0 %.
pub async fn tax_countries(conn: &mut SqliteConnection) -> Result<Vec<TaxCountry>> {
    let countries: Vec<(String, bool)> =
        sqlx::query_as("SELECT code, eu_member FROM countries ORDER BY code").fetch_all(&mut *conn).await?;
    let rates: Vec<(String, String, String)> =
        sqlx::query_as("SELECT country, valid_from, rate FROM vat_rates ORDER BY country, valid_from")
            .fetch_all(&mut *conn)
            .await?;
    let mut out: Vec<TaxCountry> = countries
        .into_iter()
        .map(|(code, eu_member)| TaxCountry { code, eu_member, standard_rates: Vec::new() })
        .collect();
    for (country, from, rate) in rates {
        let bad = || {
            CoreError::validation(
                format!("the stored VAT rate of {country} from {from} is not valid: '{rate}'"),
                format!("le taux de TVA enregistré de {country} à partir du {from} n'est pas valide : « {rate} »"),
            )
        };
        let dated = DatedRate { from: from.parse().map_err(|_| bad())?, rate: rate.parse().map_err(|_| bad())? };
        if let Some(c) = out.iter_mut().find(|c| c.code == country) {
            c.standard_rates.push(dated);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[tokio::test]
    async fn the_migrations_hold_the_countries_with_their_vat_rates() {
        let mut conn = testing::book().await;
        let fr = country(&mut conn, "FR").await.unwrap().unwrap();
        assert!(fr.eu_member && fr.vat_standard_rate.is_some(), "{fr:?}");
        assert!(country(&mut conn, "XX").await.unwrap().is_none());
        let all = countries(&mut conn).await.unwrap();
        assert!(all.len() > 27 && all.iter().any(|c| c.code == "NO" && !c.eu_member));
        let tax = tax_countries(&mut conn).await.unwrap();
        assert_eq!(tax.len(), all.len());
        assert!(tax.iter().any(|c| c.code == "FR" && !c.standard_rates.is_empty()));
    }
}
