//! The window may call exactly the commands the UI uses: the command table grants each (the capability
//! is generated from it), and nothing is granted that the UI never calls.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The capability build.rs generates from the table (in the build's folder, not the source tree).
fn capability() -> serde_json::Value {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/capabilities/main.json"))).unwrap()
}

fn granted() -> BTreeSet<String> {
    capability()["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

/// The command table: each name gets its permission (build.rs) and its handler from the same list.
fn declared() -> BTreeSet<String> {
    csp_desk_lib::commands::NAMES.iter().map(|n| n.to_string()).collect()
}

/// `partnerId` → `partner_id`: a generated function's name back to its command's.
fn snake_case(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Commands the UI invokes (tests and the generated bindings excluded): `api.name(` calls of the
/// generated functions, and the reads asked by name through the query cache (`…Query("name"`).
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
                for part in text.split("api.").skip(1) {
                    let ident: String = part.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                    if !ident.is_empty() {
                        out.insert(snake_case(&ident));
                    }
                }
                for part in text.split("Query(").skip(1) {
                    if let Some((name, _)) = part.trim_start().strip_prefix('"').and_then(|p| p.split_once('"')) {
                        out.insert(name.to_string());
                    }
                }
            }
        }
    }
    walk(&root().join("../ui/src"), &mut out);
    out
}

#[test]
fn the_window_is_granted_exactly_the_command_table() {
    assert_eq!(granted(), declared(), "the capability is generated from the table by build.rs");
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

/// The dialog functions the UI imports from `@tauri-apps/plugin-dialog` (`open`, `save`, …).
fn dialogs_used_by_ui() -> BTreeSet<String> {
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
                for line in std::fs::read_to_string(&p).unwrap().lines() {
                    if let Some(names) = line
                        .strip_prefix("import {")
                        .and_then(|l| l.split_once("} from \"@tauri-apps/plugin-dialog\""))
                        .map(|(names, _)| names)
                    {
                        out.extend(
                            names
                                .split(',')
                                .map(str::trim)
                                .filter(|n| !n.is_empty() && !n.starts_with("type "))
                                .map(str::to_string),
                        );
                    }
                }
            }
        }
    }
    walk(&root().join("../ui/src"), &mut out);
    out
}

#[test]
fn the_window_is_granted_exactly_the_dialogs_the_ui_opens() {
    let granted: BTreeSet<String> = capability()["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("dialog:allow-"))
        .map(str::to_string)
        .collect();
    let used = dialogs_used_by_ui();
    assert!(used.contains("open"), "the scan finds the UI's dialogs: {used:?}");
    assert_eq!(granted, used, "dialog permissions granted == dialog functions the UI imports");
}

#[test]
fn the_build_writes_the_capability_outside_the_source_tree() {
    let generated = PathBuf::from(env!("OUT_DIR")).join("capabilities/main.json");
    assert!(generated.is_file(), "{} is where build.rs writes it", generated.display());
    assert!(!generated.starts_with(root()), "{} lies in the source tree", generated.display());
    assert!(
        !root().join("capabilities").exists(),
        "a capabilities folder in the source tree: build.rs writes there again?"
    );
}
