//! Customer search over 100,000 customers through the service layer (target: median ≤ 30 ms).
//! Run with `make bench`; prints the median and p95 of each query over repeated runs.

use std::time::{Duration, Instant};

use csp_core::domain::partner::{NewPartner, Tier};
use csp_core::service::customers::{self, CustomerSearch};
use csp_core::service::partners;
use csp_core::Ctx;

const CUSTOMERS: usize = 100_000;
const RUNS: usize = 40;

const WORDS: &[&str] = &[
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Tailspin",
    "Wingtip",
    "Adatum",
    "Litware",
    "Proseware",
    "Lucerne",
    "Coho",
    "Alpine",
    "Bellows",
    "Datum",
    "Fourth",
    "Relecloud",
    "Trey",
    "Woodgrove",
    "Margie",
    "Humongous",
    "Graphic",
];
const SUFFIX: &[&str] = &["SAS", "SARL", "GmbH", "Ltd", "BV", "SpA", "AB", "Oy", "S.A.", "Sp. z o.o."];

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(run());
}

async fn run() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Ctx::open(&dir.path().join("bench.sqlite3")).await.unwrap();
    let partner = partners::add(
        &ctx,
        NewPartner {
            name: "Bench Partner".into(),
            tier: Some(Tier::Direct),
            country: "FR".into(),
            currency: Some("EUR".into()),
            enrolled_on: "2018-01-01".parse().ok(),
            ..Default::default()
        },
    )
    .await
    .unwrap();

    // Setup only: bulk rows in one transaction (the onboarding service is measured by its tests).
    let started = Instant::now();
    let mut tx = ctx.pool.begin().await.unwrap();
    for i in 0..CUSTOMERS {
        let name =
            format!("{} {} {} {i}", WORDS[i % WORDS.len()], WORDS[(i / 20) % WORDS.len()], SUFFIX[i % SUFFIX.len()]);
        let id = format!("c{i:06}");
        sqlx::query("INSERT INTO customers (id, tenant_id, name, domain, country) VALUES (?, ?, ?, ?, 'FR')")
            .bind(&id)
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(&name)
            .bind(format!("tenant{i:06}.onmicrosoft.com"))
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query("INSERT INTO relationships (partner_id, customer_id, since) VALUES (?, ?, '2021-09-01')")
            .bind(&partner.id)
            .bind(&id)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    println!("seeded {CUSTOMERS} customers in {:.1} s", started.elapsed().as_secs_f64());

    let cases: Vec<(&str, CustomerSearch)> = vec![
        ("first page, no filter", CustomerSearch::default()),
        ("substring 'wingt' (~10,000 hits)", CustomerSearch { text: "wingt".into(), ..Default::default() }),
        ("rare substring 'ant04217'", CustomerSearch { text: "ant04217".into(), ..Default::default() }),
        ("2 letters (prefix) 'Wi'", CustomerSearch { text: "Wi".into(), ..Default::default() }),
        (
            "partner filter + sort by domain desc",
            CustomerSearch {
                partner_id: Some(partner.id.clone()),
                sort: Some("domain".into()),
                descending: true,
                ..Default::default()
            },
        ),
        ("deep page (offset 90,000)", CustomerSearch { offset: 90_000, ..Default::default() }),
    ];
    for (label, query) in cases {
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        let mut total = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let page = customers::search(&ctx, query.clone()).await.unwrap();
            times.push(t.elapsed());
            total = page.total;
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "customer search {label:<40} matches {total:>6}  median {:>7.2} ms  p95 {:>7.2} ms",
            ms(times[RUNS / 2]),
            ms(times[RUNS * 95 / 100])
        );
    }
}
