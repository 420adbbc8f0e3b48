//! The book on a date (DOMAIN.md "The book on a date"): every view as it stood on a date D, derived
//! from the dated facts the book keeps. Each function takes the latest view (what the book holds
//! today) with the dated facts beside it and returns the view on D, or `None` when the thing did
//! not exist yet on D (a subscription ordered after D, a partner enrolled after D, a customer with
//! no relationship yet, a transfer requested after D): such things are absent from the lists of D.

use chrono::NaiveDate;

use crate::customer::Customer;
use crate::invoice::{Invoice, InvoiceFigures, InvoiceKind, InvoiceStatus};
use crate::partner::{Partner, Tier};
use crate::subscription::{self, Subscription, SubscriptionEvent, SubscriptionStatus};
use crate::transfer::{self, Transfer, TransferStatus};
use crate::Month;

/// Who held a subscription, who Microsoft billed for it and with which offer, from a date (an
/// order, a transfer, a conversion or a transition opens a period): one `subscription_periods` row,
/// the same type the transition writes.
pub use crate::subscription::BillingPeriod as SubscriptionPeriod;

/// The period in force on `d`: the one with the latest `valid_from` on or before `d` (the last one
/// stored wins a tie, as it was written later the same day).
pub fn period_on(periods: &[SubscriptionPeriod], d: NaiveDate) -> Option<&SubscriptionPeriod> {
    periods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.valid_from <= d)
        .max_by_key(|(i, p)| (p.valid_from, *i))
        .map(|(_, p)| p)
}

/// The status on `d`: `None` before the order; otherwise the order's `active` changed by every
/// suspension, reactivation and cancellation dated on or before `d`, in order.
pub fn status_on(created_on: NaiveDate, events: &[SubscriptionEvent], d: NaiveDate) -> Option<SubscriptionStatus> {
    if created_on > d {
        return None;
    }
    let mut status = SubscriptionStatus::Active;
    for e in events.iter().filter(|e| e.on <= d) {
        status = match e.event.as_str() {
            "suspended" => SubscriptionStatus::Suspended,
            "reactivated" => SubscriptionStatus::Active,
            "cancelled" => SubscriptionStatus::Cancelled,
            _ => status,
        };
    }
    Some(status)
}

/// A subscription on `d`: `None` when it was ordered after `d`. Its status, cancellation date,
/// status history, partner of record, billing partner and offer are those of `d`; its roles are the
/// assignments granted on or before `d` and not revoked by then (a revocation after `d` has not
/// happened yet); the role history stays whole. `name_of` names the partners of earlier periods.
pub fn subscription_on(
    latest: Subscription,
    periods: &[SubscriptionPeriod],
    name_of: impl Fn(&str) -> Option<String>,
    d: NaiveDate,
) -> Option<Subscription> {
    let status = status_on(latest.created_on, &latest.events, d)?;
    let mut s = latest;
    if let Some(p) = period_on(periods, d) {
        if p.partner_id != s.partner_id {
            s.partner_name = name_of(&p.partner_id).unwrap_or_else(|| p.partner_id.clone());
            s.partner_id = p.partner_id.clone();
        }
        if p.billing_partner_id != s.billing_partner_id {
            s.billing_partner_name = name_of(&p.billing_partner_id).unwrap_or_else(|| p.billing_partner_id.clone());
            s.billing_partner_id = p.billing_partner_id.clone();
        }
        s.offer = p.offer;
    }
    s.status = status;
    s.cancelled_on = s.cancelled_on.filter(|c| *c <= d);
    s.events.retain(|e| e.on <= d);
    s.roles = s.role_history.iter().filter(|a| a.is_active_on(d)).cloned().collect();
    s.allowed_actions = subscription::allowed_actions(status);
    s.can_grant = subscription::can_grant(status);
    Some(s)
}

/// The tier in force on `d`: the latest period started on or before `d`; before the first one, the
/// first (the tier the partner enrolled with).
pub fn tier_on(history: &[crate::partner::TierPeriod], latest: Tier, d: NaiveDate) -> Tier {
    history
        .iter()
        .filter(|p| p.since <= d)
        .max_by_key(|p| p.since)
        .or_else(|| history.iter().min_by_key(|p| p.since))
        .map(|p| p.tier)
        .unwrap_or(latest)
}

/// A partner on `d`: `None` when it was not enrolled in CSP yet (the partners list of `d` leaves
/// it out). Its tier is the one in force on `d`, its provider and reseller links those made on or
/// before `d`, its tier history the periods started by then.
pub fn partner_on(latest: Partner, d: NaiveDate) -> Option<Partner> {
    (latest.enrolled_on <= d).then(|| partner_seen_on(latest, d))
}

/// [`partner_on`] for a partner that is shown whatever the date (the office operating the book,
/// which the window always needs): before its enrolment it reads with its first tier.
pub fn partner_seen_on(latest: Partner, d: NaiveDate) -> Partner {
    let mut p = latest;
    p.tier = tier_on(&p.tier_history, p.tier, d);
    p.tier_history.retain(|t| t.since <= d);
    p.providers.retain(|l| l.since <= d);
    p.resellers.retain(|l| l.since <= d);
    p
}

/// A customer on `d`: `None` when no partner held a relationship with it yet (the customers list of
/// `d` leaves it out). Its relationships are those established on or before `d`; an exemption
/// from a transition after `d` has not started yet.
pub fn customer_on(latest: Customer, d: NaiveDate) -> Option<Customer> {
    let mut c = latest;
    c.relationships.retain(|r| r.since <= d);
    for r in &mut c.relationships {
        r.transition_exempt_from = r.transition_exempt_from.filter(|x| *x <= d);
    }
    (!c.relationships.is_empty()).then_some(c)
}

/// A transfer request's status on `d` from its dated answers: `None` before the request;
/// completed, rejected or accepted from those dates; otherwise pending, expired from the day after
/// its last day.
pub fn transfer_status_on(
    created_on: NaiveDate,
    accepted_on: Option<NaiveDate>,
    rejected_on: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    d: NaiveDate,
) -> Option<TransferStatus> {
    let by = |x: Option<NaiveDate>| x.is_some_and(|x| x <= d);
    if created_on > d {
        None
    } else if by(completed_on) {
        Some(TransferStatus::Completed)
    } else if by(rejected_on) {
        Some(TransferStatus::Rejected)
    } else if by(accepted_on) {
        Some(TransferStatus::Accepted)
    } else {
        Some(transfer::status_on(TransferStatus::Pending, created_on, d))
    }
}

/// A transfer request on `d`: `None` before it was made; its status, answer dates, outcomes, reminder
/// and the moves it allows are those of `d`.
pub fn transfer_on(latest: Transfer, d: NaiveDate) -> Option<Transfer> {
    let status = transfer_status_on(latest.created_on, latest.accepted_on, latest.rejected_on, latest.completed_on, d)?;
    let mut t = latest;
    t.accepted_on = t.accepted_on.filter(|x| *x <= d);
    t.rejected_on = t.rejected_on.filter(|x| *x <= d);
    t.completed_on = t.completed_on.filter(|x| *x <= d);
    if status != TransferStatus::Completed {
        t.outcomes.clear();
        t.reminder = None;
        t.reminder_fr = None;
    }
    // The stored status the moves are decided from: what had happened by `d`, expiry aside.
    let stored = if status == TransferStatus::Expired { TransferStatus::Pending } else { status };
    t.allowed_actions = transfer::allowed_actions(stored, t.created_on, d);
    t.status = status;
    Some(t)
}

/// An invoice or credit note's status on `d` from its dated fields: voided, paid or issued from
/// those dates. Before its issue date it was a draft, which a billing run can only have made once
/// its month was over: `None` for a document whose month had not ended before `d`.
pub fn invoice_status_on(doc: &Invoice, d: NaiveDate) -> Option<InvoiceStatus> {
    document_status_on(doc.kind, &doc.month, doc.issued_on, doc.paid_on, doc.voided_on, d)
}

fn document_status_on(
    kind: InvoiceKind,
    month: &str,
    issued_on: Option<NaiveDate>,
    paid_on: Option<NaiveDate>,
    voided_on: Option<NaiveDate>,
    d: NaiveDate,
) -> Option<InvoiceStatus> {
    let by = |x: Option<NaiveDate>| x.is_some_and(|x| x <= d);
    if by(voided_on) {
        Some(InvoiceStatus::Voided)
    } else if by(paid_on) {
        Some(InvoiceStatus::Paid)
    } else if by(issued_on) {
        Some(InvoiceStatus::Issued)
    } else if kind == InvoiceKind::CreditNote {
        // A credit note is issued the day it is made.
        None
    } else {
        let month_over = Month::parse(month).is_ok_and(|m| m.last_day() < d);
        month_over.then_some(InvoiceStatus::Draft)
    }
}

/// The dates a document had on `d` given its status then: what happened later is not shown.
fn dates_on(
    status: InvoiceStatus,
    issued_on: &mut Option<NaiveDate>,
    paid_on: &mut Option<NaiveDate>,
    voided_on: &mut Option<NaiveDate>,
) {
    if status != InvoiceStatus::Voided {
        *voided_on = None;
    }
    if status != InvoiceStatus::Paid && status != InvoiceStatus::Voided {
        *paid_on = None;
    }
    if status == InvoiceStatus::Draft {
        *issued_on = None;
    }
}

/// The documents as they stood on `d` (those that existed), each with its status of that day.
pub fn invoices_on(docs: Vec<Invoice>, d: NaiveDate) -> Vec<Invoice> {
    docs.into_iter()
        .filter_map(|mut doc| {
            let status = invoice_status_on(&doc, d)?;
            dates_on(status, &mut doc.issued_on, &mut doc.paid_on, &mut doc.voided_on);
            if status == InvoiceStatus::Draft {
                doc.number = None;
            }
            doc.status = status;
            Some(doc)
        })
        .collect()
}

/// [`invoices_on`] for what the dashboard counts.
pub fn figures_on(docs: Vec<InvoiceFigures>, d: NaiveDate) -> Vec<InvoiceFigures> {
    docs.into_iter()
        .filter_map(|mut doc| {
            let status = document_status_on(doc.kind, &doc.month, doc.issued_on, doc.paid_on, doc.voided_on, d)?;
            dates_on(status, &mut doc.issued_on, &mut doc.paid_on, &mut doc.voided_on);
            doc.status = status;
            Some(doc)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Role, RoleAssignment};
    use crate::offer::Offer;
    use crate::partner::{PartnerLink, TierPeriod};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_documents_figures_on_a_date_have_the_status_and_dates_of_that_day() {
        let paid = InvoiceFigures {
            kind: InvoiceKind::Invoice,
            status: InvoiceStatus::Paid,
            month: "2026-10".into(),
            currency: "EUR".into(),
            total: rust_decimal::Decimal::ONE_HUNDRED,
            issued_on: Some(d("2026-11-02")),
            paid_on: Some(d("2026-11-20")),
            voided_on: None,
        };
        let credit = InvoiceFigures {
            kind: InvoiceKind::CreditNote,
            status: InvoiceStatus::Issued,
            paid_on: None,
            issued_on: Some(d("2026-11-25")),
            ..paid.clone()
        };
        let on = |day: &str| figures_on(vec![paid.clone(), credit.clone()], d(day));
        // In its month the invoice did not exist yet; after it, a draft until issued.
        assert!(on("2026-10-31").is_empty());
        let draft = &on("2026-11-01")[0];
        assert_eq!((draft.status, draft.issued_on, draft.paid_on), (InvoiceStatus::Draft, None, None));
        let issued = &on("2026-11-10")[0];
        assert_eq!((issued.status, issued.issued_on, issued.paid_on), (InvoiceStatus::Issued, paid.issued_on, None));
        // The credit note exists from its issue date only.
        assert_eq!(on("2026-11-24").iter().map(|f| f.status).collect::<Vec<_>>(), [InvoiceStatus::Paid]);
        assert_eq!(on("2026-11-25").len(), 2);
    }

    fn role(principal: &str, since: &str, until: Option<&str>) -> RoleAssignment {
        RoleAssignment {
            subscription_id: "s".into(),
            principal: principal.into(),
            role: Role::Owner,
            scope: None,
            since: d(since),
            until: until.map(d),
            owner_risk_acknowledged: false,
        }
    }

    fn event(on: &str, event: &str) -> SubscriptionEvent {
        SubscriptionEvent { on: d(on), event: event.into() }
    }

    fn period(from: &str, partner: &str, billing: &str, offer: Offer) -> SubscriptionPeriod {
        SubscriptionPeriod {
            valid_from: d(from),
            partner_id: partner.into(),
            billing_partner_id: billing.into(),
            offer,
        }
    }

    /// Ordered by P on 2021-03-01 (legacy), transferred to Q and converted on 2021-09-01, billed by
    /// the provider V from 2022-02-01, suspended, reactivated and cancelled; the customer's
    /// contributor role was revoked on 2022-03-01.
    fn latest() -> Subscription {
        let history = vec![role("partner:P", "2021-03-01", None), role("customer", "2021-04-01", Some("2022-03-01"))];
        Subscription {
            id: "s".into(),
            customer_id: Some("c".into()),
            customer_name: Some("C".into()),
            partner_id: "Q".into(),
            partner_name: "Q name".into(),
            billing_partner_id: "V".into(),
            billing_partner_name: "V name".into(),
            offer: Offer::AzurePlan,
            status: SubscriptionStatus::Cancelled,
            created_on: d("2021-03-01"),
            cancelled_on: Some(d("2022-04-01")),
            name: "s".into(),
            roles: history.iter().filter(|a| a.until.is_none()).cloned().collect(),
            role_history: history,
            events: vec![
                event("2021-10-01", "suspended"),
                event("2021-10-05", "reactivated"),
                event("2022-04-01", "cancelled"),
            ],
            allowed_actions: vec![],
            can_grant: false,
        }
    }

    fn periods() -> Vec<SubscriptionPeriod> {
        vec![
            period("2021-03-01", "P", "P", Offer::Legacy),
            period("2021-09-01", "Q", "Q", Offer::AzurePlan),
            period("2022-02-01", "Q", "V", Offer::AzurePlan),
        ]
    }

    fn on(date: &str) -> Option<Subscription> {
        subscription_on(latest(), &periods(), |id| Some(format!("{id} name")), d(date))
    }

    #[test]
    fn a_subscription_reads_as_it_stood_on_each_date() {
        use crate::subscription::SubscriptionAction::*;
        assert_eq!(on("2021-02-28"), None, "not yet ordered");
        let first = on("2021-03-01").unwrap();
        assert_eq!((first.partner_id.as_str(), first.billing_partner_id.as_str()), ("P", "P"));
        assert_eq!((first.offer, first.status, first.cancelled_on), (Offer::Legacy, SubscriptionStatus::Active, None));
        assert_eq!(first.partner_name, "P name");
        assert_eq!(first.roles.len(), 1, "the customer's role is granted later");
        assert_eq!(first.allowed_actions, vec![Suspend, Cancel]);
        let converted = on("2021-09-01").unwrap();
        assert_eq!((converted.partner_id.as_str(), converted.offer), ("Q", Offer::AzurePlan));
        let suspended = on("2021-10-04").unwrap();
        assert_eq!(suspended.status, SubscriptionStatus::Suspended);
        assert_eq!(suspended.allowed_actions, vec![Reactivate, Cancel]);
        assert_eq!(suspended.events.len(), 1);
        assert_eq!(on("2021-10-05").unwrap().status, SubscriptionStatus::Active);
        let billed = on("2022-02-01").unwrap();
        assert_eq!((billed.billing_partner_id.as_str(), billed.billing_partner_name.as_str()), ("V", "V name"));
        let before_revoke = on("2022-02-28").unwrap();
        assert_eq!(before_revoke.roles.len(), 2, "revoked on 2022-03-01, still held the day before");
        assert_eq!(on("2022-03-01").unwrap().roles.len(), 1);
        assert_eq!(on("2022-03-31").unwrap().status, SubscriptionStatus::Active);
        let cancelled = on("2022-04-01").unwrap();
        assert_eq!((cancelled.status, cancelled.cancelled_on), (SubscriptionStatus::Cancelled, Some(d("2022-04-01"))));
        assert!(cancelled.allowed_actions.is_empty());
        assert!(!cancelled.can_grant && suspended.can_grant && first.can_grant, "no grant once cancelled");
        assert_eq!(cancelled.role_history.len(), 2, "the history stays whole");
    }

    #[test]
    fn the_period_written_last_wins_a_tie() {
        let ps = vec![period("2021-03-01", "P", "P", Offer::Legacy), period("2021-03-01", "P", "P", Offer::AzurePlan)];
        assert_eq!(period_on(&ps, d("2021-03-01")).unwrap().offer, Offer::AzurePlan);
        assert_eq!(period_on(&ps, d("2021-02-28")), None);
    }

    fn partner() -> Partner {
        Partner {
            id: "L".into(),
            name: "Lumen".into(),
            mpn_id: None,
            tier: Tier::IndirectReseller,
            country: "FR".into(),
            market: "EUROPE".into(),
            currency: Some("EUR".into()),
            enrolled_on: d("2017-06-01"),
            new_partner: false,
            mci: false,
            silver_since: None,
            vat_id: None,
            address: None,
            email: None,
            providers: vec![PartnerLink { id: "V".into(), name: "V".into(), since: d("2022-03-01") }],
            resellers: vec![],
            tier_history: vec![
                TierPeriod { tier: Tier::Direct, since: d("2017-06-01") },
                TierPeriod { tier: Tier::IndirectReseller, since: d("2022-03-01") },
            ],
            operating: false,
            legal: Default::default(),
        }
    }

    #[test]
    fn a_partner_has_its_tier_and_links_of_the_date_and_is_absent_before_its_enrolment() {
        assert_eq!(partner_on(partner(), d("2017-05-31")), None);
        let before = partner_on(partner(), d("2022-02-28")).unwrap();
        assert_eq!((before.tier, before.providers.len(), before.tier_history.len()), (Tier::Direct, 0, 1));
        let after = partner_on(partner(), d("2022-03-01")).unwrap();
        assert_eq!((after.tier, after.providers.len()), (Tier::IndirectReseller, 1));
        // The office is shown before its enrolment, with the tier it enrolled with.
        assert_eq!(partner_seen_on(partner(), d("2010-01-01")).tier, Tier::Direct);
    }

    #[test]
    fn a_transfer_reads_its_answers_up_to_the_date() {
        let st = |a: Option<&str>, r: Option<&str>, c: Option<&str>, on: &str| {
            transfer_status_on(d("2022-02-07"), a.map(d), r.map(d), c.map(d), d(on))
        };
        assert_eq!(st(None, None, None, "2022-02-06"), None);
        assert_eq!(st(Some("2022-02-09"), None, Some("2022-02-14"), "2022-02-08"), Some(TransferStatus::Pending));
        assert_eq!(st(Some("2022-02-09"), None, Some("2022-02-14"), "2022-02-09"), Some(TransferStatus::Accepted));
        assert_eq!(st(Some("2022-02-09"), None, Some("2022-02-14"), "2022-02-14"), Some(TransferStatus::Completed));
        assert_eq!(st(None, Some("2022-02-10"), None, "2022-02-10"), Some(TransferStatus::Rejected));
        // Created 2022-02-07: its last day is 2022-03-08.
        assert_eq!(st(None, None, None, "2022-03-08"), Some(TransferStatus::Pending));
        assert_eq!(st(None, None, None, "2022-03-09"), Some(TransferStatus::Expired));
    }
}
