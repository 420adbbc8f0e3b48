//! Transfers: the billing provider of a target reseller with several, rule 4 alone for keeping the
//! previous offer, the market at the request, and repeated subscriptions.

use crate::subs_book;

use csp_core::domain::offer::Offer;
use csp_core::domain::partner::{NewPartner, PartnerPatch, Tier};
use csp_core::domain::transfer::{NewTransfer, Transfer};
use csp_core::service::{partners, subscriptions, transfers};
use csp_core::Result;
use subs_book::{d, Book};

async fn request(book: &Book, customer: &str, from: &str, to: &str, subs: &[&str], on: &str) -> Result<Transfer> {
    transfers::create(
        &book.ctx,
        NewTransfer {
            customer_id: customer.into(),
            source_partner_id: from.into(),
            target_partner_id: to.into(),
            subscription_ids: subs.iter().map(|s| s.to_string()).collect(),
            on: Some(d(on)),
        },
    )
    .await
}

async fn rows(book: &Book) -> [i64; 4] {
    [
        book.count("transfers").await,
        book.count("transfer_items").await,
        book.count("subscription_periods").await,
        book.count("subscription_events").await,
    ]
}

/// A partner in `country` (outside Europe for the market tests).
async fn partner_in(book: &Book, name: &str, country: &str) -> String {
    let input = NewPartner {
        name: name.into(),
        tier: Some(Tier::Direct),
        country: country.into(),
        currency: Some("USD".into()),
        enrolled_on: Some(d("2018-05-14")),
        ..Default::default()
    };
    partners::add(&book.ctx, input).await.unwrap().id
}

#[tokio::test]
async fn completing_names_the_provider_that_bills_a_reseller_with_several() {
    let book = Book::new().await;
    let (p1, p2) = (book.provider("Ingram Europe").await, book.provider("TD Synnex France").await);
    let source = book.direct("Contoso Cloud", "2018-05-14").await;
    let target = book.reseller("Fabrikam Conseil", "2019-03-01", &[&p1, &p2]).await;
    let other = book.direct("Northwind IT", "2018-05-14").await;
    let customer = book.customer(&source, "adatum", "FR", "2019-01-10", false).await;
    book.link(&customer, &target, "2020-01-06").await;
    let sub = book.order(&source, Some(&customer), Offer::AzurePlan, "2021-01-05").await.unwrap().id;
    let t = request(&book, &customer, &source, &target, &[&sub], "2022-03-01").await.unwrap();
    let names: Vec<_> = t.target_providers.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 2, "the request lists the target's providers: {names:?}");
    transfers::accept(&book.ctx, &t.id, d("2022-03-02")).await.unwrap();

    // Several providers and none named: refused, listing them.
    let before = rows(&book).await;
    let e = transfers::complete(&book.ctx, &t.id, d("2022-03-03")).await.unwrap_err();
    assert_eq!(e.code(), "VALIDATION", "{e}");
    for p in [&p1, &p2] {
        assert!(e.to_string().contains(p.as_str()), "{e}");
    }
    assert!(e.to_string().contains("Ingram Europe") && e.message_fr().contains("TD Synnex France"), "{e}");
    // A partner that is not one of the target's providers is refused.
    let e = transfers::complete_billed_by(&book.ctx, &t.id, d("2022-03-03"), Some(&other)).await.unwrap_err();
    assert_eq!(e.code(), "VALIDATION", "{e}");
    assert_eq!(rows(&book).await, before, "refusals write nothing");

    let done = transfers::complete_billed_by(&book.ctx, &t.id, d("2022-03-03"), Some(&p2)).await.unwrap();
    assert_eq!(done.outcomes.len(), 1);
    let moved = subscriptions::show(&book.ctx, &sub).await.unwrap();
    assert_eq!((moved.partner_id.as_str(), moved.billing_partner_id.as_str()), (target.as_str(), p2.as_str()));
}

#[tokio::test]
async fn a_target_outside_the_customers_market_is_refused_at_the_request() {
    let book = Book::new().await;
    let source = book.direct("Contoso Cloud", "2018-05-14").await;
    let target = partner_in(&book, "Litware Inc", "US").await;
    let customer = book.customer(&source, "adatum", "FR", "2019-01-10", false).await;
    let sub = book.order(&source, Some(&customer), Offer::Legacy, "2020-04-01").await.unwrap().id;
    let before = rows(&book).await;
    let e = request(&book, &customer, &source, &target, &[&sub], "2022-03-01").await.unwrap_err();
    assert_eq!(e.code(), "MARKET_MISMATCH", "{e}");
    assert_eq!(rows(&book).await, before);
    // What the window offers as targets is what the request accepts: not that partner.
    let offered = transfers::candidates(&book.ctx, &customer, None, d("2022-03-01")).await.unwrap();
    assert!(offered.targets.iter().all(|t| t.id != target), "{:?}", offered.targets);
}

#[tokio::test]
async fn a_target_whose_office_left_the_market_is_refused_at_completion_never_converted() {
    let book = Book::new().await;
    let source = book.direct("Contoso Cloud", "2018-05-14").await;
    let target = book.direct("Litware", "2018-05-14").await;
    let customer = book.customer(&source, "adatum", "FR", "2019-01-10", false).await;
    book.link(&customer, &target, "2019-02-01").await;
    // The pair (target, customer) already shares a legacy subscription: rule 4 keeps the offer.
    book.order(&target, Some(&customer), Offer::Legacy, "2020-03-02").await.unwrap();
    let sub = book.order(&source, Some(&customer), Offer::Legacy, "2020-04-01").await.unwrap().id;
    let t = request(&book, &customer, &source, &target, &[&sub], "2022-03-01").await.unwrap();
    transfers::accept(&book.ctx, &t.id, d("2022-03-02")).await.unwrap();
    // The target's office moves to the United States before completion.
    let moved = PartnerPatch { country: Some("US".into()), ..Default::default() };
    partners::update(&book.ctx, &target, moved).await.unwrap();
    let before = rows(&book).await;
    let e = transfers::complete(&book.ctx, &t.id, d("2022-03-03")).await.unwrap_err();
    assert_eq!(e.code(), "MARKET_MISMATCH", "{e}");
    assert_eq!(rows(&book).await, before);
    assert_eq!(subscriptions::show(&book.ctx, &sub).await.unwrap().offer, Offer::Legacy);
}

#[tokio::test]
async fn keeping_the_previous_offer_is_rule_4_for_the_target() {
    let book = Book::new().await;
    let source = book.direct("Contoso Cloud", "2018-05-14").await;
    let keeper = book.direct("Litware", "2018-05-14").await;
    let newcomer = book.direct("Tailspin", "2021-09-01").await;
    let customer = book.customer(&source, "adatum", "FR", "2019-01-10", false).await;
    book.link(&customer, &keeper, "2019-02-01").await;
    book.link(&customer, &newcomer, "2021-09-02").await;
    book.order(&keeper, Some(&customer), Offer::Legacy, "2020-03-02").await.unwrap();
    let a = book.order(&source, Some(&customer), Offer::Legacy, "2020-04-01").await.unwrap().id;
    let b = book.order(&source, Some(&customer), Offer::Legacy, "2020-04-02").await.unwrap().id;
    for (sub, target, rule, offer) in [
        (&a, &keeper, "TRANSFER_KEEP_LEGACY", Offer::Legacy),
        (&b, &newcomer, "TRANSFER_CONVERT_TO_AZURE_PLAN", Offer::AzurePlan),
    ] {
        let t = request(&book, &customer, &source, target, &[sub], "2022-03-01").await.unwrap();
        transfers::accept(&book.ctx, &t.id, d("2022-03-02")).await.unwrap();
        let done = transfers::complete(&book.ctx, &t.id, d("2022-03-03")).await.unwrap();
        assert_eq!((done.outcomes[0].rule.as_str(), done.outcomes[0].offer_after), (rule, offer));
    }
}

#[tokio::test]
async fn a_subscription_named_twice_is_refused_by_its_id() {
    let book = Book::new().await;
    let source = book.direct("Contoso Cloud", "2018-05-14").await;
    let target = book.direct("Litware", "2018-05-14").await;
    let customer = book.customer(&source, "adatum", "FR", "2019-01-10", false).await;
    let a = book.order(&source, Some(&customer), Offer::AzurePlan, "2021-01-05").await.unwrap().id;
    let b = book.order(&source, Some(&customer), Offer::AzurePlan, "2021-01-06").await.unwrap().id;
    let before = rows(&book).await;
    for subs in [vec![a.as_str(), b.as_str(), a.as_str()], vec![a.as_str(), a.as_str()]] {
        let e = request(&book, &customer, &source, &target, &subs, "2022-03-01").await.unwrap_err();
        assert_eq!(e.code(), "VALIDATION", "{e}");
        assert!(e.to_string().contains(&a) && e.to_string().contains("twice"), "{e}");
    }
    assert_eq!(rows(&book).await, before);
}
