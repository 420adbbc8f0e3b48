//! Subscriptions: status, "active on D", partner-of-record periods, and the views the UI shows
//! (DOMAIN.md "Subscriptions").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::access::RoleAssignment;
use super::offer::Offer;
use super::rules::{Rule, CANCEL_BEFORE_USAGE};

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
    /// Every SubscriptionStatus, in the order lists show them.
    pub const ALL: [SubscriptionStatus; 3] =
        [SubscriptionStatus::Active, SubscriptionStatus::Suspended, SubscriptionStatus::Cancelled];

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

/// Whether roles may still be granted on a subscription in `status`: not once it is cancelled (the
/// service also refuses a grant dated on or after the cancellation).
pub fn can_grant(status: SubscriptionStatus) -> bool {
    status != SubscriptionStatus::Cancelled
}

/// Active on `d`: created on or before `d` and not cancelled, or cancelled after `d` (cancelled
/// on `d` means no longer active on `d`). A suspension does not change this.
pub fn is_active_on(created_on: NaiveDate, cancelled_on: Option<NaiveDate>, d: NaiveDate) -> bool {
    created_on <= d && cancelled_on.is_none_or(|c| c > d)
}

/// Why a usage date falls outside a subscription's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutsideLife {
    /// Before the subscription was created (its creation date).
    BeforeCreation(NaiveDate),
    /// After the subscription was cancelled (its cancellation date).
    AfterCancellation(NaiveDate),
}

/// Usage may be dated from the creation day up to and including the cancellation day: what was
/// consumed on the day a subscription is cancelled is still billed. (Unlike [`is_active_on`]: a
/// subscription is no longer active on its cancellation day.)
pub fn check_usage_date(
    created_on: NaiveDate,
    cancelled_on: Option<NaiveDate>,
    d: NaiveDate,
) -> Result<(), OutsideLife> {
    if d < created_on {
        return Err(OutsideLife::BeforeCreation(created_on));
    }
    match cancelled_on {
        Some(c) if d > c => Err(OutsideLife::AfterCancellation(c)),
        _ => Ok(()),
    }
}

/// A cancellation on `on` is refused (`CANCEL_BEFORE_USAGE`) when usage dated after `on` is already
/// stored (`last_usage`, the latest usage date): that usage was consumed and must be billed, and an
/// import would refuse it afterwards. Usage on the cancellation day itself is still billed.
pub fn check_cancel_date(on: NaiveDate, last_usage: Option<NaiveDate>) -> Result<(), Rule> {
    match last_usage {
        Some(last) if last > on => Err(CANCEL_BEFORE_USAGE),
        _ => Ok(()),
    }
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

/// Who held a subscription and who Microsoft billed for it, with which offer, from a date (a
/// `subscription_periods` row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillingPeriod {
    pub valid_from: NaiveDate,
    pub partner_id: String,
    pub billing_partner_id: String,
    pub offer: Offer,
}

/// What the direct → indirect transition writes to one subscription's periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodChange {
    /// A new period from the transition date: the partner of record and offer in force that day,
    /// billed by the provider.
    Open(BillingPeriod),
    /// The period from this date is billed by this partner (the provider) instead.
    Rebill { valid_from: NaiveDate, billing_partner_id: String },
}

/// DOMAIN.md "Actors and tiers", transition: from `on`, `provider` bills every period of the
/// subscription in which `partner` is partner of record and billed itself. Before `on` nothing
/// changes. A subscription cancelled before `on` is left as it is (cancelled on `on` still has that
/// day's usage to bill).
///
/// Periods that start after `on` (a transfer to the partner, a conversion, a subscription ordered
/// after `on` but recorded before the transition was) are split correctly rather than refused: the
/// partner is a reseller from `on` whatever else happened later, so each of its later self-billed
/// periods is billed by the provider too, and periods of other partners of record (a transfer away)
/// stay as they are. A transition recorded late, the usual case, then bills every day right.
pub fn transition_changes(
    periods: &[BillingPeriod],
    cancelled_on: Option<NaiveDate>,
    partner_id: &str,
    provider_id: &str,
    on: NaiveDate,
) -> Vec<PeriodChange> {
    if cancelled_on.is_some_and(|c| c < on) {
        return Vec::new();
    }
    let self_billed = |p: &BillingPeriod| p.partner_id == partner_id && p.billing_partner_id == partner_id;
    let mut out = Vec::new();
    let in_force = periods.iter().filter(|p| p.valid_from <= on).max_by_key(|p| p.valid_from);
    if let Some(p) = in_force.filter(|p| self_billed(p) && p.valid_from < on) {
        out.push(PeriodChange::Open(BillingPeriod {
            valid_from: on,
            partner_id: p.partner_id.clone(),
            billing_partner_id: provider_id.to_string(),
            offer: p.offer,
        }));
    }
    for p in periods.iter().filter(|p| p.valid_from >= on && self_billed(p)) {
        out.push(PeriodChange::Rebill { valid_from: p.valid_from, billing_partner_id: provider_id.to_string() });
    }
    out
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
    /// Whether a role may be granted on it now ([`can_grant`]): the window shows the grant form.
    pub can_grant: bool,
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
    fn usage_is_allowed_up_to_and_including_the_cancellation_day() {
        let (created, cancelled) = (d("2022-01-10"), Some(d("2022-02-15")));
        assert_eq!(check_usage_date(created, cancelled, d("2022-01-09")), Err(OutsideLife::BeforeCreation(created)));
        assert_eq!(check_usage_date(created, cancelled, d("2022-01-10")), Ok(()));
        assert_eq!(check_usage_date(created, cancelled, d("2022-02-15")), Ok(()), "the cancellation day is billed");
        assert_eq!(
            check_usage_date(created, cancelled, d("2022-02-16")),
            Err(OutsideLife::AfterCancellation(d("2022-02-15")))
        );
        assert_eq!(check_usage_date(created, None, d("2099-12-31")), Ok(()));
        // Not the same rule as being active: on its cancellation day a subscription is not active.
        assert!(!is_active_on(created, cancelled, d("2022-02-15")));
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
    fn a_cancellation_cannot_predate_stored_usage_but_may_fall_on_its_last_day() {
        assert_eq!(check_cancel_date(d("2026-10-09"), Some(d("2026-10-10"))), Err(CANCEL_BEFORE_USAGE));
        assert_eq!(check_cancel_date(d("2026-10-10"), Some(d("2026-10-10"))), Ok(()));
        assert_eq!(check_cancel_date(d("2026-10-09"), None), Ok(()));
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

    fn bp(from: &str, partner: &str, billing: &str, offer: Offer) -> BillingPeriod {
        BillingPeriod { valid_from: d(from), partner_id: partner.into(), billing_partner_id: billing.into(), offer }
    }

    #[test]
    fn a_transition_bills_the_partners_periods_from_its_date_through_the_provider() {
        let on = d("2026-10-15");
        let rebill = |from: &str| PeriodChange::Rebill { valid_from: d(from), billing_partner_id: "V".into() };
        // Held since before D: a new period opens on D with the offer in force, billed by V.
        let held = [bp("2021-01-04", "P", "P", Offer::Legacy), bp("2022-03-01", "P", "P", Offer::AzurePlan)];
        assert_eq!(
            transition_changes(&held, None, "P", "V", on),
            vec![PeriodChange::Open(bp("2026-10-15", "P", "V", Offer::AzurePlan))]
        );
        // Cancelled before D: untouched; cancelled on D: that day is still billed, by V.
        assert!(transition_changes(&held, Some(d("2026-10-14")), "P", "V", on).is_empty());
        assert_eq!(transition_changes(&held, Some(on), "P", "V", on).len(), 1);
        // A period starting on D (a transfer to P that day) is billed by V from its own date.
        assert_eq!(
            transition_changes(&[bp("2026-10-15", "P", "P", Offer::AzurePlan)], None, "P", "V", on),
            vec![rebill("2026-10-15")]
        );
        // Periods after D: P's own are billed by V, another partner's (a transfer away) stay.
        let later = [
            bp("2026-01-01", "P", "P", Offer::AzurePlan),
            bp("2026-11-01", "T", "T", Offer::AzurePlan),
            bp("2026-12-01", "P", "P", Offer::AzurePlan),
        ];
        assert_eq!(
            transition_changes(&later, None, "P", "V", on),
            vec![PeriodChange::Open(bp("2026-10-15", "P", "V", Offer::AzurePlan)), rebill("2026-12-01")]
        );
        // Ordered after D (recorded before the transition was): billed by V from its creation.
        assert_eq!(
            transition_changes(&[bp("2026-10-20", "P", "P", Offer::AzurePlan)], None, "P", "V", on),
            vec![rebill("2026-10-20")]
        );
        // Another partner's subscription on D, or not yet held: nothing before its P period.
        assert!(transition_changes(&[bp("2026-01-01", "T", "T", Offer::AzurePlan)], None, "P", "V", on).is_empty());
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
