//! Customer onboarding, multi-partner links and the customers list, on a real SQLite file.

use chrono::NaiveDate;
use csp_core::domain::customer::NewCustomer;
use csp_core::domain::partner::{NewPartner, Tier};
use csp_core::service::customers::{self, CustomerSearch, LinkRequest};
use csp_core::service::partners;
use csp_core::Ctx;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn book() -> (tempfile::TempDir, Ctx) {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Ctx::open(&dir.path().join("book.sqlite3")).await.unwrap();
    (dir, ctx)
}

async fn partner(ctx: &Ctx, name: &str, tier: Tier, country: &str) -> String {
    let mut p = NewPartner {
        name: name.into(),
        tier: Some(tier),
        country: country.into(),
        currency: Some("EUR".into()),
        enrolled_on: Some(d("2018-01-01")),
        ..Default::default()
    };
    if tier == Tier::IndirectReseller {
        let provider_name = format!("Provider of {name}");
        let provider = partner_boxed(ctx, &provider_name, Tier::IndirectProvider, country).await;
        p.providers = vec![provider];
        p.currency = None;
    }
    partners::add(ctx, p).await.unwrap().id
}

fn partner_boxed<'a>(
    ctx: &'a Ctx,
    name: &'a str,
    tier: Tier,
    country: &'a str,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = String> + 'a>> {
    Box::pin(partner(ctx, name, tier, country))
}

fn customer(partner_id: &str, name: &str, domain: &str, country: &str) -> NewCustomer {
    NewCustomer {
        partner_id: partner_id.into(),
        name: name.into(),
        domain: domain.into(),
        country: country.into(),
        relationship_since: Some(d("2021-09-01")),
        ..Default::default()
    }
}

async fn count(ctx: &Ctx, table: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&ctx.pool).await.unwrap().0
}

#[tokio::test]
async fn onboarding_creates_the_customer_and_its_relationship() {
    let (_d, ctx) = book().await;
    let p = partner(&ctx, "Contoso", Tier::Direct, "FR").await;
    let c = customers::onboard(
        &ctx,
        NewCustomer {
            vat_id: Some("DE 123456789".into()),
            email: Some("factures@fabrikam.de".into()),
            address: Some("Königstraße 1, 70173 Stuttgart".into()),
            ..customer(&p, "Fabrikam GmbH", "Fabrikam.onmicrosoft.com", "de")
        },
    )
    .await
    .unwrap();
    assert_eq!(c.domain, "fabrikam.onmicrosoft.com");
    assert_eq!(c.country, "DE");
    assert_eq!(c.market, "EUROPE");
    assert_eq!(c.vat_id.as_deref(), Some("DE123456789"));
    assert!(uuid_like(&c.tenant_id), "{}", c.tenant_id);
    assert_eq!(c.relationships.len(), 1);
    assert_eq!(c.relationships[0].partner_id, p);
    assert!(c.relationships[0].new_customer, "established after PHASE1");
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[tokio::test]
async fn relationship_before_phase1_is_not_a_new_customer_and_defaults_to_today() {
    let (_d, ctx) = book().await;
    let p = partner(&ctx, "Contoso", Tier::Direct, "FR").await;
    let c = customers::onboard(
        &ctx,
        NewCustomer { relationship_since: Some(d("2021-07-20")), ..customer(&p, "Old", "old.onmicrosoft.com", "FR") },
    )
    .await
    .unwrap();
    assert!(!c.relationships[0].new_customer);
    // Without a date, the relationship starts on the computer's date.
    let ctx = ctx.with_computer_date(d("2022-03-04"));
    let c = customers::onboard(
        &ctx,
        NewCustomer { relationship_since: None, ..customer(&p, "Today", "today.onmicrosoft.com", "FR") },
    )
    .await
    .unwrap();
    assert_eq!(c.relationships[0].since, d("2022-03-04"));
}

#[tokio::test]
async fn every_refusal_is_explained_and_writes_nothing() {
    let (_d, ctx) = book().await;
    let p = partner(&ctx, "Contoso", Tier::Direct, "FR").await;
    let provider = partner(&ctx, "Distri", Tier::IndirectProvider, "FR").await;
    customers::onboard(&ctx, customer(&p, "Existing", "existing.onmicrosoft.com", "FR")).await.unwrap();
    let before = (count(&ctx, "customers").await, count(&ctx, "relationships").await);
    let cases: Vec<(NewCustomer, &str)> = vec![
        (customer(&p, "Dup", "EXISTING.onmicrosoft.com", "FR"), "CONFLICT"),
        (customer(&p, "X", "x.onmicrosoft.com", "QQ"), "VALIDATION"),
        (customer(&p, "X", "x.onmicrosoft.com", "US"), "MARKET_MISMATCH"),
        (customer(&p, "  ", "x.onmicrosoft.com", "FR"), "VALIDATION"),
        (NewCustomer { email: Some("nope@".into()), ..customer(&p, "X", "x.onmicrosoft.com", "FR") }, "VALIDATION"),
        (customer(&p, "X", "x.example.com", "FR"), "VALIDATION"),
        (customer(&provider, "X", "x.onmicrosoft.com", "FR"), "TIER_CANNOT_RESELL"),
        (customer("missing", "X", "x.onmicrosoft.com", "FR"), "NOT_FOUND"),
        (NewCustomer { vat_id: Some("FR123".into()), ..customer(&p, "X", "x.onmicrosoft.com", "FR") }, "VALIDATION"),
        (
            NewCustomer { tenant_id: Some("not-a-guid".into()), ..customer(&p, "X", "x.onmicrosoft.com", "FR") },
            "VALIDATION",
        ),
        (NewCustomer { siren: Some("123456789".into()), ..customer(&p, "X", "x.onmicrosoft.com", "FR") }, "VALIDATION"),
    ];
    for (input, code) in cases {
        let e = customers::onboard(&ctx, input.clone()).await.unwrap_err();
        assert_eq!(e.code(), code, "{input:?}");
        assert_ne!(e.to_string(), e.message_fr(), "explained in both languages");
    }
    assert_eq!((count(&ctx, "customers").await, count(&ctx, "relationships").await), before);
}

#[tokio::test]
async fn a_partner_sells_across_its_market_without_an_office_there() {
    let (_d, ctx) = book().await;
    let fr = partner(&ctx, "Paris", Tier::Direct, "FR").await;
    for (country, domain) in [("NO", "norge"), ("GB", "uk"), ("CH", "swiss"), ("PL", "polska")] {
        customers::onboard(&ctx, customer(&fr, country, &format!("{domain}.onmicrosoft.com"), country)).await.unwrap();
    }
    let us = partner(&ctx, "Seattle", Tier::Direct, "US").await;
    customers::onboard(&ctx, customer(&us, "Canuck", "canuck.onmicrosoft.com", "CA")).await.unwrap();
    let check = customers::market_check(&ctx, &us, "FR").await.unwrap();
    assert!(!check.allowed);
    assert_eq!(check.rule, "MARKET_MISMATCH");
    assert!(customers::market_check(&ctx, &fr, "de").await.unwrap().allowed);
}

#[tokio::test]
async fn an_existing_tenant_links_to_more_partners() {
    let (_d, ctx) = book().await;
    let a = partner(&ctx, "Alpha", Tier::Direct, "FR").await;
    let b = partner(&ctx, "Beta", Tier::IndirectReseller, "BE").await;
    let tenant = "0b5c2a44-3b1e-4f7a-9d55-1c3f0e9a7b21";
    let c = customers::onboard(
        &ctx,
        NewCustomer {
            tenant_id: Some(tenant.to_uppercase()),
            ..customer(&a, "Shared", "shared.onmicrosoft.com", "FR")
        },
    )
    .await
    .unwrap();
    assert_eq!(c.tenant_id, tenant, "an existing tenant keeps its own ID");
    let rel =
        customers::link(&ctx, LinkRequest { customer_id: c.id.clone(), partner_id: b.clone(), on: d("2020-01-15") })
            .await
            .unwrap();
    assert!(!rel.new_customer);
    let c = customers::show(&ctx, &c.id).await.unwrap();
    assert_eq!(c.relationships.len(), 2);
    // Twice is a conflict; a provider cannot hold the customer; nothing more is written.
    let again = LinkRequest { customer_id: c.id.clone(), partner_id: b.clone(), on: d("2020-02-01") };
    assert_eq!(customers::link(&ctx, again).await.unwrap_err().code(), "CONFLICT");
    let provider = partners::show(&ctx, &b).await.unwrap().providers[0].id.clone();
    let to_provider = LinkRequest { customer_id: c.id.clone(), partner_id: provider, on: d("2020-02-01") };
    assert_eq!(customers::link(&ctx, to_provider).await.unwrap_err().code(), "TIER_CANNOT_RESELL");
    // The same tenant cannot be onboarded twice.
    let dup =
        NewCustomer { tenant_id: Some(tenant.into()), ..customer(&a, "Shared 2", "shared2.onmicrosoft.com", "FR") };
    assert_eq!(customers::onboard(&ctx, dup).await.unwrap_err().code(), "CONFLICT");
    assert_eq!(count(&ctx, "relationships").await, 2);
}

#[tokio::test]
async fn search_finds_substrings_of_name_domain_and_tenant_and_pages() {
    let (_d, ctx) = book().await;
    let a = partner(&ctx, "Alpha", Tier::Direct, "FR").await;
    let b = partner(&ctx, "Beta", Tier::Direct, "FR").await;
    for i in 0..30 {
        let owner = if i % 3 == 0 { &b } else { &a };
        customers::onboard(
            &ctx,
            customer(owner, &format!("Société {i:02} Dupré"), &format!("societe{i:02}.onmicrosoft.com"), "FR"),
        )
        .await
        .unwrap();
    }
    let one =
        customers::onboard(&ctx, customer(&a, "Zeta Łódź Sp. z o.o.", "zeta.onmicrosoft.com", "PL")).await.unwrap();

    let search = |text: &str| CustomerSearch { text: text.into(), ..Default::default() };
    assert_eq!(customers::search(&ctx, search("")).await.unwrap().total, 31);
    assert_eq!(customers::search(&ctx, search("dupré")).await.unwrap().total, 30, "case-insensitive substring");
    assert_eq!(customers::search(&ctx, search("łódź")).await.unwrap().rows[0].id, one.id);
    assert_eq!(customers::search(&ctx, search("ete15")).await.unwrap().total, 1, "inside the domain");
    let tenant_part = &one.tenant_id[9..18];
    assert_eq!(customers::search(&ctx, search(tenant_part)).await.unwrap().rows[0].id, one.id);
    assert_eq!(customers::search(&ctx, search("Ze")).await.unwrap().total, 1, "short text still searches");
    assert_eq!(customers::search(&ctx, search("\"")).await.unwrap().total, 0, "quotes are data");
    assert_eq!(customers::search(&ctx, search("%")).await.unwrap().total, 0, "wildcards are data");

    let by_b =
        customers::search(&ctx, CustomerSearch { partner_id: Some(b.clone()), ..Default::default() }).await.unwrap();
    assert_eq!(by_b.total, 10);
    assert!(by_b.rows.iter().all(|r| r.partners == "Beta"));
    let b_text = CustomerSearch { text: "dupré".into(), partner_id: Some(b.clone()), ..Default::default() };
    assert_eq!(customers::search(&ctx, b_text).await.unwrap().total, 10);
    let b_short = CustomerSearch { text: "so".into(), partner_id: Some(b.clone()), ..Default::default() };
    assert_eq!(customers::search(&ctx, b_short).await.unwrap().total, 10, "short text: name or domain prefix");

    let page =
        customers::search(&ctx, CustomerSearch { offset: 10, limit: Some(5), ..Default::default() }).await.unwrap();
    assert_eq!((page.total, page.offset, page.rows.len()), (31, 10, 5));
    assert_eq!(page.rows[0].name, "Société 10 Dupré");

    let desc = customers::search(&ctx, CustomerSearch { descending: true, limit: Some(1), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(desc.rows[0].name, "Zeta Łódź Sp. z o.o.");
    let by_country = customers::search(
        &ctx,
        CustomerSearch { sort: Some("country".into()), descending: true, limit: Some(1), ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(by_country.rows[0].country, "PL");
    let bad = CustomerSearch { sort: Some("password".into()), ..Default::default() };
    assert_eq!(customers::search(&ctx, bad).await.unwrap_err().code(), "VALIDATION");
}

/// Each refusal of onboarding names the input it is about, so the form shows it there.
#[tokio::test]
async fn onboarding_refusals_name_their_field() {
    use csp_core::error::Field;
    let (_dir, ctx) = book().await;
    let paris = partner(&ctx, "Paris Cloud", Tier::Direct, "FR").await;
    let provider = partner(&ctx, "Distri", Tier::IndirectProvider, "FR").await;
    customers::onboard(&ctx, customer(&paris, "Taken", "taken.onmicrosoft.com", "FR")).await.unwrap();
    let cases: Vec<(NewCustomer, Field)> = vec![
        (customer(&paris, " ", "a.onmicrosoft.com", "FR"), Field::Name),
        (customer(&paris, "A", "north wind", "FR"), Field::Domain),
        (customer(&paris, "A", "taken.onmicrosoft.com", "FR"), Field::Domain),
        (customer(&paris, "A", "a.onmicrosoft.com", "XX"), Field::Country),
        (customer(&paris, "A", "a.onmicrosoft.com", "US"), Field::Country),
        (customer(&provider, "A", "a.onmicrosoft.com", "FR"), Field::PartnerId),
        (NewCustomer { email: Some("a@".into()), ..customer(&paris, "A", "a.onmicrosoft.com", "FR") }, Field::Email),
        (NewCustomer { vat_id: Some("FR1".into()), ..customer(&paris, "A", "a.onmicrosoft.com", "FR") }, Field::VatId),
        (NewCustomer { siren: Some("123".into()), ..customer(&paris, "A", "a.onmicrosoft.com", "FR") }, Field::Siren),
        (
            NewCustomer { tenant_id: Some("zz".into()), ..customer(&paris, "A", "a.onmicrosoft.com", "FR") },
            Field::TenantId,
        ),
    ];
    for (input, field) in cases {
        let e = customers::onboard(&ctx, input.clone()).await.unwrap_err();
        assert_eq!(e.field(), Some(field), "{input:?}: {e}");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["field"], serde_json::to_value(field).unwrap());
    }
    assert_eq!(count(&ctx, "customers").await, 1);
}
