//! Billing run: golden totals computed independently here (Decimal), rounding ties, markups, tax,
//! provider → reseller invoices, re-runs, transfers, exchange rates, partner cost and PEC, the PEC
//! audit, incentives and reconciliation.

use crate::billing_support;

use std::str::FromStr;

use billing_support::{row, TestBook};
use csp_core::billing::audit::PecFinding;
use csp_core::domain::customer::CustomerUpdate;
use csp_core::domain::partner::{PartnerPatch, Tier};
use csp_core::domain::tax::TaxMention;
use csp_core::service::partners::{self, Transition};
use csp_core::service::prices::{self, MarkupInput};
use csp_core::service::{billing, customers, invoice_export, invoices, settings, subscriptions};
use rust_decimal::{Decimal, RoundingStrategy};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Half away from zero, to cents: written here without the product's money module.
fn cents(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

async fn markup(
    book: &TestBook,
    issuer: &str,
    customer: Option<&str>,
    category: Option<&str>,
    reseller: Option<&str>,
    p: &str,
) {
    prices::markup_set(
        &book.ctx,
        MarkupInput {
            issuer_id: issuer.into(),
            customer_id: customer.map(Into::into),
            category: category.map(Into::into),
            reseller_id: reseller.map(Into::into),
            percent: dec(p),
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn golden_totals_with_a_rounding_tie() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (c, t) = book.customer(&p, "Fabrikam", "FR", None).await;
    let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    markup(&book, &p, None, None, None, "12.5").await;
    // (quantity, ERP, meter): m1 twice at the same price → one line; m2 lands on a tie.
    let input = [
        ("2026-10-01", "m1", "10", "0.0968"),
        ("2026-10-02", "m1", "14.5", "0.0968"),
        ("2026-10-03", "m2", "1", "0.1"),    // 0.1 × 1.125 = 0.1125 → 0.11
        ("2026-10-04", "m3", "3", "0.0375"), // 3 × 0.0375 × 1.125 = 0.1265625 → 0.13
        ("2026-10-05", "m4", "1", "0.04"),   // 0.04 × 1.125 = 0.045 → tie → 0.05
        ("2026-10-06", "m1", "1", "0.1"),    // same meter, another price → its own line
    ];
    let rows: Vec<_> = input.iter().map(|(on, m, q, pr)| row(&t, &s, on, m, q, pr)).collect();
    book.import_rows(&rows).await;
    let run = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    assert_eq!(run.invoices.len(), 1);
    let inv = invoices::show(&book.ctx, &run.invoices[0]).await.unwrap();

    // Independent computation: group (meter, unit price), round each line, 20 % French VAT.
    let m = dec("1.125");
    let mut groups: Vec<(String, Decimal, Decimal)> = Vec::new();
    for (_, meter, q, pr) in input {
        let unit = dec(pr) * m;
        match groups.iter_mut().find(|(gm, gu, _)| gm == meter && *gu == unit) {
            Some(g) => g.2 += dec(q),
            None => groups.push((meter.to_string(), unit, dec(q))),
        }
    }
    let amounts: Vec<Decimal> = groups.iter().map(|(_, u, q)| cents(*u * *q)).collect();
    assert!(amounts.contains(&dec("0.05")), "the 0.045 tie rounds away from zero");
    let subtotal: Decimal = amounts.iter().sum();
    let tax = cents(subtotal * dec("0.20"));
    assert_eq!(inv.lines.len(), groups.len());
    assert_eq!(inv.subtotal, subtotal);
    assert_eq!(inv.tax, tax);
    assert_eq!(inv.total, subtotal + tax);
    assert_eq!(inv.currency, "EUR");
    assert_eq!(inv.tax_mention, TaxMention::None);
    assert_eq!(inv.taxes.len(), 1);
    assert_eq!((inv.taxes[0].rate, inv.taxes[0].base, inv.taxes[0].amount), (dec("20"), subtotal, tax));
    let m1 = inv.lines.iter().find(|l| l.meter_id == "m1" && l.quantity == dec("24.5")).expect("m1 grouped");
    assert_eq!(m1.unit_price, dec("0.0968") * m, "unit price kept unrounded");
    assert_eq!(m1.amount, cents(dec("24.5") * dec("0.0968") * m));
    let tie = inv.lines.iter().find(|l| l.meter_id == "m4").unwrap();
    assert_eq!(tie.amount, dec("0.05"));
    assert_eq!(inv.customer_id.as_deref(), Some(c.as_str()));
    assert_eq!(inv.issuer_id, p);
    assert!(inv.number.is_none(), "a draft has no number");
}

#[tokio::test]
async fn the_most_specific_markup_rule_prices_each_line() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (c1, t1) = book.customer(&p, "Fabrikam", "FR", None).await;
    let (c2, t2) = book.customer(&p, "Northwind", "FR", None).await;
    let s1 = book.subscription(&c1, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    let s2 = book.subscription(&c2, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    markup(&book, &p, None, None, None, "10").await;
    markup(&book, &p, Some(&c1), None, None, "5").await;
    markup(&book, &p, Some(&c1), Some("Storage"), None, "-3").await;
    let storage = row(&t1, &s1, "2026-10-01", "st", "1", "100").meter("st", "LRS", "Storage");
    book.import_rows(&[
        storage,
        row(&t1, &s1, "2026-10-01", "vm", "1", "100"),
        row(&t2, &s2, "2026-10-01", "vm", "1", "100"),
    ])
    .await;
    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let list = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap();
    let of = |c: &str| list.iter().find(|i| i.customer_id.as_deref() == Some(c)).unwrap().id.clone();
    let i1 = invoices::show(&book.ctx, &of(&c1)).await.unwrap();
    let price = |meter: &str| i1.lines.iter().find(|l| l.meter_id == meter).unwrap().unit_price;
    assert_eq!(price("st"), dec("97"), "customer + category");
    assert_eq!(price("vm"), dec("105"), "customer");
    let i2 = invoices::show(&book.ctx, &of(&c2)).await.unwrap();
    assert_eq!(i2.lines[0].unit_price, dec("110"), "default");

    let preview = prices::preview(
        &book.ctx,
        prices::PricePreviewInput {
            issuer_id: p.clone(),
            customer_id: Some(c1.clone()),
            reseller_id: None,
            category: "storage".into(),
            erp: dec("2"),
            pc_to_bc_rate: Some(dec("1.1")),
        },
    )
    .await
    .unwrap();
    assert_eq!((preview.percent, preview.unit_price), (dec("-3"), dec("2.134")));
}

#[tokio::test]
async fn tax_follows_the_customer_country_and_vat_id() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let us_partner = book.partner("Woodgrove US", Tier::Direct, "US", Some("EUR"), &[]).await;
    let cases = [
        (&p, "Fabrikam", "FR", Some("FR40303265045"), dec("20"), TaxMention::None),
        (&p, "Bayern", "DE", Some("DE123456789"), Decimal::ZERO, TaxMention::ReverseChargeEu),
        (&p, "Berlin", "DE", None, dec("20"), TaxMention::None),
        (&p, "Geneva", "CH", None, Decimal::ZERO, TaxMention::OutsideEu),
        (&us_partner, "Seattle", "US", None, Decimal::ZERO, TaxMention::IssuerOutsideEu),
    ];
    let mut expected = Vec::new();
    for (partner, name, country, vat, rate, mention) in cases {
        let (c, t) = book.customer(partner, name, country, vat).await;
        let s = book.subscription(&c, partner, partner, "AZURE_PLAN", "2026-01-01", None).await;
        book.import_rows(&[row(&t, &s, "2026-10-01", "vm", "1", "100")]).await;
        expected.push((c, rate, mention));
    }
    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let list = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap();
    for (c, rate, mention) in &expected {
        let inv = list.iter().find(|i| i.customer_id.as_deref() == Some(c)).unwrap();
        let inv = invoices::show(&book.ctx, &inv.id).await.unwrap();
        assert_eq!((inv.taxes[0].rate, inv.tax_mention), (*rate, *mention), "{}", inv.recipient_name);
        assert_eq!(inv.tax, cents(dec("100") * rate / dec("100")));
        assert_eq!(inv.lines[0].tax_rate, *rate);
    }
    // An issuer outside the EU charges tax only when Settings give a rate.
    settings::set(&book.ctx, "issuer.tax_rate", "8.25").await.unwrap();
    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let list = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap();
    let seattle = list.iter().find(|i| i.recipient_name == "Seattle").unwrap();
    assert_eq!((seattle.tax, seattle.tax_mention), (dec("8.25"), TaxMention::None));
}

#[tokio::test]
async fn a_provider_bills_its_reseller_and_the_reseller_bills_its_customer() {
    let book = TestBook::new().await;
    let provider = book.partner("Distri Europe", Tier::IndirectProvider, "FR", Some("EUR"), &[]).await;
    let reseller = book.partner("Petit Revendeur", Tier::IndirectReseller, "FR", None, &[&provider]).await;
    let other = book.partner("Autre Revendeur", Tier::IndirectReseller, "FR", None, &[&provider]).await;
    let (c, t) = book.customer(&reseller, "Fabrikam", "FR", None).await;
    let (c2, t2) = book.customer(&other, "Northwind", "FR", None).await;
    let s = book.subscription(&c, &reseller, &provider, "AZURE_PLAN", "2026-01-01", None).await;
    let s2 = book.subscription(&c2, &other, &provider, "AZURE_PLAN", "2026-01-01", None).await;
    markup(&book, &provider, None, None, None, "4").await;
    markup(&book, &provider, None, None, Some(&reseller), "2").await;
    markup(&book, &reseller, None, None, None, "20").await;
    book.import_rows(&[
        row(&t, &s, "2026-10-01", "vm", "10", "1"),
        row(&t, &s, "2026-10-02", "vm", "10", "1"),
        row(&t2, &s2, "2026-10-02", "vm", "5", "1"),
    ])
    .await;
    let run = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    assert_eq!(run.invoices.len(), 4, "2 customer invoices + 2 provider invoices (one per reseller)");
    let list = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap();
    let to_reseller = list.iter().find(|i| i.reseller_id.as_deref() == Some(reseller.as_str())).unwrap();
    assert_eq!(to_reseller.issuer_id, provider);
    assert_eq!(to_reseller.subtotal, dec("20.40"), "reseller rule 2 %");
    let to_other = list.iter().find(|i| i.reseller_id.as_deref() == Some(other.as_str())).unwrap();
    assert_eq!(to_other.subtotal, dec("5.20"), "provider default 4 %");
    let to_customer = list.iter().find(|i| i.customer_id.as_deref() == Some(c.as_str())).unwrap();
    assert_eq!((to_customer.issuer_id.as_str(), to_customer.subtotal), (reseller.as_str(), dec("24.00")));

    // Billing one issuer drafts only its invoices and leaves the others' drafts.
    let only = billing::run(&book.ctx, "2026-10", Some(&provider)).await.unwrap();
    assert_eq!((only.invoices.len(), only.replaced_drafts), (2, 2));
    assert_eq!(invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap().len(), 4);
}

#[tokio::test]
async fn rerunning_replaces_drafts_only_and_never_bills_usage_twice() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (c1, t1) = book.customer(&p, "Fabrikam", "FR", None).await;
    let (_c2, t2) = book.customer(&p, "Northwind", "FR", None).await;
    let s1 = book.subscription(&c1, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    let s2 = book.subscription(&_c2, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    book.import_rows(&[row(&t1, &s1, "2026-10-01", "vm", "1", "10"), row(&t2, &s2, "2026-10-01", "vm", "1", "30")])
        .await;
    let first = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let fab = invoices::list(&book.ctx, Some("2026-10"), None)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.customer_id.as_deref() == Some(c1.as_str()))
        .unwrap();
    let issued = invoices::issue(&book.ctx, &fab.id, Some(billing_support::d("2026-11-02"))).await.unwrap();
    // Late usage for both customers arrives; the re-run keeps the issued invoice and drafts the rest.
    book.import_rows(&[row(&t1, &s1, "2026-10-20", "vm", "2", "10"), row(&t2, &s2, "2026-10-20", "vm", "1", "30")])
        .await;
    let second = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    assert_eq!(second.replaced_drafts, 1);
    assert!(!second.invoices.iter().any(|i| first.invoices.contains(i)), "new drafts replace the old ones");
    // October gets no second invoice for Fabrikam (LATE_USAGE): its late row waits for November.
    let all = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap();
    assert_eq!(all.len(), 2);
    let again = invoices::show(&book.ctx, &issued.id).await.unwrap();
    assert_eq!((again.total, again.number.clone()), (issued.total, issued.number.clone()), "issued invoice untouched");
    let north = all.iter().find(|i| i.recipient_name == "Northwind").unwrap();
    assert_eq!(north.subtotal, dec("60.00"), "the replaced draft's usage is billed once, with the late row");

    // November's run bills it on Fabrikam's November invoice, in a line that prints October; a
    // November row of its own comes first.
    book.import_rows(&[row(&t1, &s1, "2026-11-03", "vm", "1", "10")]).await;
    let november = billing::run(&book.ctx, "2026-11", None).await.unwrap();
    assert_eq!(november.invoices.len(), 1, "Northwind's October usage is on its October draft, not late");
    let nov = invoices::show(&book.ctx, &november.invoices[0]).await.unwrap();
    assert_eq!(nov.customer_id.as_deref(), Some(c1.as_str()));
    let months: Vec<(Option<&str>, Decimal)> = nov.lines.iter().map(|l| (l.usage_month.as_deref(), l.amount)).collect();
    assert_eq!(months, [(None, dec("10.00")), (Some("2026-10"), dec("20.00"))]);
    assert_eq!(nov.subtotal, dec("30.00"));
    // Its PDF says which month the late line belongs to, in both languages.
    let dir = tempfile::tempdir().unwrap();
    for (lang, words) in [("fr", "utilisation d'octobre 2026"), ("en", "usage of October 2026")] {
        let doc = invoices::document(&book.ctx, &nov.id, Some(lang)).await.unwrap();
        let pdf = dir.path().join(format!("{lang}.pdf"));
        std::fs::write(&pdf, csp_core::pdf::render(&doc).unwrap()).unwrap();
        let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
        assert!(String::from_utf8_lossy(&text.stdout).contains(words), "{lang}: {words}");
    }
    // October again: still nothing more for Fabrikam (its late row is billed by November's draft).
    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    assert_eq!(invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap().len(), 2);
    // Every row is billed, once: one line's link covers it (direct customers, no provider side).
    assert_eq!(
        book.count(
            "SELECT COUNT(*) FROM usage_rows u WHERE (SELECT COUNT(*) FROM usage_group_links l \
             WHERE l.group_id = u.group_id AND u.usage_date BETWEEN l.from_date AND l.to_date) <> 1"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn a_run_whose_copy_of_the_book_fails_writes_nothing() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (c, t) = book.customer(&p, "Fabrikam", "FR", None).await;
    let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    book.import_rows(&[row(&t, &s, "2026-10-01", "vm", "1", "10")]).await;
    let first = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    // The copy is made beside the run: a file where its folder should be makes it fail.
    let backups = book.ctx.db_path().parent().unwrap().join("backups");
    std::fs::remove_dir_all(&backups).unwrap();
    std::fs::write(&backups, b"not a folder").unwrap();
    book.import_rows(&[row(&t, &s, "2026-10-02", "vm", "1", "10")]).await;
    let e = billing::run(&book.ctx, "2026-10", None).await.unwrap_err();
    assert_eq!(e.code(), "IO", "{e}");
    let drafts = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap();
    assert_eq!(drafts.iter().map(|i| i.id.clone()).collect::<Vec<_>>(), first.invoices, "the previous draft stays");
    assert_eq!(drafts[0].subtotal, dec("10.00"));
    // Once the copy can be made again, the run goes through.
    std::fs::remove_file(&backups).unwrap();
    let again = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    assert_eq!(again.replaced_drafts, 1);
    assert_eq!(invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap()[0].subtotal, dec("20.00"));
}

#[tokio::test]
async fn after_a_transfer_usage_goes_to_the_new_partner_of_record_from_that_day() {
    let book = TestBook::new().await;
    let source = book.direct("Source Cloud").await;
    let target = book.direct("Target Cloud").await;
    let (c, t) = book.customer(&source, "Fabrikam", "FR", None).await;
    let s = book.subscription(&c, &source, &source, "AZURE_PLAN", "2026-01-01", None).await;
    sqlx::query("INSERT INTO subscription_periods VALUES (?, '2026-10-15', ?, ?, 'AZURE_PLAN')")
        .bind(&s)
        .bind(&target)
        .bind(&target)
        .execute(&book.ctx.pool)
        .await
        .unwrap();
    book.import_rows(&[row(&t, &s, "2026-10-14", "vm", "1", "10"), row(&t, &s, "2026-10-15", "vm", "1", "7")]).await;
    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let list = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap();
    let by = |issuer: &str| list.iter().find(|i| i.issuer_id == issuer).unwrap().subtotal;
    assert_eq!((by(&source), by(&target)), (dec("10.00"), dec("7.00")));
    // Access does not move with a transfer: the source held owner (PEC due, the file says none),
    // the target holds no role, so no PEC is due on its day.
    let audit = billing::pec_audit(&book.ctx, "2026-10").await.unwrap();
    assert_eq!(audit.rows_checked, 2);
    assert_eq!(audit.rows.len(), 1);
    assert_eq!(
        (audit.rows[0].partner_id.as_str(), audit.rows[0].finding.clone()),
        (source.as_str(), PecFinding::Missing)
    );
}

#[tokio::test]
async fn the_invoice_is_in_the_usage_currency_and_a_customer_billed_in_another_needs_the_month_rate() {
    let book = TestBook::new().await;
    // A US partner whose contract currency is USD; its customers' usage comes in EUR.
    let p = book.partner("Contoso US", Tier::Direct, "US", Some("USD"), &[]).await;
    let (plain, plain_t) = book.customer(&p, "Fabrikam", "US", None).await;
    let (in_usd, usd_t) = book.customer(&p, "Tailspin", "US", None).await;
    let billed = customers::update(
        &book.ctx,
        &in_usd,
        CustomerUpdate { billing_currency: Some("usd".into()), ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(billed.billing_currency.as_deref(), Some("USD"));
    let s1 = book.subscription(&plain, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    let s2 = book.subscription(&in_usd, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    book.import_rows(&[
        row(&plain_t, &s1, "2026-10-01", "vm", "3", "0.5"),
        row(&usd_t, &s2, "2026-10-01", "vm", "3", "0.5"),
    ])
    .await;
    // The customer billed in USD needs the month's EUR → USD rate: the run is refused, naming it.
    let err = billing::run(&book.ctx, "2026-10", None).await.unwrap_err();
    assert_eq!(err.code(), "VALIDATION");
    assert!(err.to_string().contains("EUR → USD for 2026-10"), "{err}");
    assert_eq!(book.count("SELECT COUNT(*) FROM invoices").await, 0);
    prices::set_exchange_rate(&book.ctx, "2026-10", "EUR", "USD", "1.0825").await.unwrap();
    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let list = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap();
    let of = |c: &str| list.iter().find(|i| i.customer_id.as_deref() == Some(c)).unwrap().id.clone();
    // No billing currency of its own: the usage's currency, no conversion (not the partner's USD).
    let inv = invoices::show(&book.ctx, &of(&plain)).await.unwrap();
    assert_eq!((inv.currency.as_str(), inv.exchange_from.as_deref(), inv.subtotal), ("EUR", None, dec("1.50")));
    // Billed in USD: converted at the month's rate, and the PDF shows the rate.
    let inv = invoices::show(&book.ctx, &of(&in_usd)).await.unwrap();
    assert_eq!(inv.currency, "USD");
    assert_eq!((inv.exchange_from.as_deref(), inv.exchange_rate), (Some("EUR"), Some(dec("1.0825"))));
    assert_eq!(inv.lines[0].unit_price, dec("0.54125"));
    assert_eq!(inv.subtotal, cents(dec("3") * dec("0.54125")));
    let text = pdf_text(&book, &inv.id, "en").await;
    assert!(text.contains("Exchange rate applied (October 2026): 1 EUR = 1.0825 USD"), "{text}");
    assert!(text.contains("$1.62"), "{text}");
}

/// The words of a document's PDF in `lang`, as `pdftotext` reads them.
async fn pdf_text(book: &TestBook, id: &str, lang: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let files = invoice_export::export(&book.ctx, &[id.to_string()], None, dir.path(), Some(lang)).await.unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", &files[0], "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn a_german_issuer_prints_the_directive_and_a_french_issuer_the_cgi() {
    let book = TestBook::new().await;
    let berlin = book.partner("Wolken Berlin GmbH", Tier::Direct, "DE", Some("EUR"), &[]).await;
    let paris = book.direct("Contoso Cloud").await;
    let mut ids = Vec::new();
    for (issuer, name, country, vat) in [
        (&berlin, "Fabrikam Lyon", "FR", Some("FR40303265045")),
        (&berlin, "Geneva Labs", "CH", None),
        (&paris, "Bayern Werke", "DE", Some("DE123456789")),
        (&paris, "Zurich Labs", "CH", None),
    ] {
        let (c, t) = book.customer(issuer, name, country, vat).await;
        let s = book.subscription(&c, issuer, issuer, "AZURE_PLAN", "2026-01-01", None).await;
        book.import_rows(&[row(&t, &s, "2026-10-01", "vm", "1", "100")]).await;
        ids.push(c);
    }
    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let list = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap();
    let of = |c: &str| list.iter().find(|i| i.customer_id.as_deref() == Some(c)).unwrap().clone();
    let mentions: Vec<TaxMention> = ids.iter().map(|c| of(c).tax_mention).collect();
    assert_eq!(
        mentions,
        [
            TaxMention::ReverseChargeDirective,
            TaxMention::OutsideEuDirective,
            TaxMention::ReverseChargeEu,
            TaxMention::OutsideEu
        ]
    );
    let de_reverse_fr = pdf_text(&book, &of(&ids[0]).id, "fr").await;
    assert!(de_reverse_fr.contains("Autoliquidation – TVA due par le preneur (art. 196 de la directive 2006/112/CE)"));
    let de_reverse_en = pdf_text(&book, &of(&ids[0]).id, "en").await;
    assert!(de_reverse_en.contains("(Council Directive 2006/112/EC art. 196)"), "{de_reverse_en}");
    let de_outside_fr = pdf_text(&book, &of(&ids[1]).id, "fr").await;
    assert!(de_outside_fr.contains("art. 44 de la directive 2006/112/CE"), "{de_outside_fr}");
    let de_outside_en = pdf_text(&book, &of(&ids[1]).id, "en").await;
    assert!(de_outside_en.contains("place of supply outside the European Union"), "{de_outside_en}");
    for text in [&de_reverse_fr, &de_reverse_en, &de_outside_fr, &de_outside_en] {
        assert!(!text.contains("CGI"), "a German issuer cites no French tax code: {text}");
    }
    let fr_reverse = pdf_text(&book, &of(&ids[2]).id, "fr").await;
    assert!(fr_reverse.contains("art. 283-2 du CGI"), "{fr_reverse}");
    let fr_outside = pdf_text(&book, &of(&ids[3]).id, "fr").await;
    assert!(fr_outside.contains("TVA non applicable – art. 259-1 du CGI"), "{fr_outside}");
}

#[tokio::test]
async fn the_vat_rate_is_the_one_in_force_on_the_last_day_of_the_month_and_monaco_is_france() {
    let book = TestBook::new().await;
    let bratislava = book.partner("Oblak Bratislava s.r.o.", Tier::Direct, "SK", Some("EUR"), &[]).await;
    let helsinki = book.partner("Pilvi Helsinki Oy", Tier::Direct, "FI", Some("EUR"), &[]).await;
    let paris = book.direct("Contoso Cloud").await;
    let (sk, sk_t) = book.customer(&bratislava, "Kosice Data", "SK", None).await;
    let (fi, fi_t) = book.customer(&helsinki, "Tampere Data", "FI", None).await;
    let (mc, mc_t) = book.customer(&paris, "Monte-Carlo Data", "MC", None).await;
    let s_sk = book.subscription(&sk, &bratislava, &bratislava, "AZURE_PLAN", "2024-01-01", None).await;
    let s_fi = book.subscription(&fi, &helsinki, &helsinki, "AZURE_PLAN", "2024-01-01", None).await;
    let s_mc = book.subscription(&mc, &paris, &paris, "AZURE_PLAN", "2024-01-01", None).await;
    book.import_rows(&[
        row(&sk_t, &s_sk, "2024-12-10", "vm", "1", "100"),
        row(&sk_t, &s_sk, "2025-01-10", "vm", "1", "100"),
        row(&fi_t, &s_fi, "2024-08-10", "vm", "1", "100"),
        row(&fi_t, &s_fi, "2024-09-10", "vm", "1", "100"),
        row(&mc_t, &s_mc, "2024-09-10", "vm", "1", "100"),
    ])
    .await;
    let mut seen = Vec::new();
    for month in ["2024-08", "2024-09", "2024-12", "2025-01"] {
        billing::run(&book.ctx, month, None).await.unwrap();
        for inv in invoices::list(&book.ctx, Some(month), None).await.unwrap() {
            let inv = invoices::show(&book.ctx, &inv.id).await.unwrap();
            seen.push((month, inv.recipient_name.clone(), inv.lines[0].tax_rate, inv.tax, inv.tax_mention));
        }
    }
    seen.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let none = TaxMention::None;
    assert_eq!(
        seen,
        [
            ("2024-08", "Tampere Data".to_string(), dec("24"), dec("24.00"), none),
            ("2024-09", "Monte-Carlo Data".to_string(), dec("20"), dec("20.00"), none),
            ("2024-09", "Tampere Data".to_string(), dec("25.5"), dec("25.50"), none),
            ("2024-12", "Kosice Data".to_string(), dec("20"), dec("20.00"), none),
            ("2025-01", "Kosice Data".to_string(), dec("23"), dec("23.00"), none),
        ]
    );
}

#[tokio::test]
async fn partner_cost_pec_audit_incentives_and_reconciliation() {
    let book = TestBook::new().await;
    let p = partners_mci(&book).await;
    let (c, t) = book.customer(&p, "Fabrikam", "FR", None).await;
    let with_rights = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    let without = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    book.revoke_all(&without, "2026-09-30").await;
    let legacy = book.subscription(&c, &p, &p, "MS-AZR-0145P", "2020-01-01", None).await;
    prices::import_from(
        &book.ctx,
        "MeterId,MeterName,MeterCategory,Unit,Currency,ERP,EffectiveFrom,EffectiveTo,PecEligible\n\
         nopec,Support,Support,1,EUR,1,2020-01-01,,no\n"
            .as_bytes(),
    )
    .await
    .unwrap();
    markup(&book, &p, None, None, None, "10").await;
    book.import_rows(&[
        // Rights held, file says no PEC: money lost.
        row(&t, &with_rights, "2026-10-01", "vm", "100", "1").pec(false),
        // Rights held, file agrees.
        row(&t, &with_rights, "2026-10-02", "vm", "100", "1").pec(true),
        // No rights (revoked), but the file shows PEC: expect a claw-back.
        row(&t, &without, "2026-10-01", "vm", "10", "2").pec(true),
        // Not PEC-eligible meter: no PEC expected.
        row(&t, &with_rights, "2026-10-03", "nopec", "5", "1").pec(false),
        // Legacy after PHASE2: ERP, no incentives.
        row(&t, &legacy, "2026-10-01", "vm", "50", "1").pec(false),
    ])
    .await;
    let audit = billing::pec_audit(&book.ctx, "2026-10").await.unwrap();
    assert_eq!(audit.rows_checked, 4, "legacy rows are not audited");
    assert_eq!(audit.rows.len(), 2);
    let missing = audit.rows.iter().find(|r| r.finding == PecFinding::Missing).unwrap();
    assert_eq!((missing.subscription_id.as_str(), missing.amount_at_stake), (with_rights.as_str(), dec("15.00")));
    let unexpected = audit.rows.iter().find(|r| r.finding == PecFinding::Unexpected).unwrap();
    assert_eq!((unexpected.subscription_id.as_str(), unexpected.amount_at_stake), (without.as_str(), dec("3.00")));
    assert_eq!(audit.missing_total["EUR"], dec("15.00"));

    // Incentives: MCI 2 % on Azure plan partner cost (PEC rows at 85 %); legacy after PHASE2 none.
    let inc = billing::incentives(&book.ctx, "2026-10").await.unwrap();
    assert_eq!(inc.partners.len(), 1);
    let cost = dec("85") + dec("85") + dec("20") + dec("5");
    assert_eq!(inc.partners[0].eligible_cost, cost);
    assert_eq!(inc.partners[0].mci, cents(cost * dec("0.02")));
    assert_eq!(inc.partners[0].silver, Decimal::ZERO);

    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("recon.csv");
    let res = billing::reconciliation_export(&book.ctx, "2026-10", &out).await.unwrap();
    assert_eq!(res.rows, 5);
    let mut r = csv::Reader::from_path(&out).unwrap();
    let headers = r.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let legacy_row = records.iter().find(|rec| rec[col("Offer")] == *"MS-AZR-0145P").unwrap();
    assert_eq!(&legacy_row[col("CostRule")], "LEGACY_ERP");
    assert_eq!(&legacy_row[col("PartnerCost")], "50");
    assert_eq!(&legacy_row[col("Price")], "55");
    assert_eq!(&legacy_row[col("Margin")], "5");
    let pec_row = records.iter().find(|rec| rec[col("UsageDate")] == *"2026-10-02").unwrap();
    assert_eq!(
        (&pec_row[col("CostRule")], &pec_row[col("PartnerCost")], &pec_row[col("Margin")]),
        ("PEC_APPLIED", "85", "25")
    );
}

async fn partners_mci(book: &TestBook) -> String {
    let p = book.direct("Contoso Cloud").await;
    sqlx::query("UPDATE partners SET mci = 1 WHERE id = ?").bind(&p).execute(&book.ctx.pool).await.unwrap();
    p
}

#[tokio::test]
async fn the_silver_bonus_accrues_on_azure_plan_usage_only() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let enrolled = PartnerPatch {
        mci: Some(true),
        silver_since: Some(Some(billing_support::d("2021-01-01"))),
        ..Default::default()
    };
    partners::update(&book.ctx, &p, enrolled).await.unwrap();
    let (c, t) = book.customer(&p, "Fabrikam", "FR", None).await;
    let legacy = book.subscription(&c, &p, &p, "MS-AZR-0145P", "2020-01-01", None).await;
    let plan = book.subscription(&c, &p, &p, "AZURE_PLAN", "2021-11-01", None).await;
    // December 2021: after SILVER_BONUS_FROM, before PHASE2 (legacy usage still earns MCI then).
    book.import_rows(&[
        row(&t, &legacy, "2021-12-10", "vm", "10", "1"),
        row(&t, &plan, "2021-12-10", "vm", "100", "1"),
    ])
    .await;
    let inc = billing::incentives(&book.ctx, "2021-12").await.unwrap();
    let mine = &inc.partners[0];
    // Legacy before PHASE2: ERP less the 10 % legacy discount; the Azure plan at ERP less PEC.
    let (legacy_cost, plan_cost) = (dec("9"), dec("85"));
    assert_eq!(mine.eligible_cost, legacy_cost + plan_cost);
    assert_eq!(mine.mci, cents((legacy_cost + plan_cost) * dec("0.02")), "MCI on both offers");
    assert_eq!(mine.silver, cents(plan_cost * dec("0.01")), "Silver on the Azure plan only");
}

#[tokio::test]
async fn legacy_usage_before_phase2_costs_erp_less_the_legacy_discount() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (c, t) = book.customer(&p, "Fabrikam", "FR", None).await;
    let legacy = book.subscription(&c, &p, &p, "MS-AZR-0145P", "2020-01-01", None).await;
    book.import_rows(&[
        row(&t, &legacy, "2022-01-31", "vm", "10", "1"),
        row(&t, &legacy, "2022-02-01", "vm", "10", "1"),
    ])
    .await;
    billing::run(&book.ctx, "2022-01", None).await.unwrap();
    billing::run(&book.ctx, "2022-02", None).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (month, rule, cost) in [("2022-01", "LEGACY_DISCOUNT", "9"), ("2022-02", "LEGACY_ERP", "10")] {
        let out = dir.path().join(format!("{month}.csv"));
        billing::reconciliation_export(&book.ctx, month, &out).await.unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(&format!(",{rule},no,no,{cost},")), "{month}: {text}");
    }
}

#[tokio::test]
async fn a_value_holding_a_control_character_is_billed_like_any_other() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (c, t) = book.customer(&p, "Fabrikam", "FR", None).await;
    let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    let odd = row(&t, &s, "2026-10-01", "vm", "2", "1.5").meter("vm", "D2s\u{1f}v5\u{1e}", "Virtual Machines");
    book.import_rows(&[odd, row(&t, &s, "2026-10-02", "st", "1", "3")]).await;
    let run = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let inv = invoices::show(&book.ctx, &run.invoices[0]).await.unwrap();
    assert_eq!(inv.lines.len(), 2);
    assert!(inv.lines.iter().any(|l| l.meter_name == "D2s\u{1f}v5\u{1e}"));
    assert_eq!(inv.subtotal, dec("6.00"));
}

#[tokio::test]
async fn exchange_rates_are_listed_newest_month_first_and_a_bad_one_changes_nothing() {
    let book = TestBook::new().await;
    prices::exchange_rate_set(&book.ctx, "2026-09", "EUR", "USD", "1.0791").await.unwrap();
    let set = prices::exchange_rate_set(&book.ctx, " 2026-10 ", "eur", "usd", "1.0825").await.unwrap();
    assert_eq!(
        (set.month.as_str(), set.from.as_str(), set.to.as_str(), set.rate),
        ("2026-10", "EUR", "USD", dec("1.0825"))
    );
    for (month, from, to, rate) in [
        ("2026-13", "EUR", "USD", "1.1"),
        ("2026-10", "EUR", "EUR", "1"),
        ("2026-10", "EUR", "XYZ", "1.1"),
        ("2026-10", "EUR", "USD", "0"),
        ("2026-10", "EUR", "USD", "1000000"),
    ] {
        let e = prices::exchange_rate_set(&book.ctx, month, from, to, rate).await.unwrap_err();
        assert_eq!(e.code(), "VALIDATION", "{month} {from} {to} {rate}");
    }
    let list = prices::exchange_rates(&book.ctx).await.unwrap();
    let seen: Vec<(&str, Decimal)> = list.iter().map(|r| (r.month.as_str(), r.rate)).collect();
    assert_eq!(seen, [("2026-10", dec("1.0825")), ("2026-09", dec("1.0791"))]);
}

/// A distributor, a direct partner that becomes its reseller on 2026-10-15, one customer and one
/// Azure plan subscription held since January (the partner is owner, as after an order).
async fn transitioned_book() -> (TestBook, String, String, String, String, String) {
    let book = TestBook::new().await;
    let v = book.partner("Distri Europe", Tier::IndirectProvider, "FR", Some("EUR"), &[]).await;
    let p = book.direct("Contoso Cloud").await;
    let (c, t) = book.customer(&p, "Fabrikam", "FR", None).await;
    let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    markup(&book, &p, None, None, None, "20").await;
    markup(&book, &v, None, None, None, "4").await;
    markup(&book, &v, None, None, Some(&p), "3").await;
    (book, v, p, c, t, s)
}

async fn transition(book: &TestBook, p: &str, v: &str, on: &str) {
    partners::transition(
        &book.ctx,
        Transition { partner_id: p.into(), provider_id: v.into(), on: billing_support::d(on) },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn after_a_transition_the_provider_bills_the_reseller_for_usage_from_that_day() {
    let (book, v, p, c, t, s) = transitioned_book().await;
    book.import_rows(&[
        row(&t, &s, "2026-09-10", "vm", "2", "1"),
        row(&t, &s, "2026-10-05", "vm", "10", "1"),
        row(&t, &s, "2026-10-14", "vm", "1", "1"),
        row(&t, &s, "2026-10-15", "vm", "5", "1"),
        row(&t, &s, "2026-10-31", "vm", "3", "1"),
    ])
    .await;
    transition(&book, &p, &v, "2026-10-15").await;
    let shown = subscriptions::show(&book.ctx, &s).await.unwrap();
    assert_eq!((shown.partner_id.as_str(), shown.billing_partner_id.as_str()), (p.as_str(), v.as_str()));

    // Before the transition the partner billed itself: no provider invoice.
    billing::run(&book.ctx, "2026-09", None).await.unwrap();
    let september = invoices::list(&book.ctx, Some("2026-09"), None).await.unwrap();
    assert_eq!(september.len(), 1);
    assert_eq!((september[0].issuer_id.as_str(), september[0].customer_id.as_deref()), (p.as_str(), Some(c.as_str())));

    // The month spanning the transition: the reseller bills its customer for the whole month, the
    // provider bills the reseller for the usage dated from the 15th only, with its reseller rule.
    let run = billing::run(&book.ctx, "2026-10", None).await.unwrap();
    assert_eq!(run.invoices.len(), 2);
    let list = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap();
    let to_customer = list.iter().find(|i| i.customer_id.as_deref() == Some(c.as_str())).unwrap();
    assert_eq!((to_customer.issuer_id.as_str(), to_customer.subtotal), (p.as_str(), cents(dec("19") * dec("1.2"))));
    let to_reseller = list.iter().find(|i| i.reseller_id.as_deref() == Some(p.as_str())).unwrap();
    assert_eq!(to_reseller.issuer_id, v);
    assert_eq!(to_reseller.subtotal, cents(dec("8") * dec("1.03")), "rows of the 15th and 31st, reseller rule 3 %");
    let lines = invoices::show(&book.ctx, &to_reseller.id).await.unwrap().lines;
    assert_eq!(lines.iter().map(|l| l.quantity).sum::<Decimal>(), dec("8"));
    let customer_lines = invoices::show(&book.ctx, &to_customer.id).await.unwrap().lines;
    assert_eq!(customer_lines.iter().map(|l| l.quantity).sum::<Decimal>(), dec("19"));
}

#[tokio::test]
async fn reconciliation_pec_audit_and_incentives_follow_the_billing_partner_on_each_usage_date() {
    let (book, v, p, _c, t, s) = transitioned_book().await;
    // The provider is MCI-enrolled, the former direct partner is not: the provider's incentives
    // count only the usage it is billed for.
    sqlx::query("UPDATE partners SET mci = 1 WHERE id = ?").bind(&v).execute(&book.ctx.pool).await.unwrap();
    book.import_rows(&[
        row(&t, &s, "2026-10-14", "vm", "10", "1").pec(false),
        row(&t, &s, "2026-10-15", "vm", "4", "1").pec(false),
    ])
    .await;
    transition(&book, &p, &v, "2026-10-15").await;

    let audit = billing::pec_audit(&book.ctx, "2026-10").await.unwrap();
    assert_eq!(audit.rows.len(), 2, "the partner of record is owner on both days: PEC was due");
    let billed_by: Vec<(String, String)> =
        audit.rows.iter().map(|r| (r.usage_date.to_string(), r.billing_partner_id.clone())).collect();
    assert!(billed_by.contains(&("2026-10-14".to_string(), p.clone())), "{billed_by:?}");
    assert!(billed_by.contains(&("2026-10-15".to_string(), v.clone())), "{billed_by:?}");

    let inc = billing::incentives(&book.ctx, "2026-10").await.unwrap();
    assert_eq!(inc.partners.len(), 1);
    assert_eq!(inc.partners[0].partner_id, v);
    assert_eq!(inc.partners[0].eligible_cost, dec("3.40"), "4 × 1 at 85 % (PEC), the 15th only");

    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("recon.csv");
    let res = billing::reconciliation_export(&book.ctx, "2026-10", &out).await.unwrap();
    assert_eq!(res.rows, 3, "the 14th on the customer's invoice; the 15th on both invoices");
    let mut r = csv::Reader::from_path(&out).unwrap();
    let headers = r.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut seen: Vec<(String, String, String)> = r
        .records()
        .map(Result::unwrap)
        .map(|rec| {
            (
                rec[col("UsageDate")].to_string(),
                rec[col("BillingPartner")].to_string(),
                rec[col("IssuerId")].to_string(),
            )
        })
        .collect();
    seen.sort();
    let mut expected = vec![
        ("2026-10-14".to_string(), p.clone(), p.clone()),
        ("2026-10-15".to_string(), v.clone(), p.clone()),
        ("2026-10-15".to_string(), v.clone(), v.clone()),
    ];
    expected.sort();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn a_transition_recorded_late_bills_later_orders_and_transfers_right() {
    let (book, v, p, c, _t, s) = transitioned_book().await;
    let other = book.direct("Target Cloud").await;
    // Recorded before the transition was: ordered on the 20th, and a subscription transferred away
    // on November 1st; one cancelled before the transition date.
    let ordered_later = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-10-20", None).await;
    let moved_away = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-02-01", None).await;
    sqlx::query("INSERT INTO subscription_periods VALUES (?, '2026-11-01', ?, ?, 'AZURE_PLAN')")
        .bind(&moved_away)
        .bind(&other)
        .bind(&other)
        .execute(&book.ctx.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE subscriptions SET partner_id = ?, billing_partner_id = ? WHERE id = ?")
        .bind(&other)
        .bind(&other)
        .bind(&moved_away)
        .execute(&book.ctx.pool)
        .await
        .unwrap();
    let gone = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-02-01", Some("2026-10-14")).await;
    let on_the_day = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-02-01", Some("2026-10-15")).await;
    transition(&book, &p, &v, "2026-10-15").await;

    let periods = |sub: String| {
        let pool = book.ctx.pool.clone();
        async move {
            sqlx::query_as::<_, (String, String, String)>(
                "SELECT valid_from, partner_id, billing_partner_id FROM subscription_periods \
                 WHERE subscription_id = ? ORDER BY valid_from",
            )
            .bind(sub)
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    let period =
        |from: &str, partner: &str, billing: &str| (from.to_string(), partner.to_string(), billing.to_string());
    assert_eq!(periods(s.clone()).await, vec![period("2026-01-01", &p, &p), period("2026-10-15", &p, &v)]);
    assert_eq!(periods(ordered_later.clone()).await, vec![period("2026-10-20", &p, &v)]);
    assert_eq!(
        periods(moved_away.clone()).await,
        vec![period("2026-02-01", &p, &p), period("2026-10-15", &p, &v), period("2026-11-01", &other, &other)]
    );
    assert_eq!(periods(gone.clone()).await, vec![period("2026-02-01", &p, &p)], "cancelled before: untouched");
    assert_eq!(periods(on_the_day).await.len(), 2, "cancelled on the day: that day's usage is the provider's");
    let billing_of = |id: String| {
        let ctx = book.ctx.clone();
        async move { subscriptions::show(&ctx, &id).await.unwrap().billing_partner_id }
    };
    assert_eq!(billing_of(ordered_later).await, v);
    assert_eq!(billing_of(moved_away).await, other, "the current period is the target's");
    assert_eq!(billing_of(gone).await, p);
}

#[tokio::test]
async fn a_resellers_admin_agents_group_gives_it_pec() {
    let book = TestBook::new().await;
    let v = book.partner("Distri Europe", Tier::IndirectProvider, "FR", Some("EUR"), &[]).await;
    let r = book.partner("Petit Revendeur", Tier::IndirectReseller, "FR", None, &[&v]).await;
    let (c, t) = book.customer(&r, "Fabrikam", "FR", None).await;
    let s = book.subscription(&c, &r, &v, "AZURE_PLAN", "2026-01-01", None).await;
    // The reseller's own principal loses owner; its admin-agents group holds contributor from the 10th.
    book.revoke_all(&s, "2026-09-30").await;
    book.grant(&s, &format!("reseller:{r}"), "contributor", "2026-10-10").await;
    book.import_rows(&[
        row(&t, &s, "2026-10-09", "vm", "10", "1").pec(false),
        row(&t, &s, "2026-10-10", "vm", "20", "1").pec(false),
    ])
    .await;
    let audit = billing::pec_audit(&book.ctx, "2026-10").await.unwrap();
    assert_eq!(audit.rows_checked, 2);
    assert_eq!(audit.rows.len(), 1, "{:?}", audit.rows);
    let found = &audit.rows[0];
    assert_eq!((found.usage_date.to_string(), found.finding.clone()), ("2026-10-10".to_string(), PecFinding::Missing));
    assert!(found.admin_rights);
    assert_eq!(audit.missing_total["EUR"], dec("3.00"), "20 × 1 × 15 %");

    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("recon.csv");
    billing::reconciliation_export(&book.ctx, "2026-10", &out).await.unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let rules: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(",2026-10-10,"))
        .map(|l| if l.contains(",PEC_APPLIED,") { "PEC_APPLIED" } else { "other" })
        .collect();
    assert_eq!(rules, ["PEC_APPLIED", "PEC_APPLIED"], "both invoices' rows of the 10th: {text}");
    assert!(text.lines().filter(|l| l.contains(",2026-10-09,")).all(|l| l.contains(",ERP,")), "{text}");
}

#[tokio::test]
async fn a_provider_billing_a_reseller_uses_its_reseller_rule_not_its_rules_for_the_end_customer() {
    let book = TestBook::new().await;
    let v = book.partner("Distri Europe", Tier::IndirectProvider, "FR", Some("EUR"), &[]).await;
    let r = book.partner("Petit Revendeur", Tier::IndirectReseller, "FR", None, &[&v]).await;
    let (c, t) = book.customer(&r, "Fabrikam", "FR", None).await;
    let s = book.subscription(&c, &r, &v, "AZURE_PLAN", "2026-01-01", None).await;
    // The provider also has rules naming the end customer (say, from when it sold to it directly).
    markup(&book, &v, None, None, None, "4").await;
    markup(&book, &v, None, None, Some(&r), "2").await;
    markup(&book, &v, Some(&c), None, None, "50").await;
    markup(&book, &v, Some(&c), Some("Storage"), None, "60").await;
    markup(&book, &r, None, None, None, "20").await;
    book.import_rows(&[
        row(&t, &s, "2026-10-01", "vm", "10", "1"),
        row(&t, &s, "2026-10-02", "st", "10", "1").meter("st", "LRS", "Storage"),
    ])
    .await;
    billing::run(&book.ctx, "2026-10", None).await.unwrap();
    let list = invoices::list(&book.ctx, Some("2026-10"), None).await.unwrap();
    let to_reseller = list.iter().find(|i| i.reseller_id.as_deref() == Some(r.as_str())).unwrap();
    let lines = invoices::show(&book.ctx, &to_reseller.id).await.unwrap().lines;
    assert!(lines.iter().all(|l| l.unit_price == dec("1.02")), "{lines:?}");
    assert_eq!(to_reseller.subtotal, dec("20.40"));
    let to_customer = list.iter().find(|i| i.customer_id.as_deref() == Some(c.as_str())).unwrap();
    assert_eq!((to_customer.issuer_id.as_str(), to_customer.subtotal), (r.as_str(), dec("24.00")));
}

#[tokio::test]
async fn a_cancellation_dated_before_stored_usage_is_refused_and_writes_nothing() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let (c, t) = book.customer(&p, "Fabrikam", "FR", None).await;
    let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
    book.import_rows(&[row(&t, &s, "2026-10-05", "vm", "1", "1"), row(&t, &s, "2026-10-10", "vm", "1", "1")]).await;
    let err = subscriptions::cancel(&book.ctx, &s, billing_support::d("2026-10-09")).await.unwrap_err();
    assert_eq!(err.code(), "CANCEL_BEFORE_USAGE");
    assert!(err.to_string().contains("2026-10-10"), "{err}");
    let still = subscriptions::show(&book.ctx, &s).await.unwrap();
    assert_eq!((still.status.as_str(), still.cancelled_on, still.events.len()), ("active", None, 0));
    // The last day of usage itself may be the cancellation date: that day is still billed.
    let done = subscriptions::cancel(&book.ctx, &s, billing_support::d("2026-10-10")).await.unwrap();
    assert_eq!(done.cancelled_on, Some(billing_support::d("2026-10-10")));
}

/// A book written before transitions moved billing (migrations up to 0035): a partner that became
/// a reseller on 2026-10-15 still bills itself for every subscription it held.
#[tokio::test]
async fn opening_a_book_with_an_earlier_transition_adds_the_providers_periods() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    let pool = billing_support::book_migrated_before(&path, 37).await;
    sqlx::raw_sql(
        "INSERT INTO partners (id, name, tier, country, currency, enrolled_on) VALUES
           ('v', 'Distri', 'indirect-provider', 'FR', 'EUR', '2015-01-01'),
           ('p', 'Contoso', 'indirect-reseller', 'FR', NULL, '2018-05-14'),
           ('q', 'Other', 'direct', 'FR', 'EUR', '2018-05-14');
         INSERT INTO partner_tiers (partner_id, tier, since) VALUES ('v', 'indirect-provider', '2015-01-01'),
           ('p', 'direct', '2018-05-14'), ('p', 'indirect-reseller', '2026-10-15'), ('q', 'direct', '2018-05-14');
         INSERT INTO reseller_providers (reseller_id, provider_id, since) VALUES ('p', 'v', '2026-10-15');
         INSERT INTO customers (id, tenant_id, name, domain, country) VALUES
           ('c', '3f2b0c8e-8a52-4b7e-9d0a-7f1c2b3a4d5e', 'Fabrikam', 'fabrikam.onmicrosoft.com', 'FR');
         INSERT INTO subscriptions (id, customer_id, partner_id, billing_partner_id, offer, created_on, status, cancelled_on) VALUES
           ('held', 'c', 'p', 'p', 'AZURE_PLAN', '2026-01-01', 'active', NULL),
           ('no-periods', 'c', 'p', 'p', 'MS-AZR-0145P', '2020-03-01', 'active', NULL),
           ('cancelled', 'c', 'p', 'p', 'AZURE_PLAN', '2026-01-01', 'cancelled', '2026-10-01'),
           ('ordered-after', 'c', 'p', 'v', 'AZURE_PLAN', '2026-10-20', 'active', NULL),
           ('others', 'c', 'q', 'q', 'AZURE_PLAN', '2026-01-01', 'active', NULL);
         INSERT INTO subscription_periods (subscription_id, valid_from, partner_id, billing_partner_id, offer) VALUES
           ('held', '2026-01-01', 'p', 'p', 'AZURE_PLAN'),
           ('cancelled', '2026-01-01', 'p', 'p', 'AZURE_PLAN'),
           ('ordered-after', '2026-10-20', 'p', 'v', 'AZURE_PLAN'),
           ('others', '2026-01-01', 'q', 'q', 'AZURE_PLAN');",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let ctx = csp_core::Ctx::open(&path).await.unwrap();
    let periods: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT subscription_id, valid_from, partner_id, billing_partner_id, offer FROM subscription_periods \
         ORDER BY subscription_id, valid_from",
    )
    .fetch_all(&ctx.pool)
    .await
    .unwrap();
    let row = |s: &str, from: &str, p: &str, b: &str, o: &str| {
        (s.to_string(), from.to_string(), p.to_string(), b.to_string(), o.to_string())
    };
    assert_eq!(
        periods,
        vec![
            row("cancelled", "2026-01-01", "p", "p", "AZURE_PLAN"),
            row("held", "2026-01-01", "p", "p", "AZURE_PLAN"),
            row("held", "2026-10-15", "p", "v", "AZURE_PLAN"),
            row("no-periods", "2020-03-01", "p", "p", "MS-AZR-0145P"),
            row("no-periods", "2026-10-15", "p", "v", "MS-AZR-0145P"),
            row("ordered-after", "2026-10-20", "p", "v", "AZURE_PLAN"),
            row("others", "2026-01-01", "q", "q", "AZURE_PLAN"),
        ]
    );
    let billing: Vec<(String, String)> = sqlx::query_as("SELECT id, billing_partner_id FROM subscriptions ORDER BY id")
        .fetch_all(&ctx.pool)
        .await
        .unwrap();
    let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    assert_eq!(
        billing,
        pairs(&[("cancelled", "p"), ("held", "v"), ("no-periods", "v"), ("ordered-after", "v"), ("others", "q")])
    );
}

#[tokio::test]
async fn a_book_from_before_usage_groups_keeps_what_its_lines_bill_and_bills_the_same_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    let pool = billing_support::book_migrated_before(&path, 41).await;
    // October: a VM meter on two days, a disk meter on two days; a draft whose first line bills both
    // VM rows and whose second line bills the disk's first day only (a day-by-day line).
    billing_support::old_subscription(&pool).await;
    sqlx::raw_sql(
        "INSERT INTO usage_imports (id, file_name, imported, skipped_duplicates) VALUES (1, 'october.csv', 4, 0);
         INSERT INTO usage_rows (id, dedup_key, import_id, customer_id, subscription_id, usage_date, meter_id, meter_name,
                                 meter_category, unit, quantity, unit_price, pricing_currency, billing_currency, pc_to_bc_rate) VALUES
           (1, x'01', 1, 'c', 's', '2026-10-01', 'vm', 'D2 v3', 'Virtual Machines', '1 Hour', '1.5', '10', 'EUR', 'EUR', '1'),
           (2, x'02', 1, 'c', 's', '2026-10-02', 'vm', 'D2 v3', 'Virtual Machines', '1 Hour', '2.25', '10', 'EUR', 'EUR', '1'),
           (3, x'03', 1, 'c', 's', '2026-10-01', 'disk', 'P10', 'Storage', NULL, '3', '1', 'EUR', 'EUR', '1'),
           (4, x'04', 1, 'c', 's', '2026-10-02', 'disk', 'P10', 'Storage', NULL, '4', '1', 'EUR', 'EUR', '1');
         INSERT INTO invoices (id, kind, status, issuer_id, customer_id, month, currency, series, subtotal, tax, total, tax_mention)
           VALUES ('d', 'invoice', 'draft', 'p', 'c', '2026-10', 'EUR', 'INV', '40.50', '8.10', '48.60', 'none');
         INSERT INTO invoice_lines (id, invoice_id, position, subscription_id, meter_id, meter_name, meter_category, unit,
                                    quantity, unit_price, markup_percent, tax_rate, amount) VALUES
           (1, 'd', 1, 's', 'vm', 'D2 v3', 'Virtual Machines', '1 Hour', '3.75', '10', '0', '20', '37.50'),
           (2, 'd', 2, 's', 'disk', 'P10', 'Storage', '', '3', '1', '0', '20', '3.00');
         INSERT INTO usage_links (line_id, usage_id) VALUES (1, 1), (1, 2), (2, 3);",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let ctx = csp_core::Ctx::open(&path).await.unwrap();
    // One group per meter, summed exactly when the book opened.
    let groups: Vec<(String, String, String, String, i64)> =
        sqlx::query_as("SELECT meter_id, first_date, last_date, quantity, rows FROM usage_groups ORDER BY meter_id")
            .fetch_all(&ctx.pool)
            .await
            .unwrap();
    let g = |m: &str, q: &str| (m.to_string(), "2026-10-01".to_string(), "2026-10-02".to_string(), q.to_string(), 2);
    assert_eq!(groups, vec![g("disk", "7"), g("vm", "3.75")]);
    // The first line bills the VM group whole; the second, the disk's first day only.
    let links: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT l.line_id, g.meter_id, l.from_date, l.to_date FROM usage_group_links l \
         JOIN usage_groups g ON g.id = l.group_id ORDER BY l.line_id",
    )
    .fetch_all(&ctx.pool)
    .await
    .unwrap();
    let l = |line: i64, m: &str, a: &str, b: &str| (line, m.to_string(), a.to_string(), b.to_string());
    assert_eq!(links, vec![l(1, "vm", "2026-10-01", "2026-10-02"), l(2, "disk", "2026-10-01", "2026-10-01")]);
    // The reconciliation reads each row's line through the groups: the VM's two rows and the disk's
    // first day are billed, the disk's second day is not.
    let out = dir.path().join("recon.csv");
    assert_eq!(billing::reconciliation_export(&ctx, "2026-10", &out).await.unwrap().rows, 3);
    // A run replaces the draft and bills every row, from the groups.
    let run = billing::run(&ctx, "2026-10", None).await.unwrap();
    assert_eq!(run.replaced_drafts, 1);
    let d = invoices::show(&ctx, &run.invoices[0]).await.unwrap();
    let lines: Vec<(String, Decimal, Decimal)> =
        d.lines.iter().map(|l| (l.meter_id.clone(), l.quantity, l.amount)).collect();
    assert_eq!(lines, vec![("vm".to_string(), dec("3.75"), dec("37.50")), ("disk".to_string(), dec("7"), dec("7.00"))]);
}

/// A group made by migration 0041 whose rows do not sum is tried once, when the book first opens:
/// the failure is recorded, the billing run says why, and later opens do not read the rows again.
#[tokio::test]
async fn a_group_that_does_not_sum_is_tried_once_and_the_run_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    let pool = billing_support::book_migrated_before(&path, 41).await;
    billing_support::old_subscription(&pool).await;
    sqlx::raw_sql(
        "INSERT INTO usage_imports (id, file_name, imported, skipped_duplicates) VALUES (1, 'october.csv', 3, 0);
         INSERT INTO usage_rows (id, dedup_key, import_id, customer_id, subscription_id, usage_date, meter_id, meter_name,
                                 meter_category, unit, quantity, unit_price, pricing_currency, billing_currency, pc_to_bc_rate) VALUES
           (1, x'01', 1, 'c', 's', '2026-10-01', 'vm', 'D2 v3', 'Virtual Machines', '1 Hour', '1.5', '10', 'EUR', 'EUR', '1'),
           (2, x'02', 1, 'c', 's', '2026-10-02', 'vm', 'D2 v3', 'Virtual Machines', '1 Hour', 'a lot', '10', 'EUR', 'EUR', '1'),
           (3, x'03', 1, 'c', 's', '2026-10-01', 'disk', 'P10', 'Storage', NULL, '3', '1', 'EUR', 'EUR', '1');",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let recorded = |ctx: csp_core::Ctx| async move {
        let quantities: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT meter_id, quantity FROM usage_groups ORDER BY meter_id")
                .fetch_all(&ctx.pool)
                .await
                .unwrap();
        let backfill: (i64, i64, String) =
            sqlx::query_as("SELECT done, left_undone, ran_at FROM backfills WHERE name = '0041_usage_groups'")
                .fetch_one(&ctx.pool)
                .await
                .unwrap();
        let e = billing::run(&ctx, "2026-10", None).await.unwrap_err();
        assert_eq!(e.code(), "VALIDATION", "{e}");
        assert!(e.to_string().starts_with("the usage of subscription s does not sum"), "{e}");
        ctx.pool.close().await;
        (quantities, backfill)
    };
    let (quantities, backfill) = recorded(csp_core::Ctx::open(&path).await.unwrap()).await;
    assert_eq!(quantities, vec![("disk".to_string(), Some("3".to_string())), ("vm".to_string(), None)]);
    assert_eq!((backfill.0, backfill.1), (1, 1), "one group summed, one left undone");

    // The rows made summable behind the program's back: the next open does not try the group again.
    let pool = sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&path)).await.unwrap();
    sqlx::query("UPDATE usage_rows SET quantity = '2' WHERE id = 2").execute(&pool).await.unwrap();
    pool.close().await;
    assert_eq!(recorded(csp_core::Ctx::open(&path).await.unwrap()).await, (quantities, backfill));
}
