//! Offer eligibility: asks, never writes. The same snapshot and rule function serve
//! `subscription add`, so an answer here is what ordering will do.

use chrono::NaiveDate;

use crate::domain::catalogue::{self, ItemKind, MarketplaceDecision};
use crate::domain::eligibility::{self, Buyer, CustomerFacts, Decision, OfferSnapshot, PairFacts, PartnerFacts};
use crate::domain::offer::Offer;
use crate::store::partners::PartnerRecord;
use crate::store::{self};
use crate::{Ctx, Result};

/// May `partner_id` buy `offer` for `customer_id` (None: its own tenant) on `on`?
/// An unknown partner or customer is `NOT_FOUND`; a rule's refusal is an answer, not an error.
pub async fn check(
    ctx: &Ctx,
    partner_id: &str,
    customer_id: Option<&str>,
    offer: Offer,
    on: NaiveDate,
) -> Result<Decision> {
    crate::service::check_date(on)?;
    let mut conn = store::read(&ctx.pool).await?;
    let snapshot = snapshot(&mut conn, partner_id, customer_id).await?;
    Ok(eligibility::check_offer(&snapshot, offer, on))
}

/// The three offers for one partner, customer (or own tenant) and date: what the order dialog shows.
pub async fn check_all(ctx: &Ctx, partner_id: &str, customer_id: Option<&str>, on: NaiveDate) -> Result<Vec<Decision>> {
    crate::service::check_date(on)?;
    let mut conn = store::read(&ctx.pool).await?;
    let snapshot = snapshot(&mut conn, partner_id, customer_id).await?;
    Ok(Offer::ALL.into_iter().map(|offer| eligibility::check_offer(&snapshot, offer, on)).collect())
}

/// Can an Azure Marketplace item of this kind be bought through Azure in CSP?
pub fn marketplace_check(kind: ItemKind) -> MarketplaceDecision {
    catalogue::check_item(kind)
}

/// Loads what the eligibility rules read about a partner and a customer (None: the partner's own
/// tenant). `NOT_FOUND` when either does not exist.
pub async fn snapshot(conn: &mut store::Conn, partner_id: &str, customer_id: Option<&str>) -> Result<OfferSnapshot> {
    let partner = crate::service::partners::record(conn, partner_id).await?;
    let partner = partner_facts(conn, &partner).await?;
    let buyer = match customer_id {
        None => Buyer::OwnTenant,
        Some(id) => {
            let customer = crate::service::customers::record(conn, id).await?;
            let market = market_of(conn, &customer.country).await?;
            let relationship = store::customers::relationship(conn, &partner.id, &customer.id)
                .await?
                .map(|r| PairFacts { since: r.since, transition_exempt_from: r.transition_exempt_from });
            let holdings = store::subscriptions::holdings_of_customer(conn, &customer.id).await?;
            Buyer::Customer(CustomerFacts { id: customer.id, market, gcc: customer.gcc, relationship, holdings })
        }
    };
    let dates = store::settings::load(conn).await?.program;
    Ok(OfferSnapshot { partner, buyer, dates })
}

/// A stored partner as the rules see it (tier history and market).
pub async fn partner_facts(conn: &mut store::Conn, p: &PartnerRecord) -> Result<PartnerFacts> {
    let mut tiers = store::partners::tier_history(conn, &p.id).await?;
    if tiers.is_empty() {
        // A partner written without a tier history holds its current tier since enrolment.
        tiers.push(crate::domain::partner::TierPeriod { tier: p.tier(), since: p.enrolled_on });
    }
    Ok(PartnerFacts { id: p.id.clone(), enrolled_on: p.enrolled_on, tiers, market: market_of(conn, &p.country).await? })
}

async fn market_of(conn: &mut store::Conn, country: &str) -> Result<String> {
    Ok(store::reference::country(conn, country).await?.map(|c| c.market).unwrap_or_default())
}
