//! A small book for the subscription and access tests: partners of each tier, customers with
//! relationships, and row counts to prove that a refusal writes nothing.

#![allow(dead_code)]

use chrono::NaiveDate;
use csp_core::domain::customer::NewCustomer;
use csp_core::domain::offer::Offer;
use csp_core::domain::partner::{NewPartner, Tier};
use csp_core::domain::subscription::{NewSubscription, Subscription};
use csp_core::service::customers::{self, LinkRequest};
use csp_core::service::{partners, subscriptions};
use csp_core::{Ctx, Result};

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub struct Book {
    _dir: tempfile::TempDir,
    pub ctx: Ctx,
}

impl Book {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let ctx = Ctx::open(&dir.path().join("book.sqlite3")).await.unwrap();
        Self { _dir: dir, ctx }
    }

    async fn partner(&self, name: &str, tier: Tier, enrolled_on: &str, providers: &[&str]) -> String {
        let input = NewPartner {
            name: name.into(),
            tier: Some(tier),
            country: "FR".into(),
            currency: (tier != Tier::IndirectReseller).then(|| "EUR".into()),
            enrolled_on: Some(d(enrolled_on)),
            providers: providers.iter().map(|p| p.to_string()).collect(),
            ..Default::default()
        };
        partners::add(&self.ctx, input).await.unwrap().id
    }

    /// A direct partner in France.
    pub async fn direct(&self, name: &str, enrolled_on: &str) -> String {
        self.partner(name, Tier::Direct, enrolled_on, &[]).await
    }

    /// An indirect provider (distributor) in France.
    pub async fn provider(&self, name: &str) -> String {
        self.partner(name, Tier::IndirectProvider, "2016-01-04", &[]).await
    }

    /// An indirect reseller in France under the given providers.
    pub async fn reseller(&self, name: &str, enrolled_on: &str, providers: &[&str]) -> String {
        self.partner(name, Tier::IndirectReseller, enrolled_on, providers).await
    }

    /// A customer in `country` onboarded by `partner` with a relationship from `since`.
    pub async fn customer(&self, partner: &str, stem: &str, country: &str, since: &str, gcc: bool) -> String {
        let input = NewCustomer {
            partner_id: partner.into(),
            name: format!("{stem} Ltd"),
            domain: format!("{stem}.onmicrosoft.com"),
            country: country.into(),
            gcc,
            relationship_since: Some(d(since)),
            ..Default::default()
        };
        customers::onboard(&self.ctx, input).await.unwrap().id
    }

    /// One more partner for an existing customer, from `on`.
    pub async fn link(&self, customer: &str, partner: &str, on: &str) {
        customers::link(&self.ctx, LinkRequest { customer_id: customer.into(), partner_id: partner.into(), on: d(on) })
            .await
            .unwrap();
    }

    pub async fn order(&self, partner: &str, customer: Option<&str>, offer: Offer, on: &str) -> Result<Subscription> {
        subscriptions::order(
            &self.ctx,
            NewSubscription {
                partner_id: partner.into(),
                customer_id: customer.map(str::to_string),
                offer: Some(offer),
                on: Some(d(on)),
                ..Default::default()
            },
        )
        .await
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_as::<_, (i64,)>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&self.ctx.pool).await.unwrap().0
    }

    /// Rows in every table ordering and access write to.
    pub async fn written(&self) -> [i64; 4] {
        [
            self.count("subscriptions").await,
            self.count("subscription_periods").await,
            self.count("subscription_events").await,
            self.count("role_assignments").await,
        ]
    }
}
