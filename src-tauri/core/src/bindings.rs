//! The TypeScript bindings of the error a refused command answers with. Every other type that
//! crosses IPC is written from the command table that names it (the app's `commands::export_types`);
//! a test compares the committed copies in `ui/src/bindings` with a fresh export so that they never
//! drift.

use std::path::Path;

use ts_rs::{Config, ExportError, TS};

/// Writes `Field.ts`, `ErrorCode.ts`, `ApiError.ts` and `values.ts` into `dir`.
pub fn export_all(dir: &Path) -> Result<(), ExportError> {
    let cfg = Config::new().with_out_dir(dir);
    crate::error::Field::export_all(&cfg)?;
    for (file, text) in error_types() {
        std::fs::write(dir.join(file), text)?;
    }
    std::fs::write(dir.join("values.ts"), values())?;
    Ok(())
}

/// `values.ts`: every value of the enums the screens list (filters, pickers), in the Rust order, so
/// that the UI holds no copy of them.
fn values() -> String {
    use crate::domain::{invoice, subscription, support, transfer};
    fn list<T: serde::Serialize + TS>(out: &mut String, name: &str, values: &[T]) {
        let cfg = Config::new();
        let quoted: Vec<String> = values.iter().map(|v| serde_json::to_string(v).expect("an enum value")).collect();
        out.push_str(&format!("\nexport const {name}: readonly {}[] = [{}];\n", T::ident(&cfg), quoted.join(", ")));
    }
    let mut body = String::new();
    list(&mut body, "INVOICE_STATUSES", &invoice::InvoiceStatus::ALL);
    list(&mut body, "PLATFORM_STATUSES", &invoice::PlatformStatus::ALL);
    list(&mut body, "SUBSCRIPTION_STATUSES", &subscription::SubscriptionStatus::ALL);
    list(&mut body, "TRANSFER_STATUSES", &transfer::TransferStatus::ALL);
    list(&mut body, "CASE_STATUSES", &support::CaseStatus::ALL);
    list(&mut body, "SEVERITIES", &support::Severity::ALL);
    let cfg = Config::new();
    let imports: String = [
        invoice::InvoiceStatus::ident(&cfg),
        invoice::PlatformStatus::ident(&cfg),
        subscription::SubscriptionStatus::ident(&cfg),
        transfer::TransferStatus::ident(&cfg),
        support::CaseStatus::ident(&cfg),
        support::Severity::ident(&cfg),
    ]
    .iter()
    .map(|t| format!("import type {{ {t} }} from \"./{t}\";\n"))
    .collect();
    format!("// Generated from csp-domain's enums (`make bindings`). Do not edit by hand.\n{imports}{body}")
}

/// `ErrorCode.ts` and `ApiError.ts`: the code is a union of every code, so that the UI matches only
/// codes that exist.
fn error_types() -> [(&'static str, String); 2] {
    let codes: Vec<String> = crate::domain::Code::ALL.iter().map(|c| format!("\"{c}\"")).collect();
    let header = "// Generated from csp-domain's error codes and rules (`make bindings`). Do not edit by hand.\n";
    [
        (
            "ErrorCode.ts",
            format!(
                "{header}\n/** Every code a refused command answers with: a rule ID of DOMAIN.md or a generic code. */\nexport type ErrorCode = {};\n",
                codes.join(" | ")
            ),
        ),
        (
            "ApiError.ts",
            format!(
                "{header}import type {{ ErrorCode }} from \"./ErrorCode\";\nimport type {{ Field }} from \"./Field\";\n\n/** What a refused command answers: its code, the message in both languages, and the input it is about. */\nexport type ApiError = {{ code: ErrorCode; message: string; message_fr: string; field: Field | null }};\n"
            ),
        ),
    ]
}
