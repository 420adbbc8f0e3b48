//! Billing run speed: 10,000 customers, one subscription each, 10 usage rows per customer
//! (100,000 rows) drafted into 10,000 invoices (target: ≤ 2 s).
//! `cargo bench -p csp-core --bench billing` (customers: `CSPDESK_BENCH_CUSTOMERS`).

mod bench_book;

use std::time::Instant;

use bench_book::{median, usage_file};
use csp_core::service::billing;
use csp_core::service::usage::{self, ImportOptions};

const RUNS: usize = 5;

fn main() {
    let customers: usize = std::env::var("CSPDESK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let rows = customers * 10;
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let csv = dir.path().join("usage.csv");
    usage_file(&csv, customers, rows);
    let ctx = rt.block_on(async {
        let ctx = bench_book::book(&dir.path().join("book.sqlite3"), customers).await;
        sqlx::query("INSERT INTO markup_rules (issuer_id, percent) VALUES (?, '12.5')")
            .bind(bench_book::PARTNER)
            .execute(&ctx.pool)
            .await
            .unwrap();
        usage::import(&ctx, &csv, ImportOptions::default(), &|_| {}).await.unwrap();
        ctx
    });
    let mut times = Vec::new();
    for run in 0..RUNS {
        let t = Instant::now();
        let res = rt.block_on(billing::run(&ctx, "2026-10", None)).unwrap();
        let e = t.elapsed();
        assert_eq!(res.invoices.len(), customers);
        println!(
            "  billing run {} ({} drafts, {} replaced): {e:.2?}",
            run + 1,
            res.invoices.len(),
            res.replaced_drafts
        );
        times.push(e);
    }
    println!("billing run, {customers} customers, {rows} usage rows: median {:.2?} (target ≤ 2 s)", median(times));
}
