use chrono::NaiveDate;
use csp_core::service::demo::{self, DemoSummary};
use csp_core::{CoreError, Ctx};
use tauri::State;

/// Fills an empty book with the sales demo (from the first-run screen).
#[tauri::command]
pub async fn demo_seed(ctx: State<'_, Ctx>, as_of: Option<NaiveDate>) -> Result<DemoSummary, CoreError> {
    demo::seed(&ctx, as_of).await
}
