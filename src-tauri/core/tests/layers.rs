//! The layers point one way: domain ← store ← import / pdf / billing ← service (csp-core) ← the app
//! and cspctl. Cargo already refuses a cycle between crates; this test also refuses a dependency that
//! skips sideways (the PDF renderer reading the store, the importer calling billing…).

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

fn allowed() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let set = |names: &[&'static str]| names.iter().copied().collect::<BTreeSet<_>>();
    BTreeMap::from([
        ("csp-domain", set(&[])),
        ("csp-store", set(&["csp-domain"])),
        ("csp-import", set(&["csp-domain"])),
        ("csp-pdf", set(&["csp-domain"])),
        ("csp-facturx", set(&["csp-domain", "csp-pdf"])),
        ("csp-billing", set(&["csp-domain", "csp-store", "csp-pdf"])),
        ("csp-core", set(&["csp-domain", "csp-store", "csp-import", "csp-pdf", "csp-facturx", "csp-billing"])),
        ("cspctl", set(&["csp-core"])),
        ("csp-desk", set(&["csp-core"])),
        ("csp-acceptance", set(&[])),
    ])
}

#[test]
fn each_crate_depends_only_on_the_layers_below_it() {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml");
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline", "--manifest-path", manifest])
        .output()
        .expect("run cargo metadata");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let allowed = allowed();
    let mut seen = BTreeSet::new();
    for package in meta["packages"].as_array().unwrap() {
        let name = package["name"].as_str().unwrap();
        seen.insert(name.to_string());
        let Some(ok) = allowed.get(name) else { panic!("{name}: a new crate needs its place in the layers") };
        for dep in package["dependencies"].as_array().unwrap() {
            let dep = dep["name"].as_str().unwrap();
            if dep.starts_with("csp-") || dep == "cspctl" {
                assert!(ok.contains(dep), "{name} may not depend on {dep} (allowed: {ok:?})");
            }
        }
    }
    assert_eq!(seen.len(), allowed.len(), "every crate of the table exists: {seen:?}");
}

/// Only the store knows the database engine: the crates above it hold `store::Conn` and
/// `store::Pool`, never a SQLite (or PostgreSQL) type nor a query of their own, so that the office's
/// PostgreSQL book is a second engine inside the store, not a change of every service.
#[test]
fn only_the_store_names_the_engine() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut offenders = Vec::new();
    for dir in ["core/src", "billing/src", "import/src", "pdf/src", "facturx/src", "cli/src", "src"] {
        for entry in walk(&root.join(dir)) {
            let text = std::fs::read_to_string(&entry).unwrap();
            for (n, line) in text.lines().enumerate() {
                let named =
                    ["Sqlite", "Postgres", "PgConnection", "PgPool", "sqlx::query", "query_as(", "query_scalar("]
                        .iter()
                        .any(|needle| line.contains(needle));
                if named {
                    offenders.push(format!("{}:{}: {}", entry.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "the engine named outside the store:\n{}", offenders.join("\n"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}
