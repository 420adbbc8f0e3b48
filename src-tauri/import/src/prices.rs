//! The price list CSV (format in the README): one row per meter, currency and effective date.
//!
//! `MeterId,MeterName,MeterCategory,Unit,Currency,ERP,EffectiveFrom,EffectiveTo,PecEligible`
//! matched by header name (case-insensitive; `UnitPrice` is accepted for `ERP`).

use std::io::Read;

use super::usage::{parse_usage_date, row_error};
use csp_domain::pricing::PriceRow;
use csp_domain::CoreError;
use csp_domain::{money, validate};

const COLUMNS: [&str; 9] =
    ["MeterId", "MeterName", "MeterCategory", "Unit", "Currency", "ERP", "EffectiveFrom", "EffectiveTo", "PecEligible"];

/// Reads and checks the whole price list (price lists are small: thousands of meters).
pub fn read(input: impl Read) -> Result<Vec<PriceRow>, CoreError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| {
            CoreError::validation(format!("row 1: not valid CSV ({e})"), format!("ligne 1 : CSV invalide ({e})"))
        })?
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
    let mut out = Vec::new();
    for (n, rec) in reader.records().enumerate() {
        let row = n as u64 + 2;
        let rec = rec.map_err(|e| {
            CoreError::validation(
                format!("row {row}: not valid CSV ({e})"),
                format!("ligne {row} : CSV invalide ({e})"),
            )
        })?;
        if rec.len() == 1 && rec[0].trim().is_empty() {
            continue;
        }
        let get = |i: usize| idx[i].and_then(|j| rec.get(j)).map(str::trim).unwrap_or("");
        let need = |i: usize| {
            let v = get(i);
            if v.is_empty() {
                Err(row_error(row, COLUMNS[i], "a value is required", "une valeur est obligatoire"))
            } else {
                Ok(v.to_string())
            }
        };
        let date = |i: usize, v: &str| {
            parse_usage_date(v).ok_or_else(|| {
                row_error(row, COLUMNS[i], format!("'{v}' is not a date"), format!("« {v} » n'est pas une date"))
            })
        };
        let currency = validate::currency(get(4)).map_err(|_| {
            row_error(
                row,
                "Currency",
                format!("unknown currency '{}'", get(4)),
                format!("devise inconnue « {} »", get(4)),
            )
        })?;
        let erp = money::parse(get(5)).filter(|d| !d.is_sign_negative()).ok_or_else(|| {
            row_error(row, "ERP", format!("'{}' is not a price", get(5)), format!("« {} » n'est pas un prix", get(5)))
        })?;
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
                    format!("'{other}' is not yes or no"),
                    format!("« {other} » n'est ni oui ni non"),
                ))
            }
        };
        out.push(PriceRow {
            meter_id: need(0)?,
            name: need(1)?,
            category: need(2)?,
            unit: get(3).to_string(),
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
