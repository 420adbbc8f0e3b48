//! Month-end: the unbilled file imported mid-month and billed from (provisional drafts), then
//! Microsoft's billed file: the same usage becomes billed, never stored twice; what the billed file
//! left out is withdrawn and leaves the drafts; the figures the usage screen reads follow.

use crate::billing_support;

use std::str::FromStr;

use billing_support::{row, TestBook};
use csp_core::service::{billing, book as book_service, invoices, microsoft, month_end, usage};
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A customer with one Azure plan: (book, tenant, subscription).
async fn book() -> (TestBook, String, String) {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (c, t) = book.customer(&p, "Fabrikam", "FR", None).await;
    let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    (book, t, s)
}

#[tokio::test]
async fn the_billed_file_bills_the_unbilled_rows_once_and_withdraws_what_it_left_out() {
    let (book, t, s) = book().await;
    // The 3rd of November: October's unbilled file (three days of one meter, one day of another).
    let unbilled = [
        row(&t, &s, "2026-10-01", "m1", "10", "0.10").unbilled(),
        row(&t, &s, "2026-10-02", "m1", "20", "0.10").unbilled(),
        row(&t, &s, "2026-10-03", "m1", "30", "0.10").unbilled(),
        row(&t, &s, "2026-10-04", "m2", "5", "1.00").unbilled(),
    ];
    let first = book.import_rows(&unbilled).await;
    assert_eq!((first.imported, first.unbilled, first.billed, first.became_billed, first.withdrawn), (4, 4, 0, 0, 0));
    // The same file again stores nothing.
    let again = book.import_rows(&unbilled).await;
    assert_eq!((again.imported, again.skipped_duplicates), (0, 4));

    // Billing early: a provisional draft of 6.00 + 5.00.
    let run = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let draft = invoices::show(&book.ctx, &run.invoices[0]).await.unwrap();
    assert!(draft.provisional, "drafted from unbilled usage");
    assert_eq!(draft.subtotal, dec("11.00"));
    let listed = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap();
    assert!(listed.iter().all(|i| i.provisional));

    // The 9th: Microsoft's billed file bills the first two days of m1 and m2; the third day of m1
    // is not in it (withdrawn). Twins differ only in InvoiceNumber and the charge dates.
    let billed = [
        row(&t, &s, "2026-10-01", "m1", "10", "0.10").billed("G000000777"),
        row(&t, &s, "2026-10-02", "m1", "20", "0.10").billed("G000000777"),
        row(&t, &s, "2026-10-04", "m2", "5", "1.00").billed("G000000777"),
    ];
    let second = book.import_rows(&billed).await;
    assert_eq!(
        (
            second.imported,
            second.billed,
            second.unbilled,
            second.became_billed,
            second.withdrawn,
            second.skipped_duplicates
        ),
        (0, 3, 0, 3, 1, 0),
        "{second:?}"
    );
    assert_eq!(book.count("SELECT COUNT(*) FROM usage_rows").await, 4, "never stored twice");
    assert_eq!(book.count("SELECT COUNT(*) FROM usage_rows WHERE invoice_number = 'G000000777'").await, 3);
    // The billed file again, or the unbilled one again: nothing changes.
    let third = book.import_rows(&billed).await;
    assert_eq!((third.imported, third.became_billed, third.withdrawn, third.skipped_duplicates), (0, 0, 0, 3));
    let fourth = book.import_rows(&unbilled).await;
    assert_eq!((fourth.imported, fourth.skipped_duplicates), (0, 4));

    // The run again: the withdrawn day leaves the draft, which is no longer provisional.
    let run = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    assert_eq!(run.invoices.len(), 1);
    let draft = invoices::show(&book.ctx, &run.invoices[0]).await.unwrap();
    assert!(!draft.provisional);
    assert_eq!(draft.subtotal, dec("8.00"), "m1: 30 × 0.10, m2: 5 × 1.00");
    let m1 = draft.lines.iter().find(|l| l.meter_id == "m1").unwrap();
    assert_eq!(m1.quantity, dec("30"));

    // The usage screen's sums leave the withdrawn row out too.
    let summary = usage::summary(&book.ctx, "2026-10").await.unwrap();
    assert_eq!(summary.rows, 3, "{summary:?}");
}

#[tokio::test]
async fn a_billed_file_straight_away_is_billed_usage_and_withdraws_nothing_else() {
    let (book, t, s) = book().await;
    let other_month = row(&t, &s, "2026-11-02", "m1", "7", "0.10").unbilled();
    book.import_rows(&[other_month]).await;
    let billed = [row(&t, &s, "2026-10-01", "m1", "10", "0.10"), row(&t, &s, "2026-10-02", "m1", "20", "0.10")];
    let r = book.import_rows(&billed).await;
    assert_eq!(
        (r.imported, r.billed, r.became_billed, r.withdrawn),
        (2, 2, 0, 0),
        "November's unbilled row is another period"
    );
    let run = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    assert!(!invoices::show(&book.ctx, &run.invoices[0]).await.unwrap().provisional);
    let run = billing::run(&book.ctx, "2026-11", None).await.unwrap();
    assert!(invoices::show(&book.ctx, &run.invoices[0]).await.unwrap().provisional);
}

#[tokio::test]
async fn a_billed_file_repeating_a_row_bills_its_unbilled_twin_once_in_either_layout() {
    let (book, t, s) = book().await;
    book.import_rows(&[row(&t, &s, "2026-10-01", "m1", "10", "0.10").unbilled()]).await;
    let billed = row(&t, &s, "2026-10-01", "m1", "10", "0.10").billed("G000000780");
    // Partner Center's 2021 layout (51 columns), the same row twice.
    let file = csp_core::import::sample::UsageCsv::layout_2021().row(&billed).row(&billed).finish();
    let r = book.import(file).await.unwrap();
    assert_eq!((r.imported, r.became_billed, r.skipped_duplicates, r.withdrawn), (0, 1, 1, 0), "{r:?}");
    assert_eq!(book.count("SELECT COUNT(*) FROM usage_rows").await, 1);
}

#[tokio::test]
async fn a_file_mixing_a_billed_row_and_its_unbilled_twin_stores_the_usage_once() {
    let (book, t, s) = book().await;
    let rows = [
        row(&t, &s, "2026-10-01", "m1", "10", "0.10").unbilled(),
        row(&t, &s, "2026-10-01", "m1", "10", "0.10").billed("G000000778"),
        row(&t, &s, "2026-10-02", "m1", "4", "0.10").unbilled(),
    ];
    let r = book.import_rows(&rows).await;
    assert_eq!((r.billed, r.unbilled, r.became_billed, r.withdrawn), (1, 2, 1, 1), "{r:?}");
    assert_eq!(book.count("SELECT COUNT(*) FROM usage_rows").await, 2);
    assert_eq!(book.count("SELECT COUNT(*) FROM usage_rows WHERE withdrawn_by IS NOT NULL").await, 1);
    let run = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let inv = invoices::show(&book.ctx, &run.invoices[0]).await.unwrap();
    assert_eq!(inv.subtotal, dec("1.00"));
    assert!(!inv.provisional);
}

#[tokio::test]
async fn usage_an_issued_invoice_billed_and_microsoft_withdrew_is_credited_on_a_later_invoice() {
    let (book, t, s) = book().await;
    let unbilled = [
        row(&t, &s, "2026-10-01", "m1", "10", "0.10").unbilled(),
        row(&t, &s, "2026-10-02", "m1", "20", "0.10").unbilled(),
    ];
    book.import_rows(&unbilled).await;
    // Billed early and issued before Microsoft's file arrives: 3.00.
    let run = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let issued = invoices::issue(&book.ctx, &run.invoices[0], Some(billing_support::d("2026-11-03"))).await.unwrap();
    assert_eq!(issued.subtotal, dec("3.00"));
    assert!(!issued.provisional, "an issued invoice is no longer a draft");
    // The billed file leaves the second day out: withdrawn.
    let r = book.import_rows(&[row(&t, &s, "2026-10-01", "m1", "10", "0.10").billed("G000000779")]).await;
    assert_eq!((r.became_billed, r.withdrawn), (1, 1));
    // October's invoice is untouched; November's run credits the 20 units at the price October billed.
    assert_eq!(invoices::show(&book.ctx, &issued.id).await.unwrap(), issued);
    book.import_rows(&[row(&t, &s, "2026-11-02", "m1", "50", "0.10")]).await;
    let november = billing::run(&book.ctx, "2026-11", None).await.unwrap();
    let nov = invoices::show(&book.ctx, &november.invoices[0]).await.unwrap();
    let lines: Vec<(Decimal, Decimal, Option<&str>, bool)> =
        nov.lines.iter().map(|l| (l.quantity, l.amount, l.usage_month.as_deref(), l.withdrawn)).collect();
    assert_eq!(lines, [(dec("50"), dec("5.00"), None, false), (dec("-20"), dec("-2.00"), Some("2026-10"), true)]);
    assert_eq!(nov.subtotal, dec("3.00"));
    let doc = invoices::document(&book.ctx, &nov.id, Some("fr")).await.unwrap();
    let credit = &doc.groups[0].lines[1];
    assert_eq!(credit.detail.as_deref(), Some("Virtual Machines · utilisation d'octobre 2026 retirée par Microsoft"));
    // The run again replaces the draft and credits once; once issued, no later run credits again.
    let again = billing::run(&book.ctx, "2026-11", None).await.unwrap();
    invoices::issue(&book.ctx, &again.invoices[0], Some(billing_support::d("2026-12-02"))).await.unwrap();
    book.import_rows(&[row(&t, &s, "2026-12-02", "m1", "10", "0.10")]).await;
    let december = billing::run(&book.ctx, "2026-12", None).await.unwrap();
    let dec_inv = invoices::show(&book.ctx, &december.invoices[0]).await.unwrap();
    assert_eq!(dec_inv.lines.len(), 1, "credited once");
    assert_eq!(dec_inv.subtotal, dec("1.00"));
}

/// Microsoft's invoice file with the columns the tie-outs read.
fn microsoft_file(rows: &[(&str, &str, &str, &str)]) -> Vec<u8> {
    let mut out = String::from(
        "InvoiceNumber,MpnId,CustomerId,SubscriptionId,ChargeType,Subtotal,TaxTotal,Total,Currency,ChargeStartDate,ChargeEndDate\r\n",
    );
    for (number, customer, sub, subtotal) in rows {
        out.push_str(&format!(
            "{number},6034453,{customer},{sub},usage,{subtotal},0,{subtotal},EUR,10/01/2026,10/31/2026\r\n"
        ));
    }
    out.into_bytes()
}

#[tokio::test]
async fn the_month_ties_out_against_microsofts_bill_then_closes_sealed() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (fab, t1) = book.customer(&p, "Fabrikam", "FR", None).await;
    let (north, t2) = book.customer(&p, "Northwind", "FR", None).await;
    let s1 = book.subscription(&fab, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    let s2 = book.subscription(&north, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    book.import_rows(&[
        row(&t1, &s1, "2026-10-01", "m1", "10", "1").billed("G1").pre_tax("10.00"),
        row(&t2, &s2, "2026-10-02", "m1", "5", "2").billed("G1").pre_tax("9.50"),
    ])
    .await;
    // Microsoft's invoice: Northwind's subscription a dime above its usage, and a licence the book lacks.
    let file =
        microsoft_file(&[("G1", &t1, &s1, "10.00"), ("G1", &t2, &s2, "9.60"), ("G1", &t1, "licence-9", "50.40")]);
    let imported = microsoft::import_from(&book.ctx, file.as_slice(), "G1.csv").await.unwrap();
    assert_eq!(imported.unknown_subscriptions, 1);
    let run = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let fab_draft = invoices::list(&book.ctx, Some("2026-10"), None)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.customer_id.as_deref() == Some(fab.as_str()))
        .unwrap();
    invoices::issue(&book.ctx, &fab_draft.id, Some(billing_support::d("2026-11-09"))).await.unwrap();

    let status = month_end::status(&book.ctx, &p, "2026-10").await.unwrap();
    assert_eq!(status.microsoft.invoices.len(), 1);
    assert_eq!((status.microsoft.invoice_total, status.microsoft.usage_total), (dec("70.00"), dec("19.50")));
    let diffs: Vec<(&str, Option<&str>, Decimal)> =
        status.differences.iter().map(|d| (d.code.as_str(), d.subscription_id.as_deref(), d.amount)).collect();
    assert_eq!(
        diffs,
        [
            ("MS_USAGE_MISMATCH", Some(s2.as_str()), dec("0.10")),
            ("NOT_BILLED", Some("licence-9"), dec("50.40")),
            ("NOT_BILLED", Some(s2.as_str()), dec("9.50")),
        ],
        "Northwind's draft is not issued yet"
    );
    assert_eq!((status.drafts, status.closable), (1, false));
    let refused = month_end::close(&book.ctx, &p, "2026-10", None).await.unwrap_err();
    assert_eq!(refused.code(), "MONTH_NOT_READY");
    assert!(refused.to_string().contains("1 draft invoice(s) to issue"), "{refused}");

    // Northwind's invoice issued; a late row of Fabrikam's arrives (billed on Microsoft's next invoice).
    let north_draft = run.invoices.iter().find(|i| **i != fab_draft.id).unwrap();
    invoices::issue(&book.ctx, north_draft, Some(billing_support::d("2026-11-09"))).await.unwrap();
    book.import_rows(&[row(&t1, &s1, "2026-10-20", "m1", "3", "1").billed("G2").pre_tax("3.00")]).await;
    let status = month_end::status(&book.ctx, &p, "2026-10").await.unwrap();
    let codes: Vec<(&str, Decimal)> = status.differences.iter().map(|d| (d.code.as_str(), d.amount)).collect();
    assert_eq!(codes, [("LATE_USAGE", dec("3.00")), ("MS_USAGE_MISMATCH", dec("0.10")), ("NOT_BILLED", dec("50.40"))]);
    assert_eq!(status.drafts, 0);

    // Each difference acknowledged with a dated note; then the month closes, sealed.
    let empty = month_end::acknowledge(&book.ctx, &p, "2026-10", 0, "  ", None).await.unwrap_err();
    assert_eq!(empty.code(), "VALIDATION");
    let missing = month_end::acknowledge(&book.ctx, &p, "2026-10", 9, "?", None).await.unwrap_err();
    assert_eq!(missing.code(), "NOT_FOUND");
    for (i, note) in
        ["billed in November", "Microsoft rounding, ticket 123", "licence used internally"].iter().enumerate()
    {
        let s = month_end::acknowledge(&book.ctx, &p, "2026-10", i, note, Some(billing_support::d("2026-11-10")))
            .await
            .unwrap();
        assert!(s.differences[i].acknowledged);
    }
    let closed = month_end::close(&book.ctx, &p, "2026-10", Some(billing_support::d("2026-11-10"))).await.unwrap();
    assert!(closed.closed);
    assert_eq!(month_end::status(&book.ctx, &p, "2026-10").await.unwrap(), closed, "read as sealed");
    // As of the day before: open, and the acknowledgements of the 10th not made yet.
    let before =
        month_end::status_as_of(&book.ctx, &p, "2026-10", Some(billing_support::d("2026-11-09"))).await.unwrap();
    assert!(!before.closed);
    assert!(before.differences.iter().all(|d| !d.acknowledged));
    let again = month_end::close(&book.ctx, &p, "2026-10", None).await.unwrap_err();
    assert_eq!(again.code(), "MONTH_CLOSED");
    let run = billing::run(&book.ctx, "2026-10", Some(&p)).await.unwrap_err();
    assert_eq!(run.code(), "MONTH_CLOSED");
    // Its late usage goes to November's invoice.
    let november = billing::run(&book.ctx, "2026-11", None).await.unwrap();
    let nov = invoices::show(&book.ctx, &november.invoices[0]).await.unwrap();
    assert_eq!(
        (nov.customer_id.as_deref(), nov.lines[0].usage_month.as_deref()),
        (Some(fab.as_str()), Some("2026-10"))
    );

    // The sealed figures cannot change unseen.
    assert!(book_service::verify(&book.ctx).await.is_ok());
    sqlx::query("DROP TRIGGER month_closings_kept").execute(&book.ctx.pool).await.unwrap();
    sqlx::query("UPDATE month_closings SET figures = replace(figures, '50.40', '5.40')")
        .execute(&book.ctx.pool)
        .await
        .unwrap();
    let e = book_service::verify(&book.ctx).await.unwrap_err();
    assert_eq!(e.code(), "INTEGRITY");
    assert!(e.to_string().contains("2026-10 closed by"), "{e}");
}

#[tokio::test]
async fn the_margin_sets_revenue_against_microsofts_cost_with_pec_earned_and_pec_lost_per_day() {
    let (book, t, s) = book().await;
    let p = csp_core::service::partners::list(&book.ctx).await.unwrap()[0].id.clone();
    csp_core::service::prices::markup_set(
        &book.ctx,
        csp_core::service::prices::MarkupInput {
            issuer_id: p.clone(),
            customer_id: None,
            category: None,
            reseller_id: None,
            percent: dec("20"),
        },
    )
    .await
    .unwrap();
    // The partner's owner role (admin rights: PEC) ends on the 3rd; it holds no role after.
    book.revoke_all(&s, "2026-10-03").await;
    book.import_rows(&[
        // Microsoft's own cost for the first day; none given for the second (the modelled one, with PEC).
        row(&t, &s, "2026-10-01", "m1", "10", "1").billed("G1").pre_tax("8.50"),
        row(&t, &s, "2026-10-02", "m1", "10", "1").billed("G1"),
        row(&t, &s, "2026-10-04", "m1", "10", "1").billed("G1").pre_tax("10.00"),
    ])
    .await;
    let run = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    invoices::issue(&book.ctx, &run.invoices[0], Some(billing_support::d("2026-11-09"))).await.unwrap();

    let rows = month_end::margin_report(&book.ctx, "2026-10", Some(&p), None).await.unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.name, "Fabrikam");
    // 30 × 1 × 1.20 = 36.00 against 8.50 + 8.50 (estimated) + 10.00.
    assert_eq!(
        (r.revenue, r.cost, r.margin, r.margin_percent),
        (dec("36.00"), dec("27.00"), dec("9.00"), Some(dec("25")))
    );
    assert!(r.cost_estimated);
    assert_eq!((r.pec_earned, r.pec_lost), (dec("3.00"), dec("1.50")));
    assert!(!r.negative);
    let by_category = month_end::margin_report(&book.ctx, "2026-10", None, Some("category")).await.unwrap();
    assert_eq!((by_category[0].key.as_str(), by_category[0].margin), ("Virtual Machines", dec("9.00")));
    let bad = month_end::margin_report(&book.ctx, "2026-10", None, Some("colour")).await.unwrap_err();
    assert_eq!(bad.code(), "VALIDATION");

    // The PEC audit names the day lost and the role that was missing.
    let audit = billing::pec_audit(&book.ctx, "2026-10").await.unwrap();
    assert_eq!(audit.lost.len(), 1);
    let lost = &audit.lost[0];
    assert_eq!(
        (lost.pec_lost, lost.days.clone(), lost.missing.as_str()),
        (dec("1.50"), vec![billing_support::d("2026-10-04")], "owner")
    );
}
