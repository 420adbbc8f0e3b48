use chrono::NaiveDate;
use csp_core::domain::customer::{Customer, CustomerPage, CustomerUpdate, NewCustomer, Relationship};
use csp_core::service::customers::{self, CustomerSearch, LinkRequest, MarketCheck};
use csp_core::store::reference::Country;
use csp_core::{CoreError, Ctx};
use tauri::State;

#[tauri::command]
pub async fn customer_onboard(ctx: State<'_, Ctx>, input: NewCustomer) -> Result<Customer, CoreError> {
    customers::onboard(&ctx, input).await
}

#[tauri::command]
pub async fn customer_link(ctx: State<'_, Ctx>, input: LinkRequest) -> Result<Relationship, CoreError> {
    customers::link(&ctx, input).await
}

#[tauri::command]
pub async fn customer_search(ctx: State<'_, Ctx>, query: CustomerSearch) -> Result<CustomerPage, CoreError> {
    customers::search(&ctx, query).await
}

#[tauri::command]
pub async fn customer_show(ctx: State<'_, Ctx>, id: String, as_of: Option<NaiveDate>) -> Result<Customer, CoreError> {
    customers::show_as_of(&ctx, &id, as_of).await
}

#[tauri::command]
pub async fn country_list(ctx: State<'_, Ctx>) -> Result<Vec<Country>, CoreError> {
    customers::countries(&ctx).await
}

#[tauri::command]
pub async fn market_check(ctx: State<'_, Ctx>, partner_id: String, country: String) -> Result<MarketCheck, CoreError> {
    customers::market_check(&ctx, &partner_id, &country).await
}

#[tauri::command]
pub async fn customer_update(ctx: State<'_, Ctx>, id: String, input: CustomerUpdate) -> Result<Customer, CoreError> {
    customers::update(&ctx, &id, input).await
}
