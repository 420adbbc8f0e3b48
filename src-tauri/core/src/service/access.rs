//! Access: grant and revoke roles at subscription scope, with dated history, and the
//! "does this partner hold admin rights on that date" question (PEC).

use chrono::NaiveDate;

use crate::domain::access::{self, Principal, Role, RoleAssignment, RoleGrant, RoleRevoke};
use crate::domain::partner::Tier;
use crate::domain::rules::{OWNER_RISK_ACK_REQUIRED, RESELLER_RELATIONSHIP_REQUIRED};
use crate::store::roles::RoleRecord;
use crate::store::subscriptions::{SubscriptionRecord, Which};
use crate::store::{self, begin_write};
use crate::{CoreError, Ctx, Result};

/// Grants a role. The customer as owner needs the acknowledgement (`OWNER_RISK_ACK_REQUIRED`);
/// a reseller's admin-agents group needs the reseller's relationship with the customer on that
/// date (`RESELLER_RELATIONSHIP_REQUIRED`); the same standing assignment twice is `CONFLICT`.
pub async fn grant(ctx: &Ctx, g: RoleGrant) -> Result<RoleAssignment> {
    crate::service::check_date(g.on)?;
    // A resource group's name (Azure allows 90 characters): bounded like every name.
    crate::service::check_text(
        "the resource group",
        "le groupe de ressources",
        g.scope.clone(),
        crate::domain::limits::MAX_NAME_CHARS,
        crate::domain::error::Field::Name,
    )?;
    let principal = Principal::parse(&g.principal)?;
    let scope = access::scope(g.scope.as_deref())?;
    let mut tx = begin_write(&ctx.pool).await?;
    let sub = crate::service::subscriptions::record(&mut tx, &g.subscription_id).await?;
    if g.on < sub.created_on {
        return Err(CoreError::validation(
            format!("{} is before the subscription was created ({})", g.on, sub.created_on),
            format!("le {} précède la création de l'abonnement ({})", g.on, sub.created_on),
        ));
    }
    if let Some(cancelled) = sub.cancelled_on.filter(|c| *c <= g.on) {
        return Err(CoreError::conflict(
            format!("the subscription was cancelled on {cancelled}: no role can be granted from then on"),
            format!("l'abonnement a été résilié le {cancelled} : plus aucun rôle ne peut être attribué"),
        ));
    }
    check_principal(&mut tx, &sub, &principal, g.on).await?;
    if access::check_owner_risk(&principal, g.role, g.acknowledge_owner_risk).is_err() {
        return Err(CoreError::rule(
            OWNER_RISK_ACK_REQUIRED.id,
            format!("{} Grant it again with the acknowledgement to proceed.", OWNER_RISK_ACK_REQUIRED.en),
            format!("{} Recommencez avec la confirmation pour continuer.", OWNER_RISK_ACK_REQUIRED.fr),
        ));
    }
    let principal = principal.to_string();
    if store::roles::find_standing(&mut tx, &sub.id, &principal, g.role.as_str(), scope.as_deref()).await?.is_some() {
        return Err(CoreError::conflict(
            format!("{principal} already holds {} on this {}", g.role.as_str(), scope_en(scope.as_deref())),
            format!("{principal} détient déjà {} sur {}", g.role.as_str(), scope_fr(scope.as_deref())),
        ));
    }
    let id = store::roles::insert(
        &mut tx,
        &sub.id,
        &principal,
        g.role.as_str(),
        scope.as_deref(),
        g.on,
        g.acknowledge_owner_risk,
    )
    .await?;
    let written = store::roles::get(&mut tx, id).await?.expect("assignment just written");
    tx.commit().await?;
    tracing::info!(subscription = %sub.id, %principal, role = g.role.as_str(), on = %g.on, "role granted");
    Ok(view(written))
}

/// Revokes the standing assignment matching subscription, principal, role and scope on `on`
/// (`NOT_FOUND` when there is none). The row stays, dated, in the history.
pub async fn revoke(ctx: &Ctx, r: RoleRevoke) -> Result<RoleAssignment> {
    crate::service::check_date(r.on)?;
    let principal = Principal::parse(&r.principal)?.to_string();
    let scope = access::scope(r.scope.as_deref())?;
    let mut tx = begin_write(&ctx.pool).await?;
    let sub = crate::service::subscriptions::record(&mut tx, &r.subscription_id).await?;
    let Some(standing) =
        store::roles::find_standing(&mut tx, &sub.id, &principal, r.role.as_str(), scope.as_deref()).await?
    else {
        return Err(CoreError::not_found(
            format!("{principal} holds no {} role on this {}", r.role.as_str(), scope_en(scope.as_deref())),
            format!("{principal} ne détient aucun rôle {} sur {}", r.role.as_str(), scope_fr(scope.as_deref())),
        ));
    };
    if r.on < standing.granted_on {
        return Err(CoreError::validation(
            format!("{} is before the role was granted ({})", r.on, standing.granted_on),
            format!("le {} précède l'attribution du rôle ({})", r.on, standing.granted_on),
        ));
    }
    store::roles::revoke(&mut tx, standing.id, r.on).await?;
    let written = store::roles::get(&mut tx, standing.id).await?.expect("assignment just revoked");
    tx.commit().await?;
    tracing::info!(subscription = %sub.id, %principal, role = r.role.as_str(), on = %r.on, "role revoked");
    Ok(view(written))
}

/// Does `partner_id` hold admin rights on `subscription_id` on `on`: owner or contributor at
/// subscription scope through its own `partner:ID` principal or, for a reseller, its admin-agents
/// group `reseller:ID`, granted on or before `on` and not revoked by then. (A provider counts
/// through `partner:<provider>` only.) PEC depends on this.
pub async fn has_admin_rights(
    conn: &mut store::Conn,
    subscription_id: &str,
    partner_id: &str,
    on: NaiveDate,
) -> Result<bool> {
    let assignments: Vec<RoleAssignment> =
        store::roles::of(conn, Which::One(subscription_id)).await?.into_iter().map(view).collect();
    Ok(access::holds_admin_rights(&assignments, partner_id, on))
}

/// Checks that the principal exists and may hold a role on this subscription on `on`.
async fn check_principal(
    conn: &mut store::Conn,
    sub: &SubscriptionRecord,
    principal: &Principal,
    on: NaiveDate,
) -> Result<()> {
    let apss = || {
        CoreError::validation(
            "an Azure Partner Shared Services subscription has no customer",
            "un abonnement Azure Partner Shared Services n'a pas de client",
        )
    };
    match principal {
        Principal::Customer => {
            sub.customer_id.as_ref().ok_or_else(apss)?;
        }
        Principal::Partner(id) => {
            crate::service::partners::record(conn, id).await?;
        }
        Principal::Reseller(id) => {
            let reseller = crate::service::partners::record(conn, id).await?;
            let facts = crate::service::offers::partner_facts(conn, &reseller).await?;
            if facts.tier_on(on) != Tier::IndirectReseller {
                return Err(CoreError::validation(
                    format!("{} is not an indirect reseller on {on}: only a reseller has an admin-agents group to add", reseller.name),
                    format!("{} n'est pas revendeur indirect le {on} : seul un revendeur a un groupe d'agents d'administration à ajouter", reseller.name),
                ));
            }
            let customer_id = sub.customer_id.as_deref().ok_or_else(apss)?;
            let related = store::customers::relationship(conn, &reseller.id, customer_id).await?;
            if related.is_none_or(|r| r.since > on) {
                return Err(CoreError::rule(
                    RESELLER_RELATIONSHIP_REQUIRED.id,
                    format!(
                        "{} {} has no relationship with this customer on {on}.",
                        RESELLER_RELATIONSHIP_REQUIRED.en, reseller.name
                    ),
                    format!(
                        "{} {} n'a pas de relation avec ce client le {on}.",
                        RESELLER_RELATIONSHIP_REQUIRED.fr, reseller.name
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn scope_en(scope: Option<&str>) -> String {
    scope.map(|rg| format!("resource group {rg}")).unwrap_or_else(|| "subscription".into())
}

fn scope_fr(scope: Option<&str>) -> String {
    scope.map(|rg| format!("le groupe de ressources {rg}")).unwrap_or_else(|| "l'abonnement".into())
}

/// A stored assignment as the UI and the CLI show it.
pub(crate) fn view(r: RoleRecord) -> RoleAssignment {
    RoleAssignment {
        // The CHECK constraint admits only the three roles.
        role: Role::parse(&r.role).unwrap_or(Role::Reader),
        subscription_id: r.subscription_id,
        principal: r.principal,
        scope: r.scope,
        since: r.granted_on,
        until: r.revoked_on,
        owner_risk_acknowledged: r.owner_risk_acknowledged,
    }
}
