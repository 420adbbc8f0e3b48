use csp_core::{CoreError, Ctx};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

#[derive(Serialize, TS)]
pub struct AppInfo {
    version: String,
    db_path: String,
    log_dir: String,
    /// The date the window reads the book at when no "as of" date is chosen (YYYY-MM-DD): the
    /// computer's date, or a demo book's pinned date.
    today: String,
    /// The default date of a dated write (YYYY-MM-DD): the computer's date in a real book, the
    /// business date in a demo book.
    write_today: String,
    /// A demo book: its writes default to the date the window reads it at.
    demo: bool,
}

#[tauri::command]
pub async fn app_info(ctx: State<'_, Ctx>) -> Result<AppInfo, CoreError> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: ctx.db_path().display().to_string(),
        log_dir: csp_core::context::log_dir().display().to_string(),
        today: ctx.today().await?.to_string(),
        write_today: ctx.write_date().await?.to_string(),
        demo: ctx.is_demo().await?,
    })
}

#[derive(Serialize, TS)]
pub struct RuleText {
    id: String,
    en: String,
    fr: String,
}

/// The rule explanations of DOMAIN.md, shown beside every decision.
#[tauri::command]
pub fn rule_list() -> Vec<RuleText> {
    csp_core::domain::rules::ALL
        .iter()
        .map(|r| RuleText { id: r.id.to_string(), en: r.en.to_string(), fr: r.fr.to_string() })
        .collect()
}
