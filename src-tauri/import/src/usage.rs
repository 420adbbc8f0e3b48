//! Streaming reader of Partner Center's daily rated usage CSV: columns matched by header name once,
//! every row checked as it is read (numbers, dates, required values), nothing kept in memory but
//! the current record.

use std::borrow::Cow;
use std::hash::Hasher;
use std::io::Read;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use siphasher::sip128::{Hasher128, SipHasher13};

use super::bounded::{csv_reader, BoundedInput, RecordBudget};
use super::columns::{LAYOUT_2021, NEWER, REQUIRED};
use csp_domain::limits::{self, Bounded, OutOfBounds, MAX_ID_CHARS, MAX_NAME_CHARS};
use csp_domain::money;
use csp_domain::CoreError;

/// `row N, column NAME: …` (the header is row 1), in both languages.
pub fn row_error(row: u64, column: &str, en: impl AsRef<str>, fr: impl AsRef<str>) -> CoreError {
    CoreError::validation(
        format!("row {row}, column {column}: {}", en.as_ref()),
        format!("ligne {row}, colonne {column} : {}", fr.as_ref()),
    )
}

/// A value out of its bound, at `row N, column NAME`.
pub fn bound_error(row: u64, column: &str, e: OutOfBounds) -> CoreError {
    row_error(row, column, e.en, e.fr)
}

/// Where each column the product reads sits in this file.
#[derive(Debug, Clone)]
struct ColumnMap {
    dedup: [Option<usize>; 51],
    /// The current layout's added columns, where the file has them.
    dedup_newer: [Option<usize>; 4],
    customer_id: usize,
    subscription_id: usize,
    usage_date: usize,
    meter_id: usize,
    meter_name: usize,
    meter_category: usize,
    quantity: usize,
    unit_price: usize,
    pricing_currency: usize,
    billing_currency: usize,
    pc_to_bc_rate: usize,
    meter_subcategory: Option<usize>,
    unit: Option<usize>,
    resource_group: Option<usize>,
    effective_unit_price: Option<usize>,
    pec_percentage: Option<usize>,
    credit_type: Option<usize>,
    billing_pre_tax_total: Option<usize>,
    customer_name: Option<usize>,
    customer_domain: Option<usize>,
    customer_country: Option<usize>,
    subscription_name: Option<usize>,
    invoice_number: Option<usize>,
    charge_start: Option<usize>,
    charge_end: Option<usize>,
}

impl ColumnMap {
    fn from_headers(headers: &[String]) -> Result<Self, CoreError> {
        let find = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        for name in REQUIRED {
            if find(name).is_none() {
                return Err(row_error(
                    1,
                    name,
                    "this required column is missing (is this a Partner Center daily rated usage file?)",
                    "cette colonne obligatoire manque (est-ce un fichier d'utilisation quotidienne évaluée de l'Espace partenaires ?)",
                ));
            }
        }
        let req = |name: &str| find(name).expect("checked above");
        let mut dedup = [None; 51];
        for (slot, name) in dedup.iter_mut().zip(LAYOUT_2021) {
            *slot = find(name);
        }
        let mut dedup_newer = [None; 4];
        for (slot, name) in dedup_newer.iter_mut().zip(NEWER) {
            *slot = find(name);
        }
        Ok(Self {
            dedup,
            dedup_newer,
            customer_id: req("CustomerId"),
            subscription_id: req("SubscriptionId"),
            usage_date: req("UsageDate"),
            meter_id: req("MeterId"),
            meter_name: req("MeterName"),
            meter_category: req("MeterCategory"),
            quantity: req("Quantity"),
            unit_price: req("UnitPrice"),
            pricing_currency: req("PricingCurrency"),
            billing_currency: req("BillingCurrency"),
            pc_to_bc_rate: req("PCToBCExchangeRate"),
            meter_subcategory: find("MeterSubCategory"),
            unit: find("Unit"),
            resource_group: find("ResourceGroup"),
            effective_unit_price: find("EffectiveUnitPrice"),
            pec_percentage: find("PartnerEarnedCreditPercentage"),
            credit_type: find("CreditType"),
            billing_pre_tax_total: find("BillingPreTaxTotal"),
            customer_name: find("CustomerName"),
            customer_domain: find("CustomerDomainName"),
            customer_country: find("CustomerCountry"),
            subscription_name: find("EntitlementDescription").or_else(|| find("SubscriptionDescription")),
            invoice_number: find("InvoiceNumber"),
            charge_start: find("ChargeStartDate"),
            charge_end: find("ChargeEndDate"),
        })
    }
}

/// One checked row, borrowing the reader's current record.
#[derive(Debug)]
pub struct UsageRecord<'a> {
    pub row: u64,
    pub customer_id: &'a str,
    pub subscription_id: &'a str,
    pub usage_date: NaiveDate,
    pub meter_id: &'a str,
    pub meter_name: &'a str,
    pub meter_category: &'a str,
    pub meter_subcategory: &'a str,
    pub unit: &'a str,
    pub resource_group: &'a str,
    pub quantity: Cow<'a, str>,
    pub unit_price: Cow<'a, str>,
    pub pricing_currency: &'a str,
    pub billing_currency: &'a str,
    pub pc_to_bc_rate: Cow<'a, str>,
    pub effective_unit_price: Cow<'a, str>,
    pub pec_percentage: Cow<'a, str>,
    pub credit_type: &'a str,
    pub billing_pre_tax_total: Cow<'a, str>,
    pub customer_name: &'a str,
    pub customer_domain: &'a str,
    pub customer_country: &'a str,
    pub subscription_name: &'a str,
    /// 128-bit hash of the row's values in every column of the layout the file has (see [`dedup_key`]).
    pub dedup_key: [u8; 16],
    /// The same hash with `InvoiceNumber`, `ChargeStartDate` and `ChargeEndDate` left out: a billed
    /// row and the unbilled row it bills are the same usage and have the same twin key.
    pub twin_key: [u8; 16],
    /// Microsoft's invoice that billed the row; empty: an unbilled row (a period still open).
    pub invoice_number: &'a str,
    /// The billing period the row belongs to, where the file says.
    pub charge_start: Option<NaiveDate>,
    pub charge_end: Option<NaiveDate>,
}

/// A usage file being read, one record at a time.
pub struct UsageFile<R: Read> {
    reader: csv::Reader<BoundedInput<R>>,
    budget: RecordBudget,
    record: csv::ByteRecord,
    map: ColumnMap,
    row: u64,
}

impl<R: Read> UsageFile<R> {
    /// Reads the header row and maps the columns (any order, extra columns ignored, UTF-8 BOM and
    /// CRLF accepted). A record longer than `MAX_CSV_RECORD_BYTES` is refused as it is read.
    pub fn new(input: R) -> Result<Self, CoreError> {
        let (mut reader, budget) = csv_reader(input);
        let headers = reader.byte_headers().map_err(|e| budget.error(1, &e))?.clone();
        budget.record_done();
        let headers: Vec<String> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = if i == 0 { h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h) } else { h };
                String::from_utf8_lossy(h).trim().to_string()
            })
            .collect();
        let map = ColumnMap::from_headers(&headers)?;
        Ok(Self { reader, budget, record: csv::ByteRecord::new(), map, row: 1 })
    }

    /// The next row, checked; `None` at the end of the file.
    pub fn next_record(&mut self) -> Result<Option<UsageRecord<'_>>, CoreError> {
        loop {
            let more =
                self.reader.read_byte_record(&mut self.record).map_err(|e| self.budget.error(self.row + 1, &e))?;
            self.budget.record_done();
            if !more {
                return Ok(None);
            }
            self.row += 1;
            // A blank line (a lone empty field) is not a row: spreadsheets often end files with one.
            if self.record.len() == 1 && self.record[0].is_empty() {
                continue;
            }
            break;
        }
        parse_record(&self.record, &self.map, self.row).map(Some)
    }

    /// Row number of the last record read (header = 1).
    pub fn row(&self) -> u64 {
        self.row
    }
}

/// A cell as text, trimmed, at most `MAX_NAME_CHARS` (IDs are bounded tighter by [`id`]).
fn text<'a>(rec: &'a csv::ByteRecord, idx: usize, row: u64, column: &str) -> Result<&'a str, CoreError> {
    let v = match rec.get(idx) {
        None => "",
        Some(b) => std::str::from_utf8(b)
            .map(str::trim)
            .map_err(|_| row_error(row, column, "the text is not UTF-8", "le texte n'est pas en UTF-8"))?,
    };
    limits::text(v, MAX_NAME_CHARS).map_err(|e| bound_error(row, column, e))
}

/// A required ID (tenant, subscription, meter): at most `MAX_ID_CHARS`.
fn id<'a>(rec: &'a csv::ByteRecord, idx: usize, row: u64, column: &str) -> Result<&'a str, CoreError> {
    let v = required(rec, idx, row, column)?;
    limits::text(v, MAX_ID_CHARS).map_err(|e| bound_error(row, column, e))
}

fn required<'a>(rec: &'a csv::ByteRecord, idx: usize, row: u64, column: &str) -> Result<&'a str, CoreError> {
    let v = text(rec, idx, row, column)?;
    if v.is_empty() {
        Err(row_error(row, column, "a value is required", "une valeur est obligatoire"))
    } else {
        Ok(v)
    }
}

fn optional<'a>(rec: &'a csv::ByteRecord, idx: Option<usize>, row: u64, column: &str) -> Result<&'a str, CoreError> {
    idx.map(|i| text(rec, i, row, column)).transpose().map(Option::unwrap_or_default)
}

/// A checked decimal within `bound`, kept as written when it is plain (no allocation), normalised
/// when written in scientific notation.
fn number<'a>(
    v: &'a str,
    row: u64,
    column: &str,
    bound: fn(Decimal) -> Bounded<Decimal>,
) -> Result<Cow<'a, str>, CoreError> {
    let Some(d) = money::parse(v) else {
        return Err(row_error(
            row,
            column,
            format!("'{}' is not a number", shown(v)),
            format!("« {} » n'est pas un nombre", shown(v)),
        ));
    };
    bound(d).map_err(|e| bound_error(row, column, e))?;
    if v.contains(['e', 'E']) || v.starts_with('+') {
        Ok(Cow::Owned(d.to_string()))
    } else {
        Ok(Cow::Borrowed(v))
    }
}

fn optional_number<'a>(
    v: &'a str,
    row: u64,
    column: &str,
    bound: fn(Decimal) -> Bounded<Decimal>,
) -> Result<Cow<'a, str>, CoreError> {
    // Partner Center leaves some of these empty or writes a percent sign.
    let v = v.trim_end_matches('%').trim();
    if v.is_empty() {
        Ok(Cow::Borrowed(""))
    } else {
        number(v, row, column, bound)
    }
}

/// A cell as a message shows it: at most 40 characters, so that an error about a huge cell stays
/// readable.
pub fn shown(v: &str) -> Cow<'_, str> {
    match v.char_indices().nth(40) {
        Some((i, _)) => Cow::Owned(format!("{}…", &v[..i])),
        None => Cow::Borrowed(v),
    }
}

/// `MM/DD/YYYY` (Partner Center; a time after a space is ignored) or ISO `YYYY-MM-DD`.
pub fn parse_usage_date(v: &str) -> Option<NaiveDate> {
    let v = v.trim();
    let day_part = v.split([' ', 'T']).next().unwrap_or(v);
    if day_part.contains('/') {
        let mut it = day_part.split('/');
        let m: u32 = it.next()?.parse().ok()?;
        let d: u32 = it.next()?.parse().ok()?;
        let y: i32 = it.next()?.parse().ok()?;
        if it.next().is_some() || !(1000..=9999).contains(&y) {
            return None;
        }
        NaiveDate::from_ymd_opt(y, m, d)
    } else {
        NaiveDate::parse_from_str(day_part, "%Y-%m-%d").ok()
    }
}

/// The row's identity: a 128-bit hash of its values in the 51 columns of the 2021 layout (a column
/// the file lacks counts as empty), then of each of the current layout's added columns that holds a
/// value, tagged with its place. A row with those added columns absent or empty hashes exactly as
/// the 2021 layout always did, so keys stored by earlier versions still match; two rows differing
/// only in `Tier2MpnId` or a `Benefit*` column are two rows.
fn dedup_key(rec: &csv::ByteRecord, map: &ColumnMap) -> [u8; 16] {
    key(rec, map, &[])
}

/// The row's identity as usage, whatever Microsoft's billing of it: [`dedup_key`] with the columns
/// that a billed row adds to its unbilled twin counted as empty (DOMAIN.md "Billed and unbilled usage").
fn twin_key(rec: &csv::ByteRecord, map: &ColumnMap) -> [u8; 16] {
    key(rec, map, &BILLING_COLUMNS)
}

/// Where the columns that tell a billed row from its unbilled twin sit in the 2021 layout.
const BILLING_COLUMNS: [usize; 3] = [7, 17, 18];

fn key(rec: &csv::ByteRecord, map: &ColumnMap, left_out: &[usize]) -> [u8; 16] {
    let mut hasher = SipHasher13::new_with_keys(0x4353_5044_6573_6b31, 0x7573_6167_6532_3032);
    for (place, idx) in map.dedup.iter().enumerate() {
        let idx = if left_out.contains(&place) { None } else { *idx };
        let bytes: &[u8] = idx.and_then(|i| rec.get(i)).unwrap_or(b"");
        hasher.write(&(bytes.len() as u32).to_le_bytes());
        hasher.write(bytes);
    }
    for (place, idx) in (LAYOUT_2021.len() as u32..).zip(map.dedup_newer) {
        let Some(bytes) = idx.and_then(|i| rec.get(i)).filter(|b| !b.trim_ascii().is_empty()) else {
            continue;
        };
        hasher.write(&place.to_le_bytes());
        hasher.write(&(bytes.len() as u32).to_le_bytes());
        hasher.write(bytes);
    }
    u128::from(hasher.finish128()).to_le_bytes()
}

fn parse_record<'a>(rec: &'a csv::ByteRecord, map: &ColumnMap, row: u64) -> Result<UsageRecord<'a>, CoreError> {
    let date_text = required(rec, map.usage_date, row, "UsageDate")?;
    let usage_date = parse_usage_date(date_text).ok_or_else(|| {
        row_error(
            row,
            "UsageDate",
            format!("'{}' is not a date (MM/DD/YYYY or YYYY-MM-DD)", shown(date_text)),
            format!("« {} » n'est pas une date (MM/JJ/AAAA ou AAAA-MM-JJ)", shown(date_text)),
        )
    })?;
    limits::date(usage_date).map_err(|e| bound_error(row, "UsageDate", e))?;
    let rate = number(
        required(rec, map.pc_to_bc_rate, row, "PCToBCExchangeRate")?,
        row,
        "PCToBCExchangeRate",
        limits::exchange_rate,
    )?;
    let currency = |idx: usize, column: &str| -> Result<&'a str, CoreError> {
        let v = required(rec, idx, row, column)?;
        if v.len() == 3 && v.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(v)
        } else {
            Err(row_error(
                row,
                column,
                format!("'{}' is not a currency code", shown(v)),
                format!("« {} » n'est pas un code de devise", shown(v)),
            ))
        }
    };
    let dedup_key = dedup_key(rec, map);
    let twin_key = twin_key(rec, map);
    let charge_date = |idx: Option<usize>, column: &str| -> Result<Option<NaiveDate>, CoreError> {
        let v = optional(rec, idx, row, column)?;
        if v.is_empty() {
            return Ok(None);
        }
        let d = parse_usage_date(v).ok_or_else(|| {
            row_error(
                row,
                column,
                format!("'{}' is not a date (MM/DD/YYYY or YYYY-MM-DD)", shown(v)),
                format!("« {} » n'est pas une date (MM/JJ/AAAA ou AAAA-MM-JJ)", shown(v)),
            )
        })?;
        limits::date(d).map_err(|e| bound_error(row, column, e))?;
        Ok(Some(d))
    };
    Ok(UsageRecord {
        row,
        customer_id: id(rec, map.customer_id, row, "CustomerId")?,
        subscription_id: id(rec, map.subscription_id, row, "SubscriptionId")?,
        usage_date,
        meter_id: id(rec, map.meter_id, row, "MeterId")?,
        meter_name: required(rec, map.meter_name, row, "MeterName")?,
        meter_category: required(rec, map.meter_category, row, "MeterCategory")?,
        meter_subcategory: optional(rec, map.meter_subcategory, row, "MeterSubCategory")?,
        unit: optional(rec, map.unit, row, "Unit")?,
        resource_group: optional(rec, map.resource_group, row, "ResourceGroup")?,
        quantity: number(required(rec, map.quantity, row, "Quantity")?, row, "Quantity", limits::quantity)?,
        unit_price: number(required(rec, map.unit_price, row, "UnitPrice")?, row, "UnitPrice", limits::unit_price)?,
        pricing_currency: currency(map.pricing_currency, "PricingCurrency")?,
        billing_currency: currency(map.billing_currency, "BillingCurrency")?,
        pc_to_bc_rate: rate,
        effective_unit_price: optional_number(
            optional(rec, map.effective_unit_price, row, "EffectiveUnitPrice")?,
            row,
            "EffectiveUnitPrice",
            limits::unit_price,
        )?,
        pec_percentage: optional_number(
            optional(rec, map.pec_percentage, row, "PartnerEarnedCreditPercentage")?,
            row,
            "PartnerEarnedCreditPercentage",
            limits::percent,
        )?,
        credit_type: optional(rec, map.credit_type, row, "CreditType")?,
        billing_pre_tax_total: optional_number(
            optional(rec, map.billing_pre_tax_total, row, "BillingPreTaxTotal")?,
            row,
            "BillingPreTaxTotal",
            limits::amount,
        )?,
        customer_name: optional(rec, map.customer_name, row, "CustomerName")?,
        customer_domain: optional(rec, map.customer_domain, row, "CustomerDomainName")?,
        customer_country: optional(rec, map.customer_country, row, "CustomerCountry")?,
        subscription_name: optional(rec, map.subscription_name, row, "EntitlementDescription")?,
        dedup_key,
        twin_key,
        invoice_number: optional(rec, map.invoice_number, row, "InvoiceNumber")?,
        charge_start: charge_date(map.charge_start, "ChargeStartDate")?,
        charge_end: charge_date(map.charge_end, "ChargeEndDate")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{SampleRow, UsageCsv};

    #[test]
    fn dates_in_both_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
        assert_eq!(parse_usage_date("10/05/2026"), Some(d));
        assert_eq!(parse_usage_date("10/5/2026 0:00"), Some(d));
        assert_eq!(parse_usage_date("2026-10-05"), Some(d));
        assert_eq!(parse_usage_date("2026-10-05T00:00:00Z"), Some(d));
        assert_eq!(parse_usage_date("13/05/2026"), None);
        assert_eq!(parse_usage_date("05.10.2026"), None);
    }

    #[test]
    fn the_same_row_in_either_layout_has_the_same_key() {
        let row = SampleRow::new("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222");
        let old = UsageCsv::layout_2021().row(&row).finish();
        let new = UsageCsv::current().row(&row).finish();
        let key = |bytes: Vec<u8>| {
            let mut f = UsageFile::new(bytes.as_slice()).unwrap();
            f.next_record().unwrap().unwrap().dedup_key
        };
        assert_eq!(key(old), key(new));
    }

    #[test]
    fn a_billed_row_and_its_unbilled_twin_are_the_same_usage_but_not_the_same_row() {
        assert_eq!(BILLING_COLUMNS.map(|i| LAYOUT_2021[i]), ["InvoiceNumber", "ChargeStartDate", "ChargeEndDate"]);
        let unbilled = sample().unbilled();
        let billed = sample().billed("G000000042");
        let other_usage = sample().unbilled().qty("25", "0.096");
        let csv = UsageCsv::current().row(&unbilled).row(&billed).row(&other_usage).finish();
        let mut f = UsageFile::new(csv.as_slice()).unwrap();
        let mut read = Vec::new();
        while let Some(r) = f.next_record().unwrap() {
            read.push((r.dedup_key, r.twin_key, r.invoice_number.to_string(), r.charge_start, r.charge_end));
        }
        assert_ne!(read[0].0, read[1].0, "two rows");
        assert_eq!(read[0].1, read[1].1, "one usage");
        assert_ne!(read[0].1, read[2].1);
        assert_eq!(read[0].2, "");
        assert_eq!(read[1].2, "G000000042");
        assert_eq!(read[1].3, NaiveDate::from_ymd_opt(2026, 10, 1));
        assert_eq!(read[1].4, NaiveDate::from_ymd_opt(2026, 10, 31));
    }

    fn keys(bytes: Vec<u8>) -> Vec<[u8; 16]> {
        let mut f = UsageFile::new(bytes.as_slice()).unwrap();
        let mut out = Vec::new();
        while let Some(r) = f.next_record().unwrap() {
            out.push(r.dedup_key);
        }
        out
    }

    fn sample() -> SampleRow {
        SampleRow::new("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222")
    }

    #[test]
    fn rows_differing_only_in_a_column_of_the_current_layout_are_two_rows() {
        let base = sample();
        let reseller = SampleRow { tier2_mpn_id: "6048879".into(), ..base.clone() };
        let other_reseller = SampleRow { tier2_mpn_id: "6048880".into(), ..base.clone() };
        let benefit = SampleRow {
            benefit_order_id: "a1b2c3d4-0001-4000-8000-000000000001".into(),
            benefit_id: "b1c2d3e4-0001-4000-8000-000000000001".into(),
            benefit_type: "SavingsPlan".into(),
            ..base.clone()
        };
        let other_benefit = SampleRow { benefit_id: "b1c2d3e4-0001-4000-8000-000000000002".into(), ..benefit.clone() };
        let only_type = SampleRow { benefit_type: "SavingsPlan".into(), ..base.clone() };
        let rows = [&base, &reseller, &other_reseller, &benefit, &other_benefit, &only_type];
        let mut csv = UsageCsv::current();
        for r in rows {
            csv.push(r);
        }
        let k = keys(csv.finish());
        for i in 0..k.len() {
            for j in i + 1..k.len() {
                assert_ne!(k[i], k[j], "rows {i} and {j} differ and must not share a key");
            }
        }
        // The same value in another added column is another row too.
        let a = SampleRow { benefit_order_id: "X".into(), ..base.clone() };
        let b = SampleRow { benefit_id: "X".into(), ..base.clone() };
        assert_ne!(keys(UsageCsv::current().row(&a).finish()), keys(UsageCsv::current().row(&b).finish()));
    }

    /// The key as versions before the current layout counted computed it: the 51 columns of the
    /// 2021 layout only. Kept here, frozen, so that a change of the key cannot orphan keys stored in
    /// users' books.
    fn key_of_earlier_versions(file: &[u8]) -> [u8; 16] {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
        let headers: Vec<String> = reader
            .byte_headers()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = if i == 0 { h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h) } else { h };
                String::from_utf8_lossy(h).trim().to_string()
            })
            .collect();
        let rec = reader.byte_records().next().unwrap().unwrap();
        let mut hasher = SipHasher13::new_with_keys(0x4353_5044_6573_6b31, 0x7573_6167_6532_3032);
        for name in LAYOUT_2021 {
            let idx = headers.iter().position(|h| h.eq_ignore_ascii_case(name));
            let bytes: &[u8] = idx.and_then(|i| rec.get(i)).unwrap_or(b"");
            hasher.write(&(bytes.len() as u32).to_le_bytes());
            hasher.write(bytes);
        }
        u128::from(hasher.finish128()).to_le_bytes()
    }

    #[test]
    fn keys_stored_by_earlier_versions_still_match_a_reimport() {
        let row = sample();
        for file in [
            UsageCsv::layout_2021().row(&row).finish(),
            UsageCsv::current().row(&row).finish(),
            UsageCsv::current().row(&SampleRow { tier2_mpn_id: "  ".into(), ..row.clone() }).finish(),
            UsageCsv::with_columns(&REQUIRED).row(&row).finish(),
        ] {
            assert_eq!(keys(file.clone()), [key_of_earlier_versions(&file)]);
        }
        // And the value itself, as earlier versions stored it for this row (whose charge period
        // then ended on its usage date).
        let earlier = SampleRow { charge_end: Some(row.usage_date), ..row };
        let stored = u128::from_le_bytes(keys(UsageCsv::layout_2021().row(&earlier).finish())[0]);
        assert_eq!(format!("{stored:032x}"), EARLIER_KEY_OF_SAMPLE);
    }

    /// The key earlier versions stored for [`sample`] in the 2021 layout.
    const EARLIER_KEY_OF_SAMPLE: &str = "b770d7f49fc068638242eddb3a6c7151";

    #[test]
    fn a_missing_required_column_names_it_on_row_1() {
        let e = UsageFile::new("CustomerId,UsageDate\r\n".as_bytes()).err().unwrap();
        assert!(e.to_string().starts_with("row 1, column SubscriptionId:"), "{e}");
    }
}
