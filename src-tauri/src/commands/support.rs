use chrono::NaiveDate;
use csp_core::domain::support::{CaseFilter, EscalationTarget, NewCase, SupportCase};
use csp_core::service::support;
use csp_core::{CoreError, Ctx};
use tauri::State;

#[tauri::command]
pub async fn case_open(ctx: State<'_, Ctx>, input: NewCase) -> Result<SupportCase, CoreError> {
    support::open(&ctx, input).await
}

#[tauri::command]
pub async fn case_escalate(
    ctx: State<'_, Ctx>,
    id: String,
    to: EscalationTarget,
    on: NaiveDate,
    reference: Option<String>,
) -> Result<SupportCase, CoreError> {
    support::escalate(&ctx, &id, to, on, reference.as_deref()).await
}

#[tauri::command]
pub async fn case_note(ctx: State<'_, Ctx>, id: String, text: String, on: NaiveDate) -> Result<SupportCase, CoreError> {
    support::note(&ctx, &id, &text, on).await
}

#[tauri::command]
pub async fn case_resolve(ctx: State<'_, Ctx>, id: String, on: NaiveDate) -> Result<SupportCase, CoreError> {
    support::resolve(&ctx, &id, on).await
}

#[tauri::command]
pub async fn case_reopen(ctx: State<'_, Ctx>, id: String, on: NaiveDate) -> Result<SupportCase, CoreError> {
    support::reopen(&ctx, &id, on).await
}

#[tauri::command]
pub async fn case_close(ctx: State<'_, Ctx>, id: String, on: NaiveDate) -> Result<SupportCase, CoreError> {
    support::close(&ctx, &id, on).await
}

/// One case as it stood on `on` (the window's book date).
#[tauri::command]
pub async fn case_show(ctx: State<'_, Ctx>, id: String, on: NaiveDate) -> Result<SupportCase, CoreError> {
    support::show(&ctx, &id, Some(on)).await
}

/// The cases as they stood on `on`, filtered, overdue first.
#[tauri::command]
pub async fn case_list(ctx: State<'_, Ctx>, filter: CaseFilter, on: NaiveDate) -> Result<Vec<SupportCase>, CoreError> {
    support::list(&ctx, &filter, Some(on)).await
}
