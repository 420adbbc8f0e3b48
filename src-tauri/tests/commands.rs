//! Every command of the table, invoked through the real handler and the real capability on the mock
//! runtime (no display): each is granted to the main window, its arguments as the table declares them
//! deserialise, and it answers as its case expects: its result (something of which is checked), or
//! the exact `{code, message, message_fr}` refusal the case provokes — never another code, and never
//! the bare string Tauri gives for a refused, unknown or mistyped call.

use std::collections::BTreeMap;

use csp_core::Ctx;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

/// What a command must do with its case: answer (the check reads something of the answer), or be
/// refused with exactly this code. A command that breaks, or refuses everything, misses.
enum Expect {
    Answers(Box<dyn Fn(&Value) -> bool>),
    Refused(&'static str),
}

fn answers(check: impl Fn(&Value) -> bool + 'static) -> Expect {
    Expect::Answers(Box::new(check))
}

fn refused(code: &'static str) -> Expect {
    Expect::Refused(code)
}

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
    // Three active customer subscriptions: one to cancel, one to suspend and reactivate, one to
    // grant and revoke a role on.
    let active: Vec<String> = subscriptions
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "active" && s["customer_id"].is_string())
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let [to_cancel, to_suspend, to_grant] = [&active[0], &active[1], &active[2]];
    let invoices = invoke(&window, "invoice_list", json!({ "month": null, "status": null })).unwrap();
    let invoice = invoices[0]["id"].as_str().unwrap().to_string();
    let transfers = invoke(&window, "transfer_list", json!({ "customerId": null })).unwrap();
    let transfer = transfers[0]["id"].as_str().unwrap().to_string();
    let day = "2022-03-01";
    let support = invoke(&window, "case_list", json!({ "filter": {}, "on": "2022-03-15" })).unwrap();
    let case = support[0]["id"].as_str().unwrap().to_string();

    let rows = |v: &Value| v.as_array().is_some_and(|a| !a.is_empty());
    let c = customer.clone();
    let s = subscription.clone();
    let i = invoice.clone();
    let t = transfer.clone();
    let k = case.clone();
    let cases: BTreeMap<&str, (Value, Expect)> = BTreeMap::from([
        ("app_info", (json!({}), answers(|v| v["version"] == env!("CARGO_PKG_VERSION")))),
        ("rule_list", (json!({}), answers(rows))),
        // The demo book's writes default to the date the window reads it at.
        (
            "book_dates",
            (
                json!({ "asOf": "2021-11-30" }),
                answers(|v| v["today"] == "2021-11-30" && v["write_today"] == "2021-11-30" && v["demo"] == true),
            ),
        ),
        (
            "accounting_period",
            (json!({ "month": "2024-02" }), answers(|v| v["from"] == "2024-02-01" && v["to"] == "2024-02-29")),
        ),
        ("settings_show", (json!({}), answers(|v| v.is_object()))),
        ("settings_set", (json!({ "key": "ui.language", "value": "fr" }), answers(|v| v["ui.language"] == "fr"))),
        ("partner_operating", (json!({ "asOf": day }), answers(|v| v["operating"] == true))),
        (
            "partner_setup_operating",
            (
                json!({ "input": { "name": "", "tier": "direct", "country": "FR", "mci": false, "providers": [] } }),
                refused("VALIDATION"),
            ),
        ),
        (
            "partner_add",
            (
                json!({ "input": { "name": "Northwind Cloud", "tier": "direct", "country": "FR", "currency": "EUR", "enrolled_on": "2020-01-01", "mci": false, "providers": [] } }),
                answers(|v| v["name"] == "Northwind Cloud" && v["id"].is_string()),
            ),
        ),
        (
            "partner_update",
            (
                json!({ "id": partner, "input": { "name": "", "tier": null, "country": "FR", "mci": false, "providers": [] } }),
                refused("VALIDATION"),
            ),
        ),
        ("partner_list", (json!({ "asOf": day }), answers(rows))),
        (
            "partner_transition",
            (json!({ "input": { "partner_id": partner, "provider_id": partner, "on": day } }), refused("CONFLICT")),
        ),
        (
            "customer_onboard",
            (
                json!({ "input": { "partner_id": partner, "name": "Tailspin", "domain": "tailspin.onmicrosoft.com", "country": "FR", "gcc": false } }),
                answers(|v| v["name"] == "Tailspin"),
            ),
        ),
        (
            "customer_link",
            (
                json!({ "input": { "customer_id": customer, "partner_id": partner, "on": day } }),
                answers(|v| v["since"] == "2022-03-01" && v["partner_name"].is_string()),
            ),
        ),
        (
            "customer_search",
            (
                json!({ "query": { "text": "a", "partnerId": null, "sort": null, "descending": false, "offset": 0, "limit": 5 } }),
                answers(|v| v["rows"].as_array().is_some_and(|r| !r.is_empty() && r.len() <= 5)),
            ),
        ),
        ("customer_show", (json!({ "id": customer, "asOf": day }), answers(move |v| v["id"] == c.as_str()))),
        (
            "customer_update",
            (
                json!({ "id": customer, "input": { "address": "1 rue de Rivoli, Paris" } }),
                answers(|v| v["address"] == "1 rue de Rivoli, Paris"),
            ),
        ),
        ("country_list", (json!({}), answers(rows))),
        ("market_check", (json!({ "partnerId": partner, "country": "DE" }), answers(|v| v.is_object()))),
        ("dashboard_summary", (json!({ "on": day }), answers(|v| v["on"] == "2022-03-01"))),
        ("usage_import", (json!({ "path": dir.path().join("missing.csv"), "options": null }), refused("VALIDATION"))),
        ("usage_summary", (json!({ "month": "2022-01" }), answers(|v| v["month"] == "2022-01"))),
        ("markup_set", (json!({ "input": { "issuer_id": partner, "percent": "12" } }), answers(|v| v.is_object()))),
        ("markup_list", (json!({ "issuerId": null }), answers(rows))),
        (
            "price_preview",
            (
                json!({ "input": { "issuer_id": partner, "category": "Storage", "erp": "1.5" } }),
                answers(|v| v.is_object()),
            ),
        ),
        ("billing_run", (json!({ "month": "2022-01", "issuerId": null }), answers(|v| v.is_object()))),
        ("invoice_list", (json!({ "month": "2022-01", "status": null }), answers(rows))),
        ("invoice_show", (json!({ "id": invoice }), answers(move |v| v["id"] == i.as_str()))),
        ("invoice_issue", (json!({ "id": "no-such-invoice", "on": null }), refused("NOT_FOUND"))),
        ("invoice_credit", (json!({ "id": "no-such-invoice", "on": null }), refused("NOT_FOUND"))),
        ("invoice_pay", (json!({ "id": "no-such-invoice", "on": day }), refused("NOT_FOUND"))),
        (
            "invoice_export",
            (
                json!({ "ids": [invoice], "month": null, "dir": dir.path().join("pdf"), "lang": "fr" }),
                answers(|v| v.as_array().is_some_and(|a| a.len() == 1)),
            ),
        ),
        ("pec_audit", (json!({ "month": "2022-01" }), answers(|v| v["month"] == "2022-01"))),
        (
            "invoice_platform",
            (json!({ "id": "no-such-invoice", "status": "deposited", "on": day }), refused("NOT_FOUND")),
        ),
        (
            "accounting_export",
            (
                json!({ "from": "2022-01-01", "to": "2022-01-31", "dir": dir.path().join("fec") }),
                answers(|v| v.is_object()),
            ),
        ),
        (
            "offer_check_all",
            (
                json!({ "partnerId": partner, "customerId": null, "on": day }),
                answers(|v| v.as_array().is_some_and(|a| a.len() == 3)),
            ),
        ),
        (
            "subscription_add",
            (
                json!({ "input": { "partner_id": partner, "customer_id": customer, "offer": "AZURE_PLAN", "on": day } }),
                answers(|v| v["id"].is_string()),
            ),
        ),
        ("subscription_cancel", (json!({ "id": to_cancel, "on": day }), answers(|v| v["status"] == "cancelled"))),
        ("subscription_suspend", (json!({ "id": to_suspend, "on": day }), answers(|v| v["status"] == "suspended"))),
        ("subscription_reactivate", (json!({ "id": to_suspend, "on": day }), answers(|v| v["status"] == "active"))),
        (
            "subscription_show",
            (
                json!({ "id": subscription, "asOf": day }),
                answers(move |v| v["id"] == s.as_str() && v["can_grant"].is_boolean()),
            ),
        ),
        ("subscription_list", (json!({ "customerId": customer, "asOf": day }), answers(rows))),
        (
            "role_grant",
            (
                json!({ "input": { "subscription_id": to_grant, "principal": "customer", "role": "reader", "on": day } }),
                answers(|v| v["role"] == "reader" && v["until"].is_null()),
            ),
        ),
        (
            "role_revoke",
            (
                json!({ "input": { "subscription_id": to_grant, "principal": "customer", "role": "reader", "on": "2022-03-02" } }),
                answers(|v| v["role"] == "reader" && v["until"] == "2022-03-02"),
            ),
        ),
        (
            "transfer_create",
            (
                json!({ "input": { "customer_id": customer, "source_partner_id": partner, "target_partner_id": partner, "subscription_ids": [] } }),
                refused("TRANSFER_SAME_PARTNER"),
            ),
        ),
        ("transfer_accept", (json!({ "id": transfer, "on": "2000-01-01" }), refused("VALIDATION"))),
        ("transfer_reject", (json!({ "id": "no-such-transfer", "on": day }), refused("NOT_FOUND"))),
        (
            "transfer_complete",
            (json!({ "id": "no-such-transfer", "on": day, "providerId": null }), refused("NOT_FOUND")),
        ),
        ("transfer_show", (json!({ "id": transfer, "asOf": null }), answers(move |v| v["id"] == t.as_str()))),
        ("transfer_list", (json!({ "customerId": customer, "asOf": day }), answers(|v| v.is_array()))),
        (
            "transfer_candidates",
            (json!({ "customerId": customer, "sourcePartnerId": null, "on": day }), answers(|v| v.is_object())),
        ),
        ("demo_seed", (json!({ "asOf": null }), refused("CONFLICT"))),
        (
            "case_open",
            (
                json!({ "input": { "partner_id": partner, "customer_id": customer, "title": "Portal down", "severity": "high", "on": day } }),
                answers(|v| v["title"] == "Portal down"),
            ),
        ),
        (
            "case_escalate",
            (
                json!({ "id": case, "to": "microsoft", "on": "2022-03-15", "reference": "MS-2203150001" }),
                answers(|v| v["status"] == "escalated"),
            ),
        ),
        ("case_note", (json!({ "id": case, "text": "Called back.", "on": "2022-03-15" }), answers(|v| v.is_object()))),
        ("case_resolve", (json!({ "id": case, "on": "2022-03-15" }), answers(|v| v["status"] == "resolved"))),
        ("case_reopen", (json!({ "id": case, "on": "2022-03-15" }), answers(|v| v["status"] == "open"))),
        // Reopened just before: only a resolved case closes.
        ("case_close", (json!({ "id": case, "on": "2022-03-15" }), refused("CONFLICT"))),
        ("case_show", (json!({ "id": case, "on": "2022-03-15" }), answers(move |v| v["id"] == k.as_str()))),
        (
            "case_list",
            (json!({ "filter": { "status": "open", "severity": null }, "on": day }), answers(|v| v.is_array())),
        ),
        ("book_verify", (json!({}), answers(|v| v.is_object()))),
        ("book_backup", (json!({ "out": dir.path().join("copy.sqlite3") }), answers(|v| v.is_object()))),
        // A file that is not there: refused before the open book is touched.
        ("book_restore", (json!({ "file": dir.path().join("missing.sqlite3") }), refused("NOT_FOUND"))),
        // A price list that is not there: refused, nothing stored.
        ("price_import", (json!({ "path": dir.path().join("missing-prices.csv") }), refused("VALIDATION"))),
        ("incentives_report", (json!({ "month": "2022-01" }), answers(|v| v["month"] == "2022-01"))),
        (
            "month_status",
            (
                json!({ "issuerId": partner, "month": "2022-01" }),
                answers(|v| v["month"] == "2022-01" && v["differences"].is_array()),
            ),
        ),
        // No difference 999: refused, nothing written.
        (
            "month_acknowledge",
            (
                json!({ "issuerId": partner, "month": "2022-01", "index": 999, "note": "known", "on": null }),
                refused("NOT_FOUND"),
            ),
        ),
        // A month before any usage: nothing to issue or acknowledge, it closes.
        (
            "month_close",
            (json!({ "issuerId": partner, "month": "2021-07", "on": null }), answers(|v| v["closed"] == true)),
        ),
        ("margin_report", (json!({ "month": "2022-01", "issuerId": null, "by": null }), answers(|v| v.is_array()))),
        ("microsoft_import", (json!({ "path": dir.path().join("missing-invoice.csv") }), refused("VALIDATION"))),
        ("exchange_rate_list", (json!({}), answers(|v| v.is_array()))),
        (
            "exchange_rate_set",
            (
                json!({ "month": "2022-01", "from": "EUR", "to": "USD", "rate": "1.1325" }),
                answers(|v| v["rate"] == "1.1325"),
            ),
        ),
    ]);
    let table: Vec<&str> = csp_desk_lib::commands::NAMES.to_vec();
    let untested: Vec<_> = table.iter().filter(|n| !cases.contains_key(*n)).collect();
    let unknown: Vec<_> = cases.keys().filter(|n| !table.contains(n)).collect();
    assert!(
        untested.is_empty() && unknown.is_empty(),
        "cases drifted from the table: untested {untested:?}, not in the table {unknown:?}"
    );

    // Each command answers as its case expects; every miss is listed at once.
    let mut missed = Vec::new();
    for name in &table {
        let (args, expect) = &cases[name];
        let answer = invoke(&window, name, args.clone());
        let met = match (expect, &answer) {
            (Expect::Answers(check), Ok(v)) => check(v),
            (Expect::Refused(code), Err(e)) => {
                e["code"] == *code && e["message"].is_string() && e["message_fr"].is_string()
            }
            _ => false,
        };
        if !met {
            let expected = match expect {
                Expect::Answers(_) => "an answer that passes its check".to_string(),
                Expect::Refused(code) => format!("refused with {code}"),
            };
            missed.push(format!("{name}: expected {expected}, got {answer:?}"));
        }
    }
    assert!(missed.is_empty(), "{} of {} commands missed:\n{}", missed.len(), table.len(), missed.join("\n"));

    // What Tauri itself refuses comes back as a bare string: the checks above would catch it.
    let refused = invoke(&window, "price_delete", json!({ "path": "/tmp/prices.csv" })).unwrap_err();
    assert!(refused.is_string() && refused["code"].is_null(), "{refused}");
    let mistyped = invoke(&window, "invoice_pay", json!({ "id": invoice, "on": "not a date" })).unwrap_err();
    assert!(mistyped.is_string(), "{mistyped}");
}

#[test]
fn a_real_books_writes_default_to_the_computers_date_whatever_date_the_window_shows() {
    let dir = tempfile::tempdir().unwrap();
    tauri::async_runtime::block_on(async {
        let ctx = Ctx::open(&dir.path().join("book.sqlite3")).await.unwrap();
        let shown = chrono::NaiveDate::from_ymd_opt(2021, 11, 30).unwrap();
        let dates = csp_core::service::settings::dates(&ctx, Some(shown)).await.unwrap();
        assert_eq!((dates.today, dates.write_today, dates.demo), (shown, ctx.write_date().await.unwrap(), false));
        let now = csp_core::service::settings::dates(&ctx, None).await.unwrap();
        assert_eq!(now.today, ctx.today().await.unwrap());
    });
}
