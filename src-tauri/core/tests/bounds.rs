//! Absurd values at every service boundary: each is refused with `VALIDATION` (naming the field,
//! or the row and column of a file), never a panic, and nothing is written (row counts compared
//! before and after). Amounts too large to compute, in a book edited behind the program's back,
//! refuse the billing run, the PEC audit and the reconciliation instead of crashing them.

use crate::billing_support;

use billing_support::{d, row, TestBook};
use chrono::NaiveDate;
use csp_core::domain::error::Field;
use csp_core::domain::partner::{NewPartner, Tier};
use csp_core::import::sample::UsageCsv;
use csp_core::service::prices::{self, MarkupInput, PricePreviewInput};
use csp_core::service::{billing, dashboard, invoice_export, invoices, offers, partners, settings, subscriptions};
use rust_decimal::Decimal;

/// Every table a refused request could have written to, counted.
async fn counts(book: &TestBook) -> Vec<i64> {
    let mut out = Vec::new();
    for table in [
        "partners",
        "customers",
        "subscriptions",
        "usage_rows",
        "usage_imports",
        "meters",
        "markup_rules",
        "exchange_rates",
        "invoices",
        "invoice_lines",
        "settings",
    ] {
        out.push(book.count(&format!("SELECT COUNT(*) FROM {table}")).await);
    }
    out
}

async fn book_with_subscription() -> (TestBook, String, String, String) {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (c, tenant) = book.customer(&p, "Fabrikam", "FR", None).await;
    let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-10-01", None).await;
    (book, p, tenant, s)
}

#[tokio::test]
async fn absurd_usage_values_refuse_the_file_and_store_nothing() {
    let (book, _, tenant, sub) = book_with_subscription().await;
    let before = counts(&book).await;
    let ok = row(&tenant, &sub, "2026-10-02", "m1", "1", "1");
    let cases = [
        (ok.clone().qty("1e30", "1"), "row 3, column Quantity:"),
        (ok.clone().qty("79228162514264337593543950336", "1"), "row 3, column Quantity:"),
        (ok.clone().qty("79228162514264337593543950335", "1"), "row 3, column Quantity:"),
        (ok.clone().qty("1000000001", "1"), "row 3, column Quantity:"),
        (ok.clone().qty("1", "10000000000"), "row 3, column UnitPrice:"),
        (ok.clone().on(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap()), "row 3, column UsageDate:"),
        (ok.clone().on(d("1999-12-31")), "row 3, column UsageDate:"),
        (
            {
                let mut r = ok.clone();
                r.pc_to_bc_rate = "1e9".into();
                r
            },
            "row 3, column PCToBCExchangeRate:",
        ),
        (
            {
                let mut r = ok.clone();
                r.meter_name = "M".repeat(10_000);
                r
            },
            "row 3, column MeterName: too long (10000 characters, 200 at most)",
        ),
        (
            {
                let mut r = ok.clone();
                r.subscription_id = "s".repeat(129);
                r
            },
            "row 3, column SubscriptionId: too long",
        ),
    ];
    for (bad, expected) in cases {
        // A good row first: one bad row refuses the whole file.
        let csv = UsageCsv::current().row(&ok).row(&bad).finish();
        let e = book.import(csv).await.unwrap_err();
        assert_eq!(e.code(), "VALIDATION", "{e}");
        assert!(e.to_string().starts_with(expected), "{e} — expected {expected}");
        assert!(e.message_fr().starts_with("ligne 3, colonne "), "{}", e.message_fr());
        assert_eq!(counts(&book).await, before, "nothing stored for {expected}");
    }
}

#[tokio::test]
async fn absurd_prices_rates_and_markups_are_refused_with_their_field() {
    let (book, p, _, _) = book_with_subscription().await;
    let before = counts(&book).await;
    let price_list = |erp: &str, from: &str| {
        format!("MeterId,MeterName,MeterCategory,Currency,ERP,EffectiveFrom\nm1,D2s,VM,EUR,{erp},{from}\n")
    };
    for (erp, from, expected) in [
        ("1e30", "2026-01-01", "row 2, column ERP:"),
        ("10000001", "2026-01-01", "row 2, column ERP: 10000001 is out of bounds"),
        ("1", "9999-12-31", "row 2, column EffectiveFrom: 9999-12-31 is outside"),
    ] {
        let e = prices::import_from(&book.ctx, price_list(erp, from).as_bytes()).await.unwrap_err();
        assert!(e.to_string().starts_with(expected), "{e}");
    }
    for percent in ["1e20", "-100", "1000.01"] {
        let e = prices::markup_set(
            &book.ctx,
            MarkupInput {
                issuer_id: p.clone(),
                customer_id: None,
                category: None,
                reseller_id: None,
                percent: percent.parse::<Decimal>().unwrap_or(Decimal::MAX),
            },
        )
        .await
        .unwrap_err();
        assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(Field::Percent)), "{percent}: {e}");
    }
    for rate in ["0", "-1", "1e9", "79228162514264337593543950335"] {
        let e = prices::set_exchange_rate(&book.ctx, "2026-10", "USD", "EUR", rate).await.unwrap_err();
        assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(Field::Rate)), "{rate}: {e}");
    }
    let e = prices::preview(
        &book.ctx,
        PricePreviewInput {
            issuer_id: p.clone(),
            customer_id: None,
            reseller_id: None,
            category: "VM".into(),
            erp: Decimal::MAX,
            pc_to_bc_rate: Some(Decimal::MAX),
        },
    )
    .await
    .unwrap_err();
    assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(Field::Price)), "{e}");
    assert_eq!(counts(&book).await, before);
}

#[tokio::test]
async fn dates_at_the_calendars_end_and_huge_text_are_refused_by_the_services() {
    let (book, p, tenant, sub) = book_with_subscription().await;
    let before = counts(&book).await;
    let far = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    let partner = |enrolled: NaiveDate, address: Option<String>| NewPartner {
        name: "Northwind".into(),
        tier: Some(Tier::Direct),
        country: "FR".into(),
        currency: Some("EUR".into()),
        enrolled_on: Some(enrolled),
        address,
        ..Default::default()
    };
    let e = partners::add(&book.ctx, partner(far, None)).await.unwrap_err();
    assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(Field::EnrolledOn)), "{e}");
    let e = partners::add(&book.ctx, partner(NaiveDate::MAX, None)).await.unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
    let e = partners::add(&book.ctx, partner(d("2019-01-01"), Some("A".repeat(100_000)))).await.unwrap_err();
    assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(Field::Address)), "{e}");
    let e = partners::add(&book.ctx, NewPartner { name: "N".repeat(201), ..partner(d("2019-01-01"), None) })
        .await
        .unwrap_err();
    assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(Field::Name)), "{e}");
    let e = subscriptions::cancel(&book.ctx, &sub, NaiveDate::MAX).await.unwrap_err();
    assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(Field::Date)), "{e}");
    for (key, value) in [
        ("issuer.tax_rate", "1e30"),
        ("issuer.tax_rate", "101"),
        ("program.pec_rate", "2"),
        ("program.phase2", "9999-12-31"),
        ("issuer.iban", &"X".repeat(5000)),
    ] {
        let e = settings::set(&book.ctx, key, value).await.unwrap_err();
        assert_eq!(e.code(), "VALIDATION", "{key}: {e}");
    }
    // Reads the window makes with a date are bounded the same way.
    for on in [far, NaiveDate::MAX, NaiveDate::MIN] {
        let e = dashboard::summary(&book.ctx, on).await.unwrap_err();
        assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(Field::Date)), "{e}");
        let e = offers::check_all(&book.ctx, &p, None, on).await.unwrap_err();
        assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(Field::Date)), "{e}");
    }
    assert_eq!(counts(&book).await, before);

    // An invoice issued at the calendar's end: refused, no number consumed.
    book.import_rows(&[row(&tenant, &sub, "2026-10-02", "m1", "2", "3")]).await;
    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let draft = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap().remove(0);
    for on in [far, NaiveDate::MAX] {
        let e = invoices::issue(&book.ctx, &draft.id, Some(on)).await.unwrap_err();
        assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(Field::Date)), "{e}");
    }
    let still = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap().remove(0);
    assert_eq!((still.number, still.status), (None, draft.status));
}

#[tokio::test]
async fn amounts_too_large_to_compute_refuse_billing_audit_and_reconciliation() {
    let (book, _, tenant, sub) = book_with_subscription().await;
    book.import_rows(&[row(&tenant, &sub, "2026-10-02", "m1", "2", "3")]).await;
    // A row stored before input was bounded (or edited behind the program's back), with its group.
    sqlx::raw_sql(
        "UPDATE usage_rows SET quantity = '79228162514264337593543950335';
         UPDATE usage_groups SET quantity = '79228162514264337593543950335';",
    )
    .execute(&book.ctx.pool)
    .await
    .unwrap();
    let before = counts(&book).await;
    let e = billing::run(&book.ctx, "2026-10", None).await.unwrap_err();
    assert_eq!(e.code(), "VALIDATION", "{e}");
    assert!(e.to_string().starts_with("an amount is too large to compute"), "{e}");
    assert_eq!(counts(&book).await, before, "no draft written");
    // The file says PEC was not applied where the rules grant it: the audit computes the amount.
    assert_eq!(billing::pec_audit(&book.ctx, "2026-10").await.unwrap_err().code(), "VALIDATION");
    assert_eq!(billing::incentives(&book.ctx, "2026-10").await.unwrap_err().code(), "VALIDATION");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("recon.csv");
    let e = billing::reconciliation_export(&book.ctx, "2026-10", &out).await.unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file, not even a temporary one");
}

#[tokio::test]
async fn reconciliation_cells_cannot_run_formulas_and_another_file_is_never_overwritten() {
    let (book, _, tenant, sub) = book_with_subscription().await;
    let mut hostile = row(&tenant, &sub, "2026-10-02", "m1", "-2", "3");
    hostile.meter_name = "=HYPERLINK(\"http://evil.example\",\"click\")".into();
    hostile.meter_category = "@SUM(A1)".into();
    book.import_rows(&[hostile]).await;
    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("recon.csv");
    billing::reconciliation_export(&book.ctx, "2026-10", &out).await.unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    let rec = r.records().next().unwrap().unwrap();
    let col = |name: &str| rec.get(headers.iter().position(|h| h == name).unwrap()).unwrap().to_string();
    assert_eq!(col("MeterName"), "'=HYPERLINK(\"http://evil.example\",\"click\")");
    assert_eq!(col("MeterCategory"), "'@SUM(A1)");
    // Numbers stay numbers: a negative quantity and amount are not formulas.
    assert_eq!(col("Quantity"), "-2");
    assert_eq!(col("Price"), "-6");

    // The same month's reconciliation is replaced; another month's or any other file is not.
    billing::reconciliation_export(&book.ctx, "2026-10", &out).await.unwrap();
    let e = billing::reconciliation_export(&book.ctx, "2026-09", &out).await.unwrap_err();
    assert_eq!(e.code(), "CONFLICT", "{e}");
    let mine = dir.path().join("notes.csv");
    std::fs::write(&mine, "my,own\nnotes,here\n").unwrap();
    let e = billing::reconciliation_export(&book.ctx, "2026-10", &mine).await.unwrap_err();
    assert_eq!(e.code(), "CONFLICT", "{e}");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my,own\nnotes,here\n");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}

#[tokio::test]
async fn a_pdf_export_replaces_its_own_file_and_refuses_another() {
    let (book, _, tenant, sub) = book_with_subscription().await;
    book.import_rows(&[row(&tenant, &sub, "2026-10-02", "m1", "2", "3")]).await;
    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let id = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap().remove(0).id;
    let dir = tempfile::tempdir().unwrap();
    let files =
        invoice_export::export(&book.ctx, std::slice::from_ref(&id), None, dir.path(), Some("en")).await.unwrap();
    assert_eq!(files.len(), 1);
    let path = std::path::PathBuf::from(&files[0]);
    // Re-exporting the same document replaces its file.
    invoice_export::export(&book.ctx, std::slice::from_ref(&id), None, dir.path(), Some("fr")).await.unwrap();
    // A file of that name that is not this document's PDF is left alone, and nothing is written.
    std::fs::write(&path, b"%PDF-1.7 another document").unwrap();
    let e = invoice_export::export(&book.ctx, &[id], None, dir.path(), Some("fr")).await.unwrap_err();
    assert_eq!(e.code(), "CONFLICT", "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7 another document");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
}
