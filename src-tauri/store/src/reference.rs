//! Reference data: countries and their markets.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use csp_domain::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, TS)]
pub struct Country {
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
    pub market: String,
    pub eu_member: bool,
    pub vat_standard_rate: Option<String>,
}

const COLUMNS: &str = "code, name_en, name_fr, market, eu_member, vat_standard_rate";

pub async fn country(conn: &mut SqliteConnection, code: &str) -> Result<Option<Country>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM countries WHERE code = ?"))
        .bind(code)
        .fetch_optional(conn)
        .await?)
}

pub async fn countries(conn: &mut SqliteConnection) -> Result<Vec<Country>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM countries ORDER BY name_en")).fetch_all(conn).await?)
}
