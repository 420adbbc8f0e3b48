use chrono::NaiveDate;
use csp_core::domain::access::{RoleAssignment, RoleGrant, RoleRevoke};
use csp_core::domain::eligibility::Decision;
use csp_core::domain::offer::Offer;
use csp_core::domain::subscription::{NewSubscription, Subscription};
use csp_core::service::{access, offers, subscriptions};
use csp_core::{CoreError, Ctx};
use tauri::State;

/// Asks, never writes: may the partner buy the offer for the customer (None: its own tenant)?
#[tauri::command]
pub async fn offer_check(
    ctx: State<'_, Ctx>,
    partner_id: String,
    customer_id: Option<String>,
    offer: Offer,
    on: NaiveDate,
) -> Result<Decision, CoreError> {
    offers::check(&ctx, &partner_id, customer_id.as_deref(), offer, on).await
}

/// The three offers' decisions for one partner, customer (or own tenant) and date.
#[tauri::command]
pub async fn offer_check_all(
    ctx: State<'_, Ctx>,
    partner_id: String,
    customer_id: Option<String>,
    on: NaiveDate,
) -> Result<Vec<Decision>, CoreError> {
    offers::check_all(&ctx, &partner_id, customer_id.as_deref(), on).await
}

#[tauri::command]
pub async fn subscription_add(ctx: State<'_, Ctx>, input: NewSubscription) -> Result<Subscription, CoreError> {
    subscriptions::order(&ctx, input).await
}

#[tauri::command]
pub async fn subscription_cancel(ctx: State<'_, Ctx>, id: String, on: NaiveDate) -> Result<Subscription, CoreError> {
    subscriptions::cancel(&ctx, &id, on).await
}

#[tauri::command]
pub async fn subscription_suspend(ctx: State<'_, Ctx>, id: String, on: NaiveDate) -> Result<Subscription, CoreError> {
    subscriptions::suspend(&ctx, &id, on).await
}

#[tauri::command]
pub async fn subscription_reactivate(
    ctx: State<'_, Ctx>,
    id: String,
    on: NaiveDate,
) -> Result<Subscription, CoreError> {
    subscriptions::reactivate(&ctx, &id, on).await
}

#[tauri::command]
pub async fn subscription_show(
    ctx: State<'_, Ctx>,
    id: String,
    as_of: Option<NaiveDate>,
) -> Result<Subscription, CoreError> {
    subscriptions::show_as_of(&ctx, &id, as_of).await
}

#[tauri::command]
pub async fn subscription_list(
    ctx: State<'_, Ctx>,
    customer_id: Option<String>,
    as_of: Option<NaiveDate>,
) -> Result<Vec<Subscription>, CoreError> {
    subscriptions::list_as_of(&ctx, customer_id.as_deref(), as_of).await
}

#[tauri::command]
pub async fn role_grant(ctx: State<'_, Ctx>, input: RoleGrant) -> Result<RoleAssignment, CoreError> {
    access::grant(&ctx, input).await
}

#[tauri::command]
pub async fn role_revoke(ctx: State<'_, Ctx>, input: RoleRevoke) -> Result<RoleAssignment, CoreError> {
    access::revoke(&ctx, input).await
}
