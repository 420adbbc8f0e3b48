//! Partners and tiers through the service layer, on a real SQLite file.

use chrono::NaiveDate;
use csp_core::domain::customer::NewCustomer;
use csp_core::domain::partner::{NewPartner, PartnerPatch, Tier};
use csp_core::service::{customers, partners, settings};
use csp_core::Ctx;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn book() -> (tempfile::TempDir, Ctx) {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Ctx::open(&dir.path().join("book.sqlite3")).await.unwrap();
    (dir, ctx)
}

fn partner(name: &str, tier: Tier, country: &str, currency: Option<&str>, enrolled: &str) -> NewPartner {
    NewPartner {
        name: name.into(),
        tier: Some(tier),
        country: country.into(),
        currency: currency.map(Into::into),
        enrolled_on: Some(d(enrolled)),
        ..Default::default()
    }
}

async fn count(ctx: &Ctx, table: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&ctx.pool).await.unwrap().0
}

#[tokio::test]
async fn new_partner_means_enrolled_on_or_after_phase1() {
    let (_d, ctx) = book().await;
    let before = partners::add(&ctx, partner("Old", Tier::Direct, "FR", Some("EUR"), "2021-07-20")).await.unwrap();
    let on = partners::add(&ctx, partner("On", Tier::Direct, "FR", Some("EUR"), "2021-07-21")).await.unwrap();
    assert!(!before.new_partner);
    assert!(on.new_partner);
    // PHASE1 is a program setting: moving it changes who is new.
    settings::set(&ctx, "program.phase1", "2021-07-22").await.unwrap();
    assert!(!partners::show(&ctx, &on.id).await.unwrap().new_partner);
}

#[tokio::test]
async fn the_first_partner_becomes_the_operating_partner() {
    let (_d, ctx) = book().await;
    assert!(partners::operating(&ctx).await.unwrap().is_none());
    let first = partners::add(&ctx, partner("Office", Tier::Direct, "FR", Some("EUR"), "2019-01-01")).await.unwrap();
    let other = partners::add(&ctx, partner("Other", Tier::Direct, "DE", Some("EUR"), "2019-01-01")).await.unwrap();
    assert!(first.operating);
    assert!(!other.operating);
    assert_eq!(partners::operating(&ctx).await.unwrap().unwrap().id, first.id);
}

#[tokio::test]
async fn a_reseller_takes_its_providers_currency_and_is_listed_under_it() {
    let (_d, ctx) = book().await;
    let provider =
        partners::add(&ctx, partner("Distri", Tier::IndirectProvider, "FR", Some("EUR"), "2018-01-01")).await.unwrap();
    let mut r = partner("Revendeur", Tier::IndirectReseller, "BE", None, "2020-03-01");
    r.providers = vec![provider.id.clone()];
    let reseller = partners::add(&ctx, r).await.unwrap();
    assert_eq!(reseller.currency.as_deref(), Some("EUR"));
    assert_eq!(reseller.providers[0].id, provider.id);
    let provider = partners::show(&ctx, &provider.id).await.unwrap();
    assert_eq!(provider.resellers.len(), 1);
    assert_eq!(provider.resellers[0].name, "Revendeur");

    // A reseller without provider, or with a currency that is not its provider's, is refused.
    let e = partners::add(&ctx, partner("Lone", Tier::IndirectReseller, "FR", None, "2020-01-01")).await.unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
    let mut usd = partner("Usd", Tier::IndirectReseller, "FR", Some("USD"), "2020-01-01");
    usd.providers = vec![provider.id.clone()];
    assert_eq!(partners::add(&ctx, usd).await.unwrap_err().code(), "VALIDATION");
    // A direct partner is not a provider.
    let direct = partners::add(&ctx, partner("Direct", Tier::Direct, "FR", Some("EUR"), "2020-01-01")).await.unwrap();
    let mut wrong = partner("Wrong", Tier::IndirectReseller, "FR", None, "2020-01-01");
    wrong.providers = vec![direct.id];
    assert_eq!(partners::add(&ctx, wrong).await.unwrap_err().code(), "VALIDATION");
    assert_eq!(count(&ctx, "partners").await, 3);
}

#[tokio::test]
async fn refusals_write_nothing() {
    let (_d, ctx) = book().await;
    partners::add(
        &ctx,
        NewPartner { mpn_id: Some("123".into()), ..partner("A", Tier::Direct, "FR", Some("EUR"), "2019-01-01") },
    )
    .await
    .unwrap();
    let cases = [
        (partner("", Tier::Direct, "FR", Some("EUR"), "2019-01-01"), "VALIDATION"),
        (partner("B", Tier::Direct, "XX", Some("EUR"), "2019-01-01"), "VALIDATION"),
        (partner("B", Tier::Direct, "FR", Some("EURO"), "2019-01-01"), "VALIDATION"),
        (
            NewPartner { mpn_id: Some("12a".into()), ..partner("B", Tier::Direct, "FR", Some("EUR"), "2019-01-01") },
            "VALIDATION",
        ),
        (
            NewPartner { mpn_id: Some("123".into()), ..partner("B", Tier::Direct, "FR", Some("EUR"), "2019-01-01") },
            "CONFLICT",
        ),
        (
            NewPartner {
                email: Some("not-an-email".into()),
                ..partner("B", Tier::Direct, "FR", Some("EUR"), "2019-01-01")
            },
            "VALIDATION",
        ),
        (
            NewPartner { vat_id: Some("FR123".into()), ..partner("B", Tier::Direct, "FR", Some("EUR"), "2019-01-01") },
            "VALIDATION",
        ),
        (NewPartner { tier: None, ..partner("B", Tier::Direct, "FR", Some("EUR"), "2019-01-01") }, "VALIDATION"),
    ];
    for (input, code) in cases {
        let e = partners::add(&ctx, input.clone()).await.unwrap_err();
        assert_eq!(e.code(), code, "{input:?}");
        assert!(!e.message_fr().is_empty());
    }
    assert_eq!(count(&ctx, "partners").await, 1);
    assert_eq!(count(&ctx, "partner_tiers").await, 1);
}

#[tokio::test]
async fn transition_keeps_history_and_exempts_existing_pairs() {
    let (_d, ctx) = book().await;
    let direct = partners::add(&ctx, partner("Direct", Tier::Direct, "FR", Some("EUR"), "2019-01-01")).await.unwrap();
    let provider =
        partners::add(&ctx, partner("Distri", Tier::IndirectProvider, "FR", Some("EUR"), "2018-01-01")).await.unwrap();
    let old = customers::onboard(
        &ctx,
        NewCustomer {
            partner_id: direct.id.clone(),
            name: "Ancien".into(),
            domain: "ancien.onmicrosoft.com".into(),
            country: "FR".into(),
            relationship_since: Some(d("2020-05-01")),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let later = customers::onboard(
        &ctx,
        NewCustomer {
            partner_id: direct.id.clone(),
            name: "Récent".into(),
            domain: "recent.onmicrosoft.com".into(),
            country: "FR".into(),
            relationship_since: Some(d("2023-05-01")),
            ..Default::default()
        },
    )
    .await
    .unwrap();

    let t =
        partners::Transition { partner_id: direct.id.clone(), provider_id: provider.id.clone(), on: d("2022-06-01") };
    let after = partners::transition(&ctx, t.clone()).await.unwrap();
    assert_eq!(after.tier, Tier::IndirectReseller);
    assert_eq!(after.tier_history.len(), 2);
    assert_eq!(after.tier_history[0].tier, Tier::Direct);
    assert_eq!(after.tier_history[1].since, d("2022-06-01"));
    assert_eq!(after.providers[0].id, provider.id);
    assert_eq!(after.currency.as_deref(), Some("EUR"));

    let old = customers::show(&ctx, &old.id).await.unwrap();
    assert_eq!(old.relationships[0].transition_exempt_from, Some(d("2022-06-01")));
    let later = customers::show(&ctx, &later.id).await.unwrap();
    assert_eq!(later.relationships[0].transition_exempt_from, None, "established after the transition");

    // Only once: the partner is no longer direct.
    assert_eq!(partners::transition(&ctx, t).await.unwrap_err().code(), "CONFLICT");
}

#[tokio::test]
async fn transition_needs_a_provider_and_a_date_after_enrolment() {
    let (_d, ctx) = book().await;
    let direct = partners::add(&ctx, partner("Direct", Tier::Direct, "FR", Some("EUR"), "2019-01-01")).await.unwrap();
    let other = partners::add(&ctx, partner("Other", Tier::Direct, "FR", Some("EUR"), "2019-01-01")).await.unwrap();
    let provider =
        partners::add(&ctx, partner("Distri", Tier::IndirectProvider, "FR", Some("EUR"), "2018-01-01")).await.unwrap();
    let to_direct = partners::Transition { partner_id: direct.id.clone(), provider_id: other.id, on: d("2022-01-01") };
    assert_eq!(partners::transition(&ctx, to_direct).await.unwrap_err().code(), "VALIDATION");
    let too_early =
        partners::Transition { partner_id: direct.id.clone(), provider_id: provider.id, on: d("2018-12-31") };
    assert_eq!(partners::transition(&ctx, too_early).await.unwrap_err().code(), "VALIDATION");
    assert_eq!(partners::show(&ctx, &direct.id).await.unwrap().tier, Tier::Direct);
    assert_eq!(count(&ctx, "reseller_providers").await, 0);
}

#[tokio::test]
async fn profile_edit_keeps_the_tier_and_checks_fields() {
    let (_d, ctx) = book().await;
    let p = partners::add(&ctx, partner("Office", Tier::Direct, "FR", Some("EUR"), "2019-01-01")).await.unwrap();
    let edit = PartnerPatch {
        name: Some("Office SAS".into()),
        address: Some("1 rue de la Paix, 75002 Paris".into()),
        ..Default::default()
    };
    // The tier changes only by transition: an edit naming another is refused whole.
    let e = partners::update(&ctx, &p.id, PartnerPatch { tier: Some(Tier::IndirectProvider), ..edit.clone() })
        .await
        .unwrap_err();
    assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(csp_core::error::Field::Tier)));
    assert_eq!(partners::show(&ctx, &p.id).await.unwrap().name, "Office", "a refused edit writes nothing");
    // So is naming providers the partner does not have.
    let e = partners::update(&ctx, &p.id, PartnerPatch { providers: Some(vec![p.id.clone()]), ..edit.clone() })
        .await
        .unwrap_err();
    assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(csp_core::error::Field::Providers)));
    let edited = partners::update(&ctx, &p.id, PartnerPatch { tier: Some(Tier::Direct), ..edit }).await.unwrap();
    assert_eq!(edited.name, "Office SAS");
    assert_eq!(edited.tier, Tier::Direct);
    assert_eq!(edited.address.as_deref(), Some("1 rue de la Paix, 75002 Paris"));
    assert_eq!(edited.currency.as_deref(), Some("EUR"), "what the patch leaves out is kept");
    let e = partners::update(&ctx, &p.id, PartnerPatch { name: Some(String::new()), ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
    assert_eq!(partners::show(&ctx, &p.id).await.unwrap().name, "Office SAS");
}

/// Each refusal of a partner form names the input it is about, so the form shows it there.
#[tokio::test]
async fn partner_refusals_name_their_field() {
    use csp_core::error::Field;
    let (_dir, ctx) = book().await;
    let mut first = partner("Contoso", Tier::Direct, "FR", Some("EUR"), "2019-01-01");
    first.mpn_id = Some("123".into());
    partners::add(&ctx, first).await.unwrap();
    let base = || partner("B", Tier::Direct, "FR", Some("EUR"), "2019-01-01");
    let cases: Vec<(NewPartner, Field)> = vec![
        (NewPartner { name: "".into(), ..base() }, Field::Name),
        (NewPartner { tier: None, ..base() }, Field::Tier),
        (NewPartner { country: "XX".into(), ..base() }, Field::Country),
        (NewPartner { currency: None, ..base() }, Field::Currency),
        (NewPartner { currency: Some("EUX".into()), ..base() }, Field::Currency),
        (NewPartner { enrolled_on: None, ..base() }, Field::EnrolledOn),
        (NewPartner { mpn_id: Some("4-5".into()), ..base() }, Field::MpnId),
        (NewPartner { mpn_id: Some("123".into()), ..base() }, Field::MpnId),
        (NewPartner { vat_id: Some("FR1".into()), ..base() }, Field::VatId),
        (NewPartner { email: Some("a@".into()), ..base() }, Field::Email),
        (NewPartner { tier: Some(Tier::IndirectReseller), currency: None, ..base() }, Field::Providers),
        (NewPartner { providers: vec!["nope".into()], ..base() }, Field::Providers),
    ];
    for (input, field) in cases {
        let e = partners::add(&ctx, input.clone()).await.unwrap_err();
        assert_eq!(e.field(), Some(field), "{input:?}: {e}");
    }
    assert_eq!(count(&ctx, "partners").await, 1);
}
