//! The TypeScript types in ui/src/bindings must be exactly what the Rust types and the command table
//! export. `make bindings` (CSPDESK_WRITE_BINDINGS=1) rewrites them after a change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use csp_desk_lib::commands::{self, app};
use ts_rs::{Config, TS};

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

/// Every binding: the core's types, the app's own, and the command schema.
fn export(dir: &Path) {
    csp_core::bindings::export_all(dir).expect("export the core's bindings");
    let cfg = Config::new().with_out_dir(dir);
    app::AppInfo::export_all(&cfg).expect("export AppInfo");
    app::RuleText::export_all(&cfg).expect("export RuleText");
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
    assert!(schema.contains("offer_check: { args: { partnerId: string; customerId: string | null; offer: Offer; on: string }; result: Decision };"), "{schema}");
    assert!(schema.contains("import type { Invoice } from \"./Invoice\";"));
}
