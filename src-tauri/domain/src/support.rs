//! Support cases (DOMAIN.md "Support"): the partner is first-line support; only a direct partner or
//! an indirect provider takes a case to Microsoft, a reseller goes through its provider. A case's
//! state on any date is folded from its dated history, so the book reads as it stood then.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::{CoreError, Field};
use super::partner::Tier;
use super::rules::{Rule, ESCALATION_NOT_ALLOWED};

/// The longest title and note a case keeps (a title is one line; a note is a few paragraphs).
pub const TITLE_MAX_CHARS: usize = 200;
pub const NOTE_MAX_CHARS: usize = 4000;
/// Microsoft's case numbers are 16 digits today; some room for other schemes, none for essays.
pub const REFERENCE_MAX_CHARS: usize = 64;

/// Declared most urgent first: lists sort by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Normal,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Critical, Severity::High, Severity::Normal];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Normal => "normal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(rename_all = "lowercase")]
pub enum CaseStatus {
    Open,
    Escalated,
    Resolved,
    Closed,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 4] = [Self::Open, Self::Escalated, Self::Resolved, Self::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Escalated => "escalated",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Open or escalated: someone still has work to do on it.
    pub fn is_active(self) -> bool {
        matches!(self, Self::Open | Self::Escalated)
    }
}

/// Where a case is escalated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum EscalationTarget {
    Microsoft,
    Provider,
}

impl EscalationTarget {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "microsoft" => Some(Self::Microsoft),
            "provider" => Some(Self::Provider),
            _ => None,
        }
    }
}

/// A move or note of a case's history, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum CaseEventKind {
    Opened,
    EscalatedToProvider,
    EscalatedToMicrosoft,
    Note,
    Resolved,
    Reopened,
    Closed,
}

/// What a user may do to a case: the buttons the window shows, and the only moves the service makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseAction {
    EscalateToProvider,
    EscalateToMicrosoft,
    Note,
    Resolve,
    Reopen,
    Close,
}

impl CaseAction {
    pub fn escalation(to: EscalationTarget) -> Self {
        match to {
            EscalationTarget::Microsoft => Self::EscalateToMicrosoft,
            EscalationTarget::Provider => Self::EscalateToProvider,
        }
    }
}

/// One entry of a case's history, as the rules read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEvent {
    pub at: NaiveDateTime,
    pub kind: CaseEventKind,
    /// The partner that made the move (the holder at the time).
    pub by: String,
    /// The holder once the move is made.
    pub holder: String,
    pub reference: Option<String>,
}

/// A case as it stands at an instant, folded from its history up to then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseState {
    pub status: CaseStatus,
    pub holder: String,
    /// Escalated to Microsoft and not reopened since: a second escalation has nowhere to go.
    pub with_microsoft: bool,
    /// The last Microsoft case number recorded.
    pub microsoft_reference: Option<String>,
    /// The first note or move after opening: it meets the response target.
    pub first_response: Option<NaiveDateTime>,
    /// Every partner that held the case: each keeps sight of it.
    pub partners: Vec<String>,
    pub last_move: NaiveDateTime,
}

/// The case as it stood at `until` (None: not yet opened then). Events must be in the order made.
pub fn state_at(events: &[CaseEvent], until: NaiveDateTime) -> Option<CaseState> {
    let mut state: Option<CaseState> = None;
    for e in events.iter().filter(|e| e.at <= until) {
        let s = match state.as_mut() {
            None => {
                state = Some(CaseState {
                    status: CaseStatus::Open,
                    holder: e.holder.clone(),
                    with_microsoft: false,
                    microsoft_reference: None,
                    first_response: None,
                    partners: vec![e.holder.clone()],
                    last_move: e.at,
                });
                continue;
            }
            Some(s) => s,
        };
        s.first_response.get_or_insert(e.at);
        s.last_move = e.at;
        match e.kind {
            CaseEventKind::Opened | CaseEventKind::Note => {}
            CaseEventKind::EscalatedToProvider => s.status = CaseStatus::Escalated,
            CaseEventKind::EscalatedToMicrosoft => {
                s.status = CaseStatus::Escalated;
                s.with_microsoft = true;
                if e.reference.is_some() {
                    s.microsoft_reference = e.reference.clone();
                }
            }
            CaseEventKind::Resolved => s.status = CaseStatus::Resolved,
            CaseEventKind::Reopened => {
                s.status = CaseStatus::Open;
                s.with_microsoft = false;
            }
            CaseEventKind::Closed => s.status = CaseStatus::Closed,
        }
        s.holder = e.holder.clone();
        if !s.partners.contains(&e.holder) {
            s.partners.push(e.holder.clone());
        }
    }
    state
}

/// Who holds the case, as the escalation rules see it on the move's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HolderFacts {
    pub tier: Tier,
    /// A reseller linked to a provider on that date.
    pub has_provider: bool,
}

/// The lifecycle `open → escalated → resolved → closed` (resolved may reopen) and the escalation
/// rules: a direct partner or an indirect provider escalates to Microsoft, a reseller to its
/// provider; a case already with Microsoft goes nowhere further.
pub fn allowed_actions(state: &CaseState, holder: HolderFacts) -> Vec<CaseAction> {
    use CaseAction::*;
    match state.status {
        CaseStatus::Open | CaseStatus::Escalated => {
            let mut out = Vec::new();
            for a in [EscalateToProvider, EscalateToMicrosoft] {
                if escalation_open(state) && escalation_refusal(holder, a).is_none() {
                    out.push(a);
                }
            }
            out.extend([Note, Resolve]);
            out
        }
        CaseStatus::Resolved => vec![Note, Reopen, Close],
        CaseStatus::Closed => vec![],
    }
}

/// Open or escalated, and not with Microsoft yet.
fn escalation_open(state: &CaseState) -> bool {
    state.status.is_active() && !state.with_microsoft
}

/// Why an escalation is refused with its rule, as the window shows it and the service answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseRefusal {
    pub action: CaseAction,
    pub rule: String,
    pub message: String,
    pub message_fr: String,
}

fn refusal(action: CaseAction, rule: Rule, en: &str, fr: &str) -> CaseRefusal {
    CaseRefusal {
        action,
        rule: rule.id.to_string(),
        message: format!("{en} {}", rule.en),
        message_fr: format!("{fr} {}", rule.fr),
    }
}

/// `ESCALATION_NOT_ALLOWED` when this holder may not escalate there (whatever the case's state);
/// None for a note, a resolution, a reopening or a closing, which the state alone decides.
pub fn escalation_refusal(holder: HolderFacts, action: CaseAction) -> Option<CaseRefusal> {
    match (action, holder.tier) {
        (CaseAction::EscalateToMicrosoft, Tier::IndirectReseller) => Some(refusal(
            action,
            ESCALATION_NOT_ALLOWED,
            "An indirect reseller escalates to its provider, which takes the case to Microsoft.",
            "Un revendeur indirect escalade vers son fournisseur, qui porte l'incident chez Microsoft.",
        )),
        (CaseAction::EscalateToProvider, Tier::IndirectReseller) if !holder.has_provider => Some(refusal(
            action,
            ESCALATION_NOT_ALLOWED,
            "This reseller has no provider on that date.",
            "Ce revendeur n'a pas de fournisseur à cette date.",
        )),
        (CaseAction::EscalateToProvider, Tier::Direct) => Some(refusal(
            action,
            ESCALATION_NOT_ALLOWED,
            "A direct partner has no provider to escalate to: it opens the case with Microsoft.",
            "Un partenaire direct n'a pas de fournisseur vers qui escalader : il ouvre l'incident chez Microsoft.",
        )),
        (CaseAction::EscalateToProvider, Tier::IndirectProvider) => Some(refusal(
            action,
            ESCALATION_NOT_ALLOWED,
            "An indirect provider is the last partner before Microsoft: it escalates to Microsoft.",
            "Un fournisseur indirect est le dernier partenaire avant Microsoft : il escalade vers Microsoft.",
        )),
        _ => None,
    }
}

/// The refusals the window shows beside the buttons: the escalations the rules refuse this holder
/// while the case could still be escalated.
pub fn refusals(state: &CaseState, holder: HolderFacts) -> Vec<CaseRefusal> {
    if !escalation_open(state) {
        return vec![];
    }
    [CaseAction::EscalateToProvider, CaseAction::EscalateToMicrosoft]
        .into_iter()
        .filter_map(|a| escalation_refusal(holder, a))
        .collect()
}

/// The response target: critical 1 hour, high 4 hours (clock hours), normal 1 business day.
pub fn due_by(severity: Severity, opened_at: NaiveDateTime) -> NaiveDateTime {
    match severity {
        Severity::Critical => opened_at.checked_add_signed(TimeDelta::hours(1)).unwrap_or(NaiveDateTime::MAX),
        Severity::High => opened_at.checked_add_signed(TimeDelta::hours(4)).unwrap_or(NaiveDateTime::MAX),
        Severity::Normal => add_business_day(opened_at),
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap_or(NaiveDate::MAX)
}

/// One business day later: the same time on the next weekday. A case opened on a weekend starts
/// its clock on Monday morning (midnight), so it is due on Tuesday at midnight.
pub fn add_business_day(at: NaiveDateTime) -> NaiveDateTime {
    let mut start = at;
    if is_weekend(start.date()) {
        let mut d = start.date();
        while is_weekend(d) && d != NaiveDate::MAX {
            d = next_day(d);
        }
        start = d.and_time(NaiveTime::MIN);
    }
    let mut d = next_day(start.date());
    while is_weekend(d) && d != NaiveDate::MAX {
        d = next_day(d);
    }
    d.and_time(start.time())
}

/// Overdue at `now`: past its due time with no note or move since it was opened (`state` is the
/// case as it stood at `now`). A late answer ends it: the case no longer waits on its partner.
pub fn is_overdue(state: &CaseState, due: NaiveDateTime, now: NaiveDateTime) -> bool {
    state.status.is_active() && state.first_response.is_none() && now > due
}

/// The instant a write dated `on` is recorded at: the clock's time when `on` is its day, otherwise
/// the start of the business morning (09:00) — never before the case's previous move, so two moves
/// on one day keep their order.
pub fn stamp(on: NaiveDate, now: NaiveDateTime, previous: Option<NaiveDateTime>) -> NaiveDateTime {
    let at =
        if on == now.date() { now } else { on.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN)) };
    previous.map_or(at, |p| at.max(p))
}

fn bounded(
    value: &str,
    max: usize,
    field: Field,
    what_en: &str,
    what_fr: &str,
    multiline: bool,
) -> Result<String, CoreError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(CoreError::validation(format!("the {what_en} is empty"), format!("{what_fr} est vide")).on(field));
    }
    let n = v.chars().count();
    if n > max {
        return Err(CoreError::validation(
            format!("the {what_en} is {n} characters long; at most {max} are kept"),
            format!("{what_fr} fait {n} caractères ; {max} au plus sont conservés"),
        )
        .on(field));
    }
    if v.chars().any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))) {
        return Err(CoreError::validation(
            format!("the {what_en} holds a control character"),
            format!("{what_fr} contient un caractère de contrôle"),
        )
        .on(field));
    }
    Ok(v.to_string())
}

/// A case title: one line, 1 to [`TITLE_MAX_CHARS`] characters.
pub fn title(value: &str) -> Result<String, CoreError> {
    bounded(value, TITLE_MAX_CHARS, Field::Title, "title", "le titre", false)
}

/// A note: 1 to [`NOTE_MAX_CHARS`] characters, line breaks allowed.
pub fn note(value: &str) -> Result<String, CoreError> {
    bounded(value, NOTE_MAX_CHARS, Field::Text, "note", "la note", true)
}

/// A Microsoft case number, optional: empty means none.
pub fn reference(value: Option<&str>) -> Result<Option<String>, CoreError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => bounded(
            v,
            REFERENCE_MAX_CHARS,
            Field::Reference,
            "Microsoft case number",
            "le numéro d'incident Microsoft",
            false,
        )
        .map(Some),
    }
}

/// What a user gives to open a case: a customer's (`customer_id`) or a reseller's (`reseller_id`),
/// held by `partner_id`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NewCase {
    pub partner_id: String,
    pub customer_id: Option<String>,
    pub reseller_id: Option<String>,
    pub title: String,
    pub severity: Option<Severity>,
    pub subscription_id: Option<String>,
    /// Default: the business today.
    pub on: Option<NaiveDate>,
}

/// One entry of a case's history as a user reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaseEntry {
    pub on: NaiveDate,
    pub at: NaiveDateTime,
    pub action: CaseEventKind,
    /// The partner that made the move.
    pub by: String,
    pub by_name: String,
    pub text: Option<String>,
    pub reference: Option<String>,
    /// For an escalation to a provider: the provider now holding the case.
    pub holder_name: Option<String>,
}

/// A case as it stood on `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SupportCase {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub status: CaseStatus,
    pub customer_id: Option<String>,
    pub customer_name: Option<String>,
    pub reseller_id: Option<String>,
    pub reseller_name: Option<String>,
    pub subscription_id: Option<String>,
    pub subscription_name: Option<String>,
    pub holder_id: String,
    pub holder_name: String,
    /// The holder's tier on `as_of`.
    pub holder_tier: Tier,
    pub opened_on: NaiveDate,
    pub opened_at: NaiveDateTime,
    pub due_by: NaiveDateTime,
    pub overdue: bool,
    pub with_microsoft: bool,
    pub microsoft_reference: Option<String>,
    /// Every partner that held the case (a reseller that escalated keeps sight of it).
    pub partners: Vec<String>,
    pub history: Vec<CaseEntry>,
    /// What may be done on `as_of` ([`allowed_actions`]): exactly the buttons the window shows.
    pub allowed_actions: Vec<CaseAction>,
    /// The escalations the rules refuse this holder ([`refusals`]), each with its rule.
    pub refusals: Vec<CaseRefusal>,
    pub as_of: NaiveDate,
}

/// Which cases a list holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CaseFilter {
    /// Cases this partner holds or held.
    pub partner_id: Option<String>,
    /// Cases this partner holds on the date.
    pub holder_id: Option<String>,
    pub customer_id: Option<String>,
    pub status: Option<CaseStatus>,
    pub severity: Option<Severity>,
}

/// The list order: overdue first, then the most urgent, the soonest due, the newest.
pub fn list_order(a: &SupportCase, b: &SupportCase) -> std::cmp::Ordering {
    b.overdue
        .cmp(&a.overdue)
        .then(b.status.is_active().cmp(&a.status.is_active()))
        .then(a.severity.cmp(&b.severity))
        .then(a.due_by.cmp(&b.due_by))
        .then(b.opened_at.cmp(&a.opened_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn ev(t: &str, kind: CaseEventKind, holder: &str) -> CaseEvent {
        CaseEvent { at: at(t), kind, by: holder.into(), holder: holder.into(), reference: None }
    }

    const RESELLER: HolderFacts = HolderFacts { tier: Tier::IndirectReseller, has_provider: true };
    const PROVIDER: HolderFacts = HolderFacts { tier: Tier::IndirectProvider, has_provider: false };
    const DIRECT: HolderFacts = HolderFacts { tier: Tier::Direct, has_provider: false };

    #[test]
    fn response_targets_hours_and_one_business_day_skipping_weekends() {
        // 2022-03-11 is a Friday.
        assert_eq!(due_by(Severity::Critical, at("2022-03-11 23:30")), at("2022-03-12 00:30"));
        assert_eq!(due_by(Severity::High, at("2022-03-11 15:00")), at("2022-03-11 19:00"));
        assert_eq!(due_by(Severity::Normal, at("2022-03-10 10:00")), at("2022-03-11 10:00"));
        assert_eq!(due_by(Severity::Normal, at("2022-03-11 10:00")), at("2022-03-14 10:00"));
        assert_eq!(due_by(Severity::Normal, at("2022-03-12 10:00")), at("2022-03-15 00:00"));
        assert_eq!(due_by(Severity::Normal, at("2022-03-13 22:00")), at("2022-03-15 00:00"));
        assert_eq!(due_by(Severity::Critical, NaiveDateTime::MAX), NaiveDateTime::MAX);
    }

    #[test]
    fn a_reseller_escalates_to_its_provider_which_takes_it_to_microsoft() {
        let mut events = vec![ev("2022-03-10 09:00", CaseEventKind::Opened, "alpes")];
        let s = state_at(&events, at("2022-03-10 09:30")).unwrap();
        assert_eq!(
            allowed_actions(&s, RESELLER),
            vec![CaseAction::EscalateToProvider, CaseAction::Note, CaseAction::Resolve]
        );
        let refused = refusals(&s, RESELLER);
        assert_eq!(refused.len(), 1);
        assert_eq!(
            (refused[0].action, refused[0].rule.as_str()),
            (CaseAction::EscalateToMicrosoft, "ESCALATION_NOT_ALLOWED")
        );
        assert!(refused[0].message_fr.contains("fournisseur"));

        events.push(CaseEvent {
            by: "alpes".into(),
            ..ev("2022-03-10 10:00", CaseEventKind::EscalatedToProvider, "distri")
        });
        let s = state_at(&events, at("2022-03-10 11:00")).unwrap();
        assert_eq!((s.status, s.holder.as_str()), (CaseStatus::Escalated, "distri"));
        assert_eq!(s.partners, vec!["alpes".to_string(), "distri".to_string()]);
        assert_eq!(
            allowed_actions(&s, PROVIDER),
            vec![CaseAction::EscalateToMicrosoft, CaseAction::Note, CaseAction::Resolve]
        );
        assert_eq!(refusals(&s, PROVIDER)[0].action, CaseAction::EscalateToProvider);

        events.push(CaseEvent {
            reference: Some("2203100010001".into()),
            ..ev("2022-03-10 12:00", CaseEventKind::EscalatedToMicrosoft, "distri")
        });
        let s = state_at(&events, at("2022-03-11 00:00")).unwrap();
        assert!(s.with_microsoft);
        assert_eq!(s.microsoft_reference.as_deref(), Some("2203100010001"));
        assert_eq!(allowed_actions(&s, PROVIDER), vec![CaseAction::Note, CaseAction::Resolve]);
        assert!(refusals(&s, PROVIDER).is_empty());
        // Read before the escalations, the case is as it stood then.
        assert_eq!(state_at(&events, at("2022-03-10 09:59")).unwrap().holder, "alpes");
        assert!(state_at(&events, at("2022-03-10 08:59")).is_none());
    }

    #[test]
    fn a_direct_partner_has_no_provider_and_a_lone_reseller_none_either() {
        let s = state_at(&[ev("2022-03-10 09:00", CaseEventKind::Opened, "office")], at("2022-03-10 09:00")).unwrap();
        assert_eq!(
            allowed_actions(&s, DIRECT),
            vec![CaseAction::EscalateToMicrosoft, CaseAction::Note, CaseAction::Resolve]
        );
        assert_eq!(escalation_refusal(DIRECT, CaseAction::EscalateToProvider).unwrap().rule, "ESCALATION_NOT_ALLOWED");
        let lone = HolderFacts { tier: Tier::IndirectReseller, has_provider: false };
        assert_eq!(allowed_actions(&s, lone), vec![CaseAction::Note, CaseAction::Resolve]);
        assert_eq!(refusals(&s, lone).len(), 2);
    }

    #[test]
    fn resolved_may_reopen_or_close_and_closed_is_final() {
        let mut events = vec![
            ev("2022-03-10 09:00", CaseEventKind::Opened, "office"),
            ev("2022-03-10 09:10", CaseEventKind::EscalatedToMicrosoft, "office"),
            ev("2022-03-11 09:00", CaseEventKind::Resolved, "office"),
        ];
        let s = state_at(&events, at("2022-03-12 00:00")).unwrap();
        assert_eq!(allowed_actions(&s, DIRECT), vec![CaseAction::Note, CaseAction::Reopen, CaseAction::Close]);
        assert!(refusals(&s, DIRECT).is_empty());
        events.push(ev("2022-03-12 09:00", CaseEventKind::Reopened, "office"));
        let s = state_at(&events, at("2022-03-12 10:00")).unwrap();
        assert_eq!(s.status, CaseStatus::Open);
        assert!(
            allowed_actions(&s, DIRECT).contains(&CaseAction::EscalateToMicrosoft),
            "a reopened case may go back to Microsoft"
        );
        events.push(ev("2022-03-12 11:00", CaseEventKind::Resolved, "office"));
        events.push(ev("2022-03-12 12:00", CaseEventKind::Closed, "office"));
        let s = state_at(&events, at("2022-03-13 00:00")).unwrap();
        assert_eq!(s.status, CaseStatus::Closed);
        assert!(allowed_actions(&s, DIRECT).is_empty());
    }

    #[test]
    fn overdue_means_no_response_by_the_due_time() {
        let events = vec![ev("2022-03-14 09:00", CaseEventKind::Opened, "office")];
        let due = due_by(Severity::Critical, at("2022-03-14 09:00"));
        assert!(!is_overdue(&state_at(&events, at("2022-03-14 10:00")).unwrap(), due, at("2022-03-14 10:00")));
        assert!(is_overdue(&state_at(&events, at("2022-03-14 10:01")).unwrap(), due, at("2022-03-14 10:01")));
        let mut answered = events.clone();
        answered.push(ev("2022-03-14 09:30", CaseEventKind::Note, "office"));
        assert!(!is_overdue(&state_at(&answered, at("2022-03-15 00:00")).unwrap(), due, at("2022-03-15 00:00")));
        let mut late = events;
        late.push(ev("2022-03-14 11:00", CaseEventKind::Note, "office"));
        assert!(
            is_overdue(&state_at(&late, at("2022-03-14 10:30")).unwrap(), due, at("2022-03-14 10:30")),
            "before the answer"
        );
        assert!(
            !is_overdue(&state_at(&late, at("2022-03-14 11:00")).unwrap(), due, at("2022-03-14 11:00")),
            "answered, late"
        );
    }

    #[test]
    fn writes_are_stamped_in_order() {
        let now = at("2022-03-15 14:20");
        assert_eq!(stamp(now.date(), now, None), now);
        assert_eq!(stamp("2022-03-14".parse().unwrap(), now, None), at("2022-03-14 09:00"));
        assert_eq!(stamp("2022-03-14".parse().unwrap(), now, Some(at("2022-03-14 11:00"))), at("2022-03-14 11:00"));
    }

    #[test]
    fn text_is_bounded_with_clear_errors() {
        assert_eq!(title("  VM down  ").unwrap(), "VM down");
        let e = title("").unwrap_err();
        assert_eq!((e.code().as_str(), e.field()), ("VALIDATION", Some(Field::Title)));
        let long = "é".repeat(TITLE_MAX_CHARS + 1);
        assert!(title(&long).unwrap_err().to_string().contains("201 characters"));
        assert!(title(&"é".repeat(TITLE_MAX_CHARS)).is_ok());
        assert!(title("a\u{7}b").is_err());
        assert!(note("line one\nline two").is_ok());
        assert!(note(&"x".repeat(NOTE_MAX_CHARS + 1)).is_err());
        assert_eq!(reference(Some("  ")).unwrap(), None);
        assert_eq!(reference(Some("2203")).unwrap().as_deref(), Some("2203"));
        assert!(reference(Some(&"9".repeat(65))).is_err());
    }
}
