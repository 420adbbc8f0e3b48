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
    "usage_import",
    "usage_summary",
    "price_import",
    "markup_set",
    "markup_list",
    "price_preview",
    "billing_run",
    "invoice_list",
    "invoice_show",
    "invoice_issue",
    "invoice_credit",
    "invoice_pay",
    "pec_audit",
    "incentives_report",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
