//! A large book for the benchmarks: one direct partner, `n` customers with one Azure plan
//! subscription each, written in bulk with plain SQL (what ordering would have written).
#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use csp_core::import::columns::LAYOUT_CURRENT;
use csp_core::import::sample::{SampleRow, UsageCsv};
use csp_core::Ctx;

pub const PARTNER: &str = "bench-partner";

pub fn tenant(i: usize) -> String {
    format!("aaaaaaaa-0000-4000-8000-{i:012}")
}

pub fn subscription(i: usize) -> String {
    format!("bbbbbbbb-0000-4000-8000-{i:012}")
}

pub async fn book(path: &Path, customers: usize) -> Ctx {
    let ctx = Ctx::open(path).await.unwrap();
    let mut tx = ctx.pool.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO partners (id, name, tier, country, currency, enrolled_on) VALUES (?, 'Contoso Cloud', 'direct', 'FR', 'EUR', '2018-01-01')",
    )
    .bind(PARTNER)
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query("INSERT INTO settings (key, value) VALUES ('office.partner_id', ?)")
        .bind(PARTNER)
        .execute(&mut *tx)
        .await
        .unwrap();
    for i in 0..customers {
        let c = format!("customer-{i}");
        sqlx::query("INSERT INTO customers (id, tenant_id, name, domain, country) VALUES (?, ?, ?, ?, 'FR')")
            .bind(&c)
            .bind(tenant(i))
            .bind(format!("Customer {i:05}"))
            .bind(format!("customer-{i}.onmicrosoft.com"))
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query("INSERT INTO relationships (partner_id, customer_id, since) VALUES (?, ?, '2020-01-01')")
            .bind(PARTNER)
            .bind(&c)
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO subscriptions (id, name, customer_id, partner_id, billing_partner_id, offer, created_on) \
             VALUES (?, 'Azure plan', ?, ?, ?, 'AZURE_PLAN', '2020-01-01')",
        )
        .bind(subscription(i))
        .bind(&c)
        .bind(PARTNER)
        .bind(PARTNER)
        .execute(&mut *tx)
        .await
        .unwrap();
        sqlx::query("INSERT INTO subscription_periods VALUES (?, '2020-01-01', ?, ?, 'AZURE_PLAN')")
            .bind(subscription(i))
            .bind(PARTNER)
            .bind(PARTNER)
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query("INSERT INTO role_assignments (subscription_id, principal, role, granted_on) VALUES (?, ?, 'owner', '2020-01-01')")
            .bind(subscription(i))
            .bind(format!("partner:{PARTNER}"))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    ctx
}

/// Writes `rows` usage rows (current 55-column layout, BOM, CRLF, JSON cells) spread over the
/// customers, October 2026, a few meters.
pub fn usage_file(path: &Path, customers: usize, rows: usize) {
    let file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    let mut csv = UsageCsv::to_writer(file, &LAYOUT_CURRENT, true);
    let meters = [
        ("m-vm", "D2s v5", "Virtual Machines"),
        ("m-st", "LRS Data Stored", "Storage"),
        ("m-bw", "Data Transfer Out", "Bandwidth"),
    ];
    for n in 0..rows {
        let i = n % customers;
        let k = n / customers;
        let (mid, mname, mcat) = meters[k % meters.len()];
        let day = (k / meters.len()) % 31 + 1;
        let mut r = SampleRow::new(&tenant(i), &subscription(i))
            .on(NaiveDate::from_ymd_opt(2026, 10, day as u32).unwrap())
            .meter(mid, mname, mcat)
            .qty(&format!("{}.{:03}", n % 97, n % 1000), "0.0968");
        // Rows beyond 31 days × 3 meters of one customer stay distinct by resource group.
        r.resource_group = format!("rg-{}", k / (31 * meters.len()));
        csv.push(&r);
    }
    csv.flush().unwrap();
}

pub fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

pub fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t = Instant::now();
    let out = f();
    (t.elapsed(), out)
}
