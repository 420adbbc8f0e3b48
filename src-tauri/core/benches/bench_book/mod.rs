//! A large book for the benchmarks: one direct partner, `n` customers with one Azure plan
//! subscription each, written in bulk with plain SQL (what ordering would have written).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
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
    usage_file_with(path, customers, rows, |r| r)
}

/// [`usage_file`] with each row changed by `shape` (billed or unbilled, Microsoft's pre-tax amount).
pub fn usage_file_with(path: &Path, customers: usize, rows: usize, shape: impl Fn(SampleRow) -> SampleRow) {
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
        // Each tenant its own name and domain, so that a file can be adopted.
        r.customer_name = format!("Customer {i:05}");
        r.customer_domain = format!("customer-{i}.onmicrosoft.com");
        csv.push(&shape(r));
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

/// A distributor's month as a distributor builds it: `customers` customers and their Azure plan
/// subscriptions adopted from a usage file of `rows` rows (October 2026) with `usage import --adopt`,
/// and a default markup of 12.5 %. Built once per size and kept in Cargo's target temp directory
/// (a 1,000,000-row book takes a minute to build); returns the usage file and the book.
pub fn adopted_fixture(customers: usize, rows: usize) -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-books");
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join(format!("usage-v2-{customers}-{rows}.csv"));
    let book = dir.join(format!("adopted-v3-{customers}-{rows}.sqlite3"));
    if csv.exists() && book.exists() {
        return (csv, book);
    }
    let t = Instant::now();
    usage_file(&csv, customers, rows);
    let partial = dir.join(format!("building-{customers}-{rows}.sqlite3"));
    let _ = csp_core::store::db::remove(&partial);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let ctx = Ctx::open(&partial).await.unwrap();
        sqlx::query(
            "INSERT INTO partners (id, name, tier, country, currency, enrolled_on) VALUES (?, 'Contoso Cloud', 'direct', 'FR', 'EUR', '2018-01-01')",
        )
        .bind(PARTNER)
        .execute(&ctx.pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO settings (key, value) VALUES ('office.partner_id', ?)")
            .bind(PARTNER)
            .execute(&ctx.pool)
            .await
            .unwrap();
        let options = csp_core::service::usage::ImportOptions { adopt: true, partner_id: None };
        let res = csp_core::service::usage::import(&ctx, &csv, options, &|_| {}).await.unwrap();
        assert_eq!((res.imported as usize, res.adopted_customers as usize), (rows, customers));
        csp_core::service::prices::markup_set(
            &ctx,
            csp_core::service::prices::MarkupInput {
                issuer_id: PARTNER.into(),
                customer_id: None,
                category: None,
                reseller_id: None,
                percent: "12.5".parse().unwrap(),
            },
        )
        .await
        .unwrap();
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&ctx.pool).await.unwrap();
        ctx.pool.close().await;
    });
    std::fs::rename(&partial, &book).unwrap();
    println!("fixture: {customers} customers adopted from {rows} usage rows, built in {:.1?}", t.elapsed());
    (csv, book)
}

/// A fresh copy of a fixture book (the runs change it).
pub fn copy_book(book: &Path, to: &Path) {
    let _ = csp_core::store::db::remove(to);
    std::fs::copy(book, to).unwrap();
}

/// Peak resident memory of this process since the last [`reset_peak_rss`], in MiB (Linux).
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Starts a new peak-memory measurement (Linux: writing 5 to `clear_refs` resets `VmHWM`).
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Median and spread (min–max) of a set of timings, as printed.
pub fn spread(xs: &[Duration]) -> String {
    let mut v = xs.to_vec();
    v.sort();
    format!("median {:.2?} (min {:.2?}, max {:.2?}, n={})", v[v.len() / 2], v[0], v[v.len() - 1], v.len())
}

/// CPU time (user + system) of this process and of its waited-for children, from `/proc/self/stat`
/// (Linux; zero elsewhere): on a shared machine it moves less than wall time.
pub fn cpu_times() -> (Duration, Duration) {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return Default::default() };
    // Fields after the command name (which may hold spaces): utime, stime, cutime, cstime are
    // fields 14–17 of the line, 12–15 after the closing parenthesis.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<u64> = rest.split_whitespace().skip(11).take(4).filter_map(|x| x.parse().ok()).collect();
    if f.len() < 4 {
        return Default::default();
    }
    // Clock ticks: 100 per second on Linux.
    let tick = |t: u64| Duration::from_millis(t * 10);
    (tick(f[0] + f[1]), tick(f[2] + f[3]))
}
