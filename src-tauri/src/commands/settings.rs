use std::collections::BTreeMap;

use csp_core::service::prices::{self, ExchangeRate};
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

/// The monthly exchange rates (Settings → exchange rates), newest month first.
#[tauri::command]
pub async fn exchange_rate_list(ctx: State<'_, Ctx>) -> Result<Vec<ExchangeRate>, CoreError> {
    prices::exchange_rates(&ctx).await
}

#[tauri::command]
pub async fn exchange_rate_set(
    ctx: State<'_, Ctx>,
    month: String,
    from: String,
    to: String,
    rate: String,
) -> Result<ExchangeRate, CoreError> {
    prices::exchange_rate_set(&ctx, &month, &from, &to, &rate).await
}
