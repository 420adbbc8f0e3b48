//! The window may call exactly the commands the UI uses: each granted in the capability, declared in
//! build.rs (so it has a permission) and registered in the handler; nothing granted that the UI
//! never calls.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `"name"` string literal between `start` and the next `end` in a source file.
fn quoted_between(text: &str, start: &str, end: &str) -> BTreeSet<String> {
    let from = text.find(start).unwrap_or_else(|| panic!("{start} not found"));
    let rest = &text[from + start.len()..];
    let body = &rest[..rest.find(end).unwrap_or(rest.len())];
    body.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

fn granted() -> BTreeSet<String> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("capabilities/main.json")).unwrap()).unwrap();
    json["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

fn declared() -> BTreeSet<String> {
    quoted_between(&std::fs::read_to_string(root().join("build.rs")).unwrap(), "const COMMANDS", "];")
}

fn registered() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("src/commands/mod.rs")).unwrap();
    let from = text.find("generate_handler![").unwrap();
    let body = &text[from..from + text[from..].find(']').unwrap()];
    body.split(|c: char| c == ',' || c.is_whitespace())
        .filter_map(|item| item.rsplit_once("::").map(|(_, name)| name.to_string()))
        .collect()
}

/// Commands the UI invokes: `invoke<…>("name"` in ui/src (tests excluded).
fn used_by_ui() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    fn walk(dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                if name != "bindings" && name != "test" {
                    walk(&p, out);
                }
            } else if (name.ends_with(".ts") || name.ends_with(".tsx")) && !name.contains(".test.") {
                let text = std::fs::read_to_string(&p).unwrap();
                for part in text.split("invoke").skip(1) {
                    let call = part.trim_start();
                    let call = call.strip_prefix('<').map(|c| &c[c.find(">(").map_or(0, |i| i + 1)..]).unwrap_or(call);
                    if let Some(args) = call.strip_prefix("(\"") {
                        if let Some(end) = args.find('"') {
                            out.insert(args[..end].to_string());
                        }
                    }
                }
            }
        }
    }
    walk(&root().join("../ui/src"), &mut out);
    out
}

#[test]
fn every_granted_command_is_declared_and_registered() {
    let granted = granted();
    assert!(!granted.is_empty());
    let (declared, registered) = (declared(), registered());
    let missing_decl: Vec<_> = granted.difference(&declared).collect();
    let missing_reg: Vec<_> = granted.difference(&registered).collect();
    assert!(missing_decl.is_empty(), "granted but not in build.rs COMMANDS: {missing_decl:?}");
    assert!(missing_reg.is_empty(), "granted but not registered in the handler: {missing_reg:?}");
}

#[test]
fn the_window_is_granted_exactly_what_the_ui_calls() {
    let granted = granted();
    let used = used_by_ui();
    assert!(used.contains("partner_setup_operating"), "the scan finds the UI's calls: {used:?}");
    let unused: Vec<_> = granted.difference(&used).collect();
    let ungranted: Vec<_> = used.difference(&granted).collect();
    assert!(unused.is_empty(), "granted to the window but never called by the UI: {unused:?}");
    assert!(ungranted.is_empty(), "called by the UI but not granted: {ungranted:?}");
}
