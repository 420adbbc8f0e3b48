use chrono::NaiveDate;
use csp_core::service::dashboard::{self, DashboardSummary};
use csp_core::{CoreError, Ctx};
use tauri::State;

/// The dashboard's figures as of `on` (the window's book date).
#[tauri::command]
pub async fn dashboard_summary(ctx: State<'_, Ctx>, on: NaiveDate) -> Result<DashboardSummary, CoreError> {
    dashboard::summary(&ctx, on).await
}
