//! The invoices tables through the store alone, on a real SQLite file with the migrations applied:
//! typed rows go in and come back as they went, and text changed behind the program's back is an
//! error, never a silent default.

use chrono::NaiveDate;
use csp_domain::invoice::{InvoiceKind, InvoiceStatus};
use csp_domain::partner::Tier;
use csp_domain::tax::TaxMention;
use csp_store::customers::CustomerRecord;
use csp_store::invoice_lines::{self, NewLine};
use csp_store::invoice_taxes::{self, NewTax};
use csp_store::invoices::{self, NewInvoice};
use csp_store::partners::{self, PartnerRecord};
use rust_decimal::Decimal;
use sqlx::SqlitePool;

fn month() -> csp_domain::Month {
    csp_domain::Month::parse("2026-10").unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

async fn book() -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().unwrap();
    let pool = csp_store::db::open(&dir.path().join("book.sqlite3")).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    partners::insert(
        &mut conn,
        &PartnerRecord {
            id: "p1".into(),
            name: "Nuage Azur SAS".into(),
            mpn_id: None,
            tier: Tier::Direct,
            country: "FR".into(),
            currency: Some("EUR".into()),
            enrolled_on: NaiveDate::from_ymd_opt(2016, 4, 11).unwrap(),
            mci: false,
            silver_since: None,
            vat_id: None,
            address: None,
            email: None,
            legal_form: None,
            share_capital: None,
            siren: None,
            siret: None,
            rcs: None,
            iban: None,
            bic: None,
            payment_terms_days: 30,
            late_payment_rate: None,
            early_payment_discount: None,
        },
    )
    .await
    .unwrap();
    csp_store::customers::insert(
        &mut conn,
        &CustomerRecord {
            id: "c1".into(),
            tenant_id: "3f2b0c8e-8a52-4b7e-9d0a-7f1c2b3a4d5e".into(),
            name: "Fabrikam".into(),
            domain: "fabrikam.onmicrosoft.com".into(),
            country: "FR".into(),
            address: None,
            email: None,
            vat_id: None,
            siren: None,
            gcc: false,
            delivery_address: None,
        },
    )
    .await
    .unwrap();
    drop(conn);
    (dir, pool)
}

fn draft(id: &str) -> NewInvoice {
    NewInvoice {
        id: id.into(),
        kind: InvoiceKind::Invoice,
        issuer_id: "p1".into(),
        customer_id: Some("c1".into()),
        reseller_id: None,
        month: month(),
        currency: "EUR".into(),
        subtotal: dec("1.70"),
        tax: dec("0.34"),
        total: dec("2.04"),
        tax_mention: TaxMention::None,
        exchange: Some(("USD".into(), dec("0.9250"))),
        credits_invoice_id: None,
    }
}

#[tokio::test]
async fn a_typed_draft_goes_in_and_comes_back_as_it_went() {
    let (_dir, pool) = book().await;
    let mut conn = pool.acquire().await.unwrap();
    invoices::insert_invoices(&mut conn, &[draft("i1")]).await.unwrap();
    invoice_lines::insert_lines(
        &mut conn,
        &[NewLine {
            id: 1,
            invoice_id: "i1".into(),
            position: 1,
            subscription_id: "s1".into(),
            subscription_name: None,
            customer_id: Some("c1".into()),
            meter_id: "m1".into(),
            meter_name: "D2s v5".into(),
            meter_category: "Virtual Machines".into(),
            unit: "1 Hour".into(),
            quantity: dec("15.50"),
            unit_price: dec("0.110"),
            markup_percent: dec("10"),
            tax_rate: dec("20.0"),
            amount: dec("1.70"),
        }],
    )
    .await
    .unwrap();
    invoice_taxes::insert_taxes(
        &mut conn,
        &[NewTax { invoice_id: "i1".into(), rate: dec("20"), base: dec("1.70"), amount: dec("0.34") }],
    )
    .await
    .unwrap();

    let r = invoices::get(&mut conn, "i1").await.unwrap().unwrap();
    assert_eq!((r.kind, r.status, r.tax_mention), (InvoiceKind::Invoice, InvoiceStatus::Draft, TaxMention::None));
    assert_eq!((r.series.as_str(), r.number.as_deref(), r.lines), ("INV", None, 1));
    assert_eq!((r.subtotal.0.to_string(), r.total.0.to_string()), ("1.70".to_string(), "2.04".to_string()));
    assert_eq!(
        (r.exchange_from.as_deref(), r.exchange_rate.map(|d| d.0.to_string())),
        (Some("USD"), Some("0.925".into()))
    );
    let l = &invoice_lines::lines(&mut conn, "i1").await.unwrap()[0];
    // Quantities and prices are stored without trailing zeros; amounts keep the currency's digits.
    assert_eq!(
        [l.quantity.0.to_string(), l.unit_price.0.to_string(), l.tax_rate.0.to_string(), l.amount.0.to_string()],
        ["15.5", "0.11", "20", "1.70"]
    );
    let taxes = invoice_taxes::taxes(&mut conn, "i1").await.unwrap();
    assert_eq!(taxes.len(), 1);
    assert_eq!((taxes[0].0 .0, taxes[0].2 .0.to_string()), (dec("20"), "0.34".to_string()));

    assert_eq!(invoices::list(&mut conn, Some(month()), Some(InvoiceStatus::Draft)).await.unwrap().len(), 1);
    assert!(invoices::list(&mut conn, Some(month()), Some(InvoiceStatus::Issued)).await.unwrap().is_empty());
    assert!(invoices::list(&mut conn, Some(csp_domain::Month::parse("2026-11").unwrap()), None)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn an_amount_changed_behind_the_programs_back_is_an_error_not_zero() {
    let (_dir, pool) = book().await;
    let mut conn = pool.acquire().await.unwrap();
    invoices::insert_invoices(&mut conn, &[draft("i1")]).await.unwrap();
    sqlx::query("UPDATE invoices SET total = 'two euros' WHERE id = 'i1'").execute(&mut *conn).await.unwrap();
    let err = invoices::get(&mut conn, "i1").await.unwrap_err();
    assert!(err.to_string().contains("'two euros' does not parse"), "{err}");
}

#[tokio::test]
async fn drafts_of_a_month_are_found_and_deleted_by_issuer_and_a_partner_keeps_its_tier() {
    let (_dir, pool) = book().await;
    let mut conn = pool.acquire().await.unwrap();
    invoices::insert_invoices(&mut conn, &[draft("i1"), draft("i2")]).await.unwrap();
    let mut ids = invoices::draft_ids(&mut conn, month(), Some("p1")).await.unwrap();
    ids.sort();
    assert_eq!(ids, ["i1", "i2"]);
    assert!(invoices::draft_ids(&mut conn, month(), Some("other")).await.unwrap().is_empty());
    assert_eq!(invoices::delete_drafts(&mut conn, month(), Some("p1")).await.unwrap(), 2);
    assert!(invoices::get(&mut conn, "i1").await.unwrap().is_none());
    assert_eq!(partners::get(&mut conn, "p1").await.unwrap().unwrap().tier, Tier::Direct);
}
