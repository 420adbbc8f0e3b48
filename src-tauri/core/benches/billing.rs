//! Billing run at a distributor's scale: customers adopted from a usage file (100 rows each, one
//! Azure plan subscription each, a default markup) drafted into one invoice per customer. Each
//! figure is printed beside its floor, measured in the same run on the same book: `sqlite3` reading
//! the same stored rows and summing them per subscription, meter and unit price.
//! Targets at 10,000 customers / 1,000,000 rows: ≤ 2 s and ≤ 3× the floor, first run and re-run
//! (replacing the drafts) alike; growth linear in rows.
//!
//! `make bench`; sizes in rows with `CSPDESK_BENCH_ROWS=100000,1000000,2000000` (the default), fresh
//! copies of each book with `CSPDESK_BENCH_COPIES` (default 3; each copy: a first run, then two
//! re-runs). The books are built once and kept under `target/tmp/bench-books`.

mod bench_book;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use bench_book::{adopted_fixture, copy_book, cpu_times, peak_rss_mib, reset_peak_rss, spread};
use csp_core::service::billing;

const ROWS_PER_CUSTOMER: usize = 100;
const RERUNS: usize = 2;

/// What `sqlite3` needs to read the month's stored rows and sum them per subscription, meter and
/// unit price (the output discarded): wall time and CPU time.
fn floor(book: &Path) -> Option<(Duration, Duration)> {
    let sql = "SELECT subscription_id, meter_id, unit_price, sum(quantity), count(*) FROM usage_rows \
               WHERE usage_date BETWEEN '2026-10-01' AND '2026-10-31' GROUP BY 1, 2, 3;";
    let (_, c0) = cpu_times();
    let t = Instant::now();
    let out = Command::new("sqlite3").arg(book).arg(sql).output().ok()?;
    let e = t.elapsed();
    let (_, c1) = cpu_times();
    (out.status.success() && !out.stdout.is_empty()).then_some((e, c1 - c0))
}

fn ratio(a: &[Duration], floor: &[Duration]) -> String {
    if floor.is_empty() {
        return "no sqlite3: no floor".into();
    }
    let med = |xs: &[Duration]| {
        let mut v = xs.to_vec();
        v.sort();
        v[v.len() / 2].as_secs_f64()
    };
    format!("{:.2}× the floor", med(a) / med(floor))
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    if let Ok(filter) = std::env::var("CSPDESK_LOG") {
        tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::new(filter)).init();
    }
    // Without `--bench` (`cargo test --all-targets`, a debug build) one small book is billed once.
    let sizes: Vec<usize> = if bench {
        std::env::var("CSPDESK_BENCH_ROWS")
            .unwrap_or_else(|_| "100000,1000000,2000000".into())
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect()
    } else {
        vec![2_000]
    };
    let copies: usize =
        if bench { std::env::var("CSPDESK_BENCH_COPIES").ok().and_then(|v| v.parse().ok()).unwrap_or(3) } else { 1 };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut summary = Vec::new();
    for rows in sizes {
        let customers = (rows / ROWS_PER_CUSTOMER).max(1);
        let (_, book) = adopted_fixture(customers, rows);
        let (mut first, mut rerun, mut floors, mut rss) = (Vec::new(), Vec::new(), Vec::new(), 0f64);
        let mut pdf: Vec<Duration> = Vec::new();
        let mut screens: [Vec<Duration>; 3] = Default::default();
        let (mut first_cpu, mut rerun_cpu, mut floor_cpu) = (Vec::new(), Vec::new(), Vec::new());
        let mut add_floor = |f: Option<(Duration, Duration)>| {
            if let Some((w, c)) = f {
                floors.push(w);
                floor_cpu.push(c);
            }
        };
        for copy in 0..copies {
            let work = dir.path().join(format!("book-{copy}.sqlite3"));
            copy_book(&book, &work);
            // The floor first, on the same (cold for both) copy.
            add_floor(floor(&work));
            let ctx = rt.block_on(csp_core::Ctx::open(&work)).unwrap();
            reset_peak_rss();
            for run in 0..=RERUNS {
                let (c0, _) = cpu_times();
                let t = Instant::now();
                let res = rt.block_on(billing::run(&ctx, "2026-10", None)).unwrap();
                let e = t.elapsed();
                let (c1, _) = cpu_times();
                assert_eq!(res.invoices.len(), customers);
                assert_eq!(res.replaced_drafts as usize, if run == 0 { 0 } else { customers });
                if run == 0 { &mut first } else { &mut rerun }.push(e);
                if run == 0 { &mut first_cpu } else { &mut rerun_cpu }.push(c1 - c0);
                add_floor(floor(&work));
            }
            rss = rss.max(peak_rss_mib().unwrap_or(0.0));
            // What the window opens at that scale, through the service layer (target ≤ 300 ms).
            if copy == 0 {
                for _ in 0..3 {
                    let t = Instant::now();
                    let list = rt.block_on(csp_core::service::invoices::list(&ctx, Some("2026-10"), None)).unwrap();
                    screens[0].push(t.elapsed());
                    assert_eq!(list.len(), customers);
                    let t = Instant::now();
                    rt.block_on(csp_core::service::usage::summary(&ctx, "2026-10")).unwrap();
                    screens[1].push(t.elapsed());
                    let t = Instant::now();
                    let on = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
                    rt.block_on(csp_core::service::dashboard::summary(&ctx, on)).unwrap();
                    screens[2].push(t.elapsed());
                }
            }
            // The month's PDFs, as the window exports them (read from the book, rendered on
            // every core, written): a 1,000-invoice month.
            if customers <= 1_000 && copy == 0 {
                for _ in 0..3 {
                    let out = dir.path().join("pdf");
                    let t = Instant::now();
                    let files = rt
                        .block_on(csp_core::service::invoice_export::export_with_progress(
                            &ctx,
                            &[],
                            Some("2026-10"),
                            &out,
                            Some("fr"),
                            csp_core::service::invoice_export::ExportFormat::FacturX,
                            &|_| {},
                        ))
                        .unwrap();
                    pdf.push(t.elapsed() / files.len() as u32);
                    let _ = std::fs::remove_dir_all(&out);
                }
            }
            rt.block_on(ctx.pool.close());
            let _ = csp_core::store::db::remove(&work);
        }
        println!("billing run, {customers} customers, {rows} usage rows → {customers} drafts");
        println!("  first run: {} — {}", spread(&first), ratio(&first, &floors));
        println!("  re-run:    {} — {}", spread(&rerun), ratio(&rerun, &floors));
        println!("  floor (sqlite3 GROUP BY subscription, meter, unit price): {}", spread(&floors));
        println!(
            "  CPU time: first run {}, re-run {}, floor {} — first run {}, re-run {}",
            spread(&first_cpu),
            spread(&rerun_cpu),
            spread(&floor_cpu),
            ratio(&first_cpu, &floor_cpu),
            ratio(&rerun_cpu, &floor_cpu)
        );
        println!("  peak RSS during the runs: {rss:.0} MiB");
        for (name, times) in
            ["invoices list of the month", "usage summary of the month", "dashboard"].iter().zip(&screens)
        {
            println!("  {name}: {} (target ≤ 300 ms)", spread(times));
        }
        if !pdf.is_empty() {
            println!("  PDF export of the month's {customers} drafts: per document {} (target ≤ 5 ms)", spread(&pdf));
        }
        summary.push((rows, first, rerun, floors));
    }
    if summary.len() > 1 {
        println!("growth (median first run per 100,000 rows):");
        for (rows, first, _, _) in &summary {
            let mut v = first.clone();
            v.sort();
            let per = v[v.len() / 2].as_secs_f64() * 100_000.0 / *rows as f64;
            println!("  {rows:>9} rows: {:.3} s per 100,000 rows", per);
        }
    }
}
