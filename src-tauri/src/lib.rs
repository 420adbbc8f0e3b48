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
            // Without a database there is nothing to show; say why in the log and on stderr.
            tracing::error!(code = e.code(), "cannot open {}: {e}", db_path.display());
            eprintln!("CSP Desk cannot open {}: {e}", db_path.display());
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

/// The builder with every command registered.
pub fn builder() -> tauri::Builder<tauri::Wry> {
    with_commands(tauri::Builder::default())
}

/// Registers the window's plugins and commands on any runtime (the display-less tests use the mock one).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.plugin(tauri_plugin_dialog::init()).invoke_handler(commands::handler())
}
