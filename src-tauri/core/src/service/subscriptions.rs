//! Subscriptions: order (after the eligibility check), cancel, suspend, reactivate, list, show.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::access;
use crate::domain::as_of;
use crate::domain::eligibility::{self, PartnerFacts};
use crate::domain::partner::Tier;
use crate::domain::subscription::{
    self as lifecycle, NewSubscription, Subscription, SubscriptionAction, SubscriptionEvent, SubscriptionStatus,
};
use crate::domain::validate;
use crate::store::subscriptions::{SubscriptionRecord, SubscriptionRow, Which};
use crate::store::{self, begin_write};
use crate::{CoreError, Ctx, Result};

/// Orders a subscription: runs the same eligibility check as `offer check`; a refusal returns the
/// rule ID as the error code and writes nothing. On success the partner of record becomes `owner`
/// (the customer gets nothing) and its first partner-of-record period opens on the order date.
pub async fn order(ctx: &Ctx, input: NewSubscription) -> Result<Subscription> {
    let offer = input.offer.ok_or_else(|| {
        CoreError::validation(
            "the offer is required (AZURE_PLAN, MS-AZR-0145P, MS-AZR-0159P)",
            "l'offre est obligatoire (AZURE_PLAN, MS-AZR-0145P, MS-AZR-0159P)",
        )
    })?;
    let on = match input.on {
        Some(d) => crate::service::check_date(d)?,
        None => ctx.today().await?,
    };
    let name = match validate::optional(input.name.as_deref()) {
        Some(n) => validate::name("the subscription name", "le nom de l'abonnement", &n)?,
        None => offer.name().to_string(),
    };
    let id = match validate::optional(input.id.as_deref()) {
        Some(given) => validate::guid("the subscription ID", "l'ID d'abonnement", &given)?,
        None => uuid::Uuid::new_v4().to_string(),
    };

    let mut tx = begin_write(&ctx.pool).await?;
    let snapshot = crate::service::offers::snapshot(&mut tx, &input.partner_id, input.customer_id.as_deref()).await?;
    let decision = eligibility::check_offer(&snapshot, offer, on);
    if let Some(refusal) = decision.refusal() {
        return Err(refusal);
    }
    if store::subscriptions::get(&mut tx, &id).await?.is_some() {
        return Err(CoreError::conflict(
            format!("a subscription with ID {id} is already in the book"),
            format!("un abonnement d'ID {id} est déjà dans le registre"),
        ));
    }
    let billing_partner_id = billing_partner(&mut tx, &snapshot.partner, on, input.provider_id.as_deref()).await?;
    let record = SubscriptionRecord {
        id,
        name: Some(name),
        customer_id: input.customer_id.clone(),
        partner_id: snapshot.partner.id.clone(),
        billing_partner_id,
        offer,
        created_on: on,
        status: SubscriptionStatus::Active,
        cancelled_on: None,
    };
    store::subscriptions::insert_ordered(&mut tx, &record, &access::granted_by_order(&record.partner_id)).await?;
    tx.commit().await?;
    tracing::info!(id = %record.id, offer = %offer, rule = decision.rule.as_str(), "subscription ordered");
    show(ctx, &record.id).await
}

/// Who Microsoft bills for a subscription ordered by `partner` on `on`: a direct partner (or a
/// provider, for its own APSS) bills itself; an indirect reseller's provider bills it — the one
/// named, or its only provider.
pub(crate) async fn billing_partner(
    conn: &mut store::Conn,
    partner: &PartnerFacts,
    on: NaiveDate,
    provider_id: Option<&str>,
) -> Result<String> {
    let provider_id = provider_id.map(str::trim).filter(|p| !p.is_empty());
    if partner.tier_on(on) != Tier::IndirectReseller {
        if let Some(p) = provider_id {
            return Err(CoreError::validation(
                format!("only an indirect reseller names the provider that bills it (--provider {p})"),
                format!("seul un revendeur indirect nomme le fournisseur qui le facture (--provider {p})"),
            ));
        }
        return Ok(partner.id.clone());
    }
    let providers = store::partners::providers_of(conn, &partner.id).await?;
    // Named with their IDs, so that the refusal says what to pass to --provider.
    let listed = providers.iter().map(|l| format!("{} ({})", l.name, l.id)).collect::<Vec<_>>().join(", ");
    match (provider_id, providers.as_slice()) {
        (Some(p), _) if providers.iter().any(|l| l.id == p) => Ok(p.to_string()),
        (Some(p), []) => Err(CoreError::validation(
            format!("{p} is not a provider of this reseller, which has none"),
            format!("{p} n'est pas un fournisseur de ce revendeur, qui n'en a aucun"),
        )),
        (Some(p), _) => Err(CoreError::validation(
            format!("{p} is not one of this reseller's providers: {listed}"),
            format!("{p} n'est pas l'un des fournisseurs de ce revendeur : {listed}"),
        )),
        (None, [only]) => Ok(only.id.clone()),
        (None, []) => Err(CoreError::validation(
            "this reseller has no indirect provider to bill it",
            "ce revendeur n'a aucun fournisseur indirect pour le facturer",
        )),
        (None, several) => Err(CoreError::validation(
            format!("this reseller has {} providers: name the one that bills (--provider): {listed}", several.len()),
            format!("ce revendeur a {} fournisseurs : nommez celui qui facture (--provider) : {listed}", several.len()),
        )),
    }
}

/// Cancels on `on` (pay-as-you-go: any day). Usage up to that date is still billed; from that day
/// on the subscription is no longer active.
pub async fn cancel(ctx: &Ctx, id: &str, on: NaiveDate) -> Result<Subscription> {
    change_status(ctx, id, on, SubscriptionAction::Cancel).await
}

/// Suspends an active subscription on `on`.
pub async fn suspend(ctx: &Ctx, id: &str, on: NaiveDate) -> Result<Subscription> {
    change_status(ctx, id, on, SubscriptionAction::Suspend).await
}

/// Reactivates a suspended subscription on `on`.
pub async fn reactivate(ctx: &Ctx, id: &str, on: NaiveDate) -> Result<Subscription> {
    change_status(ctx, id, on, SubscriptionAction::Reactivate).await
}

async fn change_status(ctx: &Ctx, id: &str, on: NaiveDate, action: SubscriptionAction) -> Result<Subscription> {
    crate::service::check_date(on)?;
    let mut tx = begin_write(&ctx.pool).await?;
    let sub = record(&mut tx, id).await?;
    let from = sub.status;
    let to = action.target();
    let (event, verb_en, verb_fr) = match action {
        SubscriptionAction::Cancel => ("cancelled", "cancel", "résilier"),
        SubscriptionAction::Suspend => ("suspended", "suspend", "suspendre"),
        SubscriptionAction::Reactivate => ("reactivated", "reactivate", "réactiver"),
    };
    // The guard is the list the view gives the window as its buttons.
    if !lifecycle::allowed_actions(from).contains(&action) {
        return Err(CoreError::conflict(
            format!("cannot {verb_en} subscription {id}: it is {}", from.as_str()),
            format!("impossible de {verb_fr} l'abonnement {id} : il est {}", status_fr(from)),
        ));
    }
    if on < sub.created_on {
        return Err(CoreError::validation(
            format!("{on} is before the subscription was created ({})", sub.created_on),
            format!("le {on} précède la création de l'abonnement ({})", sub.created_on),
        ));
    }
    if let Some(last) = store::subscription_events::last_on(&mut tx, id).await? {
        // History stays in date order: a change cannot predate the previous one.
        if on < last {
            return Err(CoreError::validation(
                format!("{on} is before the subscription's last status change ({last})"),
                format!("le {on} précède le dernier changement d'état de l'abonnement ({last})"),
            ));
        }
    }
    if action == SubscriptionAction::Cancel {
        let last = store::subscriptions::last_usage_after(&mut tx, id, on).await?;
        if let Err(rule) = lifecycle::check_cancel_date(on, last) {
            let last = last.unwrap_or(on);
            return Err(CoreError::rule(
                rule.id,
                format!("cannot cancel subscription {id} on {on}: usage dated {last} is stored. {}", rule.en),
                format!(
                    "impossible de résilier l'abonnement {id} le {on} : une consommation du {last} est enregistrée. {}",
                    rule.fr
                ),
            )
            .on(crate::error::Field::Date));
        }
    }
    let cancelled_on = (to == SubscriptionStatus::Cancelled).then_some(on);
    store::subscriptions::set_status(&mut tx, id, to, cancelled_on).await?;
    store::subscription_events::add(&mut tx, id, on, event).await?;
    tx.commit().await?;
    tracing::info!(id, event, %on, "subscription status changed");
    show(ctx, id).await
}

fn status_fr(s: SubscriptionStatus) -> &'static str {
    match s {
        SubscriptionStatus::Active => "actif",
        SubscriptionStatus::Suspended => "suspendu",
        SubscriptionStatus::Cancelled => "résilié",
    }
}

/// The subscription as the book holds it today (what a write returns).
pub async fn show(ctx: &Ctx, id: &str) -> Result<Subscription> {
    show_as_of(ctx, id, None).await
}

/// The subscription as it stood on `as_of` (DOMAIN.md "The book on a date"): status, partner of
/// record, billing partner, offer, roles and the actions they allow on that date; `NOT_FOUND` when
/// it was not ordered yet. `None`: as the book holds it today.
pub async fn show_as_of(ctx: &Ctx, id: &str, as_of: Option<NaiveDate>) -> Result<Subscription> {
    let as_of = as_of.map(crate::service::check_date).transpose()?;
    let mut conn = store::read(&ctx.pool).await?;
    let mut found = assemble(&mut conn, Which::One(id), as_of).await?;
    match (found.pop(), as_of) {
        (Some(s), _) => Ok(s),
        (None, Some(d)) if store::subscriptions::get(&mut conn, id).await?.is_some() => Err(CoreError::not_found(
            format!("subscription '{id}' was not ordered yet on {d}"),
            format!("l'abonnement « {id} » n'était pas encore commandé le {d}"),
        )),
        (None, _) => Err(not_found(id)),
    }
}

/// Every subscription, or a customer's (`NOT_FOUND` for an unknown customer), oldest first.
pub async fn list(ctx: &Ctx, customer_id: Option<&str>) -> Result<Vec<Subscription>> {
    list_as_of(ctx, customer_id, None).await
}

/// [`list`] as the book stood on `as_of`: the subscriptions ordered on or before it, each as on
/// that date. `None`: as the book holds them today.
pub async fn list_as_of(ctx: &Ctx, customer_id: Option<&str>, as_of: Option<NaiveDate>) -> Result<Vec<Subscription>> {
    let as_of = as_of.map(crate::service::check_date).transpose()?;
    let mut conn = store::read(&ctx.pool).await?;
    match customer_id {
        Some(c) => {
            crate::service::customers::record(&mut conn, c).await?;
            assemble(&mut conn, Which::OfCustomer(c), as_of).await
        }
        None => assemble(&mut conn, Which::All, as_of).await,
    }
}

/// Every subscription as of `d` with what counting needs (status, offer, dates): no roles and no
/// earlier partners' names are read. The dashboard's read.
pub async fn list_for_counts(ctx: &Ctx, d: NaiveDate) -> Result<Vec<Subscription>> {
    let d = crate::service::check_date(d)?;
    let mut conn = store::read(&ctx.pool).await?;
    let rows = store::subscriptions::rows_for_counts(&mut conn).await?;
    let mut events = events_by_subscription(&mut conn, Which::All).await?;
    let mut periods = by_subscription(store::subscription_periods::periods(&mut conn, Which::All).await?);
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let id = row.record.id.clone();
            let s = view(row, Vec::new(), events.remove(&id).unwrap_or_default());
            as_of::subscription_on(s, &periods.remove(&id).unwrap_or_default(), |_| None, d)
        })
        .collect())
}

/// Items keyed by subscription, gathered per subscription in their order.
fn by_subscription<T>(items: impl IntoIterator<Item = (String, T)>) -> HashMap<String, Vec<T>> {
    let mut out: HashMap<String, Vec<T>> = HashMap::new();
    for (sub, item) in items {
        out.entry(sub).or_default().push(item);
    }
    out
}

/// The dated status changes of the subscriptions, per subscription, in date order.
async fn events_by_subscription(
    conn: &mut store::Conn,
    which: Which<'_>,
) -> Result<HashMap<String, Vec<SubscriptionEvent>>> {
    let events = store::subscription_events::of(conn, which).await?;
    Ok(by_subscription(events.into_iter().map(|(sub, on, event)| (sub, SubscriptionEvent { on, event }))))
}

/// Reads subscriptions with their roles and status history in three queries (five on a date),
/// whatever their number.
async fn assemble(conn: &mut store::Conn, which: Which<'_>, as_of: Option<NaiveDate>) -> Result<Vec<Subscription>> {
    let rows = store::subscriptions::rows(conn, which).await?;
    let roles = store::roles::of(conn, which).await?;
    let mut roles =
        by_subscription(roles.into_iter().map(|r| (r.subscription_id.clone(), crate::service::access::view(r))));
    let mut events = events_by_subscription(conn, which).await?;
    let latest = rows.into_iter().map(|row| {
        let history = roles.remove(&row.record.id).unwrap_or_default();
        let events = events.remove(&row.record.id).unwrap_or_default();
        view(row, history, events)
    });
    let Some(d) = as_of else { return Ok(latest.collect()) };
    let mut periods = by_subscription(store::subscription_periods::periods(conn, which).await?);
    let names = store::partners::names(conn).await?;
    Ok(latest
        .filter_map(|s| {
            let ps = periods.remove(&s.id).unwrap_or_default();
            as_of::subscription_on(s, &ps, |id| names.get(id).cloned(), d)
        })
        .collect())
}

fn view(
    row: SubscriptionRow,
    role_history: Vec<crate::domain::access::RoleAssignment>,
    events: Vec<SubscriptionEvent>,
) -> Subscription {
    let r = row.record;
    // The CHECK constraints admit only the known offers and statuses.
    let offer = r.offer;
    let status = r.status;
    Subscription {
        allowed_actions: lifecycle::allowed_actions(status),
        can_grant: lifecycle::can_grant(status),
        status,
        name: r.name.unwrap_or_else(|| offer.name().to_string()),
        id: r.id,
        customer_id: r.customer_id,
        customer_name: row.customer_name,
        partner_id: r.partner_id,
        partner_name: row.partner_name,
        billing_partner_id: r.billing_partner_id,
        billing_partner_name: row.billing_partner_name,
        offer,
        created_on: r.created_on,
        cancelled_on: r.cancelled_on,
        roles: role_history.iter().filter(|a| a.until.is_none()).cloned().collect(),
        role_history,
        events,
    }
}

/// The stored subscription, or `NOT_FOUND`.
pub async fn record(conn: &mut store::Conn, id: &str) -> Result<SubscriptionRecord> {
    store::subscriptions::get(conn, id).await?.ok_or_else(|| not_found(id))
}

fn not_found(id: &str) -> CoreError {
    CoreError::not_found(format!("no subscription with ID '{id}'"), format!("aucun abonnement avec l'ID « {id} »"))
}
