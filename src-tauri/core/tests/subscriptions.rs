//! Ordering, cancelling, suspending and listing subscriptions, on a real SQLite file; and the
//! property that `offer check` and `subscription add` never disagree.

use crate::subs_book;

use csp_core::domain::offer::Offer;
use csp_core::domain::partner::{PartnerPatch, Tier};
use csp_core::domain::subscription::{NewSubscription, SubscriptionStatus};
use csp_core::service::partners::{self, Transition};
use csp_core::service::{offers, settings, subscriptions};
use subs_book::{d, Book};

#[tokio::test]
async fn ordering_records_partner_of_record_billing_partner_first_period_and_owner_role() {
    let book = Book::new().await;
    let p = book.direct("Contoso", "2018-05-14").await;
    let c = book.customer(&p, "fabrikam", "DE", "2019-02-01", false).await;

    let s = book.order(&p, Some(&c), Offer::AzurePlan, "2021-09-01").await.unwrap();
    assert_eq!(s.offer, Offer::AzurePlan);
    assert_eq!(s.status, SubscriptionStatus::Active);
    assert_eq!(s.created_on, d("2021-09-01"));
    assert_eq!(s.cancelled_on, None);
    assert_eq!(s.customer_id.as_deref(), Some(c.as_str()));
    assert_eq!(s.partner_id, p);
    assert_eq!(s.billing_partner_id, p, "a direct partner bills itself");
    assert_eq!(s.name, "Azure plan", "the default name is the offer's");
    assert!(uuid::Uuid::parse_str(&s.id).is_ok(), "a generated GUID: {}", s.id);
    // The partner of record is owner from the order date; the customer gets nothing.
    assert_eq!(s.roles.len(), 1);
    assert_eq!(s.roles[0].principal, format!("partner:{p}"));
    assert_eq!(s.roles[0].role.as_str(), "owner");
    assert_eq!(s.roles[0].scope, None);
    assert_eq!(s.roles[0].since, d("2021-09-01"));
    assert!(s.roles.iter().all(|r| r.principal != "customer"));

    let (valid_from, partner, billing, offer): (String, String, String, String) = sqlx::query_as(
        "SELECT valid_from, partner_id, billing_partner_id, offer FROM subscription_periods WHERE subscription_id = ?",
    )
    .bind(&s.id)
    .fetch_one(&book.ctx.pool)
    .await
    .unwrap();
    assert_eq!(
        (valid_from.as_str(), partner.as_str(), billing.as_str(), offer.as_str()),
        ("2021-09-01", p.as_str(), p.as_str(), "AZURE_PLAN")
    );
    assert_eq!(subscriptions::show(&book.ctx, &s.id).await.unwrap(), s);
}

#[tokio::test]
async fn a_refusal_returns_the_rule_id_as_error_code_and_writes_nothing() {
    let book = Book::new().await;
    let p = book.direct("Contoso", "2018-05-14").await;
    let fresh = book.direct("Newcomer", "2021-08-02").await;
    let v = book.provider("Distri").await;
    let old = book.customer(&p, "oldco", "DE", "2019-02-01", false).await;
    let new = book.customer(&p, "newco", "DE", "2021-07-21", false).await;
    let far = book.direct("Far Away", "2018-05-14").await;
    let far_customer = book.customer(&far, "farco", "FR", "2019-02-01", false).await;
    book.link(&old, &fresh, "2021-08-03").await;
    // The office moves to the United States: its French customer is now outside its market.
    let moved = PartnerPatch {
        name: Some("Far Away".into()),
        country: Some("US".into()),
        currency: Some("USD".into()),
        enrolled_on: Some(d("2018-05-14")),
        ..Default::default()
    };
    partners::update(&book.ctx, &far, moved).await.unwrap();
    book.order(&p, Some(&old), Offer::AzurePlan, "2021-01-04").await.unwrap();

    let before = book.written().await;
    let refusals = [
        (p.as_str(), Some(new.as_str()), Offer::Legacy, "2021-09-01", "LEGACY_NEW_CUSTOMER"),
        (fresh.as_str(), Some(old.as_str()), Offer::Legacy, "2021-09-01", "LEGACY_NEW_PARTNER"),
        (p.as_str(), Some(old.as_str()), Offer::Legacy, "2021-07-21", "LEGACY_NO_ACTIVE_LEGACY"),
        (p.as_str(), Some(new.as_str()), Offer::AzurePlan, "2021-07-20", "NO_RELATIONSHIP"),
        (p.as_str(), Some(old.as_str()), Offer::Apss, "2021-09-01", "APSS_PARTNER_ONLY"),
        (p.as_str(), None, Offer::AzurePlan, "2021-09-01", "CUSTOMER_REQUIRED"),
        (v.as_str(), Some(old.as_str()), Offer::AzurePlan, "2021-09-01", "TIER_CANNOT_RESELL"),
        (far.as_str(), Some(far_customer.as_str()), Offer::AzurePlan, "2021-09-01", "MARKET_MISMATCH"),
    ];
    for (partner, customer, offer, on, rule) in refusals {
        let decision = offers::check(&book.ctx, partner, customer, offer, d(on)).await.unwrap();
        assert!(!decision.allowed);
        assert_eq!(decision.rule, rule);
        let err = book.order(partner, customer, offer, on).await.unwrap_err();
        assert_eq!(err.code(), rule, "{offer} on {on}");
        assert_eq!(err.to_string(), decision.message_en);
        assert_eq!(err.message_fr(), decision.message_fr);
    }
    assert_eq!(book.written().await, before, "no subscription, period, event or role was written");
}

#[tokio::test]
async fn after_phase1_the_previous_offer_needs_an_active_one_of_the_same_pair() {
    let book = Book::new().await;
    let p = book.direct("Contoso", "2018-05-14").await;
    let q = book.direct("Litware", "2017-03-01").await;
    let c = book.customer(&p, "fabrikam", "DE", "2019-02-01", false).await;
    book.link(&c, &q, "2019-06-01").await;

    let first = book.order(&p, Some(&c), Offer::Legacy, "2021-07-20").await.unwrap();
    assert_eq!(
        offers::check(&book.ctx, &p, Some(&c), Offer::Legacy, d("2021-07-21")).await.unwrap().rule,
        "LEGACY_EXISTING_PAIR"
    );
    let second = book.order(&p, Some(&c), Offer::Legacy, "2021-08-01").await.unwrap();
    assert_eq!(second.offer, Offer::Legacy);
    // P's subscriptions do not open the previous offer to Q, although Q holds the same customer.
    assert_eq!(
        book.order(&q, Some(&c), Offer::Legacy, "2021-08-01").await.unwrap_err().code(),
        "LEGACY_NO_ACTIVE_LEGACY"
    );

    subscriptions::cancel(&book.ctx, &first.id, d("2021-09-01")).await.unwrap();
    subscriptions::cancel(&book.ctx, &second.id, d("2021-10-01")).await.unwrap();
    // Cancelled on 2021-10-01: active the day before, no longer on that day.
    let on = |day: &'static str| offers::check(&book.ctx, &p, Some(&c), Offer::Legacy, d(day));
    assert_eq!(on("2021-09-30").await.unwrap().rule, "LEGACY_EXISTING_PAIR");
    assert_eq!(on("2021-10-01").await.unwrap().rule, "LEGACY_NO_ACTIVE_LEGACY");
    assert_eq!(
        book.order(&p, Some(&c), Offer::Legacy, "2021-10-01").await.unwrap_err().code(),
        "LEGACY_NO_ACTIVE_LEGACY"
    );
    // The Azure plan stays open.
    assert!(book.order(&p, Some(&c), Offer::AzurePlan, "2021-10-01").await.is_ok());
}

#[tokio::test]
async fn a_suspended_previous_offer_subscription_still_counts_as_active() {
    let book = Book::new().await;
    let p = book.direct("Contoso", "2018-05-14").await;
    let c = book.customer(&p, "fabrikam", "DE", "2019-02-01", false).await;
    let s = book.order(&p, Some(&c), Offer::Legacy, "2021-03-01").await.unwrap();
    subscriptions::suspend(&book.ctx, &s.id, d("2021-08-01")).await.unwrap();
    let decision = offers::check(&book.ctx, &p, Some(&c), Offer::Legacy, d("2021-09-01")).await.unwrap();
    assert_eq!(decision.rule, "LEGACY_EXISTING_PAIR");
}

#[tokio::test]
async fn a_partner_that_became_a_reseller_keeps_its_existing_customers_out_of_phase1() {
    let book = Book::new().await;
    let v = book.provider("Distri").await;
    let t = book.direct("Tailspin", "2017-03-01").await;
    // Won after PHASE1: a new customer for Tailspin.
    let c = book.customer(&t, "fabrikam", "DE", "2021-08-01", false).await;
    assert_eq!(book.order(&t, Some(&c), Offer::Legacy, "2021-09-01").await.unwrap_err().code(), "LEGACY_NEW_CUSTOMER");
    let plan = book.order(&t, Some(&c), Offer::AzurePlan, "2021-09-15").await.unwrap();
    assert_eq!(plan.billing_partner_id, t, "still direct on 2021-09-15: it bills itself");

    partners::transition(&book.ctx, Transition { partner_id: t.clone(), provider_id: v.clone(), on: d("2021-10-01") })
        .await
        .unwrap();
    assert_eq!(book.order(&t, Some(&c), Offer::Legacy, "2021-09-30").await.unwrap_err().code(), "LEGACY_NEW_CUSTOMER");
    let legacy = book.order(&t, Some(&c), Offer::Legacy, "2021-10-01").await.unwrap();
    assert_eq!(legacy.partner_id, t);
    assert_eq!(legacy.billing_partner_id, v, "a reseller is billed by its provider");
    assert_eq!(
        offers::check(&book.ctx, &t, Some(&c), Offer::Legacy, d("2021-10-01")).await.unwrap().rule,
        "LEGACY_TRANSITION_EXEMPT"
    );
    // A customer won after the transition is not exempt.
    let later = book.customer(&t, "woodgrove", "DE", "2021-10-02", false).await;
    assert_eq!(
        book.order(&t, Some(&later), Offer::Legacy, "2021-10-05").await.unwrap_err().code(),
        "LEGACY_NEW_CUSTOMER"
    );
}

#[tokio::test]
async fn gcc_customers_keep_the_previous_offer_even_with_a_new_partner() {
    let book = Book::new().await;
    let fresh = book.direct("Newcomer", "2021-08-02").await;
    let gcc = book.customer(&fresh, "agency", "DE", "2021-08-02", true).await;
    let s = book.order(&fresh, Some(&gcc), Offer::Legacy, "2021-08-03").await.unwrap();
    assert_eq!(s.offer, Offer::Legacy);
    assert_eq!(
        offers::check(&book.ctx, &fresh, Some(&gcc), Offer::Legacy, d("2022-02-01")).await.unwrap().rule,
        "LEGACY_GCC"
    );
}

#[tokio::test]
async fn apss_is_for_the_partners_own_tenant_and_billed_like_its_usage() {
    let book = Book::new().await;
    let p = book.direct("Contoso", "2018-05-14").await;
    let v = book.provider("Distri").await;
    let r = book.reseller("Adatum", "2019-01-07", &[&v]).await;
    for (partner, billing) in [(&p, &p), (&v, &v), (&r, &v)] {
        let s = book.order(partner, None, Offer::Apss, "2021-07-21").await.unwrap();
        assert_eq!(s.customer_id, None);
        assert_eq!(&s.partner_id, partner);
        assert_eq!(&s.billing_partner_id, billing);
        assert_eq!(s.name, "Azure Partner Shared Services");
    }
    let all = offers::check_all(&book.ctx, &p, None, d("2022-02-01")).await.unwrap();
    let rules: Vec<_> = all.iter().map(|x| (x.offer, x.allowed, x.rule.as_str())).collect();
    assert_eq!(
        rules,
        [
            (Offer::AzurePlan, false, "CUSTOMER_REQUIRED"),
            (Offer::Legacy, false, "CUSTOMER_REQUIRED"),
            (Offer::Apss, true, "APSS_UNCHANGED")
        ]
    );
}

#[tokio::test]
async fn a_reseller_is_billed_by_its_provider_and_names_it_when_it_has_several() {
    let book = Book::new().await;
    let v1 = book.provider("Distri One").await;
    let v2 = book.provider("Distri Two").await;
    let single = book.reseller("Adatum", "2019-01-07", &[&v1]).await;
    let double = book.reseller("Proseware", "2019-01-07", &[&v1, &v2]).await;
    let p = book.direct("Contoso", "2018-05-14").await;
    let c1 = book.customer(&single, "fabrikam", "DE", "2020-01-06", false).await;
    let c2 = book.customer(&double, "woodgrove", "DE", "2020-01-06", false).await;
    let c3 = book.customer(&p, "northwind", "DE", "2020-01-06", false).await;

    let s = book.order(&single, Some(&c1), Offer::AzurePlan, "2021-09-01").await.unwrap();
    assert_eq!((s.partner_id.as_str(), s.billing_partner_id.as_str()), (single.as_str(), v1.as_str()));

    let with = |partner: &str, customer: &str, provider: Option<&str>| NewSubscription {
        partner_id: partner.into(),
        customer_id: Some(customer.into()),
        offer: Some(Offer::AzurePlan),
        on: Some(d("2021-09-01")),
        provider_id: provider.map(str::to_string),
        ..Default::default()
    };
    let before = book.written().await;
    let unnamed = subscriptions::order(&book.ctx, with(&double, &c2, None)).await.unwrap_err();
    assert_eq!(unnamed.code(), "VALIDATION");
    assert!(unnamed.to_string().contains("2 providers"), "{unnamed}");
    let stranger = subscriptions::order(&book.ctx, with(&single, &c1, Some(&v2))).await.unwrap_err();
    assert_eq!(stranger.code(), "VALIDATION");
    let direct = subscriptions::order(&book.ctx, with(&p, &c3, Some(&v1))).await.unwrap_err();
    assert_eq!(direct.code(), "VALIDATION");
    assert_eq!(book.written().await, before);

    let named = subscriptions::order(&book.ctx, with(&double, &c2, Some(&v2))).await.unwrap();
    assert_eq!(named.billing_partner_id, v2);
    assert_eq!(named.billing_partner_name, "Distri Two");
}

#[tokio::test]
async fn an_existing_partner_center_subscription_is_registered_under_its_own_id() {
    let book = Book::new().await;
    let p = book.direct("Contoso", "2018-05-14").await;
    let c = book.customer(&p, "fabrikam", "DE", "2019-02-01", false).await;
    let register = |id: &str| NewSubscription {
        partner_id: p.clone(),
        customer_id: Some(c.clone()),
        offer: Some(Offer::Legacy),
        on: Some(d("2020-11-02")),
        name: Some("  Fabrikam production  ".into()),
        id: Some(id.into()),
        ..Default::default()
    };
    let s = subscriptions::order(&book.ctx, register("6F1D2C3B-0A9E-4D8C-B7A6-5F4E3D2C1B0A")).await.unwrap();
    assert_eq!(s.id, "6f1d2c3b-0a9e-4d8c-b7a6-5f4e3d2c1b0a");
    assert_eq!(s.name, "Fabrikam production");
    let before = book.written().await;
    let again = subscriptions::order(&book.ctx, register("6f1d2c3b-0a9e-4d8c-b7a6-5f4e3d2c1b0a")).await.unwrap_err();
    assert_eq!(again.code(), "CONFLICT");
    assert_eq!(subscriptions::order(&book.ctx, register("not-a-guid")).await.unwrap_err().code(), "VALIDATION");
    assert_eq!(book.written().await, before);
}

#[tokio::test]
async fn cancelling_is_dated_happens_once_and_not_before_creation() {
    let book = Book::new().await;
    let p = book.direct("Contoso", "2018-05-14").await;
    let c = book.customer(&p, "fabrikam", "DE", "2019-02-01", false).await;
    let s = book.order(&p, Some(&c), Offer::AzurePlan, "2021-09-01").await.unwrap();

    let before = book.written().await;
    let early = subscriptions::cancel(&book.ctx, &s.id, d("2021-08-31")).await.unwrap_err();
    assert_eq!(early.code(), "VALIDATION");
    assert_eq!(book.written().await, before);

    let cancelled = subscriptions::cancel(&book.ctx, &s.id, d("2021-12-15")).await.unwrap();
    assert_eq!(cancelled.status, SubscriptionStatus::Cancelled);
    assert_eq!(cancelled.cancelled_on, Some(d("2021-12-15")));
    assert_eq!(cancelled.events.len(), 1);
    assert_eq!((cancelled.events[0].on, cancelled.events[0].event.as_str()), (d("2021-12-15"), "cancelled"));

    assert_eq!(subscriptions::cancel(&book.ctx, &s.id, d("2021-12-20")).await.unwrap_err().code(), "CONFLICT");
    assert_eq!(subscriptions::cancel(&book.ctx, "no-such-id", d("2021-12-20")).await.unwrap_err().code(), "NOT_FOUND");
    assert_eq!(subscriptions::show(&book.ctx, &s.id).await.unwrap().cancelled_on, Some(d("2021-12-15")));
}

#[tokio::test]
async fn suspend_and_reactivate_keep_a_dated_history_in_order() {
    let book = Book::new().await;
    let p = book.direct("Contoso", "2018-05-14").await;
    let c = book.customer(&p, "fabrikam", "DE", "2019-02-01", false).await;
    let s = book.order(&p, Some(&c), Offer::AzurePlan, "2021-09-01").await.unwrap();

    assert_eq!(subscriptions::reactivate(&book.ctx, &s.id, d("2021-10-01")).await.unwrap_err().code(), "CONFLICT");
    let suspended = subscriptions::suspend(&book.ctx, &s.id, d("2021-10-01")).await.unwrap();
    assert_eq!(suspended.status, SubscriptionStatus::Suspended);
    assert_eq!(subscriptions::suspend(&book.ctx, &s.id, d("2021-10-02")).await.unwrap_err().code(), "CONFLICT");
    // A change cannot predate the previous one.
    assert_eq!(subscriptions::reactivate(&book.ctx, &s.id, d("2021-09-30")).await.unwrap_err().code(), "VALIDATION");
    let back = subscriptions::reactivate(&book.ctx, &s.id, d("2021-10-20")).await.unwrap();
    assert_eq!(back.status, SubscriptionStatus::Active);
    subscriptions::suspend(&book.ctx, &s.id, d("2021-11-01")).await.unwrap();
    let cancelled = subscriptions::cancel(&book.ctx, &s.id, d("2021-11-05")).await.unwrap();
    let history: Vec<_> = cancelled.events.iter().map(|e| (e.on.to_string(), e.event.clone())).collect();
    assert_eq!(
        history,
        [
            ("2021-10-01".to_string(), "suspended".to_string()),
            ("2021-10-20".into(), "reactivated".into()),
            ("2021-11-01".into(), "suspended".into()),
            ("2021-11-05".into(), "cancelled".into()),
        ]
    );
    assert_eq!(subscriptions::reactivate(&book.ctx, &s.id, d("2021-11-06")).await.unwrap_err().code(), "CONFLICT");
}

#[tokio::test]
async fn the_list_shows_every_subscription_or_one_customers() {
    let book = Book::new().await;
    let p = book.direct("Contoso", "2018-05-14").await;
    let c1 = book.customer(&p, "fabrikam", "DE", "2019-02-01", false).await;
    let c2 = book.customer(&p, "woodgrove", "BE", "2019-02-01", false).await;
    let a = book.order(&p, Some(&c1), Offer::AzurePlan, "2021-09-01").await.unwrap();
    let b = book.order(&p, Some(&c2), Offer::Legacy, "2021-03-01").await.unwrap();
    let own = book.order(&p, None, Offer::Apss, "2021-01-04").await.unwrap();

    let all = subscriptions::list(&book.ctx, None).await.unwrap();
    let ids: Vec<_> = all.iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids, [own.id.clone(), b.id.clone(), a.id.clone()], "oldest first");
    assert!(all.iter().all(|s| s.roles.len() == 1), "each with its owner role");
    let of_c1 = subscriptions::list(&book.ctx, Some(&c1)).await.unwrap();
    assert_eq!(of_c1, [a]);
    assert_eq!(of_c1[0].customer_name.as_deref(), Some("fabrikam Ltd"));
    assert_eq!(subscriptions::list(&book.ctx, Some("nobody")).await.unwrap_err().code(), "NOT_FOUND");
}

#[tokio::test]
async fn the_phase_dates_are_the_program_settings() {
    let book = Book::new().await;
    let p = book.direct("Contoso", "2018-05-14").await;
    let c = book.customer(&p, "fabrikam", "DE", "2019-02-01", false).await;
    assert_eq!(
        book.order(&p, Some(&c), Offer::Legacy, "2021-08-15").await.unwrap_err().code(),
        "LEGACY_NO_ACTIVE_LEGACY"
    );
    settings::set(&book.ctx, "program.phase1", "2021-09-01").await.unwrap();
    let s = book.order(&p, Some(&c), Offer::Legacy, "2021-08-15").await.unwrap();
    assert_eq!(s.offer, Offer::Legacy);
}

/// The property: whatever the book holds, `offer check` and `subscription add` give the same
/// answer — allowed and ordered, or refused with the same rule ID and nothing written.
mod agreement {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestCaseError, TestRunner};

    #[derive(Debug, Clone)]
    enum Action {
        Order { partner: usize, buyer: usize, offer: Offer, on: chrono::NaiveDate },
        Cancel { nth: usize, on: chrono::NaiveDate },
    }

    fn date() -> impl Strategy<Value = chrono::NaiveDate> {
        let boundaries = [
            "2021-07-20",
            "2021-07-21",
            "2021-07-22",
            "2021-09-30",
            "2021-10-01",
            "2022-01-31",
            "2022-02-01",
            "2022-02-02",
        ]
        .map(d);
        prop_oneof![
            proptest::sample::select(boundaries.to_vec()),
            (0i64..900).prop_map(|n| d("2020-10-01") + chrono::Duration::days(n)),
        ]
    }

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            4 => (0usize..6, 0usize..6, proptest::sample::select(Offer::ALL.to_vec()), date())
                .prop_map(|(partner, buyer, offer, on)| Action::Order { partner, buyer, offer, on }),
            1 => (0usize..8, date()).prop_map(|(nth, on)| Action::Cancel { nth, on }),
        ]
    }

    /// Partners of every kind and customers in every situation the rules tell apart.
    async fn book() -> (Book, Vec<String>, Vec<Option<String>>) {
        let book = Book::new().await;
        let old = book.direct("Contoso", "2018-05-14").await;
        let fresh = book.direct("Newcomer", "2021-08-01").await;
        let v = book.provider("Distri").await;
        let r = book.reseller("Adatum", "2019-01-07", &[&v]).await;
        let t = book.direct("Tailspin", "2017-03-01").await;
        let far = book.direct("Far Away", "2018-05-14").await;

        let c1 = book.customer(&old, "fabrikam", "DE", "2019-02-01", false).await;
        book.link(&c1, &r, "2021-08-15").await;
        let c2 = book.customer(&fresh, "agency", "DE", "2021-08-01", true).await;
        book.link(&c2, &old, "2020-03-02").await;
        let c3 = book.customer(&t, "woodgrove", "DE", "2020-05-01", false).await;
        let c4 = book.customer(&old, "northwind", "BE", "2021-07-21", false).await;
        book.link(&c4, &t, "2021-09-01").await;
        let c5 = book.customer(&far, "farco", "FR", "2019-02-01", false).await;
        book.order(&old, Some(&c1), Offer::Legacy, "2021-01-10").await.unwrap();
        book.order(&t, Some(&c3), Offer::Legacy, "2020-06-01").await.unwrap();
        partners::transition(
            &book.ctx,
            Transition { partner_id: t.clone(), provider_id: v.clone(), on: d("2021-10-01") },
        )
        .await
        .unwrap();
        let moved = PartnerPatch {
            name: Some("Far Away".into()),
            tier: Some(Tier::Direct),
            country: Some("US".into()),
            currency: Some("USD".into()),
            enrolled_on: Some(d("2018-05-14")),
            ..Default::default()
        };
        partners::update(&book.ctx, &far, moved).await.unwrap();
        let partners = vec![old, fresh, v, r, t, far];
        let buyers = vec![Some(c1), Some(c2), Some(c3), Some(c4), Some(c5), None];
        (book, partners, buyers)
    }

    async fn play(actions: Vec<Action>) -> Result<(), TestCaseError> {
        let (book, partners, buyers) = book().await;
        for action in actions {
            match action {
                Action::Order { partner, buyer, offer, on } => {
                    let (p, c) = (&partners[partner], buyers[buyer].as_deref());
                    let decision = offers::check(&book.ctx, p, c, offer, on).await.unwrap();
                    let before = book.written().await;
                    match book.order(p, c, offer, &on.to_string()).await {
                        Ok(s) => {
                            prop_assert!(decision.allowed, "ordered although check said {}", decision.rule);
                            prop_assert_eq!(s.offer, offer);
                            prop_assert_eq!(&s.partner_id, p);
                        }
                        Err(e) => {
                            prop_assert!(
                                !decision.allowed,
                                "refused with {} although check allowed ({})",
                                e.code(),
                                decision.rule
                            );
                            prop_assert_eq!(e.code(), decision.rule);
                            prop_assert_eq!(book.written().await, before);
                        }
                    }
                }
                Action::Cancel { nth, on } => {
                    let all = subscriptions::list(&book.ctx, None).await.unwrap();
                    if let Some(s) = all.get(nth % all.len().max(1)) {
                        // Changes the book for the next orders; a refused cancel is fine here.
                        let _ = subscriptions::cancel(&book.ctx, &s.id, on).await;
                    }
                }
            }
        }
        Ok(())
    }

    #[test]
    fn offer_check_and_subscription_add_never_disagree() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let mut runner = TestRunner::new(Config { cases: 24, failure_persistence: None, ..Config::default() });
        runner.run(&proptest::collection::vec(action(), 1..16), |actions| rt.block_on(play(actions))).unwrap();
    }
}
