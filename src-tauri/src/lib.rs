//! The desktop shell: a thin Tauri layer over `csp-core`. Each command deserialises its
//! arguments, calls one service, and returns the result or a `{code, message, message_fr}` error.

pub mod commands;
mod logging;

use csp_core::Ctx;
use tauri::Manager;

/// Opens the book and starts the window.
pub fn run() {
    let _log_guard = logging::init();
    let db_path = csp_core::context::default_db_path();
    tracing::info!(db = %db_path.display(), "starting CSP Desk");

    let ctx = match tauri::async_runtime::block_on(Ctx::open(&db_path)) {
        Ok(ctx) => ctx,
        Err(e) => {
            // Without a book there is no window: say why in the log, on stderr, and in a message box
            // a person sees (a damaged, locked or newer book must not look like a silent crash).
            tracing::error!(code = e.code().as_str(), "cannot open {}: {e}", db_path.display());
            eprintln!("CSP Desk cannot open {}: {e}", db_path.display());
            cannot_open_message(&db_path, &e);
            std::process::exit(1);
        }
    };

    builder()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            // A second launch brings the running window forward instead of opening the book twice.
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .manage(ctx)
        .run(tauri::generate_context!())
        .expect("error while running CSP Desk");
}

/// A native message box (before any window exists) saying why the book does not open and how to
/// recover, in the system's language.
fn cannot_open_message(db_path: &std::path::Path, e: &csp_core::CoreError) {
    let french = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .is_some_and(|v| v.starts_with("fr"));
    let backups = csp_core::store::backup::automatic_dir(db_path);
    let (title, text) = if french {
        (
            "CSP Desk ne peut pas ouvrir le portefeuille",
            format!(
                "{}\n\n{}\n\nCopies automatiques : {}\nPour restaurer une copie : cspctl book restore FICHIER",
                db_path.display(),
                e.message_fr(),
                backups.display()
            ),
        )
    } else {
        (
            "CSP Desk cannot open the book",
            format!(
                "{}\n\n{e}\n\nAutomatic copies: {}\nTo restore a copy: cspctl book restore FILE",
                db_path.display(),
                backups.display()
            ),
        )
    };
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(title)
        .set_description(text)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

/// The builder with every command registered.
pub fn builder() -> tauri::Builder<tauri::Wry> {
    with_commands(tauri::Builder::default())
}

/// Registers the window's plugins and commands on any runtime (the display-less tests use the mock one).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.plugin(tauri_plugin_dialog::init()).invoke_handler(commands::handler())
}
