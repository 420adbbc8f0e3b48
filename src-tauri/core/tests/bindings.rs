//! The TypeScript types in ui/src/bindings must be exactly what the Rust types export.
//! `make bindings` (CSPDESK_WRITE_BINDINGS=1) rewrites them after a change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

#[test]
fn committed_typescript_bindings_match_the_rust_types() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    if std::env::var_os("CSPDESK_WRITE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        csp_core::bindings::export_all(&committed).expect("export bindings");
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    csp_core::bindings::export_all(fresh.path()).expect("export bindings");
    let want = read_dir(fresh.path());
    let have = read_dir(&committed);
    assert!(!want.is_empty());
    let stale: Vec<_> = want.iter().filter(|(k, v)| have.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect();
    let extra: Vec<_> = have.keys().filter(|k| !want.contains_key(*k)).cloned().collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "ui/src/bindings drifted from the Rust types (run `make bindings`): changed or missing {stale:?}, extra {extra:?}"
    );
}
