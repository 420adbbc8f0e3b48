//! The TypeScript types in ui/src/bindings must be exactly what the Rust types and the command table
//! export. `make bindings` (CSPDESK_WRITE_BINDINGS=1) rewrites them after a change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use csp_desk_lib::commands;

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "ts") {
                out.insert(p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out
}

/// Every binding: the error types, every type the command table names, and the command schema.
fn export(dir: &Path) {
    csp_core::bindings::export_all(dir).expect("export the error types");
    commands::export_types(dir).expect("export the command table's types");
    std::fs::write(dir.join("commands.ts"), commands::typescript_schema()).expect("write commands.ts");
}

#[test]
fn committed_typescript_bindings_match_the_rust_types() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
    if std::env::var_os("CSPDESK_WRITE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        export(&committed);
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    export(fresh.path());
    let want = read_dir(fresh.path());
    let have = read_dir(&committed);
    assert!(want.contains_key("commands.ts") && want.contains_key("Invoice.ts"));
    let stale: Vec<_> = want.iter().filter(|(k, v)| have.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect();
    let extra: Vec<_> = have.keys().filter(|k| !want.contains_key(*k)).cloned().collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "ui/src/bindings drifted from the Rust types (run `make bindings`): changed or missing {stale:?}, extra {extra:?}"
    );
}

#[test]
fn the_schema_names_every_command_with_its_arguments_and_result() {
    let schema = commands::typescript_schema();
    for name in commands::NAMES {
        assert!(schema.contains(&format!("  {name}: {{ args: ")), "{name} missing from commands.ts");
    }
    assert!(schema.contains("offer_check_all: { args: { partnerId: string; customerId: string | null; on: string }; result: Array<Decision> };"), "{schema}");
    assert!(schema.contains("import type { Invoice } from \"./Invoice\";"));
    // The typed call: positional arguments, passed under the names Tauri expects.
    assert!(
        schema.contains("  offerCheckAll: (partnerId: string, customerId: string | null, on: string): Promise<Array<Decision>> => invoke(\"offer_check_all\", { partnerId, customerId, on }),"),
        "{schema}"
    );
    // A read is cached by name; a dated read gets the window's date as its last argument.
    assert!(schema.contains("  partner_list: api.partnerList,") && !schema.contains("  invoice_pay: api."));
    assert!(
        schema.contains("\"partner_list\"")
            && schema.contains("export const DATED_READS = [\"book_dates\", \"partner_operating\", ")
    );
    assert!(schema.contains("  \"usage-import-progress\": ImportProgress;"), "{schema}");
}
