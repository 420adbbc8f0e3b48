//! Transfers of subscriptions between partners (DOMAIN.md "Transfers"): the request's life and what
//! happens to each subscription's offer on completion.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::offer::Offer;
use super::partner::{PartnerLink, Tier};
use super::rules::{Rule, TRANSFER_CONVERT_TO_AZURE_PLAN, TRANSFER_EXPIRED, TRANSFER_KEEP_LEGACY, TRANSFER_KEEP_OFFER};
use super::subscription::Subscription;

/// A request may be accepted up to 29 days after the day it was created.
pub const ACCEPT_WINDOW_DAYS: u64 = 29;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(rename_all = "lowercase")]
pub enum TransferStatus {
    Pending,
    Accepted,
    Completed,
    Rejected,
    Expired,
}

impl TransferStatus {
    /// Every TransferStatus, in the order lists show them.
    pub const ALL: [TransferStatus; 5] = [
        TransferStatus::Pending,
        TransferStatus::Accepted,
        TransferStatus::Completed,
        TransferStatus::Rejected,
        TransferStatus::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Completed => "completed",
            Self::Rejected => "rejected",
            Self::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Accepted, Self::Completed, Self::Rejected, Self::Expired]
            .into_iter()
            .find(|x| x.as_str() == s)
    }

    /// Pending or accepted: the subscriptions in it cannot join another transfer.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Pending | Self::Accepted)
    }
}

/// The last day a request created on `created_on` can be accepted.
pub fn last_accept_day(created_on: NaiveDate) -> NaiveDate {
    created_on.checked_add_days(Days::new(ACCEPT_WINDOW_DAYS)).unwrap_or(NaiveDate::MAX)
}

/// The status as of `on`: a pending request not accepted by its last day is expired from the day after.
pub fn status_on(stored: TransferStatus, created_on: NaiveDate, on: NaiveDate) -> TransferStatus {
    if stored == TransferStatus::Pending && on > last_accept_day(created_on) {
        TransferStatus::Expired
    } else {
        stored
    }
}

/// What a user may do to a request: the buttons the window shows, and the only moves the service
/// makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TransferAction {
    Accept,
    Reject,
    Complete,
}

/// The request's lifecycle on `on`: a pending request is accepted or rejected up to its last day
/// (then it is expired and takes no action); an accepted one is completed; completed, rejected and
/// expired requests are final.
pub fn allowed_actions(stored: TransferStatus, created_on: NaiveDate, on: NaiveDate) -> Vec<TransferAction> {
    match status_on(stored, created_on, on) {
        TransferStatus::Pending => vec![TransferAction::Accept, TransferAction::Reject],
        TransferStatus::Accepted => vec![TransferAction::Complete],
        TransferStatus::Completed | TransferStatus::Rejected | TransferStatus::Expired => vec![],
    }
}

/// The rule that refuses `action` on `on` when [`allowed_actions`] leaves it out: `TRANSFER_EXPIRED`
/// for answering a pending request past its last day; None when the state alone refuses it.
pub fn refusal(stored: TransferStatus, created_on: NaiveDate, on: NaiveDate, action: TransferAction) -> Option<Rule> {
    let answers = matches!(action, TransferAction::Accept | TransferAction::Reject);
    (answers && stored == TransferStatus::Pending && status_on(stored, created_on, on) == TransferStatus::Expired)
        .then_some(TRANSFER_EXPIRED)
}

/// What completing the transfer on `on` does to a subscription's offer. `target_may_buy_legacy` is
/// the answer of eligibility rule 4 for the target partner, the customer and `on`.
pub fn offer_outcome(offer: Offer, on: NaiveDate, phase1: NaiveDate, target_may_buy_legacy: bool) -> (Offer, Rule) {
    if on < phase1 || offer != Offer::Legacy {
        (offer, TRANSFER_KEEP_OFFER)
    } else if target_may_buy_legacy {
        (offer, TRANSFER_KEEP_LEGACY)
    } else {
        (Offer::AzurePlan, TRANSFER_CONVERT_TO_AZURE_PLAN)
    }
}

/// What a user gives to request a transfer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NewTransfer {
    pub customer_id: String,
    pub source_partner_id: String,
    pub target_partner_id: String,
    pub subscription_ids: Vec<String>,
    /// Default: the business today.
    pub on: Option<NaiveDate>,
}

/// What completing a transfer did to one subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TransferOutcome {
    pub subscription: String,
    pub offer_before: Offer,
    pub offer_after: Offer,
    pub rule: String,
    pub message: String,
    pub message_fr: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TransferSubscription {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Transfer {
    pub id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub source_partner_id: String,
    pub source_partner_name: String,
    pub target_partner_id: String,
    pub target_partner_name: String,
    pub created_on: NaiveDate,
    /// The last day the request can be accepted (created + 29 days).
    pub last_accept_day: NaiveDate,
    /// As of the business today (a pending request past its last day reads `expired`).
    pub status: TransferStatus,
    pub accepted_on: Option<NaiveDate>,
    pub rejected_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub subscriptions: Vec<TransferSubscription>,
    /// Filled on completion.
    pub outcomes: Vec<TransferOutcome>,
    /// After completion: the target holds no role yet, hence no admin rights and no PEC.
    pub reminder: Option<String>,
    pub reminder_fr: Option<String>,
    /// What may be done to it as of the business today ([`allowed_actions`]): exactly the buttons
    /// the window shows.
    pub allowed_actions: Vec<TransferAction>,
    /// The target's providers when it is an indirect reseller: completing names the one that bills
    /// the moved subscriptions when there are several.
    pub target_providers: Vec<PartnerLink>,
}

/// A partner as a transfer request names it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TransferParty {
    pub id: String,
    pub name: String,
    /// The tier on the request date.
    pub tier: Tier,
}

/// A partner that may receive the subscriptions (any partner but the source that may hold a
/// customer on the date, i.e. not an indirect provider: `TIER_CANNOT_RESELL`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TransferTarget {
    pub id: String,
    pub name: String,
    pub tier: Tier,
    /// Holds a reseller relationship with the customer on the request date. Not required to
    /// request, but completion needs one (`NO_RELATIONSHIP`).
    pub related: bool,
}

/// What a transfer request for a customer on a date may name; what it lists, the request accepts.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TransferCandidates {
    pub customer_id: String,
    pub on: NaiveDate,
    /// Partners holding subscriptions of the customer that can move, most first.
    pub sources: Vec<TransferParty>,
    /// The source asked for or, when none was, the one holding the most (None: nothing can move).
    pub source_partner_id: Option<String>,
    /// The source's subscriptions that can move: held by it on the date, not cancelled, and in no
    /// other open request.
    pub subscriptions: Vec<Subscription>,
    pub targets: Vec<TransferTarget>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_request_can_be_accepted_up_to_day_29_and_expires_on_day_30() {
        let created = d("2026-03-01");
        assert_eq!(last_accept_day(created), d("2026-03-30"));
        let pending = TransferStatus::Pending;
        assert!(allowed_actions(pending, created, d("2026-03-30")).contains(&TransferAction::Accept));
        assert!(!allowed_actions(pending, created, d("2026-03-31")).contains(&TransferAction::Accept));
        assert_eq!(refusal(pending, created, d("2026-03-31"), TransferAction::Accept), Some(TRANSFER_EXPIRED));
        assert_eq!(status_on(TransferStatus::Pending, created, d("2026-03-30")), TransferStatus::Pending);
        assert_eq!(status_on(TransferStatus::Pending, created, d("2026-03-31")), TransferStatus::Expired);
        assert_eq!(status_on(TransferStatus::Accepted, created, d("2026-05-01")), TransferStatus::Accepted);
    }

    #[test]
    fn pending_is_accepted_or_rejected_until_it_expires_accepted_is_completed_the_rest_is_final() {
        use TransferAction::*;
        let created = d("2026-03-01");
        let (in_time, late) = (d("2026-03-30"), d("2026-03-31"));
        assert_eq!(allowed_actions(TransferStatus::Pending, created, in_time), vec![Accept, Reject]);
        assert_eq!(allowed_actions(TransferStatus::Pending, created, late), vec![]);
        assert_eq!(allowed_actions(TransferStatus::Accepted, created, late), vec![Complete]);
        for s in [TransferStatus::Completed, TransferStatus::Rejected, TransferStatus::Expired] {
            assert_eq!(allowed_actions(s, created, in_time), vec![], "{s:?}");
        }
        // Past its last day a pending request is refused by its rule; other refusals are the state's.
        assert_eq!(refusal(TransferStatus::Pending, created, late, Reject), Some(TRANSFER_EXPIRED));
        assert_eq!(refusal(TransferStatus::Pending, created, in_time, Complete), None);
        assert_eq!(refusal(TransferStatus::Completed, created, late, Accept), None);
    }

    #[test]
    fn phase1_decides_the_offer_after_a_transfer() {
        let p1 = d("2021-07-21");
        use Offer::{AzurePlan, Legacy};
        assert_eq!(offer_outcome(Legacy, d("2021-07-20"), p1, false), (Legacy, TRANSFER_KEEP_OFFER));
        assert_eq!(offer_outcome(AzurePlan, d("2022-07-20"), p1, false), (AzurePlan, TRANSFER_KEEP_OFFER));
        assert_eq!(offer_outcome(Legacy, d("2021-07-21"), p1, true), (Legacy, TRANSFER_KEEP_LEGACY));
        assert_eq!(offer_outcome(Legacy, d("2021-07-21"), p1, false), (AzurePlan, TRANSFER_CONVERT_TO_AZURE_PLAN));
    }

    #[test]
    fn open_states() {
        assert!(TransferStatus::Pending.is_open() && TransferStatus::Accepted.is_open());
        assert!(!TransferStatus::Completed.is_open() && !TransferStatus::Expired.is_open());
        assert_eq!(TransferStatus::parse("rejected"), Some(TransferStatus::Rejected));
    }
}
