//! Support cases on a real book: who may hold a case, who escalates where (DOMAIN.md "Support"),
//! the lifecycle, due times, bounded text, the book as of a date — and every refusal writes nothing.

use crate::subs_book;

use csp_core::domain::offer::Offer;
use csp_core::domain::support::{
    CaseAction, CaseEventKind, CaseFilter, CaseStatus, EscalationTarget, NewCase, Severity,
};
use csp_core::service::{dashboard, support};
use csp_core::CoreError;
use subs_book::{d, Book};

/// A 2-tier chain (provider ← reseller ← customer), a direct partner with its customer, and an
/// unrelated direct partner.
struct Desk {
    book: Book,
    direct: String,
    provider: String,
    reseller: String,
    stranger: String,
    customer: String,
    reseller_customer: String,
}

impl Desk {
    async fn new() -> Self {
        let book = Book::new().await;
        let direct = book.direct("Contoso Cloud", "2018-05-14").await;
        let provider = book.provider("EuroDistri").await;
        let reseller = book.reseller("Alpes Informatique", "2019-02-01", &[&provider]).await;
        let stranger = book.direct("Far Away IT", "2018-05-14").await;
        let customer = book.customer(&direct, "northwind", "FR", "2020-01-06", false).await;
        let reseller_customer = book.customer(&reseller, "chalet", "FR", "2020-03-02", false).await;
        Self { book, direct, provider, reseller, stranger, customer, reseller_customer }
    }

    fn case(&self, partner: &str, customer: Option<&str>, reseller: Option<&str>, on: &str) -> NewCase {
        NewCase {
            partner_id: partner.into(),
            customer_id: customer.map(Into::into),
            reseller_id: reseller.map(Into::into),
            title: "Portal down".into(),
            severity: Some(Severity::Critical),
            subscription_id: None,
            on: Some(d(on)),
        }
    }

    async fn written(&self) -> [i64; 2] {
        [self.book.count("support_cases").await, self.book.count("support_case_events").await]
    }

    /// Refused with `code`, nothing written.
    async fn refused<T: std::fmt::Debug>(
        &self,
        code: &str,
        r: impl std::future::Future<Output = Result<T, CoreError>>,
    ) -> CoreError {
        let before = self.written().await;
        let e = r.await.expect_err("refused");
        assert_eq!(e.code(), code, "{e}");
        assert_eq!(self.written().await, before, "a refusal writes nothing ({e})");
        e
    }
}

#[tokio::test]
async fn a_customers_case_is_held_by_a_partner_related_to_it_on_the_opening_date() {
    let desk = Desk::new().await;
    let ctx = &desk.book.ctx;
    let c = support::open(ctx, desk.case(&desk.direct, Some(&desk.customer), None, "2022-03-14")).await.unwrap();
    assert_eq!(
        (c.status, c.holder_id.as_str(), c.severity),
        (CaseStatus::Open, desk.direct.as_str(), Severity::Critical)
    );
    assert_eq!(c.history.len(), 1);
    assert_eq!(c.history[0].action, CaseEventKind::Opened);

    // Not related, or not yet on that date: NO_RELATIONSHIP.
    let e = desk
        .refused(
            "NO_RELATIONSHIP",
            support::open(ctx, desk.case(&desk.stranger, Some(&desk.customer), None, "2022-03-14")),
        )
        .await;
    assert!(e.to_string().contains("Far Away IT"), "{e}");
    desk.refused(
        "NO_RELATIONSHIP",
        support::open(ctx, desk.case(&desk.direct, Some(&desk.customer), None, "2020-01-05")),
    )
    .await;
    // A provider holds no customer relationships.
    desk.refused(
        "NO_RELATIONSHIP",
        support::open(ctx, desk.case(&desk.provider, Some(&desk.reseller_customer), None, "2022-03-14")),
    )
    .await;
    // Unknown partner or customer.
    desk.refused("NOT_FOUND", support::open(ctx, desk.case("nobody", Some(&desk.customer), None, "2022-03-14"))).await;
    desk.refused("NOT_FOUND", support::open(ctx, desk.case(&desk.direct, Some("nobody"), None, "2022-03-14"))).await;
    // Exactly one of customer and reseller.
    desk.refused("VALIDATION", support::open(ctx, desk.case(&desk.direct, None, None, "2022-03-14"))).await;
    desk.refused(
        "VALIDATION",
        support::open(ctx, desk.case(&desk.provider, Some(&desk.customer), Some(&desk.reseller), "2022-03-14")),
    )
    .await;
    // A severity is required.
    desk.refused(
        "VALIDATION",
        support::open(
            ctx,
            NewCase { severity: None, ..desk.case(&desk.direct, Some(&desk.customer), None, "2022-03-14") },
        ),
    )
    .await;
}

#[tokio::test]
async fn a_resellers_case_is_held_by_one_of_its_providers() {
    let desk = Desk::new().await;
    let ctx = &desk.book.ctx;
    let c = support::open(ctx, desk.case(&desk.provider, None, Some(&desk.reseller), "2022-03-14")).await.unwrap();
    assert_eq!(c.holder_id, desk.provider);
    assert_eq!(c.reseller_id.as_deref(), Some(desk.reseller.as_str()));
    assert!(c.partners.contains(&desk.reseller), "the reseller sees its own case");
    assert_eq!(c.history[0].by, desk.reseller);
    // Not its provider; not a reseller at all.
    desk.refused(
        "NO_RELATIONSHIP",
        support::open(ctx, desk.case(&desk.direct, None, Some(&desk.reseller), "2022-03-14")),
    )
    .await;
    desk.refused("VALIDATION", support::open(ctx, desk.case(&desk.provider, None, Some(&desk.direct), "2022-03-14")))
        .await;
}

#[tokio::test]
async fn the_subscription_must_be_the_customers_and_ordered_by_then() {
    let desk = Desk::new().await;
    let ctx = &desk.book.ctx;
    let other = desk.book.customer(&desk.direct, "fabrikam", "FR", "2020-01-06", false).await;
    let theirs = desk.book.order(&desk.direct, Some(&desk.customer), Offer::AzurePlan, "2022-01-03").await.unwrap();
    let not_theirs = desk.book.order(&desk.direct, Some(&other), Offer::AzurePlan, "2022-01-03").await.unwrap();
    let with = |sub: &str, on: &str| NewCase {
        subscription_id: Some(sub.into()),
        ..desk.case(&desk.direct, Some(&desk.customer), None, on)
    };
    desk.refused("VALIDATION", support::open(ctx, with(&not_theirs.id, "2022-03-14"))).await;
    desk.refused("VALIDATION", support::open(ctx, with(&theirs.id, "2022-01-02"))).await;
    desk.refused("NOT_FOUND", support::open(ctx, with("no-such-subscription", "2022-03-14"))).await;
    let c = support::open(ctx, with(&theirs.id, "2022-03-14")).await.unwrap();
    assert_eq!(c.subscription_id.as_deref(), Some(theirs.id.as_str()));
}

#[tokio::test]
async fn a_reseller_goes_through_its_provider_which_takes_the_case_to_microsoft() {
    let desk = Desk::new().await;
    let ctx = &desk.book.ctx;
    let c =
        support::open(ctx, desk.case(&desk.reseller, Some(&desk.reseller_customer), None, "2022-03-10")).await.unwrap();
    assert_eq!(c.allowed_actions, vec![CaseAction::EscalateToProvider, CaseAction::Note, CaseAction::Resolve]);
    assert_eq!(
        c.refusals.iter().map(|r| (r.action, r.rule.as_str())).collect::<Vec<_>>(),
        [(CaseAction::EscalateToMicrosoft, "ESCALATION_NOT_ALLOWED")]
    );

    // The reseller may not go to Microsoft.
    let e = desk
        .refused(
            "ESCALATION_NOT_ALLOWED",
            support::escalate(ctx, &c.id, EscalationTarget::Microsoft, d("2022-03-10"), None),
        )
        .await;
    assert!(e.message_fr().contains("fournisseur"), "{}", e.message_fr());

    let c = support::escalate(ctx, &c.id, EscalationTarget::Provider, d("2022-03-10"), None).await.unwrap();
    assert_eq!((c.status, c.holder_id.as_str()), (CaseStatus::Escalated, desk.provider.as_str()));
    // The reseller keeps sight of it.
    let seen = support::list(
        ctx,
        &CaseFilter { partner_id: Some(desk.reseller.clone()), ..Default::default() },
        Some(d("2022-03-10")),
    )
    .await
    .unwrap();
    assert_eq!(seen.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(), [c.id.as_str()]);
    // The provider may not escalate to a provider; it goes to Microsoft.
    desk.refused(
        "ESCALATION_NOT_ALLOWED",
        support::escalate(ctx, &c.id, EscalationTarget::Provider, d("2022-03-11"), None),
    )
    .await;
    let c = support::escalate(ctx, &c.id, EscalationTarget::Microsoft, d("2022-03-11"), Some(" 2203110040001234 "))
        .await
        .unwrap();
    assert!(c.with_microsoft);
    assert_eq!(c.microsoft_reference.as_deref(), Some("2203110040001234"));
    assert_eq!(
        c.history.iter().map(|h| (h.action, h.by.as_str())).collect::<Vec<_>>(),
        [
            (CaseEventKind::Opened, desk.reseller.as_str()),
            (CaseEventKind::EscalatedToProvider, desk.reseller.as_str()),
            (CaseEventKind::EscalatedToMicrosoft, desk.provider.as_str()),
        ]
    );
    // Already with Microsoft: nowhere further.
    desk.refused("CONFLICT", support::escalate(ctx, &c.id, EscalationTarget::Microsoft, d("2022-03-12"), None)).await;
}

#[tokio::test]
async fn a_direct_partner_goes_to_microsoft_and_has_no_provider() {
    let desk = Desk::new().await;
    let ctx = &desk.book.ctx;
    let c = support::open(ctx, desk.case(&desk.direct, Some(&desk.customer), None, "2022-03-10")).await.unwrap();
    desk.refused(
        "ESCALATION_NOT_ALLOWED",
        support::escalate(ctx, &c.id, EscalationTarget::Provider, d("2022-03-10"), None),
    )
    .await;
    // A reference goes with Microsoft only; and it is bounded.
    desk.refused(
        "VALIDATION",
        support::escalate(ctx, &c.id, EscalationTarget::Microsoft, d("2022-03-10"), Some(&"9".repeat(65))),
    )
    .await;
    let c = support::escalate(ctx, &c.id, EscalationTarget::Microsoft, d("2022-03-10"), None).await.unwrap();
    assert_eq!(c.status, CaseStatus::Escalated);
    assert_eq!(c.microsoft_reference, None);
}

#[tokio::test]
async fn the_lifecycle_moves_are_dated_in_order_and_the_state_refuses_the_rest() {
    let desk = Desk::new().await;
    let ctx = &desk.book.ctx;
    let c = support::open(ctx, desk.case(&desk.direct, Some(&desk.customer), None, "2022-03-10")).await.unwrap();
    // Not open to an open case.
    desk.refused("CONFLICT", support::reopen(ctx, &c.id, d("2022-03-10"))).await;
    desk.refused("CONFLICT", support::close(ctx, &c.id, d("2022-03-10"))).await;
    // Not before the previous move.
    desk.refused("VALIDATION", support::note(ctx, &c.id, "too early", d("2022-03-09"))).await;
    // Bounded notes.
    desk.refused("VALIDATION", support::note(ctx, &c.id, "   ", d("2022-03-10"))).await;
    desk.refused("VALIDATION", support::note(ctx, &c.id, &"x".repeat(4001), d("2022-03-10"))).await;
    let c = support::note(ctx, &c.id, "Called the customer.\nLogs requested.", d("2022-03-10")).await.unwrap();
    assert_eq!(c.history.last().unwrap().text.as_deref(), Some("Called the customer.\nLogs requested."));
    let c = support::resolve(ctx, &c.id, d("2022-03-11")).await.unwrap();
    assert_eq!(c.allowed_actions, vec![CaseAction::Note, CaseAction::Reopen, CaseAction::Close]);
    desk.refused("CONFLICT", support::escalate(ctx, &c.id, EscalationTarget::Microsoft, d("2022-03-11"), None)).await;
    desk.refused("VALIDATION", support::reopen(ctx, &c.id, d("2022-03-10"))).await;
    let c = support::reopen(ctx, &c.id, d("2022-03-12")).await.unwrap();
    assert_eq!(c.status, CaseStatus::Open);
    support::resolve(ctx, &c.id, d("2022-03-12")).await.unwrap();
    let c = support::close(ctx, &c.id, d("2022-03-13")).await.unwrap();
    assert_eq!((c.status, c.allowed_actions.len()), (CaseStatus::Closed, 0));
    desk.refused("CONFLICT", support::note(ctx, &c.id, "after closing", d("2022-03-14"))).await;
    desk.refused("CONFLICT", support::reopen(ctx, &c.id, d("2022-03-14"))).await;
    desk.refused("NOT_FOUND", support::resolve(ctx, "no-such-case", d("2022-03-14"))).await;
}

#[tokio::test]
async fn titles_are_bounded_with_clear_errors() {
    let desk = Desk::new().await;
    let ctx = &desk.book.ctx;
    let long = NewCase { title: "é".repeat(201), ..desk.case(&desk.direct, Some(&desk.customer), None, "2022-03-10") };
    let e = desk.refused("VALIDATION", support::open(ctx, long)).await;
    assert!(e.to_string().contains("at most 200"), "{e}");
    let empty = NewCase { title: "  ".into(), ..desk.case(&desk.direct, Some(&desk.customer), None, "2022-03-10") };
    desk.refused("VALIDATION", support::open(ctx, empty)).await;
    let exact =
        NewCase { title: "é".repeat(200), ..desk.case(&desk.direct, Some(&desk.customer), None, "2022-03-10") };
    assert_eq!(support::open(ctx, exact).await.unwrap().title.chars().count(), 200);
}

#[tokio::test]
async fn due_times_overdue_first_and_the_dashboard_counts_them() {
    let desk = Desk::new().await;
    let ctx = &desk.book.ctx;
    // Friday 2022-03-11 at 09:00 (a past day is stamped at the start of the morning).
    let normal = support::open(
        ctx,
        NewCase {
            severity: Some(Severity::Normal),
            ..desk.case(&desk.direct, Some(&desk.customer), None, "2022-03-11")
        },
    )
    .await
    .unwrap();
    assert_eq!(normal.due_by.to_string(), "2022-03-14 09:00:00", "one business day: Monday");
    let high = support::open(
        ctx,
        NewCase { severity: Some(Severity::High), ..desk.case(&desk.direct, Some(&desk.customer), None, "2022-03-11") },
    )
    .await
    .unwrap();
    assert_eq!(high.due_by.to_string(), "2022-03-11 13:00:00");
    let answered = support::open(ctx, desk.case(&desk.direct, Some(&desk.customer), None, "2022-03-11")).await.unwrap();
    support::note(ctx, &answered.id, "On it.", d("2022-03-11")).await.unwrap();

    // On Saturday the high one (no answer by 13:00) is overdue, the normal one not yet.
    let list = support::list(ctx, &CaseFilter::default(), Some(d("2022-03-12"))).await.unwrap();
    assert_eq!(
        list.iter().map(|c| (c.id.as_str(), c.overdue)).collect::<Vec<_>>(),
        [(high.id.as_str(), true), (answered.id.as_str(), false), (normal.id.as_str(), false),]
    );
    let s = dashboard::summary(ctx, d("2022-03-12")).await.unwrap();
    assert_eq!((s.open_cases, s.overdue_cases), (3, 1));
    let s = dashboard::summary(ctx, d("2022-03-14")).await.unwrap();
    assert_eq!((s.open_cases, s.overdue_cases), (3, 2), "Monday after 09:00: the normal one too");
    support::resolve(ctx, &high.id, d("2022-03-14")).await.unwrap();
    let s = dashboard::summary(ctx, d("2022-03-14")).await.unwrap();
    assert_eq!((s.open_cases, s.overdue_cases), (2, 1));
    let s = dashboard::summary(ctx, d("2022-03-10")).await.unwrap();
    assert_eq!((s.open_cases, s.overdue_cases), (0, 0), "not opened yet");
}

#[tokio::test]
async fn a_list_on_a_past_date_shows_the_cases_as_they_stood_then() {
    let desk = Desk::new().await;
    let ctx = &desk.book.ctx;
    let c =
        support::open(ctx, desk.case(&desk.reseller, Some(&desk.reseller_customer), None, "2022-03-10")).await.unwrap();
    support::escalate(ctx, &c.id, EscalationTarget::Provider, d("2022-03-11"), None).await.unwrap();
    support::resolve(ctx, &c.id, d("2022-03-14")).await.unwrap();
    let later = support::open(ctx, desk.case(&desk.direct, Some(&desk.customer), None, "2022-03-12")).await.unwrap();

    let on = |day: &str| {
        let day = d(day);
        async move { support::list(ctx, &CaseFilter::default(), Some(day)).await.unwrap() }
    };
    let then = on("2022-03-10").await;
    assert_eq!(then.len(), 1, "the later case was not opened yet");
    assert_eq!(
        (then[0].status, then[0].holder_id.as_str(), then[0].history.len()),
        (CaseStatus::Open, desk.reseller.as_str(), 1)
    );
    let then = on("2022-03-11").await;
    assert_eq!(
        (then[0].status, then[0].holder_id.as_str(), then[0].history.len()),
        (CaseStatus::Escalated, desk.provider.as_str(), 2)
    );
    let now = on("2022-03-14").await;
    assert_eq!(now.len(), 2);
    let resolved = now.iter().find(|x| x.id == c.id).unwrap();
    assert_eq!(resolved.status, CaseStatus::Resolved);
    // Filters: status, holder, customer, severity.
    let only = |f: CaseFilter| async move {
        support::list(ctx, &f, Some(d("2022-03-14"))).await.unwrap().into_iter().map(|x| x.id).collect::<Vec<_>>()
    };
    assert_eq!(only(CaseFilter { status: Some(CaseStatus::Open), ..Default::default() }).await, vec![later.id.clone()]);
    assert_eq!(
        only(CaseFilter { holder_id: Some(desk.provider.clone()), ..Default::default() }).await,
        vec![c.id.clone()]
    );
    assert_eq!(
        only(CaseFilter { customer_id: Some(desk.customer.clone()), ..Default::default() }).await,
        vec![later.id.clone()]
    );
    assert_eq!(only(CaseFilter { severity: Some(Severity::Normal), ..Default::default() }).await, Vec::<String>::new());
    // A case shown before it was opened is not found.
    assert_eq!(support::show(ctx, &later.id, Some(d("2022-03-11"))).await.unwrap_err().code(), "NOT_FOUND");
}
