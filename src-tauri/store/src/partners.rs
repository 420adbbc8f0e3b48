//! Partners, their tier history and reseller ↔ provider links.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use csp_domain::partner::{LegalIdentity, PartnerLink, Tier, TierPeriod};
use csp_domain::{Currency, Result};

/// A `partners` row as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PartnerRecord {
    pub id: String,
    pub name: String,
    pub mpn_id: Option<String>,
    pub tier: Tier,
    pub country: String,
    pub currency: Option<Currency>,
    pub enrolled_on: NaiveDate,
    pub mci: bool,
    pub silver_since: Option<NaiveDate>,
    pub vat_id: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub legal_form: Option<String>,
    pub share_capital: Option<String>,
    pub siren: Option<String>,
    pub siret: Option<String>,
    pub rcs: Option<String>,
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub payment_terms_days: u32,
    pub late_payment_rate: Option<String>,
    pub early_payment_discount: Option<String>,
}

impl PartnerRecord {
    /// A partner with only what every partner has: no IDs, contact or legal identity yet, the
    /// default payment terms.
    pub fn new(id: &str, name: &str, tier: Tier, country: &str, enrolled_on: NaiveDate) -> Self {
        PartnerRecord {
            id: id.into(),
            name: name.into(),
            mpn_id: None,
            tier,
            country: country.into(),
            currency: None,
            enrolled_on,
            mci: false,
            silver_since: None,
            vat_id: None,
            address: None,
            email: None,
            legal_form: None,
            share_capital: None,
            siren: None,
            siret: None,
            rcs: None,
            iban: None,
            bic: None,
            payment_terms_days: csp_domain::invoice::DEFAULT_PAYMENT_TERMS_DAYS,
            late_payment_rate: None,
            early_payment_discount: None,
        }
    }

    pub fn tier(&self) -> Tier {
        self.tier
    }

    /// The issuer's legal identity and payment details.
    pub fn legal(&self) -> LegalIdentity {
        LegalIdentity {
            legal_form: self.legal_form.clone(),
            share_capital: self.share_capital.clone(),
            siren: self.siren.clone(),
            siret: self.siret.clone(),
            rcs: self.rcs.clone(),
            iban: self.iban.clone(),
            bic: self.bic.clone(),
            payment_terms_days: self.payment_terms_days,
            late_payment_rate: self.late_payment_rate.clone(),
            early_payment_discount: self.early_payment_discount.clone(),
        }
    }

    pub fn set_legal(&mut self, l: LegalIdentity) {
        self.legal_form = l.legal_form;
        self.share_capital = l.share_capital;
        self.siren = l.siren;
        self.siret = l.siret;
        self.rcs = l.rcs;
        self.iban = l.iban;
        self.bic = l.bic;
        self.payment_terms_days = l.payment_terms_days;
        self.late_payment_rate = l.late_payment_rate;
        self.early_payment_discount = l.early_payment_discount;
    }
}

/// The columns a partner's profile and legal identity are edited through, in the order
/// [`bind_profile`] binds them; a partner's key and tier are written only at insert (the tier
/// changes through a transition).
const PROFILE: [&str; 20] = [
    "name",
    "mpn_id",
    "country",
    "currency",
    "enrolled_on",
    "mci",
    "silver_since",
    "vat_id",
    "address",
    "email",
    "legal_form",
    "share_capital",
    "siren",
    "siret",
    "rcs",
    "iban",
    "bic",
    "payment_terms_days",
    "late_payment_rate",
    "early_payment_discount",
];

type Query<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

fn bind_profile<'q>(q: Query<'q>, p: &'q PartnerRecord) -> Query<'q> {
    q.bind(&p.name)
        .bind(&p.mpn_id)
        .bind(&p.country)
        .bind(p.currency)
        .bind(p.enrolled_on)
        .bind(p.mci)
        .bind(p.silver_since)
        .bind(&p.vat_id)
        .bind(&p.address)
        .bind(&p.email)
        .bind(&p.legal_form)
        .bind(&p.share_capital)
        .bind(&p.siren)
        .bind(&p.siret)
        .bind(&p.rcs)
        .bind(&p.iban)
        .bind(&p.bic)
        .bind(p.payment_terms_days)
        .bind(&p.late_payment_rate)
        .bind(&p.early_payment_discount)
}

fn columns() -> String {
    format!("id, tier, {}", PROFILE.join(", "))
}

pub async fn insert(conn: &mut SqliteConnection, p: &PartnerRecord) -> Result<()> {
    let sql = format!("INSERT INTO partners ({}) VALUES (?, ?{})", columns(), ", ?".repeat(PROFILE.len()));
    bind_profile(sqlx::query(&sql).bind(&p.id).bind(p.tier), p).execute(conn).await?;
    Ok(())
}

/// Updates the editable profile fields and the legal identity (not the tier: that goes through a
/// transition).
pub async fn update_profile(conn: &mut SqliteConnection, p: &PartnerRecord) -> Result<()> {
    let set: Vec<String> = PROFILE.iter().map(|c| format!("{c} = ?")).collect();
    let sql = format!("UPDATE partners SET {} WHERE id = ?", set.join(", "));
    bind_profile(sqlx::query(&sql), p).bind(&p.id).execute(conn).await?;
    Ok(())
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<PartnerRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {} FROM partners WHERE id = ?", columns()))
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn find_by_mpn(conn: &mut SqliteConnection, mpn_id: &str) -> Result<Option<PartnerRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {} FROM partners WHERE mpn_id = ?", columns()))
        .bind(mpn_id)
        .fetch_optional(conn)
        .await?)
}

pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<PartnerRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {} FROM partners ORDER BY name COLLATE NOCASE, id", columns()))
        .fetch_all(conn)
        .await?)
}

pub async fn set_tier(conn: &mut SqliteConnection, id: &str, tier: Tier, currency: Option<Currency>) -> Result<()> {
    sqlx::query("UPDATE partners SET tier = ?, currency = ? WHERE id = ?")
        .bind(tier.as_str())
        .bind(currency)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn add_tier_period(conn: &mut SqliteConnection, id: &str, tier: Tier, since: NaiveDate) -> Result<()> {
    sqlx::query("INSERT INTO partner_tiers (partner_id, tier, since) VALUES (?, ?, ?)")
        .bind(id)
        .bind(tier.as_str())
        .bind(since)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn tier_history(conn: &mut SqliteConnection, id: &str) -> Result<Vec<TierPeriod>> {
    let rows: Vec<(String, NaiveDate)> =
        sqlx::query_as("SELECT tier, since FROM partner_tiers WHERE partner_id = ? ORDER BY since, rowid")
            .bind(id)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().filter_map(|(t, since)| Tier::parse(&t).map(|tier| TierPeriod { tier, since })).collect())
}

pub async fn link_provider(
    conn: &mut SqliteConnection,
    reseller_id: &str,
    provider_id: &str,
    since: NaiveDate,
) -> Result<()> {
    sqlx::query("INSERT OR IGNORE INTO reseller_providers (reseller_id, provider_id, since) VALUES (?, ?, ?)")
        .bind(reseller_id)
        .bind(provider_id)
        .bind(since)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn providers_of(conn: &mut SqliteConnection, reseller_id: &str) -> Result<Vec<PartnerLink>> {
    links(
        conn,
        "SELECT p.id, p.name, l.since FROM reseller_providers l JOIN partners p ON p.id = l.provider_id \
         WHERE l.reseller_id = ? ORDER BY l.since, p.name",
        reseller_id,
    )
    .await
}

pub async fn resellers_of(conn: &mut SqliteConnection, provider_id: &str) -> Result<Vec<PartnerLink>> {
    links(
        conn,
        "SELECT p.id, p.name, l.since FROM reseller_providers l JOIN partners p ON p.id = l.reseller_id \
         WHERE l.provider_id = ? ORDER BY p.name",
        provider_id,
    )
    .await
}

/// Every reseller–provider link as IDs: (reseller, provider), oldest link first, then by provider
/// (a reseller's first provider is its default one).
pub async fn provider_ids(conn: &mut SqliteConnection) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as("SELECT reseller_id, provider_id FROM reseller_providers ORDER BY since, provider_id")
        .fetch_all(conn)
        .await?)
}

async fn links(conn: &mut SqliteConnection, sql: &str, id: &str) -> Result<Vec<PartnerLink>> {
    let rows: Vec<(String, String, NaiveDate)> = sqlx::query_as(sql).bind(id).fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(id, name, since)| PartnerLink { id, name, since }).collect())
}

/// Every partner's tier periods: (partner, period), oldest first.
pub async fn all_tier_periods(conn: &mut SqliteConnection) -> Result<Vec<(String, TierPeriod)>> {
    let rows: Vec<(String, String, NaiveDate)> =
        sqlx::query_as("SELECT partner_id, tier, since FROM partner_tiers ORDER BY since, rowid")
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, t, since)| Tier::parse(&t).map(|tier| (id, TierPeriod { tier, since })))
        .collect())
}

/// Every reseller–provider link: (reseller, provider as a link, reseller as a link), in the order
/// [`providers_of`] gives.
pub async fn all_links(conn: &mut SqliteConnection) -> Result<Vec<(PartnerLink, PartnerLink)>> {
    let rows: Vec<(String, String, String, String, NaiveDate)> = sqlx::query_as(
        "SELECT r.id, r.name, p.id, p.name, l.since FROM reseller_providers l \
         JOIN partners p ON p.id = l.provider_id JOIN partners r ON r.id = l.reseller_id ORDER BY l.since, p.name",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(rid, rname, pid, pname, since)| {
            (PartnerLink { id: rid, name: rname, since }, PartnerLink { id: pid, name: pname, since })
        })
        .collect())
}

/// Every partner's name by ID (earlier partners of record, transfers' sources and targets).
pub async fn names(conn: &mut SqliteConnection) -> Result<std::collections::HashMap<String, String>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, name FROM partners").fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

/// How many partners the book holds.
pub async fn count(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM partners").fetch_one(conn).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, d};

    #[tokio::test]
    async fn a_partner_goes_in_is_found_listed_counted_and_edited() {
        let mut conn = testing::book().await;
        assert_eq!(count(&mut conn).await.unwrap(), 0);
        let mut p = testing::partner_record("p1", "Nuage Azur SAS");
        p.mpn_id = Some("4790321".into());
        insert(&mut conn, &p).await.unwrap();
        testing::partner(&mut conn, "p2", "anvil IT").await;
        assert_eq!(count(&mut conn).await.unwrap(), 2);
        assert_eq!(get(&mut conn, "p1").await.unwrap().unwrap().tier(), Tier::Direct);
        assert_eq!(find_by_mpn(&mut conn, "4790321").await.unwrap().unwrap().id, "p1");
        assert!(find_by_mpn(&mut conn, "0").await.unwrap().is_none());
        assert_eq!(list(&mut conn).await.unwrap().iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["p2", "p1"]);
        assert_eq!(names(&mut conn).await.unwrap()["p2"], "anvil IT");
        p.name = "Nuage Azur".into();
        p.payment_terms_days = 45;
        update_profile(&mut conn, &p).await.unwrap();
        let back = get(&mut conn, "p1").await.unwrap().unwrap();
        assert_eq!((back.name.as_str(), back.legal().payment_terms_days), ("Nuage Azur", 45));
    }

    #[tokio::test]
    async fn tiers_change_with_their_history() {
        let mut conn = testing::book().await;
        testing::partner(&mut conn, "p1", "Nuage Azur SAS").await;
        add_tier_period(&mut conn, "p1", Tier::Direct, d("2016-04-11")).await.unwrap();
        add_tier_period(&mut conn, "p1", Tier::IndirectReseller, d("2022-01-01")).await.unwrap();
        set_tier(&mut conn, "p1", Tier::IndirectReseller, None).await.unwrap();
        let p = get(&mut conn, "p1").await.unwrap().unwrap();
        assert_eq!((p.tier, p.currency), (Tier::IndirectReseller, None));
        let history = tier_history(&mut conn, "p1").await.unwrap();
        assert_eq!(
            history.iter().map(|t| (t.tier, t.since)).collect::<Vec<_>>(),
            [(Tier::Direct, d("2016-04-11")), (Tier::IndirectReseller, d("2022-01-01"))]
        );
        assert_eq!(all_tier_periods(&mut conn).await.unwrap().len(), 2);
    }

    #[tokio::test]
    async fn resellers_and_providers_are_linked_once() {
        let mut conn = testing::book().await;
        testing::partner(&mut conn, "r1", "Alpes Informatique").await;
        testing::partner(&mut conn, "v1", "EuroDistri").await;
        testing::partner(&mut conn, "v2", "Another Distri").await;
        link_provider(&mut conn, "r1", "v2", d("2022-01-01")).await.unwrap();
        link_provider(&mut conn, "r1", "v1", d("2021-11-02")).await.unwrap();
        link_provider(&mut conn, "r1", "v1", d("2021-12-01")).await.unwrap();
        let providers = providers_of(&mut conn, "r1").await.unwrap();
        assert_eq!(
            providers.iter().map(|l| (l.id.as_str(), l.since)).collect::<Vec<_>>(),
            [("v1", d("2021-11-02")), ("v2", d("2022-01-01"))]
        );
        assert_eq!(resellers_of(&mut conn, "v1").await.unwrap()[0].name, "Alpes Informatique");
        assert_eq!(
            provider_ids(&mut conn).await.unwrap(),
            [("r1".to_string(), "v1".to_string()), ("r1".to_string(), "v2".to_string())]
        );
        let all = all_links(&mut conn).await.unwrap();
        assert_eq!((all[0].0.id.as_str(), all[0].1.id.as_str()), ("r1", "v1"));
    }
}
