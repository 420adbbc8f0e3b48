//! Usage import speed: a generated 1,000,000-row Partner Center file (55 columns) imported into a
//! book, against `sqlite3 .import --csv` of the same file into an empty database (target: ≤ 1.0×).
//! `cargo bench -p csp-core --bench import` (rows: `CSPDESK_BENCH_ROWS`, default 1,000,000).

mod bench_book;

use std::process::Command;
use std::time::Instant;

use bench_book::{median, usage_file};
use csp_core::service::usage::{self, ImportOptions};

const RUNS: usize = 3;

fn main() {
    let rows: usize = std::env::var("CSPDESK_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let customers = 1_000;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("usage.csv");
    let t = Instant::now();
    usage_file(&csv, customers, rows);
    let size = std::fs::metadata(&csv).unwrap().len();
    println!("usage file: {rows} rows, {:.1} MB, generated in {:.2?}", size as f64 / 1e6, t.elapsed());

    // Reading and checking the file alone (CSV parsing, numbers, dates, the duplicate key).
    let t = Instant::now();
    let mut file = csp_core::import::usage::UsageFile::new(std::io::BufReader::with_capacity(
        1 << 20,
        std::fs::File::open(&csv).unwrap(),
    ))
    .unwrap();
    let mut n = 0usize;
    while file.next_record().unwrap().is_some() {
        n += 1;
    }
    assert_eq!(n, rows);
    println!("reading and checking the file alone: {:.2?}", t.elapsed());

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let base = dir.path().join("base.sqlite3");
    rt.block_on(async {
        let ctx = bench_book::book(&base, customers).await;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&ctx.pool).await.unwrap();
        ctx.pool.close().await;
    });

    let mut ours = Vec::new();
    for run in 0..RUNS {
        let db = dir.path().join(format!("run{run}.sqlite3"));
        std::fs::copy(&base, &db).unwrap();
        let elapsed = rt.block_on(async {
            let ctx = csp_core::Ctx::open(&db).await.unwrap();
            let t = Instant::now();
            let res = usage::import(&ctx, &csv, ImportOptions::default(), &|_| {}).await.unwrap();
            let e = t.elapsed();
            assert_eq!(res.imported as usize, rows);
            ctx.pool.close().await;
            e
        });
        println!("  cspdesk usage import, run {}: {elapsed:.2?}", run + 1);
        let _ = std::fs::remove_file(&db);
        ours.push(elapsed);
    }

    let mut theirs = Vec::new();
    for run in 0..RUNS {
        let db = dir.path().join(format!("sqlite{run}.db"));
        let t = Instant::now();
        let status =
            Command::new("sqlite3").arg(&db).arg(format!(".import --csv {} usage_raw", csv.display())).status();
        let elapsed = t.elapsed();
        match status {
            Ok(s) if s.success() => {
                println!("  sqlite3 .import --csv, run {}: {elapsed:.2?}", run + 1);
                theirs.push(elapsed);
            }
            _ => {
                println!("  sqlite3 not available: no comparison");
                break;
            }
        }
        let _ = std::fs::remove_file(&db);
    }

    let ours = median(ours);
    println!("usage import of {rows} rows: median {ours:.2?} ({:.0} rows/s)", rows as f64 / ours.as_secs_f64());
    if !theirs.is_empty() {
        let theirs = median(theirs);
        println!(
            "sqlite3 .import of the same file: median {theirs:.2?}; ratio {:.2}× (target ≤ 1.0×)",
            ours.as_secs_f64() / theirs.as_secs_f64()
        );
    }
}
