//! A book on a real SQLite file in a temp dir, with partners, customers and subscriptions (written
//! with plain SQL, as ordering does), for the usage, billing and invoice tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use csp_core::domain::customer::NewCustomer;
use csp_core::domain::partner::{LegalIdentity, NewPartner, Tier};
use csp_core::import::sample::{SampleRow, UsageCsv};
use csp_core::service::usage::{ImportOptions, ImportResult};
use csp_core::service::{customers, partners, usage};
use csp_core::{CoreError, Ctx};

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The computer's date the test books see.
pub const COMPUTER_DATE: &str = "2027-03-01";

pub struct TestBook {
    pub ctx: Ctx,
    _dir: tempfile::TempDir,
}

impl TestBook {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        // The computer's date is fixed so that the date rules give the same answers on any day.
        let ctx = Ctx::open(&dir.path().join("book.sqlite3")).await.unwrap().with_computer_date(d(COMPUTER_DATE));
        Self { ctx, _dir: dir }
    }

    pub async fn partner(
        &self,
        name: &str,
        tier: Tier,
        country: &str,
        currency: Option<&str>,
        providers: &[&str],
    ) -> String {
        partners::add(
            &self.ctx,
            NewPartner {
                name: name.into(),
                tier: Some(tier),
                country: country.into(),
                currency: currency.map(Into::into),
                enrolled_on: Some(d("2018-05-14")),
                providers: providers.iter().map(|p| p.to_string()).collect(),
                // A French issuer carries the mentions its invoices must show.
                vat_id: (country == "FR").then(|| "FR44732829320".into()),
                address: Some(format!("1 rue de Rivoli, 75001 Paris ({name})")),
                legal: (country == "FR").then(|| LegalIdentity {
                    legal_form: Some("SAS".into()),
                    share_capital: Some("10 000 €".into()),
                    siren: Some("732829320".into()),
                    rcs: Some("RCS Paris 732 829 320".into()),
                    ..LegalIdentity::default()
                }),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id
    }

    pub async fn direct(&self, name: &str) -> String {
        self.partner(name, Tier::Direct, "FR", Some("EUR"), &[]).await
    }

    /// A customer of `partner`; returns (customer ID, tenant ID).
    pub async fn customer(&self, partner: &str, name: &str, country: &str, vat_id: Option<&str>) -> (String, String) {
        let domain = format!("{}.onmicrosoft.com", name.to_lowercase().replace(' ', "-"));
        let c = customers::onboard(
            &self.ctx,
            NewCustomer {
                partner_id: partner.into(),
                name: name.into(),
                domain,
                country: country.into(),
                vat_id: vat_id.map(Into::into),
                address: Some(format!("{name}, 4 place Bellecour, 69002 Lyon")),
                // A French business customer's SIREN is a mandatory mention of its invoices.
                siren: (country == "FR").then(|| "732829320".into()),
                relationship_since: Some(d("2020-01-01")),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        (c.id, c.tenant_id)
    }

    /// A subscription with its partner-of-record period and the partner's owner role.
    #[allow(clippy::too_many_arguments)]
    pub async fn subscription(
        &self,
        customer: &str,
        partner: &str,
        billing_partner: &str,
        offer: &str,
        created: &str,
        cancelled: Option<&str>,
    ) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO subscriptions (id, name, customer_id, partner_id, billing_partner_id, offer, created_on, status, cancelled_on) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(format!("Sub {}", &id[..4]))
        .bind(customer)
        .bind(partner)
        .bind(billing_partner)
        .bind(offer)
        .bind(created)
        .bind(if cancelled.is_some() { "cancelled" } else { "active" })
        .bind(cancelled)
        .execute(&self.ctx.pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO subscription_periods VALUES (?, ?, ?, ?, ?)")
            .bind(&id)
            .bind(created)
            .bind(partner)
            .bind(billing_partner)
            .bind(offer)
            .execute(&self.ctx.pool)
            .await
            .unwrap();
        self.grant(&id, &format!("partner:{partner}"), "owner", created).await;
        id
    }

    pub async fn grant(&self, sub: &str, principal: &str, role: &str, on: &str) {
        sqlx::query("INSERT INTO role_assignments (subscription_id, principal, role, granted_on) VALUES (?, ?, ?, ?)")
            .bind(sub)
            .bind(principal)
            .bind(role)
            .bind(on)
            .execute(&self.ctx.pool)
            .await
            .unwrap();
    }

    pub async fn revoke_all(&self, sub: &str, on: &str) {
        sqlx::query("UPDATE role_assignments SET revoked_on = ? WHERE subscription_id = ? AND revoked_on IS NULL")
            .bind(on)
            .bind(sub)
            .execute(&self.ctx.pool)
            .await
            .unwrap();
    }

    pub async fn import(&self, csv: Vec<u8>) -> Result<ImportResult, CoreError> {
        usage::import_from(&self.ctx, std::io::Cursor::new(csv), "usage.csv", ImportOptions::default(), &|_| {}).await
    }

    pub async fn import_rows(&self, rows: &[SampleRow]) -> ImportResult {
        let mut csv = UsageCsv::current();
        for r in rows {
            csv.push(r);
        }
        self.import(csv.finish()).await.unwrap()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&self.ctx.pool).await.unwrap();
        n
    }
}

/// A usage row for this tenant and subscription on a date, `quantity × unit price` in EUR.
pub fn row(tenant: &str, sub: &str, on: &str, meter: &str, qty: &str, price: &str) -> SampleRow {
    SampleRow::new(tenant, sub).on(d(on)).meter(meter, &format!("Meter {meter}"), "Virtual Machines").qty(qty, price)
}

/// A book file at `path` as an earlier version left it: the migrations below `before` applied and
/// recorded, nothing else; the caller fills it, then `Ctx::open` runs the newer migrations on it.
pub async fn book_migrated_before(path: &std::path::Path, before: i64) -> sqlx::SqlitePool {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
    let opts = SqliteConnectOptions::new().filename(path).create_if_missing(true);
    let pool = SqlitePool::connect_with(opts).await.unwrap();
    sqlx::raw_sql(
        "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
         installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, \
         checksum BLOB NOT NULL, execution_time BIGINT NOT NULL)",
    )
    .execute(&pool)
    .await
    .unwrap();
    for m in csp_core::store::db::MIGRATOR.iter().filter(|m| m.version < before) {
        sqlx::raw_sql(&m.sql).execute(&pool).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (?, ?, 1, ?, 0)",
        )
        .bind(m.version)
        .bind(m.description.as_ref())
        .bind(m.checksum.as_ref())
        .execute(&pool)
        .await
        .unwrap();
    }
    pool
}

/// A direct partner `p` with its customer `c` and an Azure plan subscription `s` from 2026-01-01,
/// written in SQL into a book left at an earlier schema (`book_migrated_before`).
pub async fn old_subscription(pool: &sqlx::SqlitePool) {
    sqlx::raw_sql(
        "INSERT INTO partners (id, name, tier, country, currency, enrolled_on) VALUES
           ('p', 'Contoso', 'direct', 'FR', 'EUR', '2018-05-14');
         INSERT INTO partner_tiers (partner_id, tier, since) VALUES ('p', 'direct', '2018-05-14');
         INSERT INTO customers (id, tenant_id, name, domain, country) VALUES
           ('c', '3f2b0c8e-8a52-4b7e-9d0a-7f1c2b3a4d5e', 'Fabrikam', 'fabrikam.onmicrosoft.com', 'FR');
         INSERT INTO subscriptions (id, customer_id, partner_id, billing_partner_id, offer, created_on, status) VALUES
           ('s', 'c', 'p', 'p', 'AZURE_PLAN', '2026-01-01', 'active');
         INSERT INTO subscription_periods (subscription_id, valid_from, partner_id, billing_partner_id, offer) VALUES
           ('s', '2026-01-01', 'p', 'p', 'AZURE_PLAN');",
    )
    .execute(pool)
    .await
    .unwrap();
}
