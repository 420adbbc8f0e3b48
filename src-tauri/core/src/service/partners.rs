//! Partners: create, edit, list, show, and the direct → indirect transition.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::as_of;
use crate::domain::partner::{is_new_partner, NewPartner, Partner, PartnerLink, PartnerPatch, Tier, TierPeriod};
use crate::domain::subscription;
use crate::domain::{validate, Currency};
use crate::error::{Field, OnField};
use crate::store::partners::PartnerRecord;
use crate::store::{self, begin_write};
use crate::{CoreError, Ctx, Result};

use crate::domain::settings::key::OFFICE_PARTNER_ID;

/// Creates a partner. The first partner of an empty book becomes the operating partner.
pub async fn add(ctx: &Ctx, input: NewPartner) -> Result<Partner> {
    create(ctx, input, false).await
}

/// First run: creates the office's own partner profile and makes it the operating partner.
pub async fn setup_operating(ctx: &Ctx, input: NewPartner) -> Result<Partner> {
    create(ctx, input, true).await
}

async fn create(ctx: &Ctx, input: NewPartner, operating: bool) -> Result<Partner> {
    let mut tx = begin_write(&ctx.pool).await?;
    let record = validated_new(&mut tx, &input).await?;
    store::partners::insert(&mut tx, &record).await?;
    store::partners::add_tier_period(&mut tx, &record.id, record.tier(), record.enrolled_on).await?;
    for provider in &input.providers {
        store::partners::link_provider(&mut tx, &record.id, provider, record.enrolled_on).await?;
    }
    if operating || store::settings::load(&mut tx).await?.office_partner_id.is_none() {
        store::settings::set(&mut *tx, OFFICE_PARTNER_ID, &record.id).await?;
    }
    tx.commit().await?;
    tracing::info!(id = %record.id, tier = record.tier.as_str(), operating, "partner added");
    show(ctx, &record.id).await
}

/// Edits a partner's profile (name, IDs, country, currency, dates, contact) and its legal identity
/// as an issuer: the patch is applied to the stored partner and checked as a new one would be, in one
/// transaction. The tier and providers change only through [`transition`] (a patch naming others is
/// refused). Documents already issued keep the facts they froze.
pub async fn update(ctx: &Ctx, id: &str, patch: PartnerPatch) -> Result<Partner> {
    let mut tx = begin_write(&ctx.pool).await?;
    let current = record(&mut tx, id).await?;
    let tier = current.tier();
    let wanted = patch.apply(&assemble(&mut tx, current).await?)?;
    let mut next = validated_fields(&mut tx, &wanted, Some(id)).await?;
    next.id = id.to_string();
    if tier == Tier::IndirectReseller {
        next.currency = None;
    }
    store::partners::update_profile(&mut tx, &next).await?;
    tx.commit().await?;
    tracing::info!(id, "partner updated");
    show(ctx, id).await
}

/// Sets one field of the operating partner's legal identity (the `issuer.*` settings keys), checked
/// as `partner update` checks it. Refused when the book has no operating partner yet.
pub async fn set_operating_identity(ctx: &Ctx, key: &str, value: &str) -> Result<()> {
    let mut tx = begin_write(&ctx.pool).await?;
    let Some(id) = store::settings::load(&mut tx).await?.office_partner_id else {
        return Err(CoreError::validation(
            format!("{key} is the operating partner's legal identity: create the office's partner profile first"),
            format!("{key} est l'identité légale du partenaire exploitant : créez d'abord le profil du cabinet"),
        ));
    };
    let mut current = record(&mut tx, &id).await?;
    let wanted = crate::domain::settings::with_identity_key(current.legal(), key, value);
    current.set_legal(validate::legal_identity(&wanted)?);
    store::partners::update_profile(&mut tx, &current).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list(ctx: &Ctx) -> Result<Vec<Partner>> {
    list_as_of(ctx, None).await
}

/// Every partner as it stood on `as_of`: those enrolled in CSP on or before it, each with its tier
/// and provider links of that date (DOMAIN.md "The book on a date"). `None`: as the book holds them
/// today. A few queries whatever the number of partners.
pub async fn list_as_of(ctx: &Ctx, as_of: Option<NaiveDate>) -> Result<Vec<Partner>> {
    let as_of = as_of.map(crate::service::check_date).transpose()?;
    let mut conn = store::read(&ctx.pool).await?;
    let records = store::partners::list(&mut conn).await?;
    let all = assemble_many(&mut conn, records).await?;
    Ok(match as_of {
        Some(d) => all.into_iter().filter_map(|p| as_of::partner_on(p, d)).collect(),
        None => all,
    })
}

pub async fn show(ctx: &Ctx, id: &str) -> Result<Partner> {
    show_as_of(ctx, id, None).await
}

/// The partner as it stood on `as_of`; `NOT_FOUND` when it was not enrolled in CSP yet.
pub async fn show_as_of(ctx: &Ctx, id: &str, as_of: Option<NaiveDate>) -> Result<Partner> {
    let as_of = as_of.map(crate::service::check_date).transpose()?;
    let mut conn = store::read(&ctx.pool).await?;
    let r = record(&mut conn, id).await?;
    let p = assemble(&mut conn, r).await?;
    match as_of {
        None => Ok(p),
        Some(d) => {
            let (name, enrolled) = (p.name.clone(), p.enrolled_on);
            as_of::partner_on(p, d).ok_or_else(|| {
                CoreError::not_found(
                    format!("{name} was not enrolled in CSP yet on {d} (enrolled on {enrolled})"),
                    format!("{name} n'était pas encore inscrit au CSP le {d} (inscrit le {enrolled})"),
                )
            })
        }
    }
}

/// The operating partner ("this office"), if the first-run profile exists.
pub async fn operating(ctx: &Ctx) -> Result<Option<Partner>> {
    operating_as_of(ctx, None).await
}

/// The operating partner as it stood on `as_of`. The office is shown whatever the date (the window
/// always needs it); before its enrolment it reads with the tier it enrolled with.
pub async fn operating_as_of(ctx: &Ctx, as_of: Option<NaiveDate>) -> Result<Option<Partner>> {
    let as_of = as_of.map(crate::service::check_date).transpose()?;
    let mut conn = store::read(&ctx.pool).await?;
    let found = match store::settings::load(&mut conn).await?.office_partner_id {
        Some(id) => match store::partners::get(&mut conn, &id).await? {
            Some(r) => Some(assemble(&mut conn, r).await?),
            None => None,
        },
        None => None,
    };
    Ok(match as_of {
        Some(d) => found.map(|p| as_of::partner_seen_on(p, d)),
        None => found,
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Transition {
    pub partner_id: String,
    pub provider_id: String,
    pub on: NaiveDate,
}

/// Direct → indirect reseller under `provider_id` on `on`: the tier history is kept, billing moves
/// to the provider from that date, and every relationship established on or before it becomes
/// transition-exempt from that date.
///
/// Billing moves through the subscriptions' dated periods: every subscription of which the partner
/// is partner of record on `on` (not cancelled before) gets a period from `on` billed by the
/// provider, and so does each later period in which the partner holds a subscription and billed
/// itself (a transition recorded after later orders or transfers: see
/// [`crate::domain::subscription::transition_changes`]). Usage before `on` stays billed by the
/// partner itself.
pub async fn transition(ctx: &Ctx, t: Transition) -> Result<Partner> {
    crate::service::check_date(t.on)?;
    let mut tx = begin_write(&ctx.pool).await?;
    let partner = record(&mut tx, &t.partner_id).await?;
    if partner.tier() != Tier::Direct {
        return Err(CoreError::conflict(
            format!(
                "only a direct partner can become an indirect reseller; {} is {}",
                partner.name,
                partner.tier.as_str()
            ),
            format!(
                "seul un partenaire direct peut devenir revendeur indirect ; {} est {}",
                partner.name,
                partner.tier.as_str()
            ),
        ));
    }
    let provider = provider_record(&mut tx, &t.provider_id).await?;
    if t.on < partner.enrolled_on {
        return Err(CoreError::validation(
            format!("the transition date {} is before the partner's CSP enrolment ({})", t.on, partner.enrolled_on),
            format!("la date de transition {} précède l'inscription CSP du partenaire ({})", t.on, partner.enrolled_on),
        ));
    }
    if let Some(last) = store::partners::tier_history(&mut tx, &partner.id).await?.last() {
        if t.on < last.since {
            return Err(CoreError::validation(
                format!("the transition date {} is before the partner's current tier began ({})", t.on, last.since),
                format!("la date de transition {} précède le début du niveau actuel ({})", t.on, last.since),
            ));
        }
    }
    store::partners::set_tier(&mut tx, &partner.id, Tier::IndirectReseller, None).await?;
    store::partners::add_tier_period(&mut tx, &partner.id, Tier::IndirectReseller, t.on).await?;
    store::partners::link_provider(&mut tx, &partner.id, &provider.id, t.on).await?;
    let exempt = store::customers::mark_transition_exempt(&mut tx, &partner.id, t.on).await?;
    let mut moved = 0u64;
    for (sub, cancelled_on, periods) in store::subscription_periods::held_by(&mut tx, &partner.id).await? {
        let changes = subscription::transition_changes(&periods, cancelled_on, &partner.id, &provider.id, t.on);
        if !changes.is_empty() {
            store::subscription_periods::apply_period_changes(&mut tx, &sub, &changes).await?;
            moved += 1;
        }
    }
    tx.commit().await?;
    tracing::info!(partner = %partner.id, provider = %provider.id, on = %t.on, exempt, moved, "partner transitioned");
    show(ctx, &partner.id).await
}

/// The stored partner, or `NOT_FOUND`.
pub async fn record(conn: &mut store::Conn, id: &str) -> Result<PartnerRecord> {
    store::partners::get(conn, id).await?.ok_or_else(|| {
        CoreError::not_found(format!("no partner with ID '{id}'"), format!("aucun partenaire avec l'ID « {id} »"))
    })
}

async fn provider_record(conn: &mut store::Conn, id: &str) -> Result<PartnerRecord> {
    let p = record(conn, id).await?;
    if p.tier() != Tier::IndirectProvider {
        return Err(CoreError::validation(
            format!("{} ({}) is not an indirect provider", p.name, p.id),
            format!("{} ({}) n'est pas un fournisseur indirect", p.name, p.id),
        ));
    }
    Ok(p)
}

async fn validated_new(conn: &mut store::Conn, input: &NewPartner) -> Result<PartnerRecord> {
    let mut record = validated_fields(conn, input, None).await?;
    let tier = record.tier();
    if tier == Tier::IndirectReseller {
        if input.providers.is_empty() {
            return Err(CoreError::validation(
                "an indirect reseller names at least one indirect provider",
                "un revendeur indirect nomme au moins un fournisseur indirect",
            )
            .on(Field::Providers));
        }
        let mut provider_currency = None;
        for id in &input.providers {
            let p = provider_record(conn, id).await.on(Field::Providers)?;
            provider_currency = provider_currency.or(p.currency);
        }
        if let (Some(given), Some(theirs)) = (&record.currency, &provider_currency) {
            if given != theirs {
                return Err(CoreError::validation(
                    format!("a reseller's currency is its provider's contract currency ({theirs}), not {given}"),
                    format!("la devise d'un revendeur est celle du contrat de son fournisseur ({theirs}), pas {given}"),
                )
                .on(Field::Currency));
            }
        }
        // Stored NULL: the provider's contract decides.
        record.currency = None;
    } else if !input.providers.is_empty() {
        return Err(CoreError::validation(
            "only an indirect reseller has providers",
            "seul un revendeur indirect a des fournisseurs",
        )
        .on(Field::Providers));
    } else if record.currency.is_none() {
        return Err(CoreError::validation(
            "the contract currency is required (e.g. EUR)",
            "la devise du contrat est obligatoire (par ex. EUR)",
        )
        .on(Field::Currency));
    }
    Ok(record)
}

/// Validates and normalises the profile fields shared by create and edit.
async fn validated_fields(conn: &mut store::Conn, input: &NewPartner, self_id: Option<&str>) -> Result<PartnerRecord> {
    let name = validate::name("the partner name", "le nom du partenaire", &input.name).on(Field::Name)?;
    let tier = input.tier.ok_or_else(|| {
        CoreError::validation(
            "the tier is required: direct, indirect-provider or indirect-reseller",
            "le niveau est obligatoire : direct, indirect-provider ou indirect-reseller",
        )
        .on(Field::Tier)
    })?;
    let code = validate::country_code(&input.country).on(Field::Country)?;
    let country = store::reference::country(conn, &code)
        .await?
        .ok_or_else(|| validate::unknown_country(&input.country).on(Field::Country))?;
    let currency =
        validate::optional(input.currency.as_deref()).map(|c| Currency::parse(&c)).transpose().on(Field::Currency)?;
    let enrolled_on = input.enrolled_on.ok_or_else(|| {
        CoreError::validation("the CSP enrolment date is required", "la date d'inscription au CSP est obligatoire")
            .on(Field::EnrolledOn)
    })?;
    crate::service::check_date_of(enrolled_on, Field::EnrolledOn)?;
    input.silver_since.map(|d| crate::service::check_date_of(d, Field::SilverSince)).transpose()?;
    let mpn_id =
        validate::optional(input.mpn_id.as_deref()).map(|m| validate::mpn_id(&m)).transpose().on(Field::MpnId)?;
    if let Some(mpn) = &mpn_id {
        if let Some(other) = store::partners::find_by_mpn(conn, mpn).await? {
            if Some(other.id.as_str()) != self_id {
                return Err(CoreError::conflict(
                    format!("Partner ID {mpn} already belongs to {}", other.name),
                    format!("le Partner ID {mpn} appartient déjà à {}", other.name),
                )
                .on(Field::MpnId));
            }
        }
    }
    let vat_id = validate::optional(input.vat_id.as_deref())
        .map(|v| validate::vat_id(&v, &country.code, country.eu_member))
        .transpose()
        .on(Field::VatId)?;
    let email = validate::optional(input.email.as_deref()).map(|e| validate::email(&e)).transpose().on(Field::Email)?;
    let legal = validate::legal_identity(&input.legal.clone().unwrap_or_default())?;
    let mut record = PartnerRecord {
        mpn_id,
        currency,
        mci: input.mci,
        silver_since: input.silver_since,
        vat_id,
        address: crate::service::check_text(
            "the address",
            "l'adresse",
            validate::optional(input.address.as_deref()),
            crate::domain::limits::MAX_TEXT_CHARS,
            Field::Address,
        )?,
        email,
        ..PartnerRecord::new(&uuid::Uuid::new_v4().to_string(), &name, tier, &country.code, enrolled_on)
    };
    record.set_legal(legal);
    Ok(record)
}

/// Builds the full [`Partner`] view of a stored record.
pub async fn assemble(conn: &mut store::Conn, r: PartnerRecord) -> Result<Partner> {
    let mut one = assemble_many(conn, vec![r]).await?;
    one.pop().ok_or_else(|| CoreError::not_found("no such partner", "aucun partenaire de ce type"))
}

/// Builds the [`Partner`] views of stored records in five queries, whatever their number.
pub async fn assemble_many(conn: &mut store::Conn, records: Vec<PartnerRecord>) -> Result<Vec<Partner>> {
    let settings = store::settings::load(conn).await?;
    let dates = settings.program;
    let mut tiers: HashMap<String, Vec<TierPeriod>> = HashMap::new();
    for (id, period) in store::partners::all_tier_periods(conn).await? {
        tiers.entry(id).or_default().push(period);
    }
    let (mut providers, mut resellers): (HashMap<String, Vec<PartnerLink>>, HashMap<String, Vec<PartnerLink>>) =
        Default::default();
    for (reseller, provider) in store::partners::all_links(conn).await? {
        resellers.entry(provider.id.clone()).or_default().push(reseller.clone());
        providers.entry(reseller.id).or_default().push(provider);
    }
    for list in resellers.values_mut() {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    let markets: HashMap<String, String> =
        store::reference::countries(conn).await?.into_iter().map(|c| (c.code, c.market)).collect();
    let currencies: HashMap<String, Option<Currency>> =
        store::partners::list(conn).await?.into_iter().map(|p| (p.id, p.currency)).collect();
    Ok(records
        .into_iter()
        .map(|r| {
            let tier = r.tier();
            let providers = providers.get(&r.id).cloned().unwrap_or_default();
            let currency =
                r.currency.or_else(|| providers.first().and_then(|p| currencies.get(&p.id).copied().flatten()));
            let operating = settings.office_partner_id.as_deref() == Some(r.id.as_str());
            let legal = r.legal();
            Partner {
                new_partner: is_new_partner(r.enrolled_on, &dates),
                market: markets.get(&r.country).cloned().unwrap_or_default(),
                resellers: resellers.get(&r.id).cloned().unwrap_or_default(),
                tier_history: tiers.get(&r.id).cloned().unwrap_or_default(),
                providers,
                id: r.id,
                name: r.name,
                mpn_id: r.mpn_id,
                tier,
                country: r.country,
                currency: currency.map(|c| c.to_string()),
                enrolled_on: r.enrolled_on,
                mci: r.mci,
                silver_since: r.silver_since,
                vat_id: r.vat_id,
                address: r.address,
                email: r.email,
                operating,
                legal,
            }
        })
        .collect())
}
