//! The price list CSV (format in docs/file-formats.md): one row per meter, currency and effective date.
//!
//! `MeterId,MeterName,MeterCategory,Unit,Currency,ERP,EffectiveFrom,EffectiveTo,PecEligible`
//! matched by header name (case-insensitive; `UnitPrice` is accepted for `ERP`).

use std::io::Read;

use super::bounded::csv_reader;
use super::usage::{bound_error, parse_usage_date, row_error, shown};
use csp_domain::limits::{self, MAX_ID_CHARS, MAX_NAME_CHARS, MAX_PRICE_LIST_ROWS};
use csp_domain::pricing::PriceRow;
use csp_domain::CoreError;
use csp_domain::{money, validate};

const COLUMNS: [&str; 9] =
    ["MeterId", "MeterName", "MeterCategory", "Unit", "Currency", "ERP", "EffectiveFrom", "EffectiveTo", "PecEligible"];

/// Reads and checks the whole price list (price lists are small: thousands of meters; more than
/// `MAX_PRICE_LIST_ROWS`, or a record longer than `MAX_CSV_RECORD_BYTES`, is refused).
pub fn read(input: impl Read) -> Result<Vec<PriceRow>, CoreError> {
    let (mut reader, budget) = csv_reader(input);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| budget.error(1, &e))?
        .iter()
        .enumerate()
        .map(|(i, h)| if i == 0 { h.trim_start_matches('\u{feff}') } else { h }.trim().to_string())
        .collect();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name) || (name == "ERP" && h.eq_ignore_ascii_case("UnitPrice")))
    };
    let mut idx = [None; 9];
    for (i, name) in COLUMNS.iter().enumerate() {
        idx[i] = find(name);
        if idx[i].is_none() && !matches!(*name, "EffectiveTo" | "PecEligible" | "Unit") {
            return Err(row_error(1, name, "this required column is missing", "cette colonne obligatoire manque"));
        }
    }
    budget.record_done();
    let mut out = Vec::new();
    let mut rec = csv::StringRecord::new();
    let mut row = 1u64;
    loop {
        row += 1;
        let more = reader.read_record(&mut rec).map_err(|e| budget.error(row, &e))?;
        budget.record_done();
        if !more {
            break;
        }
        if out.len() >= MAX_PRICE_LIST_ROWS {
            return Err(row_error(
                row,
                "MeterId",
                format!("a price list holds at most {MAX_PRICE_LIST_ROWS} rows"),
                format!("une liste de prix compte au plus {MAX_PRICE_LIST_ROWS} lignes"),
            ));
        }
        if rec.len() == 1 && rec[0].trim().is_empty() {
            continue;
        }
        let get = |i: usize| idx[i].and_then(|j| rec.get(j)).map(str::trim).unwrap_or("");
        // Meter IDs are bounded like every ID, names like every name.
        let need = |i: usize| {
            let v = get(i);
            let max = if i == 0 { MAX_ID_CHARS } else { MAX_NAME_CHARS };
            if v.is_empty() {
                Err(row_error(row, COLUMNS[i], "a value is required", "une valeur est obligatoire"))
            } else {
                limits::text(v, max).map(str::to_string).map_err(|e| bound_error(row, COLUMNS[i], e))
            }
        };
        let date = |i: usize, v: &str| {
            let d = parse_usage_date(v).ok_or_else(|| {
                let v = shown(v);
                row_error(row, COLUMNS[i], format!("'{v}' is not a date"), format!("« {v} » n'est pas une date"))
            })?;
            limits::date(d).map_err(|e| bound_error(row, COLUMNS[i], e))
        };
        let currency = validate::currency(get(4)).map_err(|_| {
            row_error(
                row,
                "Currency",
                format!("unknown currency '{}'", shown(get(4))),
                format!("devise inconnue « {} »", shown(get(4))),
            )
        })?;
        let erp = money::parse(get(5)).filter(|d| !d.is_sign_negative()).ok_or_else(|| {
            let v = shown(get(5));
            row_error(row, "ERP", format!("'{v}' is not a price"), format!("« {v} » n'est pas un prix"))
        })?;
        limits::unit_price(erp).map_err(|e| bound_error(row, "ERP", e))?;
        let effective_from = date(6, &need(6)?)?;
        let effective_to = match get(7) {
            "" => None,
            v => Some(date(7, v)?),
        };
        if effective_to.is_some_and(|to| to < effective_from) {
            return Err(row_error(row, "EffectiveTo", "ends before it starts", "se termine avant de commencer"));
        }
        let pec_eligible = match get(8).to_ascii_lowercase().as_str() {
            "" | "true" | "yes" | "y" | "1" | "oui" => true,
            "false" | "no" | "n" | "0" | "non" => false,
            other => {
                return Err(row_error(
                    row,
                    "PecEligible",
                    format!("'{}' is not yes or no", shown(other)),
                    format!("« {} » n'est ni oui ni non", shown(other)),
                ))
            }
        };
        out.push(PriceRow {
            meter_id: need(0)?,
            name: need(1)?,
            category: need(2)?,
            unit: limits::text(get(3), MAX_NAME_CHARS).map_err(|e| bound_error(row, "Unit", e))?.to_string(),
            currency,
            erp,
            effective_from,
            effective_to,
            pec_eligible,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_price_list_and_names_bad_cells() {
        let csv = "\u{feff}MeterId,MeterName,MeterCategory,Unit,Currency,ERP,EffectiveFrom,EffectiveTo,PecEligible\r\n\
                   m1,D2s v5,Virtual Machines,1 Hour,eur,0.096,2021-01-01,,yes\r\n\
                   m1,D2s v5,Virtual Machines,1 Hour,USD,0.11,2021-01-01,2026-12-31,no\r\n";
        let rows = read(csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].currency, "EUR");
        assert!(rows[0].pec_eligible && !rows[1].pec_eligible);
        let bad = "MeterId,MeterName,MeterCategory,Currency,ERP,EffectiveFrom\nm1,x,y,EUR,abc,2021-01-01\n";
        assert_eq!(read(bad.as_bytes()).unwrap_err().to_string(), "row 2, column ERP: 'abc' is not a price");
    }
}
