//! Declares the app's commands so that each gets its own `allow-…` permission: the capability
//! file then grants the window exactly the commands the UI uses, nothing else.

const COMMANDS: &[&str] = &[
    "app_info",
    "rule_list",
    "settings_show",
    "settings_set",
    "partner_operating",
    "partner_setup_operating",
    "partner_add",
    "partner_update",
    "partner_list",
    "partner_show",
    "partner_transition",
    "customer_onboard",
    "customer_link",
    "customer_search",
    "customer_show",
    "country_list",
    "market_check",
    "offer_check",
    "offer_check_all",
    "subscription_add",
    "subscription_cancel",
    "subscription_suspend",
    "subscription_reactivate",
    "subscription_show",
    "subscription_list",
    "role_grant",
    "role_revoke",
    "transfer_create",
    "transfer_accept",
    "transfer_reject",
    "transfer_complete",
    "transfer_show",
    "transfer_list",
    "demo_seed",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
