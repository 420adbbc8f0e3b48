use chrono::NaiveDate;
use csp_core::domain::transfer::{NewTransfer, Transfer, TransferCandidates};
use csp_core::service::transfers;
use csp_core::{CoreError, Ctx};
use tauri::State;

#[tauri::command]
pub async fn transfer_create(ctx: State<'_, Ctx>, input: NewTransfer) -> Result<Transfer, CoreError> {
    transfers::create(&ctx, input).await
}

#[tauri::command]
pub async fn transfer_accept(ctx: State<'_, Ctx>, id: String, on: NaiveDate) -> Result<Transfer, CoreError> {
    transfers::accept(&ctx, &id, on).await
}

#[tauri::command]
pub async fn transfer_reject(ctx: State<'_, Ctx>, id: String, on: NaiveDate) -> Result<Transfer, CoreError> {
    transfers::reject(&ctx, &id, on).await
}

#[tauri::command]
pub async fn transfer_complete(
    ctx: State<'_, Ctx>,
    id: String,
    on: NaiveDate,
    provider_id: Option<String>,
) -> Result<Transfer, CoreError> {
    transfers::complete_billed_by(&ctx, &id, on, provider_id.as_deref()).await
}

#[tauri::command]
pub async fn transfer_show(ctx: State<'_, Ctx>, id: String, as_of: Option<NaiveDate>) -> Result<Transfer, CoreError> {
    transfers::show_as_of(&ctx, &id, as_of).await
}

#[tauri::command]
pub async fn transfer_list(
    ctx: State<'_, Ctx>,
    customer_id: Option<String>,
    as_of: Option<NaiveDate>,
) -> Result<Vec<Transfer>, CoreError> {
    transfers::list_as_of(&ctx, customer_id.as_deref(), as_of).await
}

/// What a request for the customer may name on `on`: sources, the source's movable subscriptions
/// (`sourcePartnerId` null: the source holding the most) and the valid targets.
#[tauri::command]
pub async fn transfer_candidates(
    ctx: State<'_, Ctx>,
    customer_id: String,
    source_partner_id: Option<String>,
    on: NaiveDate,
) -> Result<TransferCandidates, CoreError> {
    transfers::candidates(&ctx, &customer_id, source_partner_id.as_deref(), on).await
}
