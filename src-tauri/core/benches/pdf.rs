//! PDF export speed: the median time to render one invoice of 1, 10 and 40 lines, and the time to
//! export a month of 1,000 invoices (target: at most 5 ms each). Run with `make bench` or
//! `cargo bench -p csp-core --bench pdf`.

#[path = "../tests/pdf_specimens/mod.rs"]
mod pdf_specimens;

use std::time::{Duration, Instant};

use csp_core::pdf::model::{InvoiceDocument, Lang};
use csp_core::pdf::render;

fn median_ms(doc: &InvoiceDocument, runs: usize) -> (f64, usize) {
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        size = render(doc).expect("renders").len();
        times.push(start.elapsed());
    }
    times.sort();
    (times[runs / 2].as_secs_f64() * 1000.0, size)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this without it, in a debug
    // build: there, render each specimen once as a smoke test and measure nothing.
    if !std::env::args().any(|a| a == "--bench") {
        for doc in [pdf_specimens::one_line(Lang::Fr), pdf_specimens::invoice(Lang::En, 40)] {
            render(&doc).expect("renders");
        }
        println!("pdf bench: smoke run only (use `cargo bench` to measure)");
        return;
    }
    for (name, doc) in [
        ("1 line", pdf_specimens::one_line(Lang::Fr)),
        ("10 lines", pdf_specimens::invoice(Lang::Fr, 10)),
        ("40 lines", pdf_specimens::invoice(Lang::En, 40)),
        ("300 lines", pdf_specimens::invoice(Lang::Fr, 300)),
    ] {
        let runs = if name == "300 lines" { 21 } else { 101 };
        let (ms, size) = median_ms(&doc, runs);
        println!("pdf {name:>9}: median {ms:6.2} ms per invoice, {:>6.1} KB", size as f64 / 1024.0);
    }

    // A month's run: 1,000 invoices of 1 to 40 lines, each with the logo, alternating languages.
    let docs: Vec<InvoiceDocument> = (0..1000)
        .map(|i| pdf_specimens::invoice(if i % 2 == 0 { Lang::Fr } else { Lang::En }, 1 + (i * 7) % 40))
        .collect();
    let start = Instant::now();
    let bytes: usize = docs.iter().map(|doc| render(doc).expect("renders").len()).sum();
    let elapsed = start.elapsed();
    let per = elapsed.as_secs_f64() * 1000.0 / docs.len() as f64;
    println!(
        "pdf export of 1,000 invoices: {:.2} s, {per:.2} ms per invoice (target ≤ 5 ms), {:.1} MB written",
        elapsed.as_secs_f64(),
        bytes as f64 / 1_048_576.0
    );
}
