//! What the store's unit tests stand on: a book in memory with every migration applied, and a few
//! rows that the tables' foreign keys need (a partner, a customer, a subscription, a draft).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::SqliteConnection;

use csp_domain::facts::InvoiceFacts;
use csp_domain::invoice::InvoiceKind;
use csp_domain::offer::Offer;
use csp_domain::partner::Tier;
use csp_domain::subscription::SubscriptionStatus;
use csp_domain::tax::TaxMention;
use csp_domain::Currency;
use csp_domain::Month;

use crate::customers::CustomerRecord;
use crate::invoice_lines::NewLine;
use crate::invoices::NewInvoice;
use crate::partners::PartnerRecord;
use crate::subscriptions::SubscriptionRecord;
use crate::usage::UsageInsert;

/// An empty book in memory, migrated, on one connection (each in-memory connection is a database
/// of its own).
pub async fn book() -> sqlx::pool::PoolConnection<sqlx::Sqlite> {
    let options = SqliteConnectOptions::new().in_memory(true).foreign_keys(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.expect("in-memory book");
    crate::db::MIGRATOR.run(&pool).await.expect("migrations");
    pool.acquire().await.expect("its connection")
}

pub fn d(s: &str) -> NaiveDate {
    s.parse().expect("a test date")
}

pub fn month(s: &str) -> Month {
    Month::parse(s).expect("a test month")
}

pub fn dec(s: &str) -> Decimal {
    s.parse().expect("a test decimal")
}

pub fn partner_record(id: &str, name: &str) -> PartnerRecord {
    PartnerRecord {
        currency: Some(currency("EUR")),
        ..PartnerRecord::new(id, name, Tier::Direct, "FR", d("2016-04-11"))
    }
}

pub async fn partner(conn: &mut SqliteConnection, id: &str, name: &str) {
    crate::partners::insert(conn, &partner_record(id, name)).await.expect("a partner");
}

pub fn customer_record(id: &str, name: &str) -> CustomerRecord {
    CustomerRecord::identity(id, &format!("{id}-tenant"), name, &format!("{id}.onmicrosoft.com"), "FR")
}

pub async fn customer(conn: &mut SqliteConnection, id: &str, name: &str) {
    crate::customers::insert(conn, &customer_record(id, name)).await.expect("a customer");
}

pub fn subscription_record(id: &str, customer_id: &str, partner_id: &str) -> SubscriptionRecord {
    SubscriptionRecord {
        id: id.into(),
        name: Some(format!("{id} name")),
        customer_id: Some(customer_id.into()),
        partner_id: partner_id.into(),
        billing_partner_id: partner_id.into(),
        offer: Offer::AzurePlan,
        created_on: d("2021-10-01"),
        status: SubscriptionStatus::Active,
        cancelled_on: None,
    }
}

/// A subscription without periods or roles (as older books hold some).
pub async fn subscription(conn: &mut SqliteConnection, id: &str, customer_id: &str, partner_id: &str) {
    crate::subscriptions::insert(conn, &subscription_record(id, customer_id, partner_id))
        .await
        .expect("a subscription");
}

/// Partner `p1` (Nuage Azur SAS), customer `c1` (Fabrikam) and its subscription `s1`.
pub async fn office(conn: &mut SqliteConnection) {
    partner(conn, "p1", "Nuage Azur SAS").await;
    customer(conn, "c1", "Fabrikam").await;
    subscription(conn, "s1", "c1", "p1").await;
}

pub fn draft(id: &str) -> NewInvoice {
    NewInvoice {
        id: id.into(),
        kind: InvoiceKind::Invoice,
        issuer_id: "p1".into(),
        customer_id: Some("c1".into()),
        reseller_id: None,
        month: month("2026-10"),
        currency: currency("EUR"),
        subtotal: dec("1.70"),
        tax: dec("0.34"),
        total: dec("2.04"),
        tax_mention: TaxMention::None,
        exchange: None,
        credits_invoice_id: None,
        provisional: false,
    }
}

/// [`office`] and a draft invoice `i1` of October 2026 to `c1`.
pub async fn office_with_draft(conn: &mut SqliteConnection) {
    office(conn).await;
    crate::invoices::insert_invoices(conn, &[draft("i1")]).await.expect("a draft");
}

/// Issues the draft `id` on `on` as the issuing service writes it: its facts frozen (the names of
/// [`office`]), then its number (`<series>-2026-<seq>`) and dates.
pub async fn issue(conn: &mut SqliteConnection, id: &str, seq: i64, on: NaiveDate) {
    let mut facts = InvoiceFacts { frozen_by: "issue".into(), ..Default::default() };
    facts.issuer.name = "Nuage Azur SAS".into();
    facts.recipient.name = "Fabrikam".into();
    crate::invoice_facts::insert_facts(conn, id, &facts, None).await.expect("facts");
    let series = crate::invoices::get(conn, id).await.expect("the draft").expect("a draft").series;
    let number = format!("{series}-2026-{seq:04}");
    crate::invoices::mark_issued(conn, id, &number, 2026, seq, on, on + chrono::Days::new(30)).await.expect("issued");
}

/// A line of `invoice_id` billing an hour of a virtual machine to `c1` on `s1`.
pub fn line(id: i64, invoice_id: &str, position: i64) -> NewLine {
    NewLine {
        id,
        invoice_id: invoice_id.into(),
        position,
        subscription_id: "s1".into(),
        subscription_name: Some("s1 name".into()),
        customer_id: Some("c1".into()),
        meter_id: "m1".into(),
        meter_name: "D2s v5".into(),
        meter_category: "Virtual Machines".into(),
        unit: "1 Hour".into(),
        quantity: dec("15.50"),
        unit_price: dec("0.110"),
        markup_percent: dec("10"),
        tax_rate: dec("20.0"),
        amount: dec("1.70"),
        usage_month: None,
        withdrawn_group: None,
    }
}

/// A usage row of `s1` (customer `c1`) in group 1, with its duplicate key made of `key`.
pub fn usage_row(key: u8, date: &str, quantity: &str) -> UsageInsert {
    UsageInsert {
        dedup_key: [key; 16],
        group_id: 1,
        customer_id: "c1".into(),
        subscription_id: "s1".into(),
        usage_date: date.into(),
        meter_id: "m1".into(),
        meter_name: "D2s v5".into(),
        meter_category: "Virtual Machines".into(),
        unit: "1 Hour".into(),
        quantity: quantity.into(),
        unit_price: "0.096".into(),
        pricing_currency: "EUR".into(),
        billing_currency: "EUR".into(),
        pc_to_bc_rate: "1".into(),
        ..UsageInsert::default()
    }
}

pub fn currency(code: &str) -> Currency {
    Currency::parse(code).expect("a test currency")
}
