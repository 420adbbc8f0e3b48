use chrono::NaiveDate;
use csp_core::domain::partner::{NewPartner, Partner, PartnerPatch};
use csp_core::service::partners::{self, Transition};
use csp_core::{CoreError, Ctx};
use tauri::State;

#[tauri::command]
pub async fn partner_operating(ctx: State<'_, Ctx>, as_of: Option<NaiveDate>) -> Result<Option<Partner>, CoreError> {
    partners::operating_as_of(&ctx, as_of).await
}

#[tauri::command]
pub async fn partner_setup_operating(ctx: State<'_, Ctx>, input: NewPartner) -> Result<Partner, CoreError> {
    partners::setup_operating(&ctx, input).await
}

#[tauri::command]
pub async fn partner_add(ctx: State<'_, Ctx>, input: NewPartner) -> Result<Partner, CoreError> {
    partners::add(&ctx, input).await
}

#[tauri::command]
pub async fn partner_update(ctx: State<'_, Ctx>, id: String, input: PartnerPatch) -> Result<Partner, CoreError> {
    partners::update(&ctx, &id, input).await
}

#[tauri::command]
pub async fn partner_list(ctx: State<'_, Ctx>, as_of: Option<NaiveDate>) -> Result<Vec<Partner>, CoreError> {
    partners::list_as_of(&ctx, as_of).await
}

#[tauri::command]
pub async fn partner_show(ctx: State<'_, Ctx>, id: String, as_of: Option<NaiveDate>) -> Result<Partner, CoreError> {
    partners::show_as_of(&ctx, &id, as_of).await
}

#[tauri::command]
pub async fn partner_transition(ctx: State<'_, Ctx>, input: Transition) -> Result<Partner, CoreError> {
    partners::transition(&ctx, input).await
}
