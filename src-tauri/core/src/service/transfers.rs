//! Transfers: a customer's subscriptions move from a source to a target partner of record.

use chrono::NaiveDate;

use crate::domain::as_of;
use crate::domain::eligibility::{self, Buyer};
use crate::domain::market;
use crate::domain::rules::{
    self, MARKET_MISMATCH, NO_RELATIONSHIP, TIER_CANNOT_RESELL, TRANSFER_ALREADY_OPEN, TRANSFER_NOT_OWNED,
    TRANSFER_SAME_PARTNER, TRANSFER_SUBSCRIPTION_CANCELLED,
};
use crate::domain::subscription::{is_active_on, Subscription, SubscriptionStatus};
use crate::domain::transfer::{
    self, NewTransfer, Transfer, TransferAction, TransferCandidates, TransferOutcome, TransferParty, TransferStatus,
    TransferSubscription, TransferTarget,
};
use crate::store::partners::PartnerRecord;
use crate::store::subscriptions::SubscriptionRecord;
use crate::store::transfers::TransferRecord;
use crate::store::{self, begin_write};
use crate::{CoreError, Ctx, Result};

fn refuse(rule: rules::Rule, detail_en: String, detail_fr: String) -> CoreError {
    CoreError::rule(rule.id, format!("{detail_en}: {}", rule.en), format!("{detail_fr} : {}", rule.fr))
}

/// Requests a transfer. Refused when source and target are the same partner, the target is an
/// indirect provider on that date (it holds no customers), a subscription is not the source's on
/// that date, is cancelled, or already sits in another open request.
pub async fn create(ctx: &Ctx, input: NewTransfer) -> Result<Transfer> {
    let on = match input.on {
        Some(d) => crate::service::check_date(d)?,
        None => ctx.today().await?,
    };
    let mut tx = begin_write(&ctx.pool).await?;
    let customer = crate::service::customers::record(&mut tx, &input.customer_id).await?;
    let source = crate::service::partners::record(&mut tx, &input.source_partner_id).await?;
    let target = crate::service::partners::record(&mut tx, &input.target_partner_id).await?;
    if source.id == target.id {
        return Err(refuse(TRANSFER_SAME_PARTNER, source.name.clone(), source.name));
    }
    let target_facts = crate::service::offers::partner_facts(&mut tx, &target).await?;
    if !target_facts.tier_on(on).holds_customers() {
        return Err(refuse(TIER_CANNOT_RESELL, target.name.clone(), target.name));
    }
    let ids: Vec<String> =
        input.subscription_ids.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    if let Some(repeated) = ids.iter().enumerate().find_map(|(i, id)| ids[..i].contains(id).then_some(id)) {
        return Err(CoreError::validation(
            format!("subscription {repeated} is named twice: name each subscription once"),
            format!("l'abonnement {repeated} est indiqué deux fois : indiquez chaque abonnement une seule fois"),
        ));
    }
    check_market(&mut tx, &target, &customer.country).await?;
    if ids.is_empty() {
        return Err(CoreError::validation(
            "name at least one subscription to transfer",
            "indiquez au moins un abonnement à transférer",
        ));
    }
    for id in &ids {
        let sub = crate::service::subscriptions::record(&mut tx, id).await?;
        check_requestable(&mut tx, &sub, &customer.id, &source.id, on).await?;
    }
    let record = TransferRecord {
        id: uuid::Uuid::new_v4().to_string(),
        customer_id: customer.id,
        source_partner_id: source.id,
        target_partner_id: target.id,
        created_on: on,
        status: TransferStatus::Pending,
        accepted_on: None,
        rejected_on: None,
        completed_on: None,
    };
    store::transfers::insert(&mut tx, &record, &ids).await?;
    tx.commit().await?;
    tracing::info!(id = %record.id, subscriptions = ids.len(), "transfer requested");
    show_as_of(ctx, &record.id, Some(on)).await
}

/// The target accepts (up to 29 days after the request; from day 30 it is `TRANSFER_EXPIRED`).
pub async fn accept(ctx: &Ctx, id: &str, on: NaiveDate) -> Result<Transfer> {
    crate::service::check_date(on)?;
    let mut tx = begin_write(&ctx.pool).await?;
    let t = record(&mut tx, id).await?;
    not_before_request(&t, on)?;
    guard(&t, TransferAction::Accept, on)?;
    store::transfers::set_status(&mut tx, id, TransferStatus::Accepted, "accepted_on", on).await?;
    tx.commit().await?;
    show_as_of(ctx, id, Some(on)).await
}

/// The target declines a pending request.
pub async fn reject(ctx: &Ctx, id: &str, on: NaiveDate) -> Result<Transfer> {
    crate::service::check_date(on)?;
    let mut tx = begin_write(&ctx.pool).await?;
    let t = record(&mut tx, id).await?;
    not_before_request(&t, on)?;
    guard(&t, TransferAction::Reject, on)?;
    store::transfers::set_status(&mut tx, id, TransferStatus::Rejected, "rejected_on", on).await?;
    tx.commit().await?;
    show_as_of(ctx, id, Some(on)).await
}

/// Completes an accepted request on `on`: each subscription gets the target as partner of record
/// from that date (usage before it stays with the source), keeps or converts its offer per phase 1,
/// and keeps its role assignments as they are — the target gets none.
/// The billing partner is the target itself, or its only provider for an indirect reseller (see
/// [`complete_billed_by`] when it has several).
pub async fn complete(ctx: &Ctx, id: &str, on: NaiveDate) -> Result<Transfer> {
    complete_billed_by(ctx, id, on, None).await
}

/// [`complete`], `provider_id` naming who bills the moved subscriptions from `on` when the target
/// is an indirect reseller with several providers (without it: `VALIDATION` listing them); a
/// provider not linked to the target is refused.
pub async fn complete_billed_by(ctx: &Ctx, id: &str, on: NaiveDate, provider_id: Option<&str>) -> Result<Transfer> {
    crate::service::check_date(on)?;
    let mut tx = begin_write(&ctx.pool).await?;
    let t = record(&mut tx, id).await?;
    guard(&t, TransferAction::Complete, on)?;
    if let Some(accepted) = t.accepted_on.filter(|a| on < *a) {
        return Err(CoreError::validation(
            format!("the completion date {on} is before the acceptance ({accepted})"),
            format!("la date de finalisation {on} précède l'acceptation ({accepted})"),
        ));
    }
    let relationship = store::customers::relationship(&mut tx, &t.target_partner_id, &t.customer_id).await?;
    if relationship.is_none_or(|r| r.since > on) {
        let target = crate::service::partners::record(&mut tx, &t.target_partner_id).await?;
        return Err(refuse(
            NO_RELATIONSHIP,
            format!("{} has no relationship with the customer on {on}", target.name),
            format!("{} n'a pas de relation avec le client le {on}", target.name),
        ));
    }
    // Evaluated before anything moves: the subscriptions still belong to the source, so they do not
    // count as the target's existing legacy holdings (DOMAIN.md rule 4.6).
    let snapshot = crate::service::offers::snapshot(&mut tx, &t.target_partner_id, Some(&t.customer_id)).await?;
    let target = crate::service::partners::record(&mut tx, &t.target_partner_id).await?;
    let customer = crate::service::customers::record(&mut tx, &t.customer_id).await?;
    // Checked at the request; checked again in case the target's office moved since: a transfer
    // outside the market is refused, never turned into a conversion.
    check_market(&mut tx, &target, &customer.country).await?;
    // TRANSFER_KEEP_LEGACY asks rule 4 alone: rules 1–3 (relationship, market) are checked above on
    // their own, and must not turn a refusal of theirs into a silent conversion.
    let target_may_buy_legacy = match &snapshot.buyer {
        Buyer::Customer(c) => c
            .relationship
            .as_ref()
            .is_some_and(|pair| eligibility::legacy_rule(&snapshot.partner, c, pair, &snapshot.dates, on).0),
        Buyer::OwnTenant => false,
    };
    let billing = crate::service::subscriptions::billing_partner(&mut tx, &snapshot.partner, on, provider_id).await?;
    let phase1 = snapshot.dates.phase1;

    for item in store::transfers::items(&mut tx, id).await? {
        let sub = crate::service::subscriptions::record(&mut tx, &item.subscription_id).await?;
        check_movable(&mut tx, &sub, &t.customer_id, &t.source_partner_id, on).await?;
        if sub.created_on >= on {
            return Err(CoreError::conflict(
                format!(
                    "subscription {} was created on {}: a transfer completes after that day",
                    sub.id, sub.created_on
                ),
                format!(
                    "l'abonnement {} a été créé le {} : un transfert se finalise après ce jour",
                    sub.id, sub.created_on
                ),
            ));
        }
        let before = sub.offer;
        let (after, rule) = transfer::offer_outcome(before, on, phase1, target_may_buy_legacy);
        store::subscription_periods::insert(&mut tx, &sub.id, on, &t.target_partner_id, &billing, after).await?;
        store::subscriptions::set_partner_of_record(&mut tx, &sub.id, &t.target_partner_id, &billing, after).await?;
        store::subscription_events::add(&mut tx, &sub.id, on, "transferred").await?;
        if after != before {
            store::subscription_events::add(&mut tx, &sub.id, on, "converted to the Azure plan").await?;
        }
        store::transfers::set_outcome(&mut tx, id, &sub.id, before, after, rule.id.as_str()).await?;
    }
    store::transfers::set_status(&mut tx, id, TransferStatus::Completed, "completed_on", on).await?;
    tx.commit().await?;
    tracing::info!(id, on = %on, "transfer completed");
    show_as_of(ctx, id, Some(on)).await
}

/// The request as it stands today (a pending request past its last day reads `expired`).
pub async fn show(ctx: &Ctx, id: &str) -> Result<Transfer> {
    show_as_of(ctx, id, None).await
}

/// The request as it stood on `as_of` (what had been answered by then; expired from the day after
/// its last day); `NOT_FOUND` before it was made. `None`: today. A write returns the request as of
/// its own date.
pub async fn show_as_of(ctx: &Ctx, id: &str, as_of: Option<NaiveDate>) -> Result<Transfer> {
    let as_of = as_of.map(crate::service::check_date).transpose()?;
    let today = ctx.today().await?;
    let mut conn = store::read(&ctx.pool).await?;
    let t = record(&mut conn, id).await?;
    let created_on = t.created_on;
    // Today's view never hides a request dated later than the computer's date.
    let on = as_of.unwrap_or(today.max(created_on));
    let mut views = views(&mut conn, vec![t]).await?;
    let latest = views.pop().ok_or_else(|| not_found(id))?;
    as_of::transfer_on(latest, on).ok_or_else(|| {
        CoreError::not_found(
            format!("transfer '{id}' was not requested yet on {on} (requested on {created_on})"),
            format!("le transfert « {id} » n'était pas encore demandé le {on} (demandé le {created_on})"),
        )
    })
}

/// Every request (or a customer's), newest first, with its status as of today.
pub async fn list(ctx: &Ctx, customer_id: Option<&str>) -> Result<Vec<Transfer>> {
    list_as_of(ctx, customer_id, None).await
}

/// [`list`] as the book stood on `as_of`: the requests made on or before it, each as on that date.
/// Four queries whatever the number of requests.
pub async fn list_as_of(ctx: &Ctx, customer_id: Option<&str>, as_of: Option<NaiveDate>) -> Result<Vec<Transfer>> {
    let as_of = as_of.map(crate::service::check_date).transpose()?;
    let today = ctx.today().await?;
    let mut conn = store::read(&ctx.pool).await?;
    let records = store::transfers::list(&mut conn, customer_id).await?;
    Ok(views(&mut conn, records)
        .await?
        .into_iter()
        .filter_map(|t| {
            let on = as_of.unwrap_or(today.max(t.created_on));
            as_of::transfer_on(t, on)
        })
        .collect())
}

/// The subscription belongs to the customer, its partner of record on `on` is the source, and it is
/// not cancelled.
async fn check_movable(
    conn: &mut store::Conn,
    sub: &SubscriptionRecord,
    customer_id: &str,
    source_id: &str,
    on: NaiveDate,
) -> Result<()> {
    let holdings = store::subscriptions::holdings_of_customer(conn, customer_id).await?;
    let holder = holdings
        .iter()
        .find(|h| h.subscription_id == sub.id)
        .and_then(|h| h.period_on(on))
        .map(|p| p.partner_id.clone())
        .unwrap_or_else(|| sub.partner_id.clone());
    if sub.customer_id.as_deref() != Some(customer_id) || holder != source_id {
        return Err(refuse(TRANSFER_NOT_OWNED, format!("subscription {}", sub.id), format!("abonnement {}", sub.id)));
    }
    if sub.status == SubscriptionStatus::Cancelled && !is_active_on(sub.created_on, sub.cancelled_on, on) {
        return Err(refuse(
            TRANSFER_SUBSCRIPTION_CANCELLED,
            format!(
                "subscription {} (cancelled on {})",
                sub.id,
                sub.cancelled_on.map(|d| d.to_string()).unwrap_or_default()
            ),
            format!(
                "abonnement {} (résilié le {})",
                sub.id,
                sub.cancelled_on.map(|d| d.to_string()).unwrap_or_default()
            ),
        ));
    }
    Ok(())
}

/// `MARKET_MISMATCH` when the target may not sell in the customer's country (DOMAIN.md "Market").
async fn check_market(conn: &mut store::Conn, target: &PartnerRecord, customer_country: &str) -> Result<()> {
    let partner_country = store::reference::country(conn, &target.country).await?;
    let customer_place = store::reference::country(conn, customer_country).await?;
    let (Some(from), Some(to)) = (partner_country, customer_place) else {
        return Ok(());
    };
    if market::check(&from.market, &to.market) == MARKET_MISMATCH {
        return Err(refuse(
            MARKET_MISMATCH,
            format!(
                "{} ({}, market {}) cannot hold a customer in {} (market {})",
                target.name, target.country, from.market, to.name_en, to.market
            ),
            format!(
                "{} ({}, marché {}) ne peut pas détenir un client en {} (marché {})",
                target.name, target.country, from.market, to.name_fr, to.market
            ),
        ));
    }
    Ok(())
}

fn not_before_request(t: &TransferRecord, on: NaiveDate) -> Result<()> {
    if on < t.created_on {
        return Err(CoreError::validation(
            format!("{on} is before the request ({})", t.created_on),
            format!("{on} précède la demande ({})", t.created_on),
        ));
    }
    Ok(())
}

/// The guard of every state change: the same list the view gives the window as its buttons. An
/// action left out is refused with its rule (`TRANSFER_EXPIRED`), or as a `CONFLICT` with the state.
fn guard(t: &TransferRecord, action: TransferAction, on: NaiveDate) -> Result<()> {
    let stored = t.status;
    if transfer::allowed_actions(stored, t.created_on, on).contains(&action) {
        return Ok(());
    }
    if let Some(rule) = transfer::refusal(stored, t.created_on, on, action) {
        return Err(refuse(rule, format!("requested on {}", t.created_on), format!("demandé le {}", t.created_on)));
    }
    Err(match action {
        TransferAction::Complete => CoreError::conflict(
            format!("only an accepted request can be completed; this one is {}", stored.as_str()),
            format!("seule une demande acceptée peut être finalisée ; celle-ci est {}", stored.as_str()),
        ),
        TransferAction::Accept | TransferAction::Reject => CoreError::conflict(
            format!("this request is already {}", stored.as_str()),
            format!("cette demande est déjà {}", stored.as_str()),
        ),
    })
}

/// What a request may move: the subscription is movable from the source on `on` and sits in no
/// other open request. `create` refuses anything else; `candidates` lists only what passes.
async fn check_requestable(
    conn: &mut store::Conn,
    sub: &SubscriptionRecord,
    customer_id: &str,
    source_id: &str,
    on: NaiveDate,
) -> Result<()> {
    check_movable(conn, sub, customer_id, source_id, on).await?;
    for open in store::transfers::stored_open_holding(conn, &sub.id).await? {
        if transfer::status_on(open.status, open.created_on, on).is_open() {
            return Err(refuse(
                TRANSFER_ALREADY_OPEN,
                format!("subscription {} is in request {} ({})", sub.id, open.id, open.status.as_str()),
                format!("l'abonnement {} est dans la demande {} ({})", sub.id, open.id, open.status.as_str()),
            ));
        }
    }
    Ok(())
}

/// What a request for `customer_id` on `on` may name: the partners holding subscriptions of the
/// customer that can move (most first), the source asked for (or, when none is, the one holding
/// the most), the subscriptions that can move from it, and the partners that may receive them.
/// The same checks as [`create`]: what is listed here, `create` accepts.
pub async fn candidates(
    ctx: &Ctx,
    customer_id: &str,
    source_partner_id: Option<&str>,
    on: NaiveDate,
) -> Result<TransferCandidates> {
    crate::service::check_date(on)?;
    // NOT_FOUND for an unknown customer; read before this function holds a connection of its own.
    let subscriptions = crate::service::subscriptions::list(ctx, Some(customer_id)).await?;
    let mut conn = store::read(&ctx.pool).await?;
    let customer = crate::service::customers::record(&mut conn, customer_id).await?;
    let holdings = store::subscriptions::holdings_of_customer(&mut conn, &customer.id).await?;

    // Each subscription that can move, under the partner holding it on `on`.
    let mut movable: Vec<(String, Subscription)> = Vec::new();
    for s in subscriptions {
        let Some(holder) = holdings.iter().find(|h| h.subscription_id == s.id).and_then(|h| h.period_on(on)) else {
            continue;
        };
        let holder = holder.partner_id.clone();
        let sub = crate::service::subscriptions::record(&mut conn, &s.id).await?;
        match check_requestable(&mut conn, &sub, &customer.id, &holder, on).await {
            Ok(()) => movable.push((holder, s)),
            Err(CoreError::Rule { .. }) => {}
            Err(other) => return Err(other),
        }
    }

    let partners = store::partners::list(&mut conn).await?;
    let mut sources: Vec<(TransferParty, usize)> = Vec::new();
    for p in &partners {
        let held = movable.iter().filter(|(holder, _)| *holder == p.id).count();
        if held > 0 {
            let tier = crate::service::offers::partner_facts(&mut conn, p).await?.tier_on(on);
            sources.push((TransferParty { id: p.id.clone(), name: p.name.clone(), tier }, held));
        }
    }
    // Most subscriptions first; ties by name (the store lists partners by name).
    sources.sort_by_key(|s| std::cmp::Reverse(s.1));
    let source = match source_partner_id.map(str::trim).filter(|s| !s.is_empty()) {
        Some(asked) => Some(crate::service::partners::record(&mut conn, asked).await?.id),
        None => sources.first().map(|(p, _)| p.id.clone()),
    };

    let relationships = store::customers::relationships_of(&mut conn, &customer.id).await?;
    let mut targets = Vec::new();
    for p in &partners {
        if Some(&p.id) == source.as_ref() {
            continue;
        }
        // A partner outside the customer's market is refused at the request (`MARKET_MISMATCH`).
        match check_market(&mut conn, p, &customer.country).await {
            Ok(()) => {}
            Err(CoreError::Rule { .. }) => continue,
            Err(other) => return Err(other),
        }
        let tier = crate::service::offers::partner_facts(&mut conn, p).await?.tier_on(on);
        if tier.holds_customers() {
            let related = relationships.iter().any(|r| r.partner_id == p.id && r.since <= on);
            targets.push(TransferTarget { id: p.id.clone(), name: p.name.clone(), tier, related });
        }
    }
    let subscriptions =
        movable.into_iter().filter(|(holder, _)| Some(holder) == source.as_ref()).map(|(_, s)| s).collect();
    Ok(TransferCandidates {
        customer_id: customer.id,
        on,
        sources: sources.into_iter().map(|(p, _)| p).collect(),
        source_partner_id: source,
        subscriptions,
        targets,
    })
}

async fn record(conn: &mut store::Conn, id: &str) -> Result<TransferRecord> {
    store::transfers::get(conn, id).await?.ok_or_else(|| not_found(id))
}

fn not_found(id: &str) -> CoreError {
    CoreError::not_found(format!("no transfer with ID '{id}'"), format!("aucun transfert avec l'ID « {id} »"))
}

/// The requests as the book holds them (their stored answers), in four queries whatever their
/// number; [`as_of::transfer_on`] then reads each on a date.
async fn views(conn: &mut store::Conn, records: Vec<TransferRecord>) -> Result<Vec<Transfer>> {
    let customers = store::transfers::customer_names(conn).await?;
    let partners = store::partners::names(conn).await?;
    let mut items: std::collections::HashMap<String, Vec<store::transfers::ItemRecord>> = Default::default();
    // One request (a page, a write's answer) reads its own subscriptions; a list reads them all at once.
    let rows = match records.as_slice() {
        [one] => store::transfers::items(conn, &one.id).await?,
        _ => store::transfers::all_items(conn).await?,
    };
    for i in rows {
        items.entry(i.transfer_id.clone()).or_default().push(i);
    }
    // The targets' providers (a completion names one when there are several).
    let mut providers: std::collections::HashMap<String, Vec<_>> = Default::default();
    for (reseller, provider) in store::partners::all_links(conn).await? {
        providers.entry(reseller.id).or_default().push(provider);
    }
    Ok(records
        .into_iter()
        .map(|t| {
            let items = items.remove(&t.id).unwrap_or_default();
            let name = |id: &str| partners.get(id).cloned().unwrap_or_default();
            let (source_name, target_name) = (name(&t.source_partner_id), name(&t.target_partner_id));
            let customer_name = customers.get(&t.customer_id).cloned().unwrap_or_default();
            let target_providers = providers.get(&t.target_partner_id).cloned().unwrap_or_default();
            view(t, items, customer_name, source_name, target_name, target_providers)
        })
        .collect())
}

fn view(
    t: TransferRecord,
    items: Vec<store::transfers::ItemRecord>,
    customer_name: String,
    source_name: String,
    target_name: String,
    target_providers: Vec<crate::domain::partner::PartnerLink>,
) -> Transfer {
    let stored = t.status;
    let outcomes: Vec<TransferOutcome> = items
        .iter()
        .filter_map(|i| {
            let (before, after) = (i.offer_before?, i.offer_after?);
            let rule = rules::by_id(i.rule.as_deref()?)?;
            Some(TransferOutcome {
                subscription: i.subscription_id.clone(),
                offer_before: before,
                offer_after: after,
                rule: rule.id.to_string(),
                message: rule.en.to_string(),
                message_fr: rule.fr.to_string(),
            })
        })
        .collect();
    let completed = stored == TransferStatus::Completed;
    // The stored state; `as_of::transfer_on` dates it.
    Transfer {
        allowed_actions: transfer::allowed_actions(stored, t.created_on, t.created_on),
        target_providers,
        last_accept_day: transfer::last_accept_day(t.created_on),
        status: stored,
        subscriptions: items
            .into_iter()
            .map(|i| TransferSubscription { name: i.subscription_name.unwrap_or_default(), id: i.subscription_id })
            .collect(),
        outcomes,
        reminder: completed.then(|| {
            format!(
                "{} holds no role on the transferred subscriptions yet: no admin rights, hence no partner-earned credit, until a role is granted.",
                target_name
            )
        }),
        reminder_fr: completed.then(|| {
            format!(
                "{} n'a encore aucun rôle sur les abonnements transférés : pas de droits d'administration, donc pas de crédit PEC, tant qu'un rôle n'est pas attribué.",
                target_name
            )
        }),
        id: t.id,
        customer_id: t.customer_id,
        customer_name,
        source_partner_id: t.source_partner_id,
        source_partner_name: source_name,
        target_partner_id: t.target_partner_id,
        target_partner_name: target_name,
        created_on: t.created_on,
        accepted_on: t.accepted_on,
        rejected_on: t.rejected_on,
        completed_on: t.completed_on,
    }
}
