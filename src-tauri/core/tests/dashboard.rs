//! The dashboard's figures from a real book: what was issued or paid counts as invoiced, a voided
//! invoice does not (its credit note cancels it), and amounts are exact per currency.

use crate::billing_support;

use billing_support::{d, row, TestBook};
use csp_core::domain::offer::Offer;
use csp_core::service::{billing, dashboard, invoices};
use rust_decimal::Decimal;

#[tokio::test]
async fn the_summary_counts_issued_and_paid_invoices_not_the_voided_one_nor_its_credit_note() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let mut rows = Vec::new();
    for (i, qty) in ["1.5", "2.25", "3"].iter().enumerate() {
        let (c, t) = book.customer(&p, &format!("Customer {i}"), "FR", None).await;
        let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
        rows.push(row(&t, &s, "2026-10-01", "vm", qty, "10.01"));
    }
    book.import_rows(&rows).await;
    let ids = billing::run(&book.ctx, "2026-10", None).await.unwrap().invoices;
    let ctx = &book.ctx;
    let on = Some(d("2026-11-05"));
    let kept = invoices::issue(ctx, &ids[0], on).await.unwrap();
    let paid = invoices::issue(ctx, &ids[1], on).await.unwrap();
    invoices::pay(ctx, &paid.id, d("2026-11-05")).await.unwrap();
    let voided = invoices::issue(ctx, &ids[2], on).await.unwrap();
    invoices::credit(ctx, &voided.id, on).await.unwrap();

    let s = dashboard::summary(ctx, d("2026-11-05")).await.unwrap();
    let expected: Decimal = kept.total + paid.total;
    assert!(voided.total > Decimal::ZERO);
    assert_eq!(s.month, "2026-11");
    assert_eq!(s.invoiced_totals.get("EUR"), Some(&expected), "{:?}", s.invoiced_totals);
    assert_eq!(s.invoiced_totals.len(), 1);
    let october = s.invoiced_by_month.iter().find(|m| m.month == "2026-10").unwrap();
    assert_eq!(october.totals.get("EUR"), Some(&expected));
    assert_eq!(s.invoiced_by_month.last().map(|m| m.month.as_str()), Some("2026-11"));
    // Three invoices (one paid, one voided) and the credit note, which is issued.
    let st = &s.invoices_by_status;
    assert_eq!((st.draft, st.issued, st.paid, st.voided), (0, 2, 1, 1));
    assert_eq!((s.customers, s.partners, s.active_subscriptions), (3, 1, 3));
    assert_eq!(s.active_by_offer.iter().map(|o| (o.offer, o.count)).collect::<Vec<_>>(), [(Offer::AzurePlan, 3)]);
    // November holds no usage; October's is the usage summary's own.
    assert_eq!(s.usage_rows, 0);
    let oct = dashboard::summary(ctx, d("2026-10-31")).await.unwrap();
    assert_eq!(oct.usage_rows, 3);
    let usage = csp_core::service::usage::summary(ctx, "2026-10").await.unwrap();
    assert_eq!(oct.usage_totals, usage.erp_totals);
    assert_eq!(oct.invoiced_totals.len(), 0, "issued in November, not October");
}
