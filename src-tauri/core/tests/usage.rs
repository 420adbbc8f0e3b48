//! Usage import: Partner Center's daily rated usage file in both layouts, duplicates, the refusal
//! of a bad file (row and column named, nothing stored), adoption, and the month's summary.

use crate::billing_support;

use billing_support::{d, row, TestBook};
use csp_core::import::columns::{LAYOUT_2021, LAYOUT_CURRENT};
use csp_core::import::sample::{SampleRow, UsageCsv};
use csp_core::service::usage::{self, ImportOptions};

async fn book_with_subscription() -> (TestBook, String, String, String) {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (c, tenant) = book.customer(&p, "Fabrikam", "FR", None).await;
    let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-10-01", None).await;
    (book, p, tenant, s)
}

#[tokio::test]
async fn both_layouts_load_and_the_same_rows_are_duplicates_across_files() {
    let (book, _, tenant, sub) = book_with_subscription().await;
    let rows = [
        row(&tenant, &sub, "2026-10-01", "m1", "24", "0.096"),
        row(&tenant, &sub, "2026-10-02", "m1", "2.4E-05", "0.096"),
        row(&tenant, &sub, "2026-10-02", "m2", "3", "1.5"),
    ];
    let mut current = UsageCsv::current();
    let mut old = UsageCsv::layout_2021();
    for r in &rows {
        current.push(r);
        old.push(r);
    }
    let current = current.finish();
    assert!(current.starts_with(b"\xEF\xBB\xBF"), "written with a BOM");
    assert!(String::from_utf8_lossy(&current).contains("\r\n"), "and CRLF");
    assert!(
        String::from_utf8_lossy(&current).contains(r#""{""env"":""prod"",""owner"":""ops, paris""}""#),
        "JSON cells quoted"
    );

    let first = book.import(current).await.unwrap();
    assert_eq!((first.imported, first.skipped_duplicates), (3, 0));
    let again = book.import(old.finish()).await.unwrap();
    assert_eq!((again.imported, again.skipped_duplicates), (0, 3), "the 2021 layout of the same rows is a duplicate");

    let (date, qty): (String, String) = sqlx::query_as(
        "SELECT usage_date, quantity FROM usage_rows WHERE meter_id = 'm1' ORDER BY usage_date DESC LIMIT 1",
    )
    .fetch_one(&book.ctx.pool)
    .await
    .unwrap();
    assert_eq!(date, "2026-10-02", "MM/DD/YYYY stored as ISO");
    assert_eq!(qty, "0.000024", "scientific notation normalised");
}

#[tokio::test]
async fn a_row_repeated_in_the_same_file_is_skipped() {
    let (book, _, tenant, sub) = book_with_subscription().await;
    let r = row(&tenant, &sub, "2026-10-05", "m1", "1", "2");
    let res = book.import_rows(&[r.clone(), r.clone(), r.on(d("2026-10-06"))]).await;
    assert_eq!((res.imported, res.skipped_duplicates), (2, 1));
    assert_eq!(book.count("SELECT COUNT(*) FROM usage_rows").await, 2);
}

#[tokio::test]
async fn columns_in_any_order_with_extra_ones_iso_dates_and_lf() {
    let (book, _, tenant, sub) = book_with_subscription().await;
    let columns = [
        "Quantity",
        "Extra",
        "PCToBCExchangeRate",
        "BillingCurrency",
        "PricingCurrency",
        "UnitPrice",
        "MeterCategory",
        "MeterName",
        "MeterId",
        "UsageDate",
        "SubscriptionId",
        "CustomerId",
    ];
    let csv = UsageCsv::with_columns(&columns).row(&row(&tenant, &sub, "2026-10-09", "m9", "5", "0.2")).finish();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.contains(",2026-10-09,") && !text.contains('\r'));
    let res = book.import(csv).await.unwrap();
    assert_eq!(res.imported, 1);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM usage_rows WHERE meter_id = 'm9' AND unit_price = '0.2'")
        .fetch_one(&book.ctx.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn one_bad_row_refuses_the_file_naming_row_and_column_and_stores_nothing() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (c1, t1) = book.customer(&p, "Fabrikam", "FR", None).await;
    let (c2, t2) = book.customer(&p, "Northwind", "FR", None).await;
    let s1 = book.subscription(&c1, &p, &p, "AZURE_PLAN", "2026-10-05", Some("2026-10-20")).await;
    let _s2 = book.subscription(&c2, &p, &p, "AZURE_PLAN", "2026-10-01", None).await;
    let good = row(&t1, &s1, "2026-10-10", "m1", "1", "1");
    // The cancellation day itself is billed; the day after is refused.
    assert_eq!(book.import_rows(&[row(&t1, &s1, "2026-10-20", "m1", "1", "1")]).await.imported, 1);
    sqlx::query("DELETE FROM usage_rows").execute(&book.ctx.pool).await.unwrap();
    sqlx::query("DELETE FROM usage_imports").execute(&book.ctx.pool).await.unwrap();

    let cases: Vec<(SampleRow, &str)> = vec![
        (good.clone().qty("1,5", "1"), "row 3, column Quantity: '1,5' is not a number"),
        (good.clone().qty("1", "abc"), "row 3, column UnitPrice: 'abc' is not a number"),
        (SampleRow { pc_to_bc_rate: "0".into(), ..good.clone() }, "row 3, column PCToBCExchangeRate:"),
        (SampleRow { billing_currency: "EURO".into(), ..good.clone() }, "row 3, column BillingCurrency:"),
        (
            row("99999999-9999-9999-9999-999999999999", &s1, "2026-10-10", "m1", "1", "1"),
            "row 3, column CustomerId: no customer with tenant ID '99999999-9999-9999-9999-999999999999'",
        ),
        (
            row(&t1, "88888888-8888-8888-8888-888888888888", "2026-10-10", "m1", "1", "1"),
            "row 3, column SubscriptionId: no subscription",
        ),
        (row(&t2, &s1, "2026-10-10", "m1", "1", "1"), "row 3, column SubscriptionId: subscription"),
        (
            row(&t1, &s1, "2026-10-04", "m1", "1", "1"),
            "row 3, column UsageDate: 2026-10-04 is before the subscription was created",
        ),
        (
            row(&t1, &s1, "2026-10-21", "m1", "1", "1"),
            "row 3, column UsageDate: 2026-10-21 is after the subscription was cancelled",
        ),
    ];
    for (bad, expected) in cases {
        let csv = UsageCsv::current().row(&good).row(&bad).row(&good.clone().on(d("2026-10-11"))).finish();
        let err = book.import(csv).await.unwrap_err();
        assert_eq!(err.code(), "VALIDATION", "{expected}");
        assert!(err.to_string().starts_with(expected), "expected {expected:?}, got {err}");
        assert!(err.message_fr().starts_with("ligne 3, colonne "), "{}", err.message_fr());
        assert_eq!(book.count("SELECT COUNT(*) FROM usage_rows").await, 0, "nothing stored after: {expected}");
        assert_eq!(book.count("SELECT COUNT(*) FROM usage_imports").await, 0);
    }
    // A date that does not exist, in the 2021 layout with ISO dates.
    let mut csv = String::from_utf8(UsageCsv::with_columns(&LAYOUT_2021).row(&good).finish()).unwrap();
    csv = csv.replace("2026-10-10", "2026-13-10");
    let err = book.import(csv.into_bytes()).await.unwrap_err();
    assert!(err.to_string().starts_with("row 2, column UsageDate: '2026-13-10' is not a date"), "{err}");
}

#[tokio::test]
async fn a_missing_required_column_refuses_the_file() {
    let (book, _, tenant, sub) = book_with_subscription().await;
    let cols: Vec<&'static str> = LAYOUT_CURRENT.iter().copied().filter(|c| *c != "PCToBCExchangeRate").collect();
    let csv = UsageCsv::with_columns(&cols).row(&row(&tenant, &sub, "2026-10-09", "m9", "5", "0.2")).finish();
    let err = book.import(csv).await.unwrap_err();
    assert!(err.to_string().starts_with("row 1, column PCToBCExchangeRate: this required column is missing"), "{err}");
}

#[tokio::test]
async fn adopt_creates_what_the_file_names_dated_from_its_earliest_usage() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let t1 = "aaaaaaaa-0000-0000-0000-000000000001";
    let t2 = "aaaaaaaa-0000-0000-0000-000000000002";
    let s1 = "bbbbbbbb-0000-0000-0000-000000000001";
    let s2 = "bbbbbbbb-0000-0000-0000-000000000002";
    let s3 = "bbbbbbbb-0000-0000-0000-000000000003";
    let named = |t: &str, s: &str, name: &str, domain: &str, on: &str| SampleRow {
        customer_name: name.into(),
        customer_domain: domain.into(),
        customer_country: "FR".into(),
        ..row(t, s, on, "m1", "1", "1")
    };
    let csv = UsageCsv::current()
        .row(&named(t1, s1, "Alpha SAS", "alpha.onmicrosoft.com", "2026-10-15"))
        .row(&named(t1, s2, "Alpha SAS", "alpha.onmicrosoft.com", "2026-10-03"))
        .row(&named(t2, s3, "Beta GmbH", "beta.onmicrosoft.com", "2026-10-20"))
        .finish();
    let refused = book.import(csv.clone()).await.unwrap_err();
    assert!(refused.to_string().starts_with("row 2, column CustomerId:"), "without --adopt: {refused}");

    let res = usage::import_from(
        &book.ctx,
        std::io::Cursor::new(csv.clone()),
        "first-day.csv",
        ImportOptions { adopt: true, partner_id: None },
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!((res.imported, res.adopted_customers, res.adopted_subscriptions), (3, 2, 3));
    let subs: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT s.id, s.created_on, s.offer, s.partner_id, s.billing_partner_id FROM subscriptions s ORDER BY s.id",
    )
    .fetch_all(&book.ctx.pool)
    .await
    .unwrap();
    assert_eq!(subs.len(), 3);
    for (_, created, offer, por, billing) in &subs {
        assert_eq!((created.as_str(), offer.as_str()), ("2026-10-03", "AZURE_PLAN"), "dated from the earliest usage");
        assert_eq!((por, billing), (&p, &p));
    }
    assert_eq!(book.count("SELECT COUNT(*) FROM subscription_periods WHERE valid_from = '2026-10-03'").await, 3);
    assert_eq!(
        book.count(&format!(
            "SELECT COUNT(*) FROM role_assignments WHERE principal = 'partner:{p}' AND role = 'owner' AND granted_on = '2026-10-03'"
        ))
        .await,
        3
    );
    assert_eq!(book.count("SELECT COUNT(*) FROM relationships WHERE since = '2026-10-03'").await, 2);
    let again = book.import(csv).await.unwrap();
    assert_eq!((again.imported, again.skipped_duplicates), (0, 3));
}

#[tokio::test]
async fn summary_counts_the_month_and_groups_it() {
    let (book, _, tenant, sub) = book_with_subscription().await;
    book.import_rows(&[
        row(&tenant, &sub, "2026-10-01", "m1", "10", "0.5"),
        row(&tenant, &sub, "2026-10-31", "m1", "2", "0.25"),
        row(&tenant, &sub, "2026-11-01", "m1", "1", "1"),
    ])
    .await;
    let s = usage::summary(&book.ctx, "2026-10").await.unwrap();
    assert_eq!((s.rows, s.subscriptions, s.customers), (2, 1, 1));
    assert_eq!(s.groups.len(), 1);
    assert_eq!(s.groups[0].erp_amount.to_string(), "5.50");
    assert_eq!(usage::summary(&book.ctx, "2026-13").await.unwrap_err().code(), "VALIDATION");
}

/// The month's sums the import keeps, against the same month read from its rows.
async fn summed_both_ways(book: &TestBook, month: &str) -> (usage::UsageSummary, usage::UsageSummary) {
    let kept = usage::summary(&book.ctx, month).await.unwrap();
    // A month listed as not covered by the sums is read from its rows.
    sqlx::query("INSERT INTO usage_totals_pending (month) VALUES (?)")
        .bind(month)
        .execute(&book.ctx.pool)
        .await
        .unwrap();
    let from_rows = usage::summary(&book.ctx, month).await.unwrap();
    sqlx::query("DELETE FROM usage_totals_pending").execute(&book.ctx.pool).await.unwrap();
    (kept, from_rows)
}

#[tokio::test]
async fn the_sums_kept_at_import_match_the_rows_through_duplicates_and_several_files() {
    let (book, p, tenant, sub) = book_with_subscription().await;
    let (c2, tenant2) = book.customer(&p, "Northwind", "FR", None).await;
    let sub2 = book.subscription(&c2, &p, &p, "AZURE_PLAN", "2026-09-01", None).await;
    // A first file: two customers, two categories, a row in USD, a row repeated, September too,
    // and more rows than one stored batch holds.
    let mut first = Vec::new();
    for i in 0..900u32 {
        let (t, s) = if i % 3 == 0 { (&tenant2, &sub2) } else { (&tenant, &sub) };
        let day = format!("2026-10-{:02}", i % 28 + 1);
        let mut r = row(t, s, &day, &format!("m{}", i % 7), &format!("{}.{}", i % 13, i % 10), "0.0968");
        if i % 5 == 0 {
            r = r.meter(&format!("s{}", i % 2), "LRS", "Storage");
        }
        if i % 97 == 0 {
            r.billing_currency = "USD".into();
        }
        first.push(r);
    }
    first.push(first[10].clone());
    first.push(row(&tenant2, &sub2, "2026-09-30", "m1", "3", "2"));
    let res = book.import_rows(&first).await;
    assert_eq!((res.imported, res.skipped_duplicates), (901, 1));
    let (kept, from_rows) = summed_both_ways(&book, "2026-10").await;
    assert_eq!(kept, from_rows);
    assert_eq!((kept.rows, kept.customers, kept.subscriptions), (900, 2, 2));
    assert!(kept.groups.iter().any(|g| g.meter_category == "Storage" && g.currency == "USD"));

    // A second file repeating every other row of the first, in other batches, with new rows: only
    // the new rows are added.
    let mut second: Vec<SampleRow> = first.iter().step_by(2).cloned().collect();
    for i in 0..300u32 {
        second.insert(
            (i as usize * 3).min(second.len()),
            row(&tenant, &sub, "2026-10-29", &format!("n{i}"), "1.25", "0.5"),
        );
    }
    let res = book.import_rows(&second).await;
    assert_eq!(res.imported, 300);
    let (kept, from_rows) = summed_both_ways(&book, "2026-10").await;
    assert_eq!(kept, from_rows);
    assert_eq!(kept.rows, 1200);
    // Importing the whole first file again changes nothing.
    assert_eq!(book.import_rows(&first).await.imported, 0);
    assert_eq!(usage::summary(&book.ctx, "2026-10").await.unwrap(), kept);
    let sept = usage::summary(&book.ctx, "2026-09").await.unwrap();
    assert_eq!((sept.rows, sept.erp_totals.get("EUR").map(|d| d.to_string())), (1, Some("6.00".into())));

    // Read on a date inside the month: the rows up to that day, not the month's sums.
    let on = usage::summary_until(&book.ctx, "2026-10", Some(d("2026-10-01"))).await.unwrap();
    assert_eq!(on.rows, first.iter().filter(|r| r.usage_date == d("2026-10-01")).count() as i64);
    let after_last = usage::summary_until(&book.ctx, "2026-10", Some(d("2026-10-30"))).await.unwrap();
    assert_eq!(after_last, kept);
}

#[tokio::test]
async fn a_book_from_before_the_sums_has_them_computed_when_it_opens() {
    let (book, _, tenant, sub) = book_with_subscription().await;
    book.import_rows(&[
        row(&tenant, &sub, "2026-10-01", "m1", "10", "0.5"),
        row(&tenant, &sub, "2026-10-31", "m2", "0.00000641", "12"),
        row(&tenant, &sub, "2026-11-02", "m1", "1", "1"),
    ])
    .await;
    let expected = usage::summary(&book.ctx, "2026-10").await.unwrap();
    // As the migration leaves a book that held usage: no sums, every month pending, not summed yet.
    sqlx::raw_sql(
        "DELETE FROM usage_totals; INSERT INTO usage_totals_pending (month) VALUES ('2026-10'), ('2026-11');
         DELETE FROM backfills WHERE name = '0040_usage_totals';",
    )
    .execute(&book.ctx.pool)
    .await
    .unwrap();
    let reopened = csp_core::Ctx::open(book.ctx.db_path()).await.unwrap();
    assert_eq!(book.count("SELECT COUNT(*) FROM usage_totals_pending").await, 0);
    // October's two meters are of one category: one sum; November's row: another.
    assert_eq!(book.count("SELECT COUNT(*) FROM usage_totals").await, 2);
    assert_eq!(usage::summary(&reopened, "2026-10").await.unwrap(), expected);
    assert_eq!(usage::summary(&reopened, "2026-11").await.unwrap().rows, 1);
}

#[tokio::test]
async fn progress_is_reported_while_reading() {
    let (book, _, tenant, sub) = book_with_subscription().await;
    let mut csv = UsageCsv::current();
    for i in 0..25_000u32 {
        csv.push(&row(&tenant, &sub, "2026-10-01", &format!("m{i}"), "1", "1"));
    }
    let seen = std::sync::Mutex::new(Vec::new());
    let res =
        usage::import_from(&book.ctx, std::io::Cursor::new(csv.finish()), "big.csv", ImportOptions::default(), &|p| {
            seen.lock().unwrap().push(p.rows)
        })
        .await
        .unwrap();
    assert_eq!(res.imported, 25_000);
    assert_eq!(*seen.lock().unwrap(), vec![10_000, 20_000, 25_000]);
}

#[tokio::test]
async fn adoption_keeps_to_the_adopting_partners_market_and_needs_the_customers_country() {
    use csp_core::domain::partner::{NewPartner, Tier};
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let us = csp_core::service::partners::add(
        &book.ctx,
        NewPartner {
            name: "Litware Inc".into(),
            tier: Some(Tier::Direct),
            country: "US".into(),
            currency: Some("USD".into()),
            enrolled_on: Some(d("2018-05-14")),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .id;
    // A tenant the book holds already, in the United States, under a partner there.
    let (_, tenant) = book.customer(&us, "Northwind US", "US", None).await;
    let adopt = |csv: Vec<u8>| {
        usage::import_from(
            &book.ctx,
            std::io::Cursor::new(csv),
            "first-day.csv",
            ImportOptions { adopt: true, partner_id: Some(p.clone()) },
            &|_| {},
        )
    };
    let sub = "bbbbbbbb-0000-0000-0000-000000000009";
    let csv = UsageCsv::current().row(&row(&tenant, sub, "2026-10-02", "m1", "1", "1")).finish();
    let e = adopt(csv).await.unwrap_err();
    assert_eq!(e.code(), "MARKET_MISMATCH", "{e}");
    assert!(e.to_string().starts_with("row 2, column CustomerCountry:"), "{e}");

    // A new tenant without its country: nothing to check the market against, refused clearly.
    let nameless = SampleRow {
        customer_name: "Gamma SAS".into(),
        customer_domain: "gamma.fr".into(),
        customer_country: String::new(),
        ..row("aaaaaaaa-0000-0000-0000-000000000003", sub, "2026-10-02", "m1", "1", "1")
    };
    let e = adopt(UsageCsv::current().row(&nameless).finish()).await.unwrap_err();
    assert!(e.to_string().starts_with("row 2, column CustomerCountry: the customer's country is needed"), "{e}");
    assert_eq!(book.count("SELECT COUNT(*) FROM subscriptions").await, 0);
    assert_eq!(book.count("SELECT COUNT(*) FROM usage_rows").await, 0);
    assert_eq!(book.count(&format!("SELECT COUNT(*) FROM relationships WHERE partner_id = '{p}'")).await, 0);
}
