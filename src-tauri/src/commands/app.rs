use csp_core::{CoreError, Ctx};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

#[derive(Serialize, TS)]
pub struct AppInfo {
    version: String,
    db_path: String,
    log_dir: String,
    /// The business "today" (YYYY-MM-DD).
    today: String,
    /// The default date of a dated write (YYYY-MM-DD): the computer's date in a real book, the
    /// business date in a demo book.
    write_today: String,
}

#[tauri::command]
pub async fn app_info(ctx: State<'_, Ctx>) -> Result<AppInfo, CoreError> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: ctx.db_path().display().to_string(),
        log_dir: csp_core::context::log_dir().display().to_string(),
        today: ctx.today().await?.to_string(),
        write_today: ctx.write_date().await?.to_string(),
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
