//! Each view's `allowed_actions` (the buttons the window shows) is the service's guard: every action
//! listed is done, and every action left out is refused with its code, writing nothing.

use crate::billing_support;
use crate::subs_book;

use billing_support::{row, TestBook};
use csp_core::domain::invoice::{InvoiceAction, InvoiceKind, InvoiceStatus};
use csp_core::domain::offer::Offer;
use csp_core::domain::subscription::{SubscriptionAction, SubscriptionStatus};
use csp_core::domain::transfer::{NewTransfer, Transfer, TransferAction, TransferStatus};
use csp_core::service::{billing, invoices, subscriptions, transfers};
use csp_core::{CoreError, Ctx, Result};
use subs_book::{d, Book};

async fn act_on_subscription(
    ctx: &Ctx,
    id: &str,
    action: SubscriptionAction,
    on: &str,
) -> Result<csp_core::domain::subscription::Subscription> {
    match action {
        SubscriptionAction::Suspend => subscriptions::suspend(ctx, id, d(on)).await,
        SubscriptionAction::Reactivate => subscriptions::reactivate(ctx, id, d(on)).await,
        SubscriptionAction::Cancel => subscriptions::cancel(ctx, id, d(on)).await,
    }
}

#[tokio::test]
async fn a_subscription_does_exactly_what_its_allowed_actions_list() {
    let book = Book::new().await;
    let p = book.direct("Contoso Cloud", "2018-05-14").await;
    let c = book.customer(&p, "northwind", "FR", "2019-01-07", false).await;
    let ctx = &book.ctx;
    let all = [SubscriptionAction::Suspend, SubscriptionAction::Reactivate, SubscriptionAction::Cancel];

    // A subscription in the given status.
    let (book_ref, p_ref, c_ref) = (&book, p.as_str(), c.as_str());
    let in_status = move |status: SubscriptionStatus| {
        let book = book_ref;
        async move {
            let s = book.order(p_ref, Some(c_ref), Offer::AzurePlan, "2022-01-03").await.unwrap();
            match status {
                SubscriptionStatus::Active => {}
                SubscriptionStatus::Suspended => {
                    subscriptions::suspend(&book.ctx, &s.id, d("2022-01-10")).await.unwrap();
                }
                SubscriptionStatus::Cancelled => {
                    subscriptions::cancel(&book.ctx, &s.id, d("2022-01-10")).await.unwrap();
                }
            }
            subscriptions::show(&book.ctx, &s.id).await.unwrap()
        }
    };

    for status in [SubscriptionStatus::Active, SubscriptionStatus::Suspended, SubscriptionStatus::Cancelled] {
        let s = in_status(status).await;
        assert_eq!(s.status, status);
        for action in all.iter().filter(|a| !s.allowed_actions.contains(a)) {
            let before = book.written().await;
            let e = act_on_subscription(ctx, &s.id, *action, "2022-02-01").await.unwrap_err();
            assert_eq!(e.code(), "CONFLICT", "{status:?} {action:?}: {e}");
            assert_eq!(book.written().await, before, "{status:?} {action:?} wrote nothing");
            assert_eq!(subscriptions::show(ctx, &s.id).await.unwrap(), s);
        }
        for action in s.allowed_actions.clone() {
            let fresh = in_status(status).await;
            let done = act_on_subscription(ctx, &fresh.id, action, "2022-02-01").await.unwrap();
            assert_eq!(done.status, action.target(), "{status:?} {action:?}");
        }
    }
}

async fn act_on_invoice(ctx: &Ctx, id: &str, action: InvoiceAction) -> Result<csp_core::domain::invoice::Invoice> {
    let on = Some(billing_support::d(billing_support::COMPUTER_DATE));
    match action {
        InvoiceAction::Issue => invoices::issue(ctx, id, on).await,
        InvoiceAction::Pay => invoices::pay(ctx, id, billing_support::d(billing_support::COMPUTER_DATE)).await,
        InvoiceAction::Credit => invoices::credit(ctx, id, on).await,
    }
}

async fn invoice_rows(book: &TestBook) -> [i64; 4] {
    [
        book.count("SELECT COUNT(*) FROM invoices").await,
        book.count("SELECT COUNT(*) FROM invoice_events").await,
        book.count("SELECT COUNT(*) FROM invoices WHERE number IS NOT NULL").await,
        book.count("SELECT COUNT(*) FROM invoices WHERE status = 'draft'").await,
    ]
}

#[tokio::test]
async fn an_invoice_does_exactly_what_its_allowed_actions_list() {
    let book = TestBook::new().await;
    let p = book.direct("Contoso Cloud").await;
    let mut rows = Vec::new();
    for i in 0..8 {
        let (c, t) = book.customer(&p, &format!("Customer {i}"), "FR", None).await;
        let s = book.subscription(&c, &p, &p, "AZURE_PLAN", "2026-01-01", None).await;
        rows.push(row(&t, &s, "2026-10-01", "vm", "1", "10"));
    }
    book.import_rows(&rows).await;
    let mut drafts = billing::run(&book.ctx, "2026-10", None).await.unwrap().invoices.into_iter();
    let ctx = &book.ctx;
    let mut next = || drafts.next().unwrap();

    // One document in each state: a draft, an issued, a paid and a voided invoice, a credit note.
    let draft = invoices::show(ctx, &next()).await.unwrap();
    let issued = invoices::issue(ctx, &next(), None).await.unwrap();
    let paid = invoices::issue(ctx, &next(), None).await.unwrap();
    let paid = invoices::pay(ctx, &paid.id, billing_support::d(billing_support::COMPUTER_DATE)).await.unwrap();
    let voided = invoices::issue(ctx, &next(), None).await.unwrap();
    let note = invoices::credit(ctx, &voided.id, None).await.unwrap();
    let voided = invoices::show(ctx, &voided.id).await.unwrap();
    assert_eq!(
        [draft.status, issued.status, paid.status, voided.status, note.status],
        [
            InvoiceStatus::Draft,
            InvoiceStatus::Issued,
            InvoiceStatus::Paid,
            InvoiceStatus::Voided,
            InvoiceStatus::Issued
        ]
    );
    assert_eq!(note.kind, InvoiceKind::CreditNote);
    assert_eq!(draft.allowed_actions, vec![InvoiceAction::Issue]);
    assert_eq!(issued.allowed_actions, vec![InvoiceAction::Pay, InvoiceAction::Credit]);
    // The list the window reads is the one `show` gives.
    let listed = invoices::list(ctx, Some("2026-10"), None).await.unwrap();
    assert!(listed.iter().all(|i| i.allowed_actions == csp_core::domain::invoice::allowed_actions(i.kind, i.status)));

    let all = [InvoiceAction::Issue, InvoiceAction::Pay, InvoiceAction::Credit];
    for doc in [&draft, &issued, &paid, &voided, &note] {
        let doc = invoices::show(ctx, &doc.id).await.unwrap();
        for action in all.iter().filter(|a| !doc.allowed_actions.contains(a)) {
            let before = invoice_rows(&book).await;
            let e = act_on_invoice(ctx, &doc.id, *action).await.unwrap_err();
            assert_eq!(e.code(), "CONFLICT", "{:?} {:?} {action:?}: {e}", doc.kind, doc.status);
            assert_eq!(invoice_rows(&book).await, before, "{:?} {action:?} wrote nothing", doc.status);
            assert_eq!(invoices::show(ctx, &doc.id).await.unwrap(), doc);
        }
    }
    // What the lists allow is done: issue the draft; pay one issued invoice, credit another.
    assert_eq!(act_on_invoice(ctx, &draft.id, InvoiceAction::Issue).await.unwrap().status, InvoiceStatus::Issued);
    assert_eq!(act_on_invoice(ctx, &issued.id, InvoiceAction::Pay).await.unwrap().status, InvoiceStatus::Paid);
    let other = invoices::issue(ctx, &next(), None).await.unwrap();
    let credited = act_on_invoice(ctx, &other.id, InvoiceAction::Credit).await.unwrap();
    assert_eq!(credited.kind, InvoiceKind::CreditNote);
}

/// A book with a source holding subscriptions of a customer, a related target, and a provider.
struct TransferBook {
    book: Book,
    source: String,
    target: String,
    provider: String,
    customer: String,
}

impl TransferBook {
    async fn new() -> Self {
        let mut book = Book::new().await;
        // The computer's date: the day the requests' states are read at.
        book.ctx = book.ctx.clone().with_computer_date(d("2022-01-20"));
        let source = book.direct("Fabrikam Conseil", "2018-05-14").await;
        let target = book.direct("Contoso Cloud", "2018-05-14").await;
        let provider = book.provider("Tailspin Distribution").await;
        let customer = book.customer(&source, "northwind", "FR", "2019-01-07", false).await;
        book.link(&customer, &target, "2021-12-01").await;
        Self { book, source, target, provider, customer }
    }

    async fn subscription(&self) -> String {
        self.book.order(&self.source, Some(&self.customer), Offer::AzurePlan, "2021-09-01").await.unwrap().id
    }

    async fn request(&self, subs: &[&str], on: &str) -> Result<Transfer> {
        transfers::create(
            &self.book.ctx,
            NewTransfer {
                customer_id: self.customer.clone(),
                source_partner_id: self.source.clone(),
                target_partner_id: self.target.clone(),
                subscription_ids: subs.iter().map(|s| s.to_string()).collect(),
                on: Some(d(on)),
            },
        )
        .await
    }

    async fn rows(&self) -> [i64; 6] {
        let [a, b, c, e] = self.book.written().await;
        [a, b, c, e, self.book.count("transfers").await, self.book.count("transfer_items").await]
    }
}

async fn act_on_transfer(ctx: &Ctx, id: &str, action: TransferAction, on: &str) -> Result<Transfer> {
    match action {
        TransferAction::Accept => transfers::accept(ctx, id, d(on)).await,
        TransferAction::Reject => transfers::reject(ctx, id, d(on)).await,
        TransferAction::Complete => transfers::complete(ctx, id, d(on)).await,
    }
}

#[tokio::test]
async fn a_transfer_does_exactly_what_its_allowed_actions_list() {
    let tb = TransferBook::new().await;
    let ctx = &tb.book.ctx;
    let all = [TransferAction::Accept, TransferAction::Reject, TransferAction::Complete];
    let today = "2022-01-20";

    // A request in the given status as of the book date.
    let tb_ref = &tb;
    let in_status = move |status: TransferStatus| {
        let tb = tb_ref;
        async move {
            let sub = tb.subscription().await;
            let created = if status == TransferStatus::Expired { "2021-12-01" } else { "2022-01-10" };
            let t = tb.request(&[&sub], created).await.unwrap();
            match status {
                TransferStatus::Pending | TransferStatus::Expired => {}
                TransferStatus::Accepted => {
                    transfers::accept(&tb.book.ctx, &t.id, d("2022-01-11")).await.unwrap();
                }
                TransferStatus::Rejected => {
                    transfers::reject(&tb.book.ctx, &t.id, d("2022-01-11")).await.unwrap();
                }
                TransferStatus::Completed => {
                    transfers::accept(&tb.book.ctx, &t.id, d("2022-01-11")).await.unwrap();
                    transfers::complete(&tb.book.ctx, &t.id, d("2022-01-12")).await.unwrap();
                }
            }
            transfers::show(&tb.book.ctx, &t.id).await.unwrap()
        }
    };

    let statuses = [
        TransferStatus::Pending,
        TransferStatus::Accepted,
        TransferStatus::Completed,
        TransferStatus::Rejected,
        TransferStatus::Expired,
    ];
    for status in statuses {
        let t = in_status(status).await;
        assert_eq!(t.status, status);
        for action in all.iter().filter(|a| !t.allowed_actions.contains(a)) {
            let before = tb.rows().await;
            let e = act_on_transfer(ctx, &t.id, *action, today).await.unwrap_err();
            // Answering a request past its last day is refused by its rule; the rest by the state.
            let answers = *action != TransferAction::Complete;
            let expected = if status == TransferStatus::Expired && answers { "TRANSFER_EXPIRED" } else { "CONFLICT" };
            assert_eq!(e.code(), expected, "{status:?} {action:?}: {e}");
            assert_eq!(tb.rows().await, before, "{status:?} {action:?} wrote nothing");
            assert_eq!(transfers::show(ctx, &t.id).await.unwrap(), t);
        }
        for action in t.allowed_actions.clone() {
            let fresh = in_status(status).await;
            let done = act_on_transfer(ctx, &fresh.id, action, today).await.unwrap();
            let after = match action {
                TransferAction::Accept => TransferStatus::Accepted,
                TransferAction::Reject => TransferStatus::Rejected,
                TransferAction::Complete => TransferStatus::Completed,
            };
            assert_eq!(done.status, after, "{status:?} {action:?}");
        }
    }
}

#[tokio::test]
async fn a_provider_is_refused_as_target_with_its_rule_and_nothing_is_written() {
    let tb = TransferBook::new().await;
    let sub = tb.subscription().await;
    let before = tb.rows().await;
    let e = transfers::create(
        &tb.book.ctx,
        NewTransfer {
            customer_id: tb.customer.clone(),
            source_partner_id: tb.source.clone(),
            target_partner_id: tb.provider.clone(),
            subscription_ids: vec![sub],
            on: Some(d("2022-01-20")),
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(e, CoreError::Rule { rule: csp_core::domain::Code::TierCannotResell, .. }), "{e}");
    assert_eq!(tb.rows().await, before);
}

#[tokio::test]
async fn the_candidates_are_what_a_request_accepts() {
    let tb = TransferBook::new().await;
    let ctx = &tb.book.ctx;
    let plan = tb.subscription().await;
    let legacy = tb.book.order(&tb.source, Some(&tb.customer), Offer::Legacy, "2020-04-01").await.unwrap().id;
    let old = tb.subscription().await;
    subscriptions::cancel(ctx, &old, d("2021-12-31")).await.unwrap();
    let busy = tb.subscription().await;
    tb.request(&[&busy], "2022-01-15").await.unwrap();
    // The target holds one of the customer's subscriptions too (moved there earlier).
    let moved = tb.subscription().await;
    let earlier = tb.request(&[&moved], "2021-12-01").await.unwrap();
    transfers::accept(ctx, &earlier.id, d("2021-12-02")).await.unwrap();
    transfers::complete(ctx, &earlier.id, d("2021-12-03")).await.unwrap();

    let c = transfers::candidates(ctx, &tb.customer, None, d("2022-01-20")).await.unwrap();
    // The source holding the most is proposed; it comes first.
    assert_eq!(c.source_partner_id.as_deref(), Some(tb.source.as_str()));
    assert_eq!(c.sources.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), [tb.source.as_str(), tb.target.as_str()]);
    // Not the cancelled one, nor the one already in an open request.
    let ids: Vec<_> = c.subscriptions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [legacy.as_str(), plan.as_str()]);
    // Targets: not the source, never a provider; whether each already holds the customer.
    assert_eq!(c.targets.len(), 1, "{:?}", c.targets);
    assert_eq!(c.targets[0].id, tb.target);
    assert!(c.targets[0].related);

    // From the target's side: the moved subscription, and the source as a target.
    let back = transfers::candidates(ctx, &tb.customer, Some(&tb.target), d("2022-01-20")).await.unwrap();
    assert_eq!(back.subscriptions.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), [moved.as_str()]);
    assert_eq!(back.targets.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), [tb.source.as_str()]);

    // What is listed, a request accepts; what is left out, it refuses.
    tb.request(&ids, "2022-01-20").await.unwrap();
    assert_eq!(tb.request(&[&old], "2022-01-20").await.unwrap_err().code(), "TRANSFER_SUBSCRIPTION_CANCELLED");
    assert_eq!(tb.request(&[&busy], "2022-01-20").await.unwrap_err().code(), "TRANSFER_ALREADY_OPEN");
    let none = transfers::candidates(ctx, &tb.customer, None, d("2022-01-20")).await.unwrap();
    assert_eq!(none.source_partner_id.as_deref(), Some(tb.target.as_str()), "only the target has one left to move");

    assert_eq!(
        transfers::candidates(ctx, "no-such-customer", None, d("2022-01-20")).await.unwrap_err().code(),
        "NOT_FOUND"
    );
}
