//! Invoice lifecycle: numbering (gapless per issuer, series and year, under concurrent issue
//! attempts), immutability enforced by the store, credit notes, payment, audit log, due dates.

use crate::billing_support;

use std::collections::BTreeSet;

use billing_support::{d, row, TestBook};
use csp_core::domain::invoice::{InvoiceKind, InvoiceStatus};
use csp_core::service::{billing, invoice_export, invoices, settings};

/// A book with `n` customers of one direct partner, each with usage in October 2026, drafted.
async fn drafted(n: usize) -> (TestBook, String, Vec<String>) {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let mut rows = Vec::new();
    for i in 0..n {
        let (c, t) = book.customer(&p, &format!("Customer {i:03}"), "FR", None).await;
        let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
        rows.push(row(&t, &s, "2026-10-01", "vm", &format!("{}", i + 1), "10"));
    }
    book.import_rows(&rows).await;
    let run = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    assert_eq!(run.invoices.len(), n);
    (book, p, run.invoices)
}

#[tokio::test]
async fn numbers_are_given_at_issue_gapless_per_issuer_series_and_year() {
    let (book, p, ids) = drafted(3).await;
    let other = book.direct("Other Cloud").await;
    let (c, t) = book.customer(&other, "Elsewhere", "FR", None).await;
    let s = book.subscription(&c, &other, &other, "AZURE_PLAN", "2026-01-01", None).await;
    book.import_rows(&[row(&t, &s, "2026-10-01", "vm", "1", "1")]).await;
    let mine = billing::run(&book.ctx, "2026-10", Some(&other)).await.unwrap().invoices;

    let a = invoices::issue(&book.ctx, &ids[0], Some(d("2026-11-02"))).await.unwrap();
    let b = invoices::issue(&book.ctx, &mine[0], Some(d("2026-11-02"))).await.unwrap();
    let c2 = invoices::issue(&book.ctx, &ids[1], Some(d("2026-12-31"))).await.unwrap();
    let e = invoices::issue(&book.ctx, &ids[2], Some(d("2027-01-02"))).await.unwrap();
    assert_eq!(a.number.as_deref(), Some("INV-2026-000001"));
    assert_eq!(b.number.as_deref(), Some("INV-2026-000001"), "each issuer has its own series");
    assert_eq!(c2.number.as_deref(), Some("INV-2026-000002"));
    assert_eq!(e.number.as_deref(), Some("INV-2027-000001"), "a new year starts again at 1");
    assert_eq!(
        (a.status, a.issued_on, a.due_on),
        (InvoiceStatus::Issued, Some(d("2026-11-02")), Some(d("2026-12-02")))
    );
    assert_eq!(a.issuer_id, p);
    // Issuing twice is refused; the number is not consumed.
    assert_eq!(invoices::issue(&book.ctx, &ids[0], None).await.unwrap_err().code(), "CONFLICT");
    // Numbers follow the dates within a series.
    let (book2, _, ids2) = drafted(2).await;
    invoices::issue(&book2.ctx, &ids2[0], Some(d("2026-11-10"))).await.unwrap();
    let err = invoices::issue(&book2.ctx, &ids2[1], Some(d("2026-11-09"))).await.unwrap_err();
    assert_eq!(err.code(), "INVOICE_DATE_ORDER");
    let next = invoices::issue(&book2.ctx, &ids2[1], Some(d("2026-11-10"))).await.unwrap();
    assert_eq!(next.number.as_deref(), Some("INV-2026-000002"), "a refused attempt leaves no gap");
}

#[tokio::test]
async fn concurrent_issue_attempts_give_each_invoice_one_number_without_gaps() {
    let (book, _, ids) = drafted(24).await;
    let mut tasks = Vec::new();
    // Every draft is issued twice at the same time from different tasks.
    for id in ids.iter().chain(ids.iter()) {
        let ctx = book.ctx.clone();
        let id = id.clone();
        tasks.push(tokio::spawn(async move { invoices::issue(&ctx, &id, Some(d("2026-11-02"))).await }));
    }
    let mut numbers = Vec::new();
    let mut conflicts = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(inv) => numbers.push(inv.number.unwrap()),
            Err(e) => {
                assert_eq!(e.code(), "CONFLICT", "{e}");
                conflicts += 1;
            }
        }
    }
    assert_eq!((numbers.len(), conflicts), (24, 24));
    let set: BTreeSet<_> = numbers.iter().cloned().collect();
    let expected: BTreeSet<_> = (1..=24).map(|n| format!("INV-2026-{n:06}")).collect();
    assert_eq!(set, expected, "gapless and unique");
    let (last,): (i64,) = sqlx::query_as("SELECT last_seq FROM invoice_numbers WHERE series = 'INV'")
        .fetch_one(&book.ctx.pool)
        .await
        .unwrap();
    assert_eq!(last, 24);
}

#[tokio::test]
async fn issued_invoices_are_immutable_in_the_store_itself() {
    let (book, _, ids) = drafted(2).await;
    let issued = invoices::issue(&book.ctx, &ids[0], Some(d("2026-11-02"))).await.unwrap();
    let pool = &book.ctx.pool;
    for sql in [
        "UPDATE invoices SET total = '0.00' WHERE id = ?1",
        "UPDATE invoices SET number = 'INV-2026-000099' WHERE id = ?1",
        "UPDATE invoices SET status = 'draft' WHERE id = ?1",
        "UPDATE invoices SET issued_on = '2026-11-03' WHERE id = ?1",
        "DELETE FROM invoices WHERE id = ?1",
        "UPDATE invoice_lines SET amount = '0.00' WHERE invoice_id = ?1",
        "DELETE FROM invoice_lines WHERE invoice_id = ?1",
        "INSERT INTO invoice_lines (invoice_id, position, subscription_id, meter_id, meter_name, meter_category, unit, \
         quantity, unit_price, markup_percent, tax_rate, amount) VALUES (?1, 99, 's', 'm', 'm', 'c', 'u', '1', '1', '0', '0', '1')",
        "UPDATE invoice_taxes SET amount = '0.00' WHERE invoice_id = ?1",
    ] {
        let err = sqlx::query(sql).bind(&issued.id).execute(pool).await.unwrap_err();
        assert!(err.to_string().contains("immutable") || err.to_string().contains("lifecycle"), "{sql}: {err}");
    }
    let again = invoices::show(&book.ctx, &issued.id).await.unwrap();
    assert_eq!(again, issued, "nothing changed");
    // A draft is still editable (a re-run replaces it).
    sqlx::query("UPDATE invoices SET total = total WHERE id = ?").bind(&ids[1]).execute(pool).await.unwrap();
}

#[tokio::test]
async fn a_credit_note_voids_the_invoice_and_releases_its_usage_for_a_corrected_one() {
    let (book, _, ids) = drafted(1).await;
    let inv = invoices::issue(&book.ctx, &ids[0], Some(d("2026-11-02"))).await.unwrap();
    let cn = invoices::credit(&book.ctx, &inv.id, Some(d("2026-11-10"))).await.unwrap();
    assert_eq!(cn.kind, InvoiceKind::CreditNote);
    assert_eq!(cn.status, InvoiceStatus::Issued);
    assert_eq!(cn.number.as_deref(), Some("CN-2026-000001"));
    assert_eq!((cn.credits.as_deref(), cn.credits_number.as_deref()), (Some(inv.id.as_str()), Some("INV-2026-000001")));
    assert_eq!((cn.subtotal, cn.tax, cn.total), (-inv.subtotal, -inv.tax, -inv.total));
    assert_eq!(cn.lines.len(), inv.lines.len());
    let voided = invoices::show(&book.ctx, &inv.id).await.unwrap();
    assert_eq!(
        (voided.status, voided.voided_on, voided.credited_by.as_deref()),
        (InvoiceStatus::Voided, Some(d("2026-11-10")), Some(cn.id.as_str()))
    );
    assert_eq!(voided.total, inv.total, "the voided invoice keeps its amounts");
    assert_eq!(invoices::credit(&book.ctx, &inv.id, None).await.unwrap_err().code(), "CONFLICT", "credited once");

    // The usage is free again: the next run drafts a corrected invoice, numbered at its issue.
    let rerun = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    assert_eq!(rerun.invoices.len(), 1);
    let corrected = invoices::issue(&book.ctx, &rerun.invoices[0], Some(d("2026-11-10"))).await.unwrap();
    assert_eq!(corrected.number.as_deref(), Some("INV-2026-000002"), "numbers are never reused");
    assert_eq!(corrected.total, inv.total);

    let events: Vec<String> = voided.events.iter().map(|e| e.event.clone()).collect();
    assert_eq!(events, ["drafted", "issued", "voided"]);
}

#[tokio::test]
async fn payment_and_the_states_that_refuse_it() {
    let (book, _, ids) = drafted(2).await;
    assert_eq!(invoices::pay(&book.ctx, &ids[0], d("2026-11-05")).await.unwrap_err().code(), "CONFLICT", "a draft");
    let inv = invoices::issue(&book.ctx, &ids[0], Some(d("2026-11-02"))).await.unwrap();
    assert_eq!(invoices::pay(&book.ctx, &inv.id, d("2026-11-01")).await.unwrap_err().code(), "VALIDATION");
    let paid = invoices::pay(&book.ctx, inv.number.as_deref().unwrap(), d("2026-11-20")).await.unwrap();
    assert_eq!((paid.status, paid.paid_on), (InvoiceStatus::Paid, Some(d("2026-11-20"))));
    assert_eq!(invoices::pay(&book.ctx, &inv.id, d("2026-11-21")).await.unwrap_err().code(), "CONFLICT");
    let events: Vec<String> = paid.events.iter().map(|e| e.event.clone()).collect();
    assert_eq!(events, ["drafted", "issued", "paid"]);
    assert_eq!(invoices::show(&book.ctx, "nope").await.unwrap_err().code(), "NOT_FOUND");
    let listed = invoices::list(&book.ctx, Some("2026-10"), Some("paid")).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(invoices::list(&book.ctx, None, Some("lost")).await.unwrap_err().code(), "VALIDATION");
}

#[tokio::test]
async fn due_date_follows_the_payment_terms_up_to_the_legal_sixty_days() {
    let (book, _, ids) = drafted(1).await;
    settings::set(&book.ctx, "issuer.payment_terms_days", "45").await.unwrap();
    assert_eq!(settings::set(&book.ctx, "issuer.payment_terms_days", "61").await.unwrap_err().code(), "VALIDATION");
    let inv = invoices::issue(&book.ctx, &ids[0], None).await.unwrap();
    // A real book's write defaults to the computer's date, not to the "as of" date it is read at.
    assert_eq!(inv.issued_on, Some(d(billing_support::COMPUTER_DATE)), "default: the computer's date");
    assert_eq!(inv.due_on, Some(d("2027-04-15")));
}

#[tokio::test]
async fn issue_all_issues_a_month_in_a_stable_order() {
    let (book, _, _) = drafted(5).await;
    let issued = invoices::issue_all(&book.ctx, "2026-10", Some(d("2026-11-02"))).await.unwrap();
    let names: Vec<_> = issued.iter().map(|i| (i.recipient_name.clone(), i.number.clone().unwrap())).collect();
    let expected: Vec<_> = (0..5).map(|i| (format!("Customer {i:03}"), format!("INV-2026-{:06}", i + 1))).collect();
    assert_eq!(names, expected);
    assert!(invoices::issue_all(&book.ctx, "2026-10", None).await.unwrap().is_empty(), "nothing left to issue");
}

#[tokio::test]
async fn the_printable_document_carries_every_fact_of_the_invoice() {
    use csp_core::pdf::model::{DocumentKind, Lang, Paper, TaxMention};
    let (book, p, ids) = drafted(1).await;
    for (k, v) in [
        ("issuer.legal_form", "SAS"),
        ("issuer.share_capital", "10 000 €"),
        ("issuer.siren", "732829320"),
        ("issuer.rcs", "RCS Paris 732 829 320"),
        ("issuer.iban", "FR76 3000 6000 0112 3456 7890 189"),
        ("issuer.late_payment_rate", "3 × the legal interest rate"),
        ("invoice.language", "en"),
    ] {
        settings::set(&book.ctx, k, v).await.unwrap();
    }
    let inv = invoices::issue(&book.ctx, &ids[0], Some(d("2026-11-02"))).await.unwrap();
    let doc = invoices::document(&book.ctx, &inv.id, None).await.unwrap();
    assert_eq!((doc.kind, doc.lang, doc.paper), (DocumentKind::Invoice, Lang::En, Paper::A4));
    assert_eq!(doc.number.as_deref(), Some("INV-2026-000001"));
    assert_eq!((doc.period_start, doc.period_end), (d("2026-10-01"), d("2026-10-31")));
    assert_eq!(doc.issuer.name, "Contoso Cloud");
    assert_eq!((doc.issuer.legal_form.as_deref(), doc.issuer.siren.as_deref()), (Some("SAS"), Some("732829320")));
    assert_eq!(doc.customer.name, "Customer 000");
    assert_eq!(doc.customer.country_name, "France");
    assert_eq!((doc.subtotal, doc.tax_total, doc.total), (inv.subtotal, inv.tax, inv.total));
    assert_eq!(csp_core::billing::document::groups_total(&doc), doc.subtotal);
    assert_eq!(doc.groups.len(), 1);
    assert_eq!(doc.tax_mention, TaxMention::None);
    assert_eq!(doc.payment.due_date, Some(d("2026-12-02")));
    assert_eq!(doc.payment.late_payment_rate.as_deref(), Some("3 × the legal interest rate"));
    assert!(doc.payment.b2b_recovery_indemnity);
    let fr = invoices::document(&book.ctx, &inv.id, Some("fr")).await.unwrap();
    assert_eq!(fr.lang, Lang::Fr);
    assert_eq!(invoices::document(&book.ctx, &inv.id, Some("de")).await.unwrap_err().code(), "VALIDATION");
    let cn = invoices::credit(&book.ctx, &inv.id, Some(d("2026-11-03"))).await.unwrap();
    let cn_doc = invoices::document(&book.ctx, &cn.id, None).await.unwrap();
    assert_eq!((cn_doc.kind, cn_doc.credits_invoice.as_deref()), (DocumentKind::CreditNote, Some("INV-2026-000001")));
    let _ = p;

    // Files are named after their numbers; a draft after its ID.
    let dir = tempfile::tempdir().unwrap();
    let rerun = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let files = invoice_export::export(&book.ctx, &[], Some("2026-10"), dir.path(), None).await.unwrap();
    let mut names: Vec<String> =
        files.iter().map(|f| std::path::Path::new(f).file_name().unwrap().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "CN-2026-000001.pdf".to_string(),
            "INV-2026-000001.pdf".to_string(),
            format!("draft-{}.pdf", rerun.invoices[0])
        ]
    );
    for f in &files {
        assert!(std::fs::read(f).unwrap().starts_with(b"%PDF"), "{f}");
    }
}

#[tokio::test]
async fn platform_events_are_checked_by_the_store_itself() {
    let (book, _, ids) = drafted(2).await;
    let issued = invoices::issue(&book.ctx, &ids[0], Some(d("2026-11-02"))).await.unwrap();
    let pool = &book.ctx.pool;
    let insert = |id: &str, on: Option<&str>, status: &str| {
        sqlx::query("INSERT INTO invoice_events (invoice_id, on_date, event, detail) VALUES (?, ?, 'platform', ?)")
            .bind(id.to_string())
            .bind(on.map(str::to_string))
            .bind(status.to_string())
            .execute(pool)
    };
    for (id, on, status) in [
        (issued.id.as_str(), Some("2026-11-03"), "lost"),
        (issued.id.as_str(), None, "deposited"),
        (ids[1].as_str(), Some("2026-11-03"), "deposited"),
    ] {
        let err = insert(id, on, status).await.unwrap_err();
        assert!(err.to_string().contains("platform status"), "{id} {on:?} {status}: {err}");
    }
    insert(&issued.id, Some("2026-11-03"), "deposited").await.unwrap();
    let shown = invoices::show(&book.ctx, &issued.id).await.unwrap();
    assert_eq!(shown.platform_status, Some(csp_core::domain::invoice::PlatformStatus::Deposited));
    assert_eq!(shown.platform_on, Some(d("2026-11-03")));
}
