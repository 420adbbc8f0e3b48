//! Writes the TypeScript schema of the command table: for each command, its arguments (camelCase, as
//! Tauri passes them) and its result, named by the ts-rs bindings they come from.

use std::collections::BTreeSet;

use ts_rs::{Config, TypeVisitor, TS};

#[derive(Default)]
pub struct Schema {
    cfg: Config,
    imports: BTreeSet<String>,
    body: String,
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

impl Schema {
    /// The TypeScript name of `T`, remembering what to import for it.
    pub fn ts<T: TS + 'static + ?Sized>(&mut self) -> String {
        Named { cfg: &self.cfg, out: &mut self.imports }.visit::<T>();
        T::name(&self.cfg)
    }

    pub fn command(&mut self, name: &str, args: &[(&str, String)], result: &str) {
        let args = if args.is_empty() {
            "Record<string, never>".to_string()
        } else {
            let fields: Vec<String> = args.iter().map(|(n, t)| format!("{}: {t}", camel_case(n))).collect();
            format!("{{ {} }}", fields.join("; "))
        };
        self.body.push_str(&format!("  {name}: {{ args: {args}; result: {result} }};\n"));
    }

    pub fn finish(self) -> String {
        let mut out =
            String::from("// Generated from src-tauri/src/commands/table.rs (`make bindings`). Do not edit by hand.\n");
        for name in &self.imports {
            out.push_str(&format!("import type {{ {name} }} from \"./{name}\";\n"));
        }
        out.push_str(
            "\n/** Every command the window may call: its arguments and its result. */\nexport interface Commands {\n",
        );
        out.push_str(&self.body);
        out.push_str("}\n\nexport type CommandName = keyof Commands;\n");
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
}
