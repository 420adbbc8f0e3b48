//! Support cases: opened by a customer (held by a partner related to it) or by a reseller (held by
//! one of its providers), escalated by the rules of the program, noted, resolved, reopened, closed.
//! Every move is a dated entry of the case's history; a case is read as it stood on a date.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::error::{Field, OnField};
use crate::domain::partner::Tier;
use crate::domain::rules::{ESCALATION_NOT_ALLOWED, NO_RELATIONSHIP};
use crate::domain::support::{
    self, CaseAction, CaseEntry, CaseEventKind, CaseFilter, CaseState, EscalationTarget, HolderFacts, NewCase,
    SupportCase,
};
use crate::store::partners::PartnerRecord;
use crate::store::support::{CaseRecord, EventRecord};
use crate::store::{self, begin_write};
use crate::{CoreError, Ctx, Result};

/// The computer's clock: writes dated today are stamped with its time.
fn now() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// The instant a view dated `as_of` reads the book at: now when it is the clock's day, otherwise
/// the end of that day (everything dated that day has happened).
fn view_instant(as_of: NaiveDate, now: NaiveDateTime) -> NaiveDateTime {
    if as_of == now.date() {
        now
    } else {
        as_of.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN))
    }
}

fn trimmed(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}

/// Opens a case held by `partner_id`: a customer's case needs a relationship between them on the
/// opening date (`NO_RELATIONSHIP`), a reseller's case a provider of that reseller; a subscription
/// named must be the customer's (or the reseller's) and ordered by then (`VALIDATION`).
pub async fn open(ctx: &Ctx, input: NewCase) -> Result<SupportCase> {
    let title = support::title(&input.title)?;
    let severity = input.severity.ok_or_else(|| {
        CoreError::validation(
            "choose a severity: critical, high or normal",
            "choisissez une gravité : critique, haute ou normale",
        )
    })?;
    let on = match input.on {
        Some(d) => d,
        None => ctx.today().await?,
    };
    let customer_id = trimmed(input.customer_id.as_deref());
    let reseller_id = trimmed(input.reseller_id.as_deref());
    let mut tx = begin_write(&ctx.pool).await?;
    let holder = crate::service::partners::record(&mut tx, input.partner_id.trim()).await.on(Field::PartnerId)?;
    let (customer, by) = match (customer_id, reseller_id) {
        (Some(c), None) => {
            let customer = crate::service::customers::record(&mut tx, c).await?;
            let related = store::customers::relationship(&mut tx, &holder.id, &customer.id).await?;
            if related.is_none_or(|r| r.since > on) {
                return Err(CoreError::rule(
                    NO_RELATIONSHIP.id,
                    format!(
                        "{} has no relationship with {} on {on}: {}",
                        holder.name, customer.name, NO_RELATIONSHIP.en
                    ),
                    format!(
                        "{} n'a pas de relation avec {} le {on} : {}",
                        holder.name, customer.name, NO_RELATIONSHIP.fr
                    ),
                )
                .on(Field::PartnerId));
            }
            (Some(customer), holder.id.clone())
        }
        (None, Some(r)) => {
            let reseller = crate::service::partners::record(&mut tx, r).await?;
            let tier = crate::service::offers::partner_facts(&mut tx, &reseller).await?.tier_on(on);
            if tier != Tier::IndirectReseller {
                return Err(CoreError::validation(
                    format!("{} is not an indirect reseller on {on}: a reseller's case is raised by a reseller", reseller.name),
                    format!("{} n'est pas revendeur indirect le {on} : l'incident d'un revendeur est ouvert par un revendeur", reseller.name),
                ));
            }
            let providers = store::partners::providers_of(&mut tx, &reseller.id).await?;
            if !providers.iter().any(|p| p.id == holder.id && p.since <= on) {
                return Err(CoreError::rule(
                    NO_RELATIONSHIP.id,
                    format!("{} is not a provider of {} on {on}: a reseller's case is held by one of its providers", holder.name, reseller.name),
                    format!("{} n'est pas fournisseur de {} le {on} : l'incident d'un revendeur est tenu par l'un de ses fournisseurs", holder.name, reseller.name),
                )
                .on(Field::PartnerId));
            }
            (None, reseller.id)
        }
        _ => {
            return Err(CoreError::validation(
                "name who raises the case: a customer or a reseller (one of them)",
                "indiquez qui ouvre l'incident : un client ou un revendeur (l'un des deux)",
            ))
        }
    };
    let subscription_id = match trimmed(input.subscription_id.as_deref()) {
        None => None,
        Some(s) => {
            let sub = crate::service::subscriptions::record(&mut tx, s).await?;
            let theirs = match &customer {
                Some(c) => sub.customer_id.as_deref() == Some(c.id.as_str()),
                None => sub.partner_id == by,
            };
            if !theirs {
                return Err(CoreError::validation(
                    format!("subscription {} is not the case's customer's (or reseller's)", sub.id),
                    format!("l'abonnement {} n'est pas celui du client (ou du revendeur) de l'incident", sub.id),
                ));
            }
            if sub.created_on > on {
                return Err(CoreError::validation(
                    format!("subscription {} was ordered on {}, after {on}", sub.id, sub.created_on),
                    format!("l'abonnement {} a été commandé le {}, après le {on}", sub.id, sub.created_on),
                ));
            }
            Some(sub.id)
        }
    };
    let record = CaseRecord {
        id: uuid::Uuid::new_v4().to_string(),
        title,
        severity,
        customer_id: customer.map(|c| c.id),
        reseller_id: reseller_id.map(|_| by.clone()),
        subscription_id,
        opened_at: support::stamp(on, now(), None),
    };
    store::support::insert(&mut tx, &record).await?;
    store::support::add_event(
        &mut tx,
        &EventRecord {
            case_id: record.id.clone(),
            seq: 0,
            at: record.opened_at,
            action: CaseEventKind::Opened,
            by_partner_id: by,
            holder_id: holder.id,
            text: None,
            reference: None,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(id = %record.id, severity = severity.as_str(), "support case opened");
    show(ctx, &record.id, Some(on.max(ctx.today().await?))).await
}

/// A case as the rules read it before a move dated `on`.
struct Current {
    record: CaseRecord,
    state: CaseState,
    holder: PartnerRecord,
    facts: HolderFacts,
    at: NaiveDateTime,
}

async fn current(conn: &mut store::Conn, id: &str, on: NaiveDate) -> Result<Current> {
    let record = record(conn, id).await?;
    let events: Vec<_> = store::support::events(conn, id).await?.iter().map(EventRecord::event).collect();
    let last = events.last().map(|e| e.at).unwrap_or(record.opened_at);
    if on < last.date() {
        return Err(CoreError::validation(
            format!("{on} is before the case's last move ({})", last.date()),
            format!("le {on} précède le dernier mouvement de l'incident ({})", last.date()),
        ));
    }
    let at = support::stamp(on, now(), Some(last));
    let state = support::state_at(&events, at).ok_or_else(|| not_found(id))?;
    let holder = crate::service::partners::record(conn, &state.holder).await?;
    let facts = holder_facts(conn, &holder, on).await?;
    Ok(Current { record, state, holder, facts, at })
}

async fn holder_facts(conn: &mut store::Conn, holder: &PartnerRecord, on: NaiveDate) -> Result<HolderFacts> {
    let tier = crate::service::offers::partner_facts(conn, holder).await?.tier_on(on);
    let has_provider = store::partners::providers_of(conn, &holder.id).await?.iter().any(|p| p.since <= on);
    Ok(HolderFacts { tier, has_provider })
}

/// The guard of every move: the same list the view gives the window as its buttons. An escalation
/// the rules refuse this holder is `ESCALATION_NOT_ALLOWED`; any other move left out is a
/// `CONFLICT` with the case's state.
fn guard(c: &Current, action: CaseAction) -> Result<()> {
    if support::allowed_actions(&c.state, c.facts).contains(&action) {
        return Ok(());
    }
    if c.state.status.is_active() && !c.state.with_microsoft {
        if let Some(r) = support::escalation_refusal(c.facts, action) {
            return Err(CoreError::rule(
                support_rule(&r.rule),
                format!("{}: {}", c.holder.name, r.message),
                format!("{} : {}", c.holder.name, r.message_fr),
            ));
        }
    }
    let status = c.state.status.as_str();
    Err(
        if c.state.with_microsoft && matches!(action, CaseAction::EscalateToMicrosoft | CaseAction::EscalateToProvider)
        {
            CoreError::conflict(
                "this case is already with Microsoft: it goes no further",
                "cet incident est déjà chez Microsoft : il ne va pas plus loin",
            )
        } else {
            CoreError::conflict(
                format!("this case is {status}: that move is not open to it"),
                format!("cet incident est à l'état {status} : ce mouvement ne lui est pas ouvert"),
            )
        },
    )
}

/// The code of a rule the domain named (refusals carry it as text for the window).
fn support_rule(id: &str) -> crate::domain::Code {
    crate::domain::rules::by_id(id).map_or(ESCALATION_NOT_ALLOWED.id, |r| r.id)
}

async fn write(
    mut tx: crate::store::WriteTx,
    c: &Current,
    action: CaseEventKind,
    holder_after: &str,
    text: Option<String>,
    reference: Option<String>,
) -> Result<()> {
    store::support::add_event(
        &mut tx,
        &EventRecord {
            case_id: c.record.id.clone(),
            seq: 0,
            at: c.at,
            action,
            by_partner_id: c.holder.id.clone(),
            holder_id: holder_after.to_string(),
            text,
            reference,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(id = %c.record.id, action = ?action, "support case moved");
    Ok(())
}

/// Escalates to Microsoft (a direct partner or an indirect provider, with the Microsoft case number
/// if known) or to the provider (a reseller: the provider then holds the case).
pub async fn escalate(
    ctx: &Ctx,
    id: &str,
    to: EscalationTarget,
    on: NaiveDate,
    reference: Option<&str>,
) -> Result<SupportCase> {
    let reference = support::reference(reference)?;
    let mut tx = begin_write(&ctx.pool).await?;
    let c = current(&mut tx, id, on).await?;
    guard(&c, CaseAction::escalation(to))?;
    match to {
        EscalationTarget::Microsoft => {
            let holder = c.holder.id.clone();
            write(tx, &c, CaseEventKind::EscalatedToMicrosoft, &holder, None, reference).await?;
        }
        EscalationTarget::Provider => {
            if reference.is_some() {
                return Err(CoreError::validation(
                    "a Microsoft case number goes with an escalation to Microsoft, not to a provider",
                    "un numéro d'incident Microsoft accompagne une escalade vers Microsoft, pas vers un fournisseur",
                )
                .on(Field::Reference));
            }
            let provider = provider_for(&mut tx, &c, on).await?;
            write(tx, &c, CaseEventKind::EscalatedToProvider, &provider, None, None).await?;
        }
    }
    show(ctx, id, Some(on)).await
}

/// The reseller's provider on `on` that takes the case: the subscription's billing provider when it
/// is one of them, else the first the reseller was linked to.
async fn provider_for(conn: &mut store::Conn, c: &Current, on: NaiveDate) -> Result<String> {
    let providers: Vec<_> =
        store::partners::providers_of(conn, &c.holder.id).await?.into_iter().filter(|p| p.since <= on).collect();
    if let Some(sub) = &c.record.subscription_id {
        let billing = crate::service::subscriptions::record(conn, sub).await?.billing_partner_id;
        if let Some(p) = providers.iter().find(|p| p.id == billing) {
            return Ok(p.id.clone());
        }
    }
    providers.first().map(|p| p.id.clone()).ok_or_else(|| {
        CoreError::rule(
            ESCALATION_NOT_ALLOWED.id,
            format!("{} has no provider on {on}", c.holder.name),
            format!("{} n'a pas de fournisseur le {on}", c.holder.name),
        )
    })
}

/// A dated note in the case's history (it answers the case: the response target is met).
pub async fn note(ctx: &Ctx, id: &str, text: &str, on: NaiveDate) -> Result<SupportCase> {
    let text = support::note(text)?;
    let mut tx = begin_write(&ctx.pool).await?;
    let c = current(&mut tx, id, on).await?;
    guard(&c, CaseAction::Note)?;
    let holder = c.holder.id.clone();
    write(tx, &c, CaseEventKind::Note, &holder, Some(text), None).await?;
    show(ctx, id, Some(on)).await
}

async fn simple_move(
    ctx: &Ctx,
    id: &str,
    on: NaiveDate,
    action: CaseAction,
    kind: CaseEventKind,
) -> Result<SupportCase> {
    let mut tx = begin_write(&ctx.pool).await?;
    let c = current(&mut tx, id, on).await?;
    guard(&c, action)?;
    let holder = c.holder.id.clone();
    write(tx, &c, kind, &holder, None, None).await?;
    show(ctx, id, Some(on)).await
}

pub async fn resolve(ctx: &Ctx, id: &str, on: NaiveDate) -> Result<SupportCase> {
    simple_move(ctx, id, on, CaseAction::Resolve, CaseEventKind::Resolved).await
}

pub async fn reopen(ctx: &Ctx, id: &str, on: NaiveDate) -> Result<SupportCase> {
    simple_move(ctx, id, on, CaseAction::Reopen, CaseEventKind::Reopened).await
}

pub async fn close(ctx: &Ctx, id: &str, on: NaiveDate) -> Result<SupportCase> {
    simple_move(ctx, id, on, CaseAction::Close, CaseEventKind::Closed).await
}

/// One case as it stood on `as_of` (default: the business today); NOT_FOUND before it was opened.
pub async fn show(ctx: &Ctx, id: &str, as_of: Option<NaiveDate>) -> Result<SupportCase> {
    let as_of = match as_of {
        Some(d) => d,
        None => ctx.today().await?,
    };
    let mut conn = store::read(&ctx.pool).await?;
    let record = record(&mut conn, id).await?;
    let events = store::support::events(&mut conn, id).await?;
    let mut names = Names::default();
    view(&mut conn, &mut names, record, &events, as_of, now()).await?.ok_or_else(|| {
        CoreError::not_found(
            format!("support case '{id}' was not yet opened on {as_of}"),
            format!("l'incident « {id} » n'était pas encore ouvert le {as_of}"),
        )
    })
}

/// The cases opened by `as_of` (default: the business today) as they stood then, filtered, overdue
/// first, then by severity and due time.
pub async fn list(ctx: &Ctx, filter: &CaseFilter, as_of: Option<NaiveDate>) -> Result<Vec<SupportCase>> {
    let as_of = match as_of {
        Some(d) => d,
        None => ctx.today().await?,
    };
    let now = now();
    let until = view_instant(as_of, now);
    let mut conn = store::read(&ctx.pool).await?;
    let customer = trimmed(filter.customer_id.as_deref());
    let records = store::support::list(&mut conn, customer, until).await?;
    let mut events: HashMap<String, Vec<EventRecord>> = HashMap::new();
    for e in store::support::all_events(&mut conn, until).await? {
        events.entry(e.case_id.clone()).or_default().push(e);
    }
    let partner = trimmed(filter.partner_id.as_deref());
    let holder = trimmed(filter.holder_id.as_deref());
    let mut names = Names::default();
    let mut out = Vec::new();
    for r in records {
        let history = events.remove(&r.id).unwrap_or_default();
        let Some(c) = view(&mut conn, &mut names, r, &history, as_of, now).await? else { continue };
        let keep = partner.is_none_or(|p| c.partners.iter().any(|x| x == p))
            && holder.is_none_or(|h| c.holder_id == h)
            && filter.status.is_none_or(|s| c.status == s)
            && filter.severity.is_none_or(|s| c.severity == s);
        if keep {
            out.push(c);
        }
    }
    out.sort_by(support::list_order);
    Ok(out)
}

fn not_found(id: &str) -> CoreError {
    CoreError::not_found(format!("no support case with ID '{id}'"), format!("aucun incident avec l'ID « {id} »"))
}

async fn record(conn: &mut store::Conn, id: &str) -> Result<CaseRecord> {
    store::support::get(conn, id.trim()).await?.ok_or_else(|| not_found(id))
}

/// Names read once per view or list.
#[derive(Default)]
struct Names {
    partners: HashMap<String, (String, Tier, bool)>,
}

impl Names {
    async fn partner(&mut self, conn: &mut store::Conn, id: &str, on: NaiveDate) -> Result<(String, Tier, bool)> {
        if let Some(p) = self.partners.get(id) {
            return Ok(p.clone());
        }
        let record = crate::service::partners::record(conn, id).await?;
        let facts = holder_facts(conn, &record, on).await?;
        let entry = (record.name, facts.tier, facts.has_provider);
        self.partners.insert(id.to_string(), entry.clone());
        Ok(entry)
    }
}

async fn view(
    conn: &mut store::Conn,
    names: &mut Names,
    c: CaseRecord,
    events: &[EventRecord],
    as_of: NaiveDate,
    now: NaiveDateTime,
) -> Result<Option<SupportCase>> {
    let until = view_instant(as_of, now);
    let rule_events: Vec<_> = events.iter().map(EventRecord::event).collect();
    let Some(state) = support::state_at(&rule_events, until) else { return Ok(None) };
    let mut history = Vec::new();
    for e in events.iter().filter(|e| e.at <= until) {
        let (by_name, ..) = names.partner(conn, &e.by_partner_id, as_of).await?;
        let holder_name = match e.action {
            CaseEventKind::EscalatedToProvider | CaseEventKind::Opened => {
                Some(names.partner(conn, &e.holder_id, as_of).await?.0)
            }
            _ => None,
        };
        history.push(CaseEntry {
            on: e.at.date(),
            at: e.at,
            action: e.action,
            by: e.by_partner_id.clone(),
            by_name,
            text: e.text.clone(),
            reference: e.reference.clone(),
            holder_name,
        });
    }
    let (holder_name, tier, has_provider) = names.partner(conn, &state.holder, as_of).await?;
    let facts = HolderFacts { tier, has_provider };
    let customer_name = match &c.customer_id {
        Some(id) => store::customers::get(conn, id).await?.map(|x| x.name),
        None => None,
    };
    let reseller_name = match &c.reseller_id {
        Some(id) => Some(names.partner(conn, id, as_of).await?.0),
        None => None,
    };
    let subscription_name = match &c.subscription_id {
        Some(id) => store::subscriptions::get(conn, id).await?.and_then(|s| s.name),
        None => None,
    };
    let mut partners = state.partners.clone();
    if let Some(r) = c.reseller_id.as_ref().filter(|r| !partners.contains(r)) {
        partners.push(r.clone());
    }
    let due_by = support::due_by(c.severity, c.opened_at);
    Ok(Some(SupportCase {
        overdue: support::is_overdue(&state, due_by, until),
        allowed_actions: support::allowed_actions(&state, facts),
        refusals: support::refusals(&state, facts),
        id: c.id,
        title: c.title,
        severity: c.severity,
        status: state.status,
        customer_id: c.customer_id,
        customer_name,
        reseller_id: c.reseller_id,
        reseller_name,
        subscription_id: c.subscription_id,
        subscription_name,
        holder_id: state.holder,
        holder_name,
        holder_tier: tier,
        opened_on: c.opened_at.date(),
        opened_at: c.opened_at,
        due_by,
        with_microsoft: state.with_microsoft,
        microsoft_reference: state.microsoft_reference,
        partners,
        history,
        as_of,
    }))
}
