//! Issued documents are records: every fact an invoice prints is frozen at issue (its PDF reads the
//! same forever, whatever is edited later; a draft follows the edits), the legal identity belongs to
//! each issuer, a French issuer's invoice needs its mandatory mentions, issue dates follow the series
//! and never pass today, a batch is all or nothing, and a paid invoice may be credited (refund due).
//! Real SQLite files, PDFs read back with poppler's `pdftotext`.

use crate::billing_support;

use std::path::Path;

use billing_support::{d, row, TestBook};
use csp_core::domain::customer::CustomerUpdate;
use csp_core::domain::partner::{NewPartner, PartnerPatch, Tier};
use csp_core::domain::settings::KEYS;
use csp_core::service::{billing, customers, invoice_export, invoices, partners, settings};
use csp_core::Ctx;

fn pdftotext(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", &path.display().to_string(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The text of the document's PDF in `lang`.
async fn text(ctx: &Ctx, id: &str, lang: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let files = invoice_export::export(ctx, &[id.to_string()], None, dir.path(), Some(lang)).await.unwrap();
    // Words only: line breaks depend on the layout, not on the facts.
    pdftotext(Path::new(&files[0])).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One customer of a French direct partner, billed for September (issued) and October (draft).
async fn issued_and_draft() -> (TestBook, String, String, String, String) {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (c, t) = book.customer(&p, "Fabrikam", "FR", Some("FR61552100554")).await;
    let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    book.import_rows(&[row(&t, &s, "2026-09-03", "vm", "2", "10"), row(&t, &s, "2026-10-03", "vm", "3", "10")]).await;
    let sept = billing::run(&book.ctx, "2026-09", None).await.unwrap().invoices[0].clone();
    invoices::issue(&book.ctx, &sept, Some(d("2026-10-02"))).await.unwrap();
    let oct = billing::run(&book.ctx, "2026-10", None).await.unwrap().invoices[0].clone();
    (book, p, c, sept, oct)
}

/// A valid new value for every setting (the test fails if a key is added without one).
fn new_value(key: &str, other_partner: &str, logo: &str) -> String {
    match key {
        "office.partner_id" => other_partner.into(),
        "ui.language" | "invoice.language" => "en".into(),
        "program.phase1" => "2021-07-22".into(),
        "program.phase2" => "2022-02-02".into(),
        "program.phase3" => "2023-01-01".into(),
        "program.silver_bonus_from" => "2021-10-02".into(),
        "program.mci_rate" => "0.03".into(),
        "program.silver_rate" => "0.02".into(),
        "program.legacy_discount" => "0.2".into(),
        "program.pec_rate" => "0.1".into(),
        "issuer.legal_form" => "SA".into(),
        "issuer.share_capital" => "1 000 000 €".into(),
        "issuer.siren" => "552100554".into(),
        "issuer.siret" => "55210055400013".into(),
        "issuer.rcs" => "RCS Lyon 552 100 554".into(),
        "issuer.iban" => "DE89 3704 0044 0532 0130 00".into(),
        "issuer.bic" => "DEUTDEFFXXX".into(),
        "issuer.payment_terms_days" => "60".into(),
        "issuer.late_payment_rate" => "10 % per year".into(),
        "issuer.early_payment_discount" => "2 % within 8 days".into(),
        "issuer.logo_path" => logo.into(),
        "issuer.tax_rate" => "0.07".into(),
        "issuer.vat_on_debits" => "true".into(),
        other => panic!("no new value for the setting {other}: add one to this test"),
    }
}

#[tokio::test]
async fn an_issued_invoice_prints_the_same_text_after_every_edit_and_a_draft_follows_them() {
    let (book, p, c, issued, draft) = issued_and_draft().await;
    let ctx = &book.ctx;
    let before = [text(ctx, &issued, "fr").await, text(ctx, &issued, "en").await];
    let draft_before = text(ctx, &draft, "fr").await;
    assert!(before[0].contains("Fabrikam") && before[0].contains("Paris 732 829 320"), "{}", before[0]);

    // The customer.
    customers::update(
        ctx,
        &c,
        CustomerUpdate {
            name: Some("Fabrikam Renamed SA".into()),
            address: Some("99 avenue Foch, 75016 Paris".into()),
            email: Some("new@fabrikam.fr".into()),
            vat_id: Some("FR96552100554".into()),
            siren: Some("552100554".into()),
            delivery_address: Some("Entrepôt 4, 93200 Saint-Denis".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // The issuer: profile and legal identity.
    partners::update(
        ctx,
        &p,
        PartnerPatch {
            name: Some("Contoso Renamed SARL".into()),
            vat_id: Some("FR13542107651".into()),
            address: Some("5 quai de Saône, 69009 Lyon".into()),
            email: Some("billing@renamed.fr".into()),
            legal_form: Some("SARL".into()),
            share_capital: Some("5 000 €".into()),
            siren: Some("542107651".into()),
            rcs: Some("RCS Lyon 542 107 651".into()),
            iban: Some("FR76 3000 6000 0112 3456 7890 189".into()),
            bic: Some("AGRIFRPPXXX".into()),
            payment_terms_days: Some(15),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // Every setting (the operating partner changes last, the `issuer.*` keys edit it first).
    let other = book.partner("Other Office", Tier::Direct, "FR", Some("EUR"), &[]).await;
    let logo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../icons/32x32.png");
    let mut keys: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
    keys.sort_by_key(|k| *k == "office.partner_id");
    for key in keys {
        settings::set(ctx, key, &new_value(key, &other, &logo.display().to_string())).await.unwrap();
    }

    let after = [text(ctx, &issued, "fr").await, text(ctx, &issued, "en").await];
    assert_eq!(after, before, "an issued invoice prints what it printed when it was issued");
    let draft_after = text(ctx, &draft, "fr").await;
    assert_ne!(draft_after, draft_before);
    // The draft shows the latest of each: the customer's edit, the partner's, then Settings' `issuer.*`.
    for now in [
        "Fabrikam Renamed SA",
        "Contoso Renamed SARL",
        "SA au capital de 1 000 000 €",
        "Lyon 552 100 554",
        "Entrepôt 4",
        "DE89 3704",
    ] {
        assert!(draft_after.contains(now), "the draft shows {now:?}:\n{draft_after}");
    }
    // The lists and the invoice page name the parties as the issued document does.
    let shown = invoices::show(ctx, &issued).await.unwrap();
    assert_eq!((shown.issuer_name.as_str(), shown.recipient_name.as_str()), ("Contoso Cloud", "Fabrikam"));
}

async fn counts(ctx: &Ctx) -> (i64, i64, i64) {
    let q = |sql: &'static str| async move { sqlx::query_as::<_, (i64,)>(sql).fetch_one(&ctx.pool).await.unwrap().0 };
    (
        q("SELECT COUNT(*) FROM invoices WHERE status <> 'draft'").await,
        q("SELECT COUNT(*) FROM invoice_facts").await,
        q("SELECT COALESCE(SUM(last_seq), 0) FROM invoice_numbers").await,
    )
}

#[tokio::test]
async fn a_french_issuer_without_its_mentions_cannot_issue_and_is_told_what_is_missing() {
    let book = TestBook::new().await;
    let ctx = &book.ctx;
    let bare = partners::add(
        ctx,
        NewPartner {
            name: "Bare Cloud".into(),
            tier: Some(Tier::Direct),
            country: "FR".into(),
            currency: Some("EUR".into()),
            enrolled_on: Some(d("2018-01-01")),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let c = customers::onboard(
        ctx,
        csp_core::domain::customer::NewCustomer {
            partner_id: bare.id.clone(),
            name: "No Address".into(),
            domain: "noaddress.onmicrosoft.com".into(),
            country: "FR".into(),
            relationship_since: Some(d("2020-01-01")),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let s = book.subscription(&c.id, &bare.id, &bare.id, "AZURE_PLAN", "2026-01-01", None).await;
    book.import_rows(&[row(&c.tenant_id, &s, "2026-10-03", "vm", "1", "10")]).await;
    let id = billing::run(ctx, "2026-10", None).await.unwrap().invoices[0].clone();

    let e = invoices::issue(ctx, &id, Some(d("2026-11-02"))).await.unwrap_err();
    assert_eq!(e.code(), "INVOICE_MENTIONS_MISSING");
    assert_eq!(e.field(), Some(csp_core::error::Field::Issuer), "the window links to the issuer's form");
    let msg = e.to_string();
    for m in ["legal form", "share capital", "head-office address", "SIREN", "RCS", "VAT number", "billing address"] {
        assert!(msg.contains(m), "{m} named in: {msg}");
    }
    assert!(e.message_fr().contains("forme juridique"), "{}", e.message_fr());
    assert_eq!(counts(ctx).await, (0, 0, 0), "a refusal writes nothing");

    let mut input = PartnerPatch {
        currency: Some("EUR".into()),
        vat_id: Some("FR44732829320".into()),
        address: Some("1 rue de Rivoli, 75001 Paris".into()),
        legal_form: Some("SAS".into()),
        share_capital: Some("1 000 €".into()),
        siret: Some("73282932000074".into()),
        rcs: Some("RCS Paris 732 829 320".into()),
        ..Default::default()
    };
    // The identity is checked as it is written.
    input.iban = Some("FR76 0000".into());
    assert_eq!(partners::update(ctx, &bare.id, input.clone()).await.unwrap_err().code(), "VALIDATION");
    input.iban = None;
    partners::update(ctx, &bare.id, input).await.unwrap();

    let e = invoices::issue(ctx, &id, Some(d("2026-11-02"))).await.unwrap_err();
    assert_eq!((e.code().as_str(), e.field()), ("INVOICE_MENTIONS_MISSING", Some(csp_core::error::Field::Recipient)));
    assert!(!e.to_string().contains("legal form"), "{e}");
    // A French business customer's SIREN is a mention of the e-invoicing reform.
    assert!(e.to_string().contains("the customer's SIREN"), "{e}");
    assert!(e.message_fr().contains("le SIREN du client"), "{}", e.message_fr());
    assert_eq!(counts(ctx).await, (0, 0, 0));

    customers::update(
        ctx,
        &c.id,
        CustomerUpdate {
            address: Some("2 rue du Bac, 75007 Paris".into()),
            siren: Some("412233447".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let inv = invoices::issue(ctx, &id, Some(d("2026-11-02"))).await.unwrap();
    assert_eq!(inv.number.as_deref(), Some("INV-2026-000001"));
    assert_eq!(counts(ctx).await, (1, 1, 1));
}

#[tokio::test]
async fn issue_dates_follow_the_series_and_never_pass_the_computer_date_in_a_real_book() {
    let (book, _, _, _, draft) = issued_and_draft().await; // September's invoice issued on 2026-10-02
    let ctx = &book.ctx;
    let before = counts(ctx).await;
    let e = invoices::issue(ctx, &draft, Some(d("2026-10-01"))).await.unwrap_err();
    assert_eq!(e.code(), "INVOICE_DATE_ORDER", "{e}");
    // The series runs across years: a new year does not reopen the previous one.
    let e = invoices::issue(ctx, &draft, Some(d("2026-09-30"))).await.unwrap_err();
    assert_eq!(e.code(), "INVOICE_DATE_ORDER", "{e}");
    let e = invoices::issue(ctx, &draft, Some(d("2027-03-02"))).await.unwrap_err();
    assert_eq!(e.code(), "INVOICE_DATE_FUTURE", "the computer's date is {}", billing_support::COMPUTER_DATE);
    assert_eq!(counts(ctx).await, before, "a refusal writes nothing");
    let inv = invoices::issue(ctx, &draft, Some(d("2026-10-02"))).await.unwrap();
    assert_eq!(inv.number.as_deref(), Some("INV-2026-000002"), "the same day as the last one is in order");
}

#[tokio::test]
async fn a_demo_book_is_exempt_from_the_future_date_rule() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Ctx::open(&dir.path().join("demo.sqlite3")).await.unwrap().with_computer_date(d("2022-03-15"));
    csp_core::service::demo::seed(&ctx, None).await.unwrap();
    let drafts = invoices::list(&ctx, Some("2022-02"), Some("draft")).await.unwrap();
    assert!(!drafts.is_empty());
    let inv = invoices::issue(&ctx, &drafts[0].id, Some(d("2030-01-01"))).await.unwrap();
    assert_eq!(inv.issued_on, Some(d("2030-01-01")));
}

#[tokio::test]
async fn a_batch_issue_is_all_or_nothing() {
    let book = TestBook::new().await;
    let ctx = &book.ctx;
    let p = book.direct("Contoso Cloud").await;
    let mut rows = Vec::new();
    let mut last = String::new();
    for i in 0..3 {
        let (c, t) = book.customer(&p, &format!("Customer {i}"), "FR", None).await;
        let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
        rows.push(row(&t, &s, "2026-10-01", "vm", "1", "10"));
        last = c;
    }
    book.import_rows(&rows).await;
    billing::run(ctx, "2026-10", None).await.unwrap();
    // The last customer of the batch lacks its billing address.
    customers::update(ctx, &last, CustomerUpdate { address: Some(String::new()), ..Default::default() }).await.unwrap();
    let e = invoices::issue_all(ctx, "2026-10", Some(d("2026-11-02"))).await.unwrap_err();
    assert_eq!(e.code(), "INVOICE_MENTIONS_MISSING");
    assert!(e.to_string().contains("Customer 2"), "the refusal names the draft: {e}");
    assert_eq!(counts(ctx).await, (0, 0, 0), "not one invoice of the batch was issued");
    customers::update(
        ctx,
        &last,
        CustomerUpdate { address: Some("1 quai Perrache, Lyon".into()), ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(invoices::issue_all(ctx, "2026-10", Some(d("2026-11-02"))).await.unwrap().len(), 3);
    assert_eq!(counts(ctx).await, (3, 3, 3));
}

#[tokio::test]
async fn a_paid_invoice_can_be_credited_and_the_credit_note_records_the_refund_due() {
    let (book, _, _, issued, _) = issued_and_draft().await;
    let ctx = &book.ctx;
    invoices::pay(ctx, &issued, d("2026-10-20")).await.unwrap();
    assert_eq!(
        invoices::show(ctx, &issued).await.unwrap().allowed_actions,
        [csp_core::domain::invoice::InvoiceAction::Credit]
    );
    let cn = invoices::credit(ctx, &issued, Some(d("2026-10-25"))).await.unwrap();
    assert!(cn.refund_due);
    let inv = invoices::show(ctx, &issued).await.unwrap();
    assert_eq!(
        (inv.status.as_str(), inv.paid_on, inv.voided_on),
        ("voided", Some(d("2026-10-20")), Some(d("2026-10-25")))
    );
    let fr = text(ctx, &cn.id, "fr").await;
    assert!(fr.contains("était payée : ce montant est à rembourser au client"), "{fr}");
    let en = text(ctx, &cn.id, "en").await;
    assert!(en.contains("was paid: this amount is to be refunded"), "{en}");
}

#[tokio::test]
async fn the_database_keeps_frozen_facts_as_they_were_written() {
    let (book, _, _, issued, draft) = issued_and_draft().await;
    let pool = &book.ctx.pool;
    for sql in
        ["UPDATE invoice_facts SET facts = '{}'", "UPDATE invoice_facts SET logo = x'00'", "DELETE FROM invoice_facts"]
    {
        assert!(sqlx::query(sql).execute(pool).await.is_err(), "{sql} is refused");
    }
    let insert = "INSERT INTO invoice_facts (invoice_id, facts) VALUES (?, '{}')";
    assert!(
        sqlx::query(insert).bind(&issued).execute(pool).await.is_err(),
        "facts of an issued invoice are written once"
    );
    // A draft cannot be flipped to issued without its facts.
    let flip = "UPDATE invoices SET status = 'issued', number = 'X', number_year = 2026, number_seq = 99 WHERE id = ?";
    assert!(sqlx::query(flip).bind(&draft).execute(pool).await.is_err());
}

/// A book written by the previous version (migrations up to 0020), with an invoice issued then.
async fn book_before_frozen_facts(path: &Path) {
    let pool = billing_support::book_migrated_before(path, 30).await;
    sqlx::raw_sql(
        "INSERT INTO partners (id, name, tier, country, currency, enrolled_on, vat_id, address) \
           VALUES ('p1', 'Nuage Azur SAS', 'direct', 'FR', 'EUR', '2016-04-11', 'FR40303265045', '12 rue de la Paix, Paris');
         INSERT INTO settings (key, value) VALUES ('office.partner_id', 'p1'), ('issuer.legal_form', 'SAS'),
           ('issuer.share_capital', '120 000 €'), ('issuer.siren', '303265045'), ('issuer.rcs', 'RCS Paris 303 265 045'),
           ('issuer.iban', 'FR76 3000 6000 0112 3456 7890 189'), ('issuer.payment_terms_days', '45');
         INSERT INTO customers (id, tenant_id, name, domain, country, address) VALUES
           ('c1', '3f2b0c8e-8a52-4b7e-9d0a-7f1c2b3a4d5e', 'Boulangerie Dupré', 'dupre.onmicrosoft.com', 'FR', '4 place du Marché, Lyon');
         INSERT INTO invoices (id, kind, status, issuer_id, customer_id, month, currency, series, number, number_year,
           number_seq, issued_on, due_on, subtotal, tax, total, tax_mention)
           VALUES ('i1', 'invoice', 'issued', 'p1', 'c1', '2026-09', 'EUR', 'INV', 'INV-2026-000001', 2026, 1,
           '2026-10-02', '2026-11-16', '100.00', '20.00', '120.00', 'none');
         INSERT INTO invoice_numbers (issuer_id, series, year, last_seq) VALUES ('p1', 'INV', 2026, 1);",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
}

#[tokio::test]
async fn a_book_upgraded_freezes_the_invoices_it_had_issued_and_moves_the_identity_onto_the_office() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    book_before_frozen_facts(&path).await;
    let ctx = Ctx::open(&path).await.unwrap().with_computer_date(d(billing_support::COMPUTER_DATE));

    // The identity now lives on the operating partner; Settings still shows it, from there.
    let office = partners::show(&ctx, "p1").await.unwrap();
    assert_eq!((office.legal.legal_form.as_deref(), office.legal.payment_terms_days), (Some("SAS"), 45));
    let (stored,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM settings WHERE key LIKE 'issuer.%'").fetch_one(&ctx.pool).await.unwrap();
    assert_eq!(stored, 0, "one source of truth");
    assert_eq!(settings::show(&ctx).await.unwrap()["issuer.share_capital"], "120 000 €");

    // The invoice issued before the upgrade prints what the book held at the upgrade, forever.
    let (frozen_by,): (String,) =
        sqlx::query_as("SELECT json_extract(facts, '$.frozen_by') FROM invoice_facts WHERE invoice_id = 'i1'")
            .fetch_one(&ctx.pool)
            .await
            .unwrap();
    assert_eq!(frozen_by, "migration");
    let before = text(&ctx, "i1", "fr").await;
    assert!(before.contains("Boulangerie Dupré") && before.contains("SAS au capital de 120 000 €"), "{before}");
    customers::update(&ctx, "c1", CustomerUpdate { name: Some("Dupré & Fils".into()), ..Default::default() })
        .await
        .unwrap();
    settings::set(&ctx, "issuer.share_capital", "1 €").await.unwrap();
    assert_eq!(text(&ctx, "i1", "fr").await, before);
}
