//! Writes the TypeScript side of the command table: for each command its arguments (camelCase, as
//! Tauri passes them) and result, named by the ts-rs bindings they come from; a typed function per
//! command; the reads the query cache keeps; and each event's payload.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use ts_rs::{Config, ExportError, TypeVisitor, TS};

/// Whether a command only reads the book (the UI caches its answer, keyed by name and arguments)
/// or writes it (after which the UI asks its reads again).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Read,
    Write,
}

#[derive(Default)]
pub struct Schema {
    cfg: Config,
    imports: BTreeSet<String>,
    commands: String,
    functions: String,
    reads: Vec<String>,
    dated: Vec<String>,
    events: String,
}

/// Collects the exported types a type names (a `Vec<Invoice>` names `Invoice`).
struct Named<'a> {
    cfg: &'a Config,
    out: &'a mut BTreeSet<String>,
}

impl TypeVisitor for Named<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some() {
            self.out.insert(T::ident(self.cfg));
        } else {
            // A wrapper (`Vec`, `Option`, a map): what it wraps; an exported type's own fields are
            // its own file's business.
            T::visit_generics(self);
        }
    }
}

/// Writes the exported types a type names, each with the types it names in turn.
pub struct Exported {
    cfg: Config,
    error: Option<ExportError>,
}

impl Exported {
    pub fn new(dir: &Path) -> Self {
        Exported { cfg: Config::new().with_out_dir(dir), error: None }
    }

    pub fn export<T: TS + 'static + ?Sized>(&mut self) -> Result<(), ExportError> {
        self.visit::<T>();
        self.error.take().map_or(Ok(()), Err)
    }
}

impl TypeVisitor for Exported {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some() {
            if let Err(e) = T::export_all(&self.cfg) {
                self.error.get_or_insert(e);
            }
        } else {
            T::visit_generics(self);
        }
    }
}

/// A `///` comment as a JSDoc comment, indented by `indent`.
fn js_doc(docs: &[&str], indent: &str) -> String {
    let lines: Vec<&str> = docs.iter().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    match lines.as_slice() {
        [] => String::new(),
        [one] => format!("{indent}/** {one} */\n"),
        many => {
            let mut out = format!("{indent}/**\n");
            for l in many {
                let _ = writeln!(out, "{indent} * {l}");
            }
            out + &format!("{indent} */\n")
        }
    }
}

impl Schema {
    /// The TypeScript name of `T`, remembering what to import for it.
    pub fn ts<T: TS + 'static + ?Sized>(&mut self) -> String {
        Named { cfg: &self.cfg, out: &mut self.imports }.visit::<T>();
        T::name(&self.cfg)
    }

    pub fn command(&mut self, kind: Kind, name: &str, docs: &[&str], args: &[(&str, String)], result: &str) {
        let names: Vec<String> = args.iter().map(|(n, _)| camel_case(n)).collect();
        let fields: Vec<String> = names.iter().zip(args).map(|(n, (_, t))| format!("{n}: {t}")).collect();
        let arg_type =
            if args.is_empty() { "Record<string, never>".to_string() } else { format!("{{ {} }}", fields.join("; ")) };
        let _ = writeln!(self.commands, "  {name}: {{ args: {arg_type}; result: {result} }};");

        self.functions.push_str(&js_doc(docs, "  "));
        let payload = if args.is_empty() { String::new() } else { format!(", {{ {} }}", names.join(", ")) };
        let _ = writeln!(
            self.functions,
            "  {}: ({}): Promise<{result}> => invoke(\"{name}\"{payload}),",
            camel_case(name),
            fields.join(", ")
        );

        if kind == Kind::Read {
            self.reads.push(name.to_string());
            // The query cache passes the window's "as of" date as a dated read's last argument.
            if let Some(i) = args.iter().position(|(n, _)| *n == "as_of") {
                assert_eq!(i + 1, args.len(), "{name}: `as_of` must be the last argument of a read");
                self.dated.push(name.to_string());
            }
        }
    }

    pub fn event(&mut self, name: &str, docs: &[&str], payload: &str) {
        self.events.push_str(&js_doc(docs, "  "));
        let _ = writeln!(self.events, "  \"{name}\": {payload};");
    }

    pub fn finish(self) -> String {
        let mut out =
            String::from("// Generated from src-tauri/src/commands/table.rs (`make bindings`). Do not edit by hand.\n");
        out.push_str("import { invoke } from \"@tauri-apps/api/core\";\n");
        out.push_str("import { listen, type UnlistenFn } from \"@tauri-apps/api/event\";\n");
        for name in &self.imports {
            let _ = writeln!(out, "import type {{ {name} }} from \"./{name}\";");
        }
        out.push_str(
            "\n/** Every command the window may call: its arguments and its result. */\nexport interface Commands {\n",
        );
        out.push_str(&self.commands);
        out.push_str("}\n\nexport type CommandName = keyof Commands;\n");
        out.push_str(
            "\n/** A typed call of each command, its arguments in the table's order. */\nexport const api = {\n",
        );
        out.push_str(&self.functions);
        out.push_str("};\n");
        out.push_str(
            "\n/** The commands that only read the book: the query cache keeps their answers, keyed by the command's name and arguments. */\nexport const reads = {\n",
        );
        for name in &self.reads {
            let _ = writeln!(out, "  {name}: api.{},", camel_case(name));
        }
        out.push_str("};\n");
        out.push_str(
            "\n/** The reads asked as of a date: their last argument is the \"as of\" date (null: the book as it is today). */\nexport const DATED_READS = [",
        );
        out.push_str(&self.dated.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", "));
        out.push_str("] as const;\n");
        out.push_str("\n/** Every event the app sends the window, and its payload. */\nexport interface Events {\n");
        out.push_str(&self.events);
        out.push_str(
            "}\n\n/** Listens to one of the app's events; resolves with the function that stops listening. */\nexport function listenTo<E extends keyof Events>(event: E, handler: (payload: Events[E]) => void): Promise<UnlistenFn> {\n  return listen<Events[E]>(event, (e) => handler(e.payload));\n}\n",
        );
        out
    }
}

/// Tauri's default argument naming: `partner_id` → `partnerId`.
fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn arguments_are_named_as_tauri_passes_them() {
        assert_eq!(super::camel_case("partner_id"), "partnerId");
        assert_eq!(super::camel_case("as_of"), "asOf");
        assert_eq!(super::camel_case("id"), "id");
    }

    #[test]
    fn a_comment_becomes_js_doc() {
        assert_eq!(super::js_doc(&[" One line."], "  "), "  /** One line. */\n");
        assert_eq!(super::js_doc(&[" Two", " lines."], ""), "/**\n * Two\n * lines.\n */\n");
        assert_eq!(super::js_doc(&[], ""), "");
    }
}
