//! Property tests of the usage and price-list readers on hostile input: arbitrary bytes, huge and
//! malformed numbers, huge fields, invalid UTF-8, dates at the calendar's ends, overlong lines.
//! Whatever the file, a reader gives a correct record (every value within `limits`) or a
//! `VALIDATION` error that names its row, never a panic. Fixed case counts keep the run short; the
//! counts are printed (`cargo test -- --nocapture fuzz`).

use std::sync::atomic::{AtomicU64, Ordering};

use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::usage::UsageFile;
use csp_domain::limits;
use csp_domain::money;

/// Cases per property (four properties): a few seconds in a debug build.
const CASES: u32 = 600;

const USAGE_HEADER: &str = "CustomerId,SubscriptionId,UsageDate,MeterId,MeterName,MeterCategory,Quantity,UnitPrice,\
PricingCurrency,BillingCurrency,PCToBCExchangeRate,PartnerEarnedCreditPercentage,BillingPreTaxTotal,CustomerName";
const PRICE_HEADER: &str = "MeterId,MeterName,MeterCategory,Unit,Currency,ERP,EffectiveFrom,EffectiveTo,PecEligible";

/// Values a hostile or broken file puts in a cell, with plausible ones so that some rows pass.
fn cell() -> impl Strategy<Value = Vec<u8>> {
    let fixed: Vec<&'static [u8]> = vec![
        b"1e30",
        b"79228162514264337593543950336",
        b"-79228162514264337593543950335",
        b"79228162514264337593543950335",
        b"1E+28",
        b"1e-30",
        b"2.4E-05",
        b"1e999999999999",
        b"0.0000000000000000000000000001",
        b"NaN",
        b"inf",
        b"-0",
        b"",
        b"  ",
        b"24",
        b"0.096",
        b"1000000000",
        b"1000000000.0000001",
        b"15%",
        b"12/31/9999",
        b"9999-12-31",
        b"+262143-12-31",
        b"-262144-01-01",
        b"02/30/2026",
        b"10/15/2026",
        b"2026-10-15",
        b"01/01/1999",
        b"EUR",
        b"usd",
        b"E\xffR",
        b"\xff\xfe\xfd",
        b"\xef\xbb\xbf",
        b"=HYPERLINK(\"x\")",
        b"\"quoted, with comma\"",
        b"\"unterminated",
        b"\"multi\nline\"",
        b"yes",
        b"maybe",
        b"11111111-1111-1111-1111-111111111111",
    ];
    prop_oneof![
        6 => proptest::sample::select(fixed).prop_map(|b| b.to_vec()),
        2 => proptest::collection::vec(any::<u8>(), 0..24),
        1 => (prop_oneof![4 => 0usize..2, 1 => Just(2usize)], any::<u8>()).prop_map(|(k, b)| {
            // Huge fields: over every text bound, and one over the record cap.
            let len = [201usize, 5_000, limits::MAX_CSV_RECORD_BYTES + 140_000][k];
            vec![b'a'.max(b % 26 + b'a'); len]
        }),
        1 => "[0-9]{20,40}(\\.[0-9]{1,40})?".prop_map(String::into_bytes),
    ]
}

/// A file: the header, then rows of `width` cells each drawn from [`cell`], joined raw (no quoting
/// added: broken quoting is part of the test).
fn file(header: &'static str, width: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(proptest::collection::vec(cell(), width..=width + 1), 1..4).prop_map(move |rows| {
        let mut out = header.as_bytes().to_vec();
        for row in rows {
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&row.join(&b","[..]));
        }
        out
    })
}

/// Reads a whole usage file; checks every record it gives is within bounds.
fn read_usage(bytes: &[u8]) -> Result<u64, csp_domain::CoreError> {
    let mut f = UsageFile::new(bytes)?;
    let mut n = 0;
    while let Some(r) = f.next_record()? {
        let q = money::parse(&r.quantity).expect("a record's quantity parses");
        assert!(q.abs() <= limits::MAX_QUANTITY, "quantity {q} passed");
        let p = money::parse(&r.unit_price).expect("a record's price parses");
        assert!(p.abs() <= limits::MAX_UNIT_PRICE, "price {p} passed");
        let x = money::parse(&r.pc_to_bc_rate).expect("a record's rate parses");
        assert!(x >= limits::MIN_EXCHANGE_RATE && x <= limits::MAX_EXCHANGE_RATE, "rate {x} passed");
        assert!(limits::date(r.usage_date).is_ok(), "date {} passed", r.usage_date);
        assert!(r.customer_id.chars().count() <= limits::MAX_ID_CHARS);
        assert!(r.customer_name.chars().count() <= limits::MAX_NAME_CHARS);
        n += 1;
    }
    Ok(n)
}

fn read_prices(bytes: &[u8]) -> Result<u64, csp_domain::CoreError> {
    let rows = crate::prices::read(bytes)?;
    for r in &rows {
        assert!(r.erp >= Decimal::ZERO && r.erp <= limits::MAX_UNIT_PRICE, "ERP {} passed", r.erp);
        assert!(limits::date(r.effective_from).is_ok());
        assert!(r.meter_id.chars().count() <= limits::MAX_ID_CHARS);
        assert!(r.name.chars().count() <= limits::MAX_NAME_CHARS);
    }
    Ok(rows.len() as u64)
}

/// A refusal is a `VALIDATION` error naming its row.
fn assert_clear(e: &csp_domain::CoreError) {
    assert_eq!(e.code(), "VALIDATION", "{e}");
    let en = e.to_string();
    assert!(en.starts_with("row "), "{en}");
    assert!(e.message_fr().starts_with("ligne "), "{}", e.message_fr());
    // A message quotes at most a short piece of a huge cell.
    assert!(en.len() < 600, "{} bytes of message", en.len());
}

/// Runs `check` on `CASES` inputs of `strategy` (a failure is shrunk to a small input and
/// reported by proptest) and returns how many ran.
fn run<S: Strategy<Value = Vec<u8>>>(strategy: S, check: fn(&[u8])) -> u64 {
    let ran = AtomicU64::new(0);
    let config = ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let result = runner.run(&strategy, |bytes| {
        ran.fetch_add(1, Ordering::Relaxed);
        check(&bytes);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    ran.load(Ordering::Relaxed)
}

fn check_usage(bytes: &[u8]) {
    // As given, and after a valid header so that the rows are reached.
    for input in [bytes.to_vec(), [USAGE_HEADER.as_bytes(), b"\n", bytes].concat()] {
        if let Err(e) = read_usage(&input) {
            assert_clear(&e);
        }
    }
}

fn check_prices(bytes: &[u8]) {
    for input in [bytes.to_vec(), [PRICE_HEADER.as_bytes(), b"\n", bytes].concat()] {
        if let Err(e) = read_prices(&input) {
            assert_clear(&e);
        }
    }
}

#[test]
fn fuzz_usage_reader_never_panics() {
    let bytes = run(proptest::collection::vec(any::<u8>(), 0..2048), check_usage);
    let cells = run(file(USAGE_HEADER, 14), check_usage);
    println!("usage reader fuzz: {bytes} arbitrary-byte files, {cells} files of hostile cells");
    assert_eq!((bytes, cells), (u64::from(CASES), u64::from(CASES)));
}

#[test]
fn fuzz_price_reader_never_panics() {
    let bytes = run(proptest::collection::vec(any::<u8>(), 0..2048), check_prices);
    let cells = run(file(PRICE_HEADER, 9), check_prices);
    println!("price-list reader fuzz: {bytes} arbitrary-byte files, {cells} files of hostile cells");
    assert_eq!((bytes, cells), (u64::from(CASES), u64::from(CASES)));
}

/// The cases the issue names, one by one: each gives a clear error, never a panic.
#[test]
fn named_hostile_values_are_refused_with_their_row_and_column() {
    let row = |q: &str, date: &str, rate: &str| {
        format!(
            "{USAGE_HEADER}\r\n11111111-1111-1111-1111-111111111111,22222222-2222-2222-2222-222222222222,{date},m1,D2s,VM,{q},0.096,EUR,EUR,{rate},0,,Contoso\r\n"
        )
    };
    let err = |text: String| read_usage(text.as_bytes()).unwrap_err().to_string();
    assert!(err(row("1e30", "10/15/2026", "1")).starts_with("row 2, column Quantity:"));
    assert!(err(row("79228162514264337593543950336", "10/15/2026", "1")).starts_with("row 2, column Quantity:"));
    assert!(err(row("79228162514264337593543950335", "10/15/2026", "1"))
        .starts_with("row 2, column Quantity: 79228162514264337593543950335 is out of bounds"));
    assert!(err(row("24", "12/31/9999", "1")).starts_with("row 2, column UsageDate: 9999-12-31 is outside"));
    assert!(err(row("24", "10/15/2026", "0")).starts_with("row 2, column PCToBCExchangeRate:"));
    assert!(err(row("24", "10/15/2026", "1e6")).starts_with("row 2, column PCToBCExchangeRate:"));
    assert_eq!(read_usage(row("24", "10/15/2026", "1").as_bytes()).unwrap(), 1);
    // A 1 GB line without a newline: refused after reading a few hundred KiB of it (the reader
    // counts what it hands the parser).
    let read = std::sync::Arc::new(AtomicU64::new(0));
    let gigabyte = Counting(std::io::Read::take(std::io::repeat(b'x'), 1 << 30), read.clone());
    let header = format!("{USAGE_HEADER}\r\n");
    let input = std::io::Read::chain(header.as_bytes(), gigabyte);
    let e = UsageFile::new(input).and_then(|mut f| f.next_record().map(|_| ())).unwrap_err();
    assert!(e.to_string().starts_with("row 2: the row is longer than 256 KiB"), "{e}");
    let bytes = read.load(Ordering::Relaxed);
    assert!(bytes < 1 << 20, "{bytes} bytes read of the endless line");
    let name = format!(
        "{USAGE_HEADER}\r\n11111111-1111-1111-1111-111111111111,22222222-2222-2222-2222-222222222222,10/15/2026,m1,D2s,VM,1,1,EUR,EUR,1,0,,{}\r\n",
        "N".repeat(201)
    );
    assert_eq!(err(name), "row 2, column CustomerName: too long (201 characters, 200 at most)");
}

/// A reader that counts the bytes it gives.
struct Counting<R>(R, std::sync::Arc<AtomicU64>);

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        self.1.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
