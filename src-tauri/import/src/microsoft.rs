//! Microsoft's invoice as Partner Center gives it: the new-commerce *invoice reconciliation* file,
//! one row per charge (DOMAIN.md "Month-end: Microsoft's bill against the book"). Columns are
//! matched by header name, in any order: today's layout (the columns DOMAIN.md lists), or that of
//! files written before `Tier2MpnId` and `ProductCategory` existed (45 columns); extra columns are
//! kept too. Every cell is kept as written (the file is a record of
//! what Microsoft billed); the ones the tie-outs read are checked, and one bad cell refuses the file.

use std::io::Read;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::bounded::csv_reader;
use super::usage::{bound_error, parse_usage_date, row_error, shown};
use csp_domain::limits::{self, MAX_ID_CHARS, MAX_PRICE_LIST_ROWS, MAX_TEXT_CHARS};
use csp_domain::{money, CoreError};

/// Today's layout, in Partner Center's order, as DOMAIN.md lists it.
pub const LAYOUT: [&str; 47] = [
    "PartnerId",
    "CustomerId",
    "CustomerName",
    "CustomerDomainName",
    "CustomerCountry",
    "InvoiceNumber",
    "MpnId",
    "Tier2MpnId",
    "OrderId",
    "OrderDate",
    "ProductId",
    "SkuId",
    "AvailabilityId",
    "SkuName",
    "ProductName",
    "ChargeType",
    "UnitPrice",
    "Quantity",
    "Subtotal",
    "TaxTotal",
    "Total",
    "Currency",
    "PriceAdjustmentDescription",
    "PublisherName",
    "PublisherId",
    "SubscriptionDescription",
    "SubscriptionId",
    "ChargeStartDate",
    "ChargeEndDate",
    "TermAndBillingCycle",
    "EffectiveUnitPrice",
    "UnitType",
    "AlternateId",
    "BillableQuantity",
    "BillingFrequency",
    "PricingCurrency",
    "PCToBCExchangeRate",
    "PCToBCExchangeRateDate",
    "MeterDescription",
    "ReservationOrderId",
    "CreditReasonCode",
    "SubscriptionStartDate",
    "SubscriptionEndDate",
    "ReferenceId",
    "ProductQualifiers",
    "PromotionId",
    "ProductCategory",
];

/// The columns a file written before they existed lacks (its layout has 45 columns).
pub const ADDED_LATER: [&str; 2] = ["Tier2MpnId", "ProductCategory"];

/// The columns the tie-outs read: a file without one of them is not Microsoft's invoice file.
pub const REQUIRED: [&str; 10] = [
    "InvoiceNumber",
    "CustomerId",
    "SubscriptionId",
    "ChargeType",
    "Subtotal",
    "TaxTotal",
    "Total",
    "Currency",
    "ChargeStartDate",
    "ChargeEndDate",
];

/// One charge of Microsoft's invoice, checked, with every cell of its row as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Charge {
    /// Its row in the file (header = 1).
    pub row: u64,
    pub invoice_number: String,
    pub customer_id: String,
    pub subscription_id: String,
    pub mpn_id: String,
    pub charge_type: String,
    pub subtotal: Decimal,
    pub tax_total: Decimal,
    pub total: Decimal,
    pub currency: String,
    pub charge_start: NaiveDate,
    pub charge_end: NaiveDate,
    /// Every cell of the row, by its column's name as the file writes it (the record Microsoft
    /// gave): a JSON object, its names in sorted order (the same row reads the same whatever the
    /// file's column order).
    pub cells: String,
}

/// Reads the whole file: every charge, or the first bad cell as `row N, column NAME: …` (code
/// `VALIDATION`). An empty file, or one with no charge, is refused.
pub fn read(input: impl Read) -> Result<Vec<Charge>, CoreError> {
    let (mut reader, budget) = csv_reader(input);
    let headers: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = if i == 0 { h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h) } else { h };
                String::from_utf8_lossy(h).trim().to_string()
            })
            .collect(),
        Err(e) => return Err(budget.error(1, &e)),
    };
    budget.record_done();
    if headers.iter().all(String::is_empty) {
        return Err(empty());
    }
    let find = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    for name in REQUIRED {
        if find(name).is_none() {
            return Err(row_error(
                1,
                name,
                "this required column is missing (is this Partner Center's invoice reconciliation file?)",
                "cette colonne obligatoire manque (est-ce le fichier de rapprochement de facture de l'Espace partenaires ?)",
            ));
        }
    }
    let col = |name: &str| find(name).expect("checked above");
    let mpn = find("MpnId");
    // The named columns in name order, each name already written as JSON.
    let mut named: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty())
        .map(|(i, h)| (i, serde_json::to_string(h).unwrap_or_default()))
        .collect();
    named.sort_by(|a, b| headers[a.0].cmp(&headers[b.0]));
    let mut out = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut row = 1u64;
    loop {
        let more = reader.read_byte_record(&mut record).map_err(|e| budget.error(row + 1, &e))?;
        budget.record_done();
        if !more {
            break;
        }
        row += 1;
        // A blank line is not a charge: spreadsheets often end files with one.
        if record.iter().all(|c| c.trim_ascii().is_empty()) {
            continue;
        }
        if out.len() >= MAX_PRICE_LIST_ROWS {
            return Err(row_error(
                row,
                "InvoiceNumber",
                format!("more than {MAX_PRICE_LIST_ROWS} charges in one file"),
                format!("plus de {MAX_PRICE_LIST_ROWS} charges dans un fichier"),
            ));
        }
        let mut cells = String::with_capacity(record.as_slice().len() + named.len() * 24);
        cells.push('{');
        for (n, (i, name)) in named.iter().enumerate() {
            let v = cell(&record, *i, row, &headers[*i])?;
            if n > 0 {
                cells.push(',');
            }
            cells.push_str(name);
            cells.push(':');
            // Escaping a `str` into a `String` cannot fail.
            let _ = serde_json::to_writer(string_writer(&mut cells), v);
        }
        cells.push('}');
        let get = |name: &str| {
            let i = col(name);
            record.get(i).and_then(|b| std::str::from_utf8(b).ok()).map(str::trim).unwrap_or_default()
        };
        let required = |name: &str| -> Result<String, CoreError> {
            let v = get(name);
            if v.is_empty() {
                return Err(row_error(row, name, "a value is required", "une valeur est obligatoire"));
            }
            limits::text(v, MAX_ID_CHARS).map_err(|e| bound_error(row, name, e)).map(str::to_string)
        };
        let amount = |name: &str| -> Result<Decimal, CoreError> {
            let v = get(name);
            let d = money::parse(v).ok_or_else(|| {
                row_error(
                    row,
                    name,
                    format!("'{}' is not an amount", shown(v)),
                    format!("« {} » n'est pas un montant", shown(v)),
                )
            })?;
            limits::amount(d).map_err(|e| bound_error(row, name, e))
        };
        let date = |name: &str| -> Result<NaiveDate, CoreError> {
            let v = get(name);
            let d = parse_usage_date(v).ok_or_else(|| {
                row_error(
                    row,
                    name,
                    format!("'{}' is not a date (MM/DD/YYYY or YYYY-MM-DD)", shown(v)),
                    format!("« {} » n'est pas une date (MM/JJ/AAAA ou AAAA-MM-JJ)", shown(v)),
                )
            })?;
            limits::date(d).map_err(|e| bound_error(row, name, e))
        };
        let currency = required("Currency")?;
        if !(currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_alphabetic())) {
            return Err(row_error(
                row,
                "Currency",
                format!("'{}' is not a currency code", shown(&currency)),
                format!("« {} » n'est pas un code de devise", shown(&currency)),
            ));
        }
        let (charge_start, charge_end) = (date("ChargeStartDate")?, date("ChargeEndDate")?);
        if charge_end < charge_start {
            return Err(row_error(
                row,
                "ChargeEndDate",
                format!("{charge_end} is before the charge's start ({charge_start})"),
                format!("le {charge_end} précède le début de la charge ({charge_start})"),
            ));
        }
        out.push(Charge {
            row,
            invoice_number: required("InvoiceNumber")?,
            customer_id: required("CustomerId")?,
            subscription_id: required("SubscriptionId")?,
            mpn_id: mpn.map(|i| get(&headers[i]).to_string()).unwrap_or_default(),
            charge_type: required("ChargeType")?,
            subtotal: amount("Subtotal")?,
            tax_total: amount("TaxTotal")?,
            total: amount("Total")?,
            currency: currency.to_ascii_uppercase(),
            charge_start,
            charge_end,
            cells,
        });
    }
    if out.is_empty() {
        return Err(empty());
    }
    Ok(out)
}

/// A cell as text, trimmed, UTF-8, at most `MAX_TEXT_CHARS` (a JSON cell such as
/// `PriceAdjustmentDescription` is longer than a name).
fn cell<'a>(rec: &'a csv::ByteRecord, idx: usize, row: u64, column: &str) -> Result<&'a str, CoreError> {
    let v = match rec.get(idx) {
        None => "",
        Some(b) => std::str::from_utf8(b)
            .map(str::trim)
            .map_err(|_| row_error(row, column, "the text is not UTF-8", "le texte n'est pas en UTF-8"))?,
    };
    limits::text(v, MAX_TEXT_CHARS).map_err(|e| bound_error(row, column, e))
}

/// Writes into a `String` through `io::Write` (serde_json writes UTF-8 only).
fn string_writer(s: &mut String) -> impl std::io::Write + '_ {
    struct W<'a>(&'a mut String);
    impl std::io::Write for W<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let text = std::str::from_utf8(buf).map_err(std::io::Error::other)?;
            self.0.push_str(text);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    W(s)
}

fn empty() -> CoreError {
    CoreError::validation(
        "the file holds no charge: is it Partner Center's invoice reconciliation file?",
        "le fichier ne contient aucune charge : est-ce le fichier de rapprochement de facture de l'Espace partenaires ?",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER_45: &str = "PartnerId,CustomerId,CustomerName,CustomerDomainName,CustomerCountry,InvoiceNumber,MpnId,OrderId,OrderDate,ProductId,SkuId,AvailabilityId,SkuName,ProductName,ChargeType,UnitPrice,Quantity,Subtotal,TaxTotal,Total,Currency,PriceAdjustmentDescription,PublisherName,PublisherId,SubscriptionDescription,SubscriptionId,ChargeStartDate,ChargeEndDate,TermAndBillingCycle,EffectiveUnitPrice,UnitType,AlternateId,BillableQuantity,BillingFrequency,PricingCurrency,PCToBCExchangeRate,PCToBCExchangeRateDate,MeterDescription,ReservationOrderId,CreditReasonCode,SubscriptionStartDate,SubscriptionEndDate,ReferenceId,ProductQualifiers,PromotionId";

    fn row_45(subtotal: &str) -> String {
        format!(
            "p1,c1,Fabrikam,fabrikam.fr,FR,G000000777,6034453,o1,10/01/2026,DZH318Z0BQPS,0001,0001,Azure plan,Azure plan,cycleCharge,1,1,{subtotal},2.40,14.40,CAD,\"[{{\"\"PriceAdjustmentType\"\":\"\"Discount\"\",\"\"Description\"\":\"\"Promo, 10%\"\"}}]\",Microsoft,,Azure plan,s1,10/01/2026,10/31/2026,,1,,,1,monthly,USD,1.36,10/01/2026,,,,,,,,"
        )
    }

    #[test]
    fn both_layouts_have_their_documented_width() {
        assert_eq!(LAYOUT.len() - ADDED_LATER.len(), 45);
        assert_eq!(HEADER_45.split(',').count(), 45);
        for c in HEADER_45.split(',') {
            assert!(LAYOUT.contains(&c), "{c}");
        }
        for c in ADDED_LATER {
            assert!(!HEADER_45.split(',').any(|h| h == c));
        }
    }

    #[test]
    fn a_file_of_the_older_layout_with_bom_crlf_and_json_in_a_cell_loads() {
        let file = format!("\u{feff}{HEADER_45}\r\n{}\r\n\r\n", row_45("12.00"));
        let charges = read(file.as_bytes()).unwrap();
        assert_eq!(charges.len(), 1);
        let c = &charges[0];
        assert_eq!((c.row, c.invoice_number.as_str(), c.currency.as_str()), (2, "G000000777", "CAD"));
        assert_eq!((c.subtotal, c.total), ("12.00".parse().unwrap(), "14.40".parse().unwrap()));
        assert_eq!(c.charge_end, NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
        let cells: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&c.cells).unwrap();
        assert_eq!(
            cells["PriceAdjustmentDescription"],
            r#"[{"PriceAdjustmentType":"Discount","Description":"Promo, 10%"}]"#
        );
        assert_eq!(cells.len(), 45);
        // The same row with its columns in another order reads the same.
        let mut reordered: Vec<&str> = HEADER_45.split(',').collect();
        reordered.reverse();
        let line = row_45("12.00");
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
        let mut values: Vec<String> = r.records().next().unwrap().unwrap().iter().map(str::to_string).collect();
        values.reverse();
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&reordered).unwrap();
        w.write_record(&values).unwrap();
        let other = read(w.into_inner().unwrap().as_slice()).unwrap();
        assert_eq!(other[0].cells, c.cells);
    }

    #[test]
    fn a_bad_cell_names_its_row_and_column() {
        let file = format!("{HEADER_45}\n{}\n{}\n", row_45("12.00"), row_45("douze"));
        let e = read(file.as_bytes()).unwrap_err();
        assert_eq!(e.code(), "VALIDATION");
        assert!(e.to_string().starts_with("row 3, column Subtotal:"), "{e}");
    }

    #[test]
    fn a_missing_column_or_an_empty_file_is_refused() {
        let without_total = HEADER_45.replace(",Total,", ",Totals,");
        let e = read(format!("{without_total}\n{}\n", row_45("1")).as_bytes()).unwrap_err();
        assert!(e.to_string().starts_with("row 1, column Total:"), "{e}");
        for empty in ["", "\u{feff}", &format!("{HEADER_45}\r\n")] {
            let e = read(empty.as_bytes()).unwrap_err();
            assert!(e.to_string().contains("no charge"), "{empty:?}: {e}");
        }
    }
}
