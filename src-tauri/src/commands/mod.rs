//! Tauri commands, one module per area. A command never holds a rule: it calls one service.

pub mod app;
pub mod billing;
pub mod customers;
pub mod demo;
pub mod partners;
pub mod settings;
pub mod subscriptions;
pub mod transfers;

/// Every command the UI may call (each also needs its `allow-…` permission in the capability).
pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app::app_info,
        app::rule_list,
        settings::settings_show,
        settings::settings_set,
        partners::partner_operating,
        partners::partner_setup_operating,
        partners::partner_add,
        partners::partner_update,
        partners::partner_list,
        partners::partner_show,
        partners::partner_transition,
        customers::customer_onboard,
        customers::customer_link,
        customers::customer_search,
        customers::customer_show,
        customers::country_list,
        customers::market_check,
        billing::usage_import,
        billing::usage_summary,
        billing::price_import,
        billing::markup_set,
        billing::markup_list,
        billing::price_preview,
        billing::billing_run,
        billing::invoice_list,
        billing::invoice_show,
        billing::invoice_issue,
        billing::invoice_credit,
        billing::invoice_pay,
        billing::invoice_export,
        billing::pec_audit,
        billing::incentives_report,
        subscriptions::offer_check,
        subscriptions::offer_check_all,
        subscriptions::subscription_add,
        subscriptions::subscription_cancel,
        subscriptions::subscription_suspend,
        subscriptions::subscription_reactivate,
        subscriptions::subscription_show,
        subscriptions::subscription_list,
        subscriptions::role_grant,
        subscriptions::role_revoke,
        transfers::transfer_create,
        transfers::transfer_accept,
        transfers::transfer_reject,
        transfers::transfer_complete,
        transfers::transfer_show,
        transfers::transfer_list,
        demo::demo_seed,
    ]
}
