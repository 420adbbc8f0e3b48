//! Every command of the table, invoked through the real handler and the real capability on the mock
//! runtime (no display): each is granted to the main window, its arguments as the table declares them
//! deserialise, and it answers with its result or a `{code, message, message_fr}` error — never with
//! the bare string Tauri gives for a refused, unknown or mistyped call.

use std::collections::BTreeMap;

use csp_core::Ctx;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

fn invoke(window: &WebviewWindow<tauri::test::MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn every_command_of_the_table_answers_through_the_real_handler_and_capability() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = tauri::async_runtime::block_on(Ctx::open(&dir.path().join("book.sqlite3"))).unwrap();
    let app = csp_desk_lib::with_commands(mock_builder())
        .manage(ctx)
        .build(tauri::generate_context!(test = true))
        .expect("the app builds on the mock runtime");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    assert!(app.get_webview_window("main").is_some());

    // A book to act on: the sales demo, then an ID of each kind from it.
    let demo = invoke(&window, "demo_seed", json!({ "asOf": null })).expect("demo_seed");
    assert!(demo["customers"].as_u64().unwrap_or(0) > 0, "{demo}");
    let partners = invoke(&window, "partner_list", json!({})).unwrap();
    let partner = partners[0]["id"].as_str().unwrap().to_string();
    let customers = invoke(&window, "customer_search", json!({ "query": { "text": "", "partnerId": null, "sort": null, "descending": false, "offset": 0, "limit": 10 } })).unwrap();
    let customer = customers["rows"][0]["id"].as_str().unwrap().to_string();
    let subscriptions = invoke(&window, "subscription_list", json!({ "customerId": null })).unwrap();
    let subscription = subscriptions[0]["id"].as_str().unwrap().to_string();
    let invoices = invoke(&window, "invoice_list", json!({ "month": null, "status": null })).unwrap();
    let invoice = invoices[0]["id"].as_str().unwrap().to_string();
    let transfers = invoke(&window, "transfer_list", json!({ "customerId": null })).unwrap();
    let transfer = transfers[0]["id"].as_str().unwrap().to_string();
    let day = "2022-03-01";
    let support = invoke(&window, "case_list", json!({ "filter": {}, "on": "2022-03-15" })).unwrap();
    let case = support[0]["id"].as_str().unwrap().to_string();

    let cases: BTreeMap<&str, Value> = BTreeMap::from([
        ("app_info", json!({})),
        ("rule_list", json!({})),
        ("settings_show", json!({})),
        ("settings_set", json!({ "key": "ui.language", "value": "fr" })),
        ("partner_operating", json!({ "asOf": day })),
        (
            "partner_setup_operating",
            json!({ "input": { "name": "", "tier": "direct", "country": "FR", "mci": false, "providers": [] } }),
        ),
        (
            "partner_add",
            json!({ "input": { "name": "Northwind Cloud", "tier": "direct", "country": "FR", "currency": "EUR", "enrolled_on": "2020-01-01", "mci": false, "providers": [] } }),
        ),
        (
            "partner_update",
            json!({ "id": partner, "input": { "name": "", "tier": null, "country": "FR", "mci": false, "providers": [] } }),
        ),
        ("partner_list", json!({ "asOf": day })),
        ("partner_show", json!({ "id": partner, "asOf": day })),
        ("partner_transition", json!({ "input": { "partner_id": partner, "provider_id": partner, "on": day } })),
        (
            "customer_onboard",
            json!({ "input": { "partner_id": partner, "name": "Tailspin", "domain": "tailspin.onmicrosoft.com", "country": "FR", "gcc": false } }),
        ),
        ("customer_link", json!({ "input": { "customer_id": customer, "partner_id": partner, "on": day } })),
        (
            "customer_search",
            json!({ "query": { "text": "a", "partnerId": null, "sort": null, "descending": false, "offset": 0, "limit": 5 } }),
        ),
        ("customer_show", json!({ "id": customer, "asOf": day })),
        ("customer_update", json!({ "id": customer, "input": { "address": "1 rue de Rivoli, Paris" } })),
        ("country_list", json!({})),
        ("market_check", json!({ "partnerId": partner, "country": "DE" })),
        ("dashboard_summary", json!({ "on": day })),
        ("usage_import", json!({ "path": dir.path().join("missing.csv"), "options": null })),
        ("usage_summary", json!({ "month": "2022-01" })),
        ("markup_set", json!({ "input": { "issuer_id": partner, "percent": "12" } })),
        ("markup_list", json!({ "issuerId": null })),
        ("price_preview", json!({ "input": { "issuer_id": partner, "category": "Storage", "erp": "1.5" } })),
        ("billing_run", json!({ "month": "2022-01", "issuerId": null })),
        ("invoice_list", json!({ "month": "2022-01", "status": null })),
        ("invoice_show", json!({ "id": invoice })),
        ("invoice_issue", json!({ "id": "no-such-invoice", "on": null })),
        ("invoice_credit", json!({ "id": "no-such-invoice", "on": null })),
        ("invoice_pay", json!({ "id": "no-such-invoice", "on": day })),
        ("invoice_export", json!({ "ids": [invoice], "month": null, "dir": dir.path().join("pdf"), "lang": "fr" })),
        ("pec_audit", json!({ "month": "2022-01" })),
        ("invoice_platform", json!({ "id": "no-such-invoice", "status": "deposited", "on": day })),
        ("accounting_export", json!({ "from": "2022-01-01", "to": "2022-01-31", "dir": dir.path().join("fec") })),
        ("offer_check", json!({ "partnerId": partner, "customerId": customer, "offer": "AZURE_PLAN", "on": day })),
        ("offer_check_all", json!({ "partnerId": partner, "customerId": null, "on": day })),
        (
            "subscription_add",
            json!({ "input": { "partner_id": partner, "customer_id": customer, "offer": "AZURE_PLAN", "on": day } }),
        ),
        ("subscription_suspend", json!({ "id": subscription, "on": "2020-01-01" })),
        ("subscription_reactivate", json!({ "id": subscription, "on": "2020-01-01" })),
        ("subscription_cancel", json!({ "id": subscription, "on": "2020-01-01" })),
        ("subscription_show", json!({ "id": subscription, "asOf": day })),
        ("subscription_list", json!({ "customerId": customer, "asOf": day })),
        (
            "role_grant",
            json!({ "input": { "subscription_id": subscription, "principal": "customer", "role": "reader", "on": day } }),
        ),
        (
            "role_revoke",
            json!({ "input": { "subscription_id": subscription, "principal": "customer", "role": "owner", "on": day } }),
        ),
        (
            "transfer_create",
            json!({ "input": { "customer_id": customer, "source_partner_id": partner, "target_partner_id": partner, "subscription_ids": [] } }),
        ),
        ("transfer_accept", json!({ "id": transfer, "on": "2000-01-01" })),
        ("transfer_reject", json!({ "id": "no-such-transfer", "on": day })),
        ("transfer_complete", json!({ "id": "no-such-transfer", "on": day, "providerId": null })),
        ("transfer_show", json!({ "id": transfer, "asOf": null })),
        ("transfer_list", json!({ "customerId": customer, "asOf": day })),
        ("transfer_candidates", json!({ "customerId": customer, "sourcePartnerId": null, "on": day })),
        ("demo_seed", json!({ "asOf": null })),
        (
            "case_open",
            json!({ "input": { "partner_id": partner, "customer_id": customer, "title": "Portal down", "severity": "high", "on": day } }),
        ),
        ("case_escalate", json!({ "id": case, "to": "provider", "on": "2022-03-15", "reference": null })),
        ("case_note", json!({ "id": case, "text": "Called back.", "on": "2022-03-15" })),
        ("case_resolve", json!({ "id": case, "on": "2022-03-15" })),
        ("case_reopen", json!({ "id": case, "on": "2022-03-15" })),
        ("case_close", json!({ "id": case, "on": "2022-03-15" })),
        ("case_show", json!({ "id": case, "on": "2022-03-15" })),
        ("case_list", json!({ "filter": { "status": "open", "severity": null }, "on": day })),
        ("book_verify", json!({})),
        ("book_backup", json!({ "out": dir.path().join("copy.sqlite3") })),
        // A file that is not there: refused before the open book is touched.
        ("book_restore", json!({ "file": dir.path().join("missing.sqlite3") })),
        // A price list that is not there: refused, nothing stored.
        ("price_import", json!({ "path": dir.path().join("missing-prices.csv") })),
        ("incentives_report", json!({ "month": "2022-01" })),
        ("exchange_rate_list", json!({})),
        ("exchange_rate_set", json!({ "month": "2022-01", "from": "EUR", "to": "USD", "rate": "1.1325" })),
    ]);
    let table: Vec<&str> = csp_desk_lib::commands::NAMES.to_vec();
    let untested: Vec<_> = table.iter().filter(|n| !cases.contains_key(*n)).collect();
    let unknown: Vec<_> = cases.keys().filter(|n| !table.contains(n)).collect();
    assert!(
        untested.is_empty() && unknown.is_empty(),
        "cases drifted from the table: untested {untested:?}, not in the table {unknown:?}"
    );

    let mut answered = 0;
    for name in &table {
        match invoke(&window, name, cases[name].clone()) {
            Ok(_) => answered += 1,
            Err(e) => assert!(
                e["code"].is_string() && e["message"].is_string() && e["message_fr"].is_string(),
                "{name} did not reach its service: {e}"
            ),
        }
    }
    assert!(answered >= 25, "most commands succeed on the demo book ({answered} of {})", table.len());

    // What Tauri itself refuses comes back as a bare string: the checks above would catch it.
    let refused = invoke(&window, "price_delete", json!({ "path": "/tmp/prices.csv" })).unwrap_err();
    assert!(refused.is_string() && refused["code"].is_null(), "{refused}");
    let mistyped = invoke(&window, "invoice_pay", json!({ "id": invoice, "on": "not a date" })).unwrap_err();
    assert!(mistyped.is_string(), "{mistyped}");
}
