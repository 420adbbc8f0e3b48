//! Subscriptions: status, "active on D", partner-of-record periods, and the views the UI shows
//! (DOMAIN.md "Subscriptions").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::access::RoleAssignment;
use super::offer::Offer;

/// Stored as its lower-case name, as the table's CHECK spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(rename_all = "lowercase")]
pub enum SubscriptionStatus {
    Active,
    Suspended,
    Cancelled,
}

impl SubscriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::Suspended => "suspended",
            SubscriptionStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(SubscriptionStatus::Active),
            "suspended" => Some(SubscriptionStatus::Suspended),
            "cancelled" => Some(SubscriptionStatus::Cancelled),
            _ => None,
        }
    }
}

/// A status change a user may ask for: the buttons the window shows, and the only changes the
/// service makes (it refuses any other with `CONFLICT`, writing nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SubscriptionAction {
    Suspend,
    Reactivate,
    Cancel,
}

impl SubscriptionAction {
    /// The status the action leads to.
    pub fn target(self) -> SubscriptionStatus {
        match self {
            SubscriptionAction::Suspend => SubscriptionStatus::Suspended,
            SubscriptionAction::Reactivate => SubscriptionStatus::Active,
            SubscriptionAction::Cancel => SubscriptionStatus::Cancelled,
        }
    }
}

/// The subscription's lifecycle: an active one may be suspended or cancelled, a suspended one
/// reactivated or cancelled; a cancellation is final.
pub fn allowed_actions(status: SubscriptionStatus) -> Vec<SubscriptionAction> {
    match status {
        SubscriptionStatus::Active => vec![SubscriptionAction::Suspend, SubscriptionAction::Cancel],
        SubscriptionStatus::Suspended => vec![SubscriptionAction::Reactivate, SubscriptionAction::Cancel],
        SubscriptionStatus::Cancelled => vec![],
    }
}

/// Active on `d`: created on or before `d` and not cancelled, or cancelled after `d` (cancelled
/// on `d` means no longer active on `d`). A suspension does not change this.
pub fn is_active_on(created_on: NaiveDate, cancelled_on: Option<NaiveDate>, d: NaiveDate) -> bool {
    created_on <= d && cancelled_on.is_none_or(|c| c > d)
}

/// Who held a subscription, with which offer, from a date (a transfer or a conversion opens a
/// new period).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordPeriod {
    pub valid_from: NaiveDate,
    pub partner_id: String,
    pub offer: Offer,
}

/// A customer's subscription as the eligibility rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub subscription_id: String,
    pub created_on: NaiveDate,
    pub cancelled_on: Option<NaiveDate>,
    /// Oldest first.
    pub periods: Vec<RecordPeriod>,
}

impl Holding {
    /// The period in force on `d`: the one with the greatest `valid_from` on or before `d`.
    pub fn period_on(&self, d: NaiveDate) -> Option<&RecordPeriod> {
        self.periods.iter().filter(|p| p.valid_from <= d).max_by_key(|p| p.valid_from)
    }

    /// A previous-offer subscription whose partner of record on `d` is `partner_id`, active on `d`.
    pub fn is_legacy_of_on(&self, partner_id: &str, d: NaiveDate) -> bool {
        is_active_on(self.created_on, self.cancelled_on, d)
            && self.period_on(d).is_some_and(|p| p.partner_id == partner_id && p.offer == Offer::Legacy)
    }
}

/// A dated status change (suspend, reactivate, cancel).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SubscriptionEvent {
    pub on: NaiveDate,
    /// `suspended`, `reactivated` or `cancelled`.
    pub event: String,
}

/// A subscription as `subscription show` and the UI present it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Subscription {
    pub id: String,
    /// None for APSS (the partner's own tenant).
    pub customer_id: Option<String>,
    pub customer_name: Option<String>,
    /// Partner of record: the direct partner or indirect reseller (APSS: the partner itself).
    pub partner_id: String,
    pub partner_name: String,
    /// Who Microsoft bills: the direct partner, or the indirect provider of a reseller.
    pub billing_partner_id: String,
    pub billing_partner_name: String,
    pub offer: Offer,
    pub status: SubscriptionStatus,
    pub created_on: NaiveDate,
    pub cancelled_on: Option<NaiveDate>,
    pub name: String,
    /// Current role assignments (not revoked).
    pub roles: Vec<RoleAssignment>,
    /// Every assignment ever made, revoked ones included, oldest first.
    pub role_history: Vec<RoleAssignment>,
    /// Suspensions, reactivations and the cancellation, oldest first.
    pub events: Vec<SubscriptionEvent>,
    /// What may be done to it now ([`allowed_actions`]): exactly the buttons the window shows.
    pub allowed_actions: Vec<SubscriptionAction>,
}

/// What a user gives to order a subscription (or register one that exists in Partner Center).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NewSubscription {
    /// The partner of record: direct partner or indirect reseller (APSS: any partner).
    pub partner_id: String,
    /// None: the partner's own tenant (APSS).
    pub customer_id: Option<String>,
    pub offer: Option<Offer>,
    /// The order date; default: the business today.
    pub on: Option<NaiveDate>,
    /// Display name; default: the offer's name.
    pub name: Option<String>,
    /// Partner Center's own subscription ID (a GUID) when it already exists; a new GUID otherwise.
    pub id: Option<String>,
    /// For a reseller with several providers: the one that bills this subscription.
    pub provider_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn cancelled_on_d_is_no_longer_active_on_d() {
        let created = d("2021-03-01");
        assert!(!is_active_on(created, None, d("2021-02-28")));
        assert!(is_active_on(created, None, d("2021-03-01")));
        assert!(is_active_on(created, Some(d("2021-05-10")), d("2021-05-09")));
        assert!(!is_active_on(created, Some(d("2021-05-10")), d("2021-05-10")));
        assert!(!is_active_on(created, Some(d("2021-05-10")), d("2021-05-11")));
    }

    #[test]
    fn active_suspends_or_cancels_suspended_reactivates_or_cancels_cancelled_is_final() {
        use SubscriptionAction::*;
        assert_eq!(allowed_actions(SubscriptionStatus::Active), vec![Suspend, Cancel]);
        assert_eq!(allowed_actions(SubscriptionStatus::Suspended), vec![Reactivate, Cancel]);
        assert_eq!(allowed_actions(SubscriptionStatus::Cancelled), vec![]);
        // No action leads where the subscription already is.
        for status in [SubscriptionStatus::Active, SubscriptionStatus::Suspended, SubscriptionStatus::Cancelled] {
            assert!(allowed_actions(status).iter().all(|a| a.target() != status), "{status:?}");
        }
    }

    #[test]
    fn the_partner_of_record_on_d_is_the_latest_period_started() {
        let h = Holding {
            subscription_id: "s".into(),
            created_on: d("2021-01-04"),
            cancelled_on: None,
            periods: vec![
                RecordPeriod { valid_from: d("2021-01-04"), partner_id: "P".into(), offer: Offer::Legacy },
                RecordPeriod { valid_from: d("2021-09-01"), partner_id: "Q".into(), offer: Offer::Legacy },
                RecordPeriod { valid_from: d("2022-03-01"), partner_id: "Q".into(), offer: Offer::AzurePlan },
            ],
        };
        assert!(h.is_legacy_of_on("P", d("2021-08-31")));
        assert!(!h.is_legacy_of_on("P", d("2021-09-01")));
        assert!(h.is_legacy_of_on("Q", d("2021-09-01")));
        // Converted into the Azure plan: no longer a previous-offer subscription.
        assert!(!h.is_legacy_of_on("Q", d("2022-03-01")));
        assert!(!h.is_legacy_of_on("P", d("2021-01-03")));
    }
}
