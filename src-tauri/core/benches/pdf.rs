//! PDF export speed: the median time to render one invoice of 1, 10 and 40 lines, plain and as a
//! Factur-X (target: at most twice the plain PDF), and the time to export a month of 1,000
//! invoices both ways (target: at most 5 ms each). Run with `make bench` or
//! `cargo bench -p csp-core --bench pdf`.

#[path = "../tests/pdf_specimens/mod.rs"]
mod pdf_specimens;

use std::time::{Duration, Instant};

use csp_core::pdf::model::{InvoiceDocument, Lang};
use csp_core::pdf::render;

type Render = fn(&InvoiceDocument) -> Result<Vec<u8>, csp_core::CoreError>;

fn median_ms(render: Render, doc: &InvoiceDocument, runs: usize) -> (f64, usize) {
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
            csp_core::facturx::render(&doc).expect("renders a Factur-X");
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
        let (ms, size) = median_ms(render, &doc, runs);
        let (fx_ms, fx_size) = median_ms(csp_core::facturx::render, &doc, runs);
        println!(
            "pdf {name:>9}: median {ms:6.2} ms, {:>6.1} KB | factur-x {fx_ms:6.2} ms ({:.2}×), {:>6.1} KB",
            size as f64 / 1024.0,
            fx_ms / ms,
            fx_size as f64 / 1024.0
        );
    }

    // A month's run: 1,000 invoices of 1 to 40 lines, each with the logo, alternating languages.
    let docs: Vec<InvoiceDocument> = (0..1000)
        .map(|i| pdf_specimens::invoice(if i % 2 == 0 { Lang::Fr } else { Lang::En }, 1 + (i * 7) % 40))
        .collect();
    for (what, render) in [("pdf", render as Render), ("factur-x", csp_core::facturx::render as Render)] {
        let start = Instant::now();
        let bytes: usize = docs.iter().map(|doc| render(doc).expect("renders").len()).sum();
        let elapsed = start.elapsed();
        let per = elapsed.as_secs_f64() * 1000.0 / docs.len() as f64;
        println!(
            "{what} export of 1,000 invoices: {:.2} s, {per:.2} ms per invoice (target ≤ 5 ms), {:.1} MB written",
            elapsed.as_secs_f64(),
            bytes as f64 / 1_048_576.0
        );
    }
}
