use std::collections::BTreeMap;

use csp_core::service::settings;
use csp_core::{CoreError, Ctx};
use tauri::State;

#[tauri::command]
pub async fn settings_show(ctx: State<'_, Ctx>) -> Result<BTreeMap<String, String>, CoreError> {
    settings::show(&ctx).await
}

#[tauri::command]
pub async fn settings_set(
    ctx: State<'_, Ctx>,
    key: String,
    value: String,
) -> Result<BTreeMap<String, String>, CoreError> {
    settings::set(&ctx, &key, &value).await
}
