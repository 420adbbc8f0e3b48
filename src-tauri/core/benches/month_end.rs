//! Month-end at a distributor's scale (10,000 customers, 1,000,000 usage rows of October 2026):
//! - the billed file imported over the unbilled one of the same rows (every row becomes billed,
//!   none stored twice), against the billed file imported into an empty month (target ≤ 1.5×);
//! - `month status` and `margin report` on that book, drafts made (target: each under 1 s);
//! - `microsoft import` of a 100,000-line invoice reconciliation file, against `sqlite3 .import`
//!   of the same file (target ≤ 1.0×).
//!
//! `make bench`; rows with `CSPDESK_BENCH_ROWS` (default 1,000,000; the first size given).

mod bench_book;

use std::process::Command;
use std::time::{Duration, Instant};

use bench_book::{median, usage_file_with, PARTNER};
use csp_core::service::usage::{self, ImportOptions};
use csp_core::service::{billing, microsoft, month_end};

const RUNS: usize = 3;
const CUSTOMERS: usize = 10_000;
const CHARGES: usize = 100_000;

fn main() {
    let rows: usize = std::env::var("CSPDESK_BENCH_ROWS")
        .ok()
        .and_then(|v| v.split(',').next().and_then(|n| n.trim().parse().ok()))
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let unbilled = dir.path().join("unbilled.csv");
    let billed = dir.path().join("billed.csv");
    usage_file_with(&unbilled, CUSTOMERS, rows, |r| r.unbilled().pre_tax("1.00"));
    usage_file_with(&billed, CUSTOMERS, rows, |r| r.billed("G000000042").pre_tax("1.00"));
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let base = dir.path().join("base.sqlite3");
    rt.block_on(async {
        let ctx = bench_book::book(&base, CUSTOMERS).await;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&ctx.pool).await.unwrap();
        ctx.pool.close().await;
    });
    println!("{CUSTOMERS} customers, {rows} usage rows (October 2026)");

    // Importing the billed file into an empty month, and over the unbilled file of the same rows.
    let (mut empty, mut over) = (Vec::new(), Vec::new());
    let kept = dir.path().join("kept.sqlite3");
    for run in 0..RUNS {
        let db = dir.path().join(format!("empty{run}.sqlite3"));
        std::fs::copy(&base, &db).unwrap();
        let e = rt.block_on(async {
            let ctx = csp_core::Ctx::open(&db).await.unwrap();
            let t = Instant::now();
            let r = usage::import(&ctx, &billed, ImportOptions::default(), &|_| {}).await.unwrap();
            let e = t.elapsed();
            assert_eq!(r.imported as usize, rows);
            ctx.pool.close().await;
            e
        });
        println!("  billed file into an empty month, run {}: {e:.2?}", run + 1);
        empty.push(e);
        let _ = csp_core::store::db::remove(&db);

        let db = dir.path().join(format!("over{run}.sqlite3"));
        std::fs::copy(&base, &db).unwrap();
        let e = rt.block_on(async {
            let ctx = csp_core::Ctx::open(&db).await.unwrap();
            usage::import(&ctx, &unbilled, ImportOptions::default(), &|_| {}).await.unwrap();
            let t = Instant::now();
            let r = usage::import(&ctx, &billed, ImportOptions::default(), &|_| {}).await.unwrap();
            let e = t.elapsed();
            assert_eq!((r.imported, r.became_billed as usize, r.withdrawn), (0, rows, 0));
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&ctx.pool).await.unwrap();
            ctx.pool.close().await;
            e
        });
        println!("  billed file over the unbilled one, run {}: {e:.2?}", run + 1);
        over.push(e);
        if run == 0 {
            std::fs::rename(&db, &kept).unwrap();
        } else {
            let _ = csp_core::store::db::remove(&db);
        }
    }
    let (empty, over) = (median(empty), median(over));
    println!(
        "billed over unbilled: median {over:.2?} against {empty:.2?} into an empty month: {:.2}× (target ≤ 1.5×)",
        over.as_secs_f64() / empty.as_secs_f64()
    );

    // The month's status and margin, drafts made (nothing issued: every group is a difference).
    let (status, margin) = rt.block_on(async {
        let ctx = csp_core::Ctx::open(&kept).await.unwrap();
        billing::run(&ctx, "2026-10", None).await.unwrap();
        let (mut status, mut margin) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            let t = Instant::now();
            let s = month_end::status(&ctx, PARTNER, "2026-10").await.unwrap();
            status.push(t.elapsed());
            assert_eq!(s.microsoft.billed_rows as usize, rows);
            let t = Instant::now();
            let m = month_end::margin_report(&ctx, "2026-10", Some(PARTNER), None).await.unwrap();
            margin.push(t.elapsed());
            assert_eq!(m.len(), CUSTOMERS);
        }
        ctx.pool.close().await;
        (status, margin)
    });
    println!("month status: median {:.2?} of {RUNS} (target < 1 s)", median(status));
    println!("margin report: median {:.2?} of {RUNS} (target < 1 s)", median(margin));

    // Microsoft's invoice reconciliation file of 100,000 charges.
    let file = dir.path().join("invoice.csv");
    let mut text = String::from(
        "PartnerId,CustomerId,CustomerName,InvoiceNumber,MpnId,ProductName,ChargeType,UnitPrice,Quantity,Subtotal,TaxTotal,Total,\
         Currency,PriceAdjustmentDescription,SubscriptionId,ChargeStartDate,ChargeEndDate\r\n",
    );
    for n in 0..CHARGES {
        let i = n % CUSTOMERS;
        text.push_str(&format!(
            "{PARTNER},{},Customer {i:05},G000000043,6034453,Microsoft 365 Business Basic,cycleCharge,5.60,{q},{s}.00,0,{s}.00,EUR,\
             \"[{{\"\"PriceAdjustmentType\"\":\"\"PromotionDiscount\"\"}}]\",{},10/01/2026,10/31/2026\r\n",
            bench_book::tenant(i),
            bench_book::subscription(i),
            q = n % 50 + 1,
            s = n % 500 + 1,
        ));
    }
    std::fs::write(&file, text).unwrap();
    let t = Instant::now();
    let read = csp_core::import::microsoft::read(std::io::BufReader::new(std::fs::File::open(&file).unwrap())).unwrap();
    println!("reading and checking the invoice file alone: {:.2?} ({} charges)", t.elapsed(), read.len());
    let mut ours = Vec::new();
    for run in 0..RUNS {
        let db = dir.path().join(format!("ms{run}.sqlite3"));
        std::fs::copy(&base, &db).unwrap();
        let e = rt.block_on(async {
            let ctx = csp_core::Ctx::open(&db).await.unwrap();
            let t = Instant::now();
            let r = microsoft::import(&ctx, &file).await.unwrap();
            let e = t.elapsed();
            assert_eq!(r.invoices[0].lines as usize, CHARGES);
            ctx.pool.close().await;
            e
        });
        println!("  microsoft import, run {}: {e:.2?}", run + 1);
        ours.push(e);
        let _ = csp_core::store::db::remove(&db);
    }
    let mut theirs: Vec<Duration> = Vec::new();
    for run in 0..RUNS {
        let db = dir.path().join(format!("sqlite{run}.db"));
        let t = Instant::now();
        let ok = Command::new("sqlite3")
            .arg(&db)
            .arg(format!(".import --csv {} charges", file.display()))
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            println!("  sqlite3 not available: no comparison");
            break;
        }
        theirs.push(t.elapsed());
        let _ = std::fs::remove_file(&db);
    }
    let ours = median(ours);
    match theirs.is_empty() {
        true => println!("microsoft import of {CHARGES} charges: median {ours:.2?}"),
        false => {
            let theirs = median(theirs);
            println!(
                "microsoft import of {CHARGES} charges: median {ours:.2?}; sqlite3 .import {theirs:.2?}: {:.2}× (target ≤ 1.0×)",
                ours.as_secs_f64() / theirs.as_secs_f64()
            );
        }
    }
}
