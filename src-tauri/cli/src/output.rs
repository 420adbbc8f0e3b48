//! Printing results: one JSON value with `--json`, a readable table otherwise.

use csp_core::CoreError;
use serde_json::{json, Value};

pub fn print(value: &Value, json: bool) {
    let text =
        if json { serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into()) + "\n" } else { table(value) };
    // A reader that stops early (`| head`) is not an error worth a panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
}

/// `{"error": {"code", "message"}}` on stdout with `--json`; the message always on stderr.
pub fn print_error(e: &CoreError, json: bool) {
    if json {
        println!("{}", json!({"error": {"code": e.code(), "message": e.to_string()}}));
    }
    eprintln!("error [{}]: {}", e.code(), e);
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.len()),
        Value::Object(_) => "{…}".into(),
        other => other.to_string(),
    }
}

fn table(value: &Value) -> String {
    match value {
        Value::Array(rows) if rows.is_empty() => "(none)\n".into(),
        Value::Array(rows) => {
            let cols: Vec<String> = match &rows[0] {
                Value::Object(m) => {
                    m.iter().filter(|(_, v)| !v.is_array() && !v.is_object()).map(|(k, _)| k.clone()).collect()
                }
                _ => return rows.iter().map(|r| scalar(r) + "\n").collect(),
            };
            let cells: Vec<Vec<String>> = rows.iter().map(|r| cols.iter().map(|c| scalar(&r[c])).collect()).collect();
            let widths: Vec<usize> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| cells.iter().map(|r| r[i].chars().count()).chain([c.len()]).max().unwrap_or(0))
                .collect();
            let line = |vals: &[String]| {
                vals.iter()
                    .zip(&widths)
                    .map(|(v, w)| format!("{v:<w$}"))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
                    + "\n"
            };
            let mut out = line(&cols.iter().map(|c| c.to_uppercase()).collect::<Vec<_>>());
            for r in &cells {
                out += &line(r);
            }
            out
        }
        Value::Object(m) => {
            let w = m.keys().map(|k| k.len()).max().unwrap_or(0);
            let mut out = String::new();
            for (k, v) in m {
                match v {
                    Value::Array(a) if a.iter().any(Value::is_object) => {
                        out += &format!("{k}:\n");
                        for line in table(v).lines() {
                            out += &format!("  {line}\n");
                        }
                    }
                    Value::Array(a) => {
                        out += &format!("{k:<w$}  {}\n", a.iter().map(scalar).collect::<Vec<_>>().join(", "))
                    }
                    _ => out += &format!("{k:<w$}  {}\n", scalar(v)),
                }
            }
            out
        }
        other => scalar(other) + "\n",
    }
}
