//! Usage to invoices through `cspctl`, as a distributor scripts a month: import, prices, markups,
//! billing run, issue, credit, pay, reconciliation; refusals; a kill -9 in the middle of a batch.

use std::path::Path;
use std::time::Duration;

use csp_acceptance::Book;
use serde_json::Value;

const HEADER: &str =
    "CustomerId,CustomerName,CustomerDomainName,CustomerCountry,SubscriptionId,EntitlementDescription,\
UsageDate,MeterId,MeterName,MeterCategory,Unit,Quantity,UnitPrice,PricingCurrency,BillingCurrency,PCToBCExchangeRate,\
PartnerEarnedCreditPercentage,CreditType,Tags";

/// One usage row in Partner Center's form (MM/DD/YYYY dates, a quoted JSON cell).
#[allow(clippy::too_many_arguments)]
fn usage_row(
    tenant: &str,
    n: usize,
    sub: &str,
    date: &str,
    meter: &str,
    category: &str,
    qty: &str,
    price: &str,
) -> String {
    format!(
        "{tenant},Customer {n:03},customer-{n:03}.onmicrosoft.com,FR,{sub},Azure plan {n},{date},{meter},Meter {meter},\
         {category},1 Hour,{qty},{price},EUR,EUR,1,0,Credit Not Applied,\"{{\"\"env\"\":\"\"prod, eu\"\"}}\""
    )
}

fn tenant(n: usize) -> String {
    format!("aaaaaaaa-0000-4000-8000-{n:012}")
}

fn sub(n: usize) -> String {
    format!("bbbbbbbb-0000-4000-8000-{n:012}")
}

fn write(path: &Path, lines: &[String]) {
    let mut text = String::from("\u{feff}");
    text.push_str(HEADER);
    for l in lines {
        text.push_str("\r\n");
        text.push_str(l);
    }
    text.push_str("\r\n");
    std::fs::write(path, text).unwrap();
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

/// A direct partner, business today set, and `n` customers with usage adopted from a file.
fn book_with_usage(n: usize) -> (Book, String) {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    let lines: Vec<String> = (0..n)
        .flat_map(|i| {
            [
                usage_row(&tenant(i), i, &sub(i), "10/01/2026", "vm", "Virtual Machines", "10", "0.096"),
                usage_row(&tenant(i), i, &sub(i), "10/02/2026", "st", "Storage", "3.5", "0.02"),
            ]
        })
        .collect();
    let file = book.dir.path().join("usage.csv");
    write(&file, &lines);
    let res = book.ok(&["usage", "import", file.to_str().unwrap(), "--adopt"]);
    assert_eq!(res["imported"], 2 * n as u64);
    assert_eq!(res["adopted_customers"], n as u64);
    assert_eq!(res["adopted_subscriptions"], n as u64);
    assert_eq!(res["skipped_duplicates"], 0);
    book.address_every_customer();
    (book, p)
}

#[test]
fn a_month_from_usage_to_paid_invoice() {
    let (book, p) = book_with_usage(2);
    let prices = book.dir.path().join("prices.csv");
    std::fs::write(
        &prices,
        "MeterId,MeterName,MeterCategory,Unit,Currency,ERP,EffectiveFrom,EffectiveTo,PecEligible\n\
         vm,D2s v5,Virtual Machines,1 Hour,EUR,0.096,2021-01-01,,yes\n\
         vm,D2s v5,Virtual Machines,1 Hour,USD,0.11,2021-01-01,,yes\n\
         st,LRS,Storage,1 GB/Month,EUR,0.02,2021-01-01,,no\n",
    )
    .unwrap();
    assert_eq!(book.ok(&["price", "import", prices.to_str().unwrap()])["meters"], 2);

    let customers = book.ok(&["customer", "list"]);
    let c0 = customers.as_array().unwrap().iter().find(|c| c["name"] == "Customer 000").unwrap()["id"].clone();
    let c0 = s(&c0).to_string();
    let rule = book.ok(&["markup", "set", "--issuer", &p, "--default", "--percent", "10"]);
    assert_eq!((rule["scope"].as_str(), rule["percent"].as_str()), (Some("default"), Some("10")));
    let rule =
        book.ok(&["markup", "set", "--issuer", &p, "--customer", &c0, "--category", "Storage", "--percent", "-5"]);
    assert_eq!(rule["scope"], "customer_category");

    let summary = book.ok(&["usage", "summary", "--month", "2026-10"]);
    assert_eq!((summary["rows"].as_i64(), summary["subscriptions"].as_i64()), (Some(4), Some(2)));

    let run = book.ok(&["billing", "run", "--month", "2026-10"]);
    let ids: Vec<String> = run["invoices"].as_array().unwrap().iter().map(|v| s(v).to_string()).collect();
    assert_eq!(ids.len(), 2);
    let list = book.ok(&["invoice", "list", "--month", "2026-10", "--status", "draft"]);
    let inv0 = list.as_array().unwrap().iter().find(|i| i["customer_id"] == c0.as_str()).unwrap();
    let id0 = s(&inv0["id"]).to_string();

    let shown = book.ok(&["invoice", "show", &id0]);
    assert_eq!(shown["status"], "draft");
    assert!(shown["number"].is_null());
    assert_eq!(shown["currency"], "EUR");
    assert_eq!(shown["issuer_id"], p.as_str());
    // 10 × 0.096 × 1.10 = 1.056 → 1.06 ; 3.5 × 0.02 × 0.95 = 0.0665 → 0.07 ; VAT 20 % of 1.13 = 0.226 → 0.23
    assert_eq!((s(&shown["subtotal"]), s(&shown["tax"]), s(&shown["total"])), ("1.13", "0.23", "1.36"));
    let lines = shown["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    let vm = lines.iter().find(|l| l["meter_id"] == "vm").unwrap();
    assert_eq!((s(&vm["unit_price"]), s(&vm["amount"]), s(&vm["quantity"])), ("0.1056", "1.06", "10"));
    assert_eq!(shown["tax_mention"], "none");

    let issued = book.ok(&["invoice", "issue", &id0, "--on", "2026-11-02"]);
    assert_eq!((issued["number"].as_str(), issued["status"].as_str()), (Some("INV-2026-000001"), Some("issued")));
    assert_eq!(issued["due_on"], "2026-12-02");
    let paid = book.ok(&["invoice", "pay", "INV-2026-000001", "--on", "2026-11-20"]);
    assert_eq!((paid["status"].as_str(), paid["paid_on"].as_str()), (Some("paid"), Some("2026-11-20")));
    let rest = book.ok(&["invoice", "issue", "--all", "--month", "2026-10"]);
    let rest = rest.as_array().unwrap();
    assert_eq!(rest.len(), 1);
    // Without --on, a real book issues on the computer's date, not on its "as of" date.
    let today = chrono::Local::now().date_naive().to_string();
    assert_eq!(
        (rest[0]["number"].as_str(), rest[0]["issued_on"].as_str()),
        (Some("INV-2026-000002"), Some(today.as_str()))
    );

    let out = book.dir.path().join("recon/2026-10.csv");
    let recon = book.ok(&["reconciliation", "export", "--month", "2026-10", "--out", out.to_str().unwrap()]);
    assert_eq!(recon["rows"], 4);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("UsageId,UsageDate,CustomerId"), "{text}");
    assert_eq!(text.lines().count(), 5);
    assert!(text.contains("INV-2026-000001"));

    // The partner holds owner on the adopted subscriptions: PEC was due on the eligible VM meter.
    let audit = book.ok(&["reconciliation", "pec-audit", "--month", "2026-10"]);
    assert_eq!(audit["rows"].as_array().unwrap().len(), 2, "{audit}");
    // 10 × 0.096 × 15 % = 0.144 → 0.14 per customer.
    assert_eq!(audit["missing_total"]["EUR"], "0.28");

    let pdfs = book.dir.path().join("pdf");
    let one = book.ok(&["invoice", "export", &id0, "--out", pdfs.to_str().unwrap(), "--lang", "en"]);
    let files: Vec<String> = one["files"].as_array().unwrap().iter().map(|f| s(f).to_string()).collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].ends_with("INV-2026-000001.pdf"), "{files:?}");
    let bytes = std::fs::read(&files[0]).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let month = book.ok(&["invoice", "export", "--month", "2026-10", "--out", pdfs.to_str().unwrap()]);
    assert_eq!(month["files"].as_array().unwrap().len(), 2);
    assert!(pdfs.join("INV-2026-000002.pdf").exists());
    assert_eq!(
        book.run(&["invoice", "export", &id0, "--out", pdfs.to_str().unwrap(), "--lang", "de"]).error_code(),
        "VALIDATION"
    );
}

#[test]
fn a_credit_note_voids_and_the_next_run_drafts_a_corrected_invoice() {
    let (book, _) = book_with_usage(1);
    let id = s(&book.ok(&["billing", "run", "--month", "2026-10"])["invoices"][0]).to_string();
    book.ok(&["invoice", "issue", &id, "--on", "2026-11-02"]);
    let cn = book.ok(&["invoice", "credit", &id, "--on", "2026-11-03"]);
    assert_eq!((cn["number"].as_str(), cn["credits"].as_str()), (Some("CN-2026-000001"), Some(id.as_str())));
    assert_eq!(cn["kind"], "credit_note");
    assert!(s(&cn["total"]).starts_with('-'));
    assert_eq!(book.ok(&["invoice", "show", &id])["status"], "voided");
    assert_eq!(book.run(&["invoice", "credit", &id]).error_code(), "CONFLICT");
    let again = book.ok(&["billing", "run", "--month", "2026-10"]);
    let new_id = s(&again["invoices"][0]).to_string();
    assert_ne!(new_id, id);
    let issued = book.ok(&["invoice", "issue", &new_id, "--on", "2026-11-03"]);
    assert_eq!(issued["number"], "INV-2026-000002");
}

#[test]
fn a_bad_row_exits_1_naming_row_and_column_and_imports_nothing() {
    let (book, _) = book_with_usage(1);
    let file = book.dir.path().join("bad.csv");
    write(
        &file,
        &[
            usage_row(&tenant(0), 0, &sub(0), "10/05/2026", "vm", "Virtual Machines", "1", "0.1"),
            usage_row(&tenant(0), 0, &sub(0), "10/06/2026", "vm", "Virtual Machines", "\"1,5\"", "0.1"),
        ],
    );
    let out = book.run(&["usage", "import", file.to_str().unwrap()]);
    assert_eq!(out.error_code(), "VALIDATION");
    let msg = out.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(msg.starts_with("row 3, column Quantity:"), "{msg}");
    assert!(out.stderr.contains("row 3, column Quantity"));
    let summary = book.ok(&["usage", "summary", "--month", "2026-10"]);
    assert_eq!(summary["rows"], 2, "the earlier import only");
    // Unknown tenant without --adopt.
    write(&file, &[usage_row(&tenant(7), 7, &sub(7), "10/05/2026", "vm", "Virtual Machines", "1", "0.1")]);
    let out = book.run(&["usage", "import", file.to_str().unwrap()]);
    assert_eq!(out.error_code(), "VALIDATION");
    assert!(out.json()["error"]["message"].as_str().unwrap().starts_with("row 2, column CustomerId:"));
}

#[test]
fn values_that_do_not_parse_are_validation_and_usage_errors_exit_2() {
    let (book, p) = book_with_usage(1);
    for args in [
        vec!["markup", "set", "--issuer", p.as_str(), "--default", "--percent", "ten"],
        vec!["billing", "run", "--month", "2026-13"],
        vec!["invoice", "issue", "--all", "--month", "2026-10", "--on", "2026-02-30"],
        vec!["invoice", "list", "--status", "lost"],
        vec!["usage", "summary", "--month", "october"],
    ] {
        assert_eq!(book.run(&args).error_code(), "VALIDATION", "{args:?}");
    }
    assert_eq!(book.run(&["invoice", "show", "INV-1999-000001"]).error_code(), "NOT_FOUND");
    assert_eq!(book.run(&["markup", "set", "--issuer", &p, "--percent", "5"]).code, 2, "a scope is required");
    assert_eq!(book.run(&["billing", "run"]).code, 2, "--month is required");
}

#[test]
fn kill_9_during_a_batch_issue_leaves_no_gap_and_no_half_issued_invoice() {
    let n = 500;
    let (book, _) = book_with_usage(n);
    let run = book.ok(&["billing", "run", "--month", "2026-10"]);
    assert_eq!(run["invoices"].as_array().unwrap().len(), n);
    let bin = csp_acceptance::target_debug().join("cspctl");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut interrupted = false;
    for delay_ms in [60u64, 120, 200, 300, 450, 700, 1000, 1500, 2500] {
        let mut child = std::process::Command::new(&bin)
            .args(["--db", book.db.to_str().unwrap(), "--json", "invoice", "issue", "--all", "--month", "2026-10"])
            .args(["--on", "2026-11-02"])
            .env_remove("CSPDESK_DB")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        let (issued, seqs, last, bad) = rt.block_on(state(&book.db));
        assert_eq!(bad, 0, "an invoice is issued with its number, or draft with none");
        assert_eq!(seqs, (1..=issued).collect::<Vec<_>>(), "gapless after kill -9 at {delay_ms} ms");
        assert_eq!(last, issued, "the counter never runs ahead of the issued invoices");
        // A batch is all or nothing: killed part-way, not one of its invoices stays issued.
        assert!(issued == 0 || issued == n as i64, "{issued} of {n} issued after kill -9 at {delay_ms} ms");
        if !finished && issued == 0 {
            interrupted = true;
        }
        if issued == n as i64 {
            break;
        }
    }
    assert!(interrupted, "the batch was killed before it finished at least once");
    let rest = book.ok(&["invoice", "issue", "--all", "--month", "2026-10", "--on", "2026-11-02"]);
    let (issued, seqs, _, _) = rt.block_on(state(&book.db));
    assert_eq!(issued, n as i64, "{} issued on resume", rest.as_array().unwrap().len());
    assert_eq!(seqs, (1..=n as i64).collect::<Vec<_>>());
}

/// (issued count, issued sequence numbers in order, counter, inconsistent rows).
async fn state(db: &Path) -> (i64, Vec<i64>, i64, i64) {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display())).await.unwrap();
    let seqs: Vec<(i64,)> =
        sqlx::query_as("SELECT number_seq FROM invoices WHERE status <> 'draft' ORDER BY number_seq")
            .fetch_all(&pool)
            .await
            .unwrap();
    let (last,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(last_seq), 0) FROM invoice_numbers").fetch_one(&pool).await.unwrap();
    let (bad,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM invoices WHERE (status = 'draft') <> (number IS NULL) OR (status = 'issued' AND issued_on IS NULL)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    pool.close().await;
    (seqs.len() as i64, seqs.into_iter().map(|s| s.0).collect(), last, bad)
}

/// The words of a document's PDF (`invoice export`, read back with `pdftotext`).
fn pdf_words(book: &Book, id: &str, lang: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = book.ok(&["invoice", "export", id, "--out", dir.path().to_str().unwrap(), "--lang", lang]);
    let file = out["files"][0].as_str().or_else(|| out[0].as_str()).unwrap().to_string();
    let text = std::process::Command::new("pdftotext").args(["-enc", "UTF-8", &file, "-"]).output().unwrap();
    String::from_utf8(text.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn partner_and_customer_updates_leave_issued_invoices_as_they_printed() {
    let (book, p) = book_with_usage(2);
    let ids: Vec<String> = book.ok(&["billing", "run", "--month", "2026-10"])["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| s(v).to_string())
        .collect();
    let issued = book.ok(&["invoice", "issue", &ids[0], "--on", "2026-11-02"]);
    let customer = s(&issued["customer_id"]).to_string();
    let draft = &ids[1];
    let before = (pdf_words(&book, &ids[0], "fr"), pdf_words(&book, &ids[0], "en"));

    let updated = book.ok(&[
        "partner",
        "update",
        &p,
        "--name",
        "Contoso Renamed SA",
        "--legal-form",
        "SA",
        "--iban",
        "DE89 3704 0044 0532 0130 00",
        "--bic",
        "DEUTDEFFXXX",
        "--payment-terms-days",
        "45",
    ]);
    assert_eq!(
        (updated["name"].as_str(), updated["legal"]["legal_form"].as_str()),
        (Some("Contoso Renamed SA"), Some("SA"))
    );
    assert_eq!(updated["legal"]["siren"], "732829320", "an option not given keeps its value");
    let c = book.ok(&[
        "customer",
        "update",
        &customer,
        "--name",
        "Renamed Customer",
        "--delivery-address",
        "Entrepôt 4, Saint-Denis",
        "--siren",
        "552100554",
    ]);
    assert_eq!(
        (c["name"].as_str(), c["delivery_address"].as_str()),
        (Some("Renamed Customer"), Some("Entrepôt 4, Saint-Denis"))
    );
    // `settings set issuer.*` edits the operating partner's own identity: one source of truth.
    book.ok(&["settings", "set", "issuer.share_capital", "99 999 €"]);
    assert_eq!(book.ok(&["partner", "show", &p])["legal"]["share_capital"], "99 999 €");
    assert_eq!(book.ok(&["settings", "show"])["issuer.legal_form"], "SA");

    assert_eq!((pdf_words(&book, &ids[0], "fr"), pdf_words(&book, &ids[0], "en")), before);
    let draft_text = pdf_words(&book, draft, "fr");
    assert!(draft_text.contains("Contoso Renamed SA") && draft_text.contains("99 999 €"), "{draft_text}");
}

#[test]
fn refusals_name_their_rule_and_write_nothing() {
    let (book, p) = book_with_usage(2);
    let ids: Vec<String> = book.ok(&["billing", "run", "--month", "2026-10"])["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| s(v).to_string())
        .collect();
    let customer = s(&book.ok(&["invoice", "show", &ids[0]])["customer_id"]).to_string();
    let unchanged = |args: &[&str], code: &str| {
        let before = (
            book.ok(&["partner", "show", &p]),
            book.ok(&["customer", "show", &customer]),
            book.ok(&["invoice", "list"]),
        );
        let out = book.run(args);
        assert_eq!((out.code, out.error_code()), (1, code.to_string()), "{args:?}: {out:?}");
        let after = (
            book.ok(&["partner", "show", &p]),
            book.ok(&["customer", "show", &customer]),
            book.ok(&["invoice", "list"]),
        );
        assert_eq!(after, before, "{args:?} wrote nothing");
        out
    };
    unchanged(&["partner", "update", &p, "--iban", "FR76 0000 0000"], "VALIDATION");
    unchanged(&["partner", "update", &p, "--payment-terms-days", "61"], "VALIDATION");
    unchanged(&["partner", "update", &p, "--siren", "123456789"], "VALIDATION");
    unchanged(&["customer", "update", &customer, "--vat-id", "DE123"], "VALIDATION");
    unchanged(&["customer", "update", &customer, "--name", " "], "VALIDATION");
    unchanged(&["customer", "update", "nope", "--name", "X"], "NOT_FOUND");
    unchanged(&["invoice", "issue", &ids[0], "--on", "2099-01-01"], "INVOICE_DATE_FUTURE");

    book.ok(&["invoice", "issue", &ids[0], "--on", "2026-11-10"]);
    unchanged(&["invoice", "issue", &ids[1], "--on", "2026-11-09"], "INVOICE_DATE_ORDER");

    book.ok(&["partner", "update", &p, "--rcs", "", "--legal-form", ""]);
    let out = unchanged(
        &["invoice", "issue", "--all", "--month", "2026-10", "--on", "2026-11-10"],
        "INVOICE_MENTIONS_MISSING",
    );
    assert!(out.stderr.contains("legal form") && out.stderr.contains("RCS"), "{}", out.stderr);
}

/// The direct partner of [`book_with_usage`] becomes a distributor's reseller on 2026-10-02.
fn transitioned(book: &Book, p: &str) -> String {
    let v = s(&book.ok(&[
        "partner",
        "add",
        "--name",
        "Distri SA",
        "--tier",
        "indirect-provider",
        "--country",
        "FR",
        "--currency",
        "EUR",
        "--enrolled-on",
        "2015-01-01",
    ])["id"])
    .to_string();
    book.ok(&["partner", "transition", "--partner", p, "--provider", &v, "--on", "2026-10-02"]);
    v
}

#[test]
fn after_a_transition_the_provider_bills_the_reseller_from_that_day_with_its_reseller_rule() {
    let (book, p) = book_with_usage(1);
    let v = transitioned(&book, &p);
    let shown = book.ok(&["subscription", "show", &sub(0)]);
    assert_eq!((s(&shown["partner_id"]), s(&shown["billing_partner_id"])), (p.as_str(), v.as_str()));
    let c = s(&book.ok(&["customer", "list"])[0]["id"]).to_string();
    // The provider's rule for its reseller prices what it bills the reseller, whatever rule it has
    // for the reseller's customer.
    book.ok(&["markup", "set", "--issuer", &v, "--reseller", &p, "--percent", "2"]);
    book.ok(&["markup", "set", "--issuer", &v, "--customer", &c, "--percent", "50"]);

    let run = book.ok(&["billing", "run", "--month", "2026-10"]);
    assert_eq!(run["invoices"].as_array().unwrap().len(), 2);
    let list = book.ok(&["invoice", "list", "--month", "2026-10"]);
    let list = list.as_array().unwrap();
    let to_customer = list.iter().find(|i| i["customer_id"] == c.as_str()).unwrap();
    assert_eq!(s(&to_customer["issuer_id"]), p);
    // The whole month: 10 × 0.096 = 0.96 and 3.5 × 0.02 = 0.07.
    assert_eq!(s(&to_customer["subtotal"]), "1.03");
    let to_reseller = list.iter().find(|i| i["reseller_id"] == p.as_str()).unwrap();
    assert_eq!(s(&to_reseller["issuer_id"]), v);
    let shown = book.ok(&["invoice", "show", s(&to_reseller["id"])]);
    let lines = shown["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "only the usage dated from the transition: {shown}");
    assert_eq!((s(&lines[0]["meter_id"]), s(&lines[0]["unit_price"])), ("st", "0.0204"));
}

#[test]
fn a_resellers_admin_agents_group_gives_it_pec_in_the_audit() {
    let (book, p) = book_with_usage(1);
    transitioned(&book, &p);
    let owner = format!("partner:{p}");
    book.ok(&[
        "role",
        "revoke",
        "--subscription",
        &sub(0),
        "--principal",
        &owner,
        "--role",
        "owner",
        "--on",
        "2026-10-01",
    ]);
    let audit = book.ok(&["reconciliation", "pec-audit", "--month", "2026-10"]);
    assert_eq!(audit["rows"].as_array().unwrap().len(), 0, "no admin rights, no PEC due: {audit}");
    let group = format!("reseller:{p}");
    book.ok(&[
        "role",
        "grant",
        "--subscription",
        &sub(0),
        "--principal",
        &group,
        "--role",
        "contributor",
        "--on",
        "2026-10-02",
    ]);
    let audit = book.ok(&["reconciliation", "pec-audit", "--month", "2026-10"]);
    let rows = audit["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{audit}");
    assert_eq!((s(&rows[0]["usage_date"]), s(&rows[0]["finding"])), ("2026-10-02", "missing"));
    // 3.5 × 0.02 × 15 % = 0.0105 → 0.01.
    assert_eq!(audit["missing_total"]["EUR"], "0.01");
}

#[test]
fn a_cancellation_dated_before_stored_usage_is_refused_with_its_rule() {
    let (book, _) = book_with_usage(1);
    let out = book.run(&["subscription", "cancel", &sub(0), "--on", "2026-10-01"]);
    assert_eq!(out.error_code(), "CANCEL_BEFORE_USAGE");
    assert!(out.json()["error"]["message"].as_str().unwrap().contains("2026-10-02"), "{out:?}");
    assert_eq!(book.ok(&["subscription", "show", &sub(0)])["status"], "active");
    let done = book.ok(&["subscription", "cancel", &sub(0), "--on", "2026-10-02"]);
    assert_eq!((s(&done["status"]), s(&done["cancelled_on"])), ("cancelled", "2026-10-02"));
}
