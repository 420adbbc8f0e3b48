//! Customer onboarding, multi-partner links, the customers list and the customer page.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::as_of;
use crate::domain::customer::{is_new_customer, Customer, CustomerPage, CustomerUpdate, NewCustomer, Relationship};
use crate::domain::program::ProgramDates;
use crate::domain::rules::{self, MARKET_MISMATCH, TIER_CANNOT_RESELL};
use crate::domain::{market, validate, Currency};
use crate::error::{Field, OnField};
use crate::store::customers::{CustomerRecord, RelationshipRecord, SearchQuery, SortKey};
use crate::store::partners::PartnerRecord;
use crate::store::reference::Country;
use crate::store::{self, begin_write};
use crate::{CoreError, Ctx, Result};

/// Onboards a customer: the customer and its reseller relationship with `partner_id`, in one
/// transaction. Refuses a duplicate domain or tenant, an unknown country, a market mismatch, an
/// empty name, a malformed e-mail or domain, and writes nothing then.
pub async fn onboard(ctx: &Ctx, input: NewCustomer) -> Result<Customer> {
    let today = ctx.today().await?;
    let mut tx = begin_write(&ctx.pool).await?;
    let name = validate::name("the company name", "la raison sociale", &input.name).on(Field::Name)?;
    // A tenant that already exists (its ID given) keeps its verified custom domain; one created here
    // is name.onmicrosoft.com.
    let existing_tenant = validate::optional(input.tenant_id.as_deref()).is_some();
    let domain = validate::customer_domain(&input.domain, existing_tenant).on(Field::Domain)?;
    let country = country(&mut tx, &input.country).await.on(Field::Country)?;
    let partner = reseller_of_record(&mut tx, &input.partner_id).await.on(Field::PartnerId)?;
    check_market(&mut tx, &partner, &country).await.on(Field::Country)?;
    let email = validate::optional(input.email.as_deref()).map(|e| validate::email(&e)).transpose().on(Field::Email)?;
    let vat_id = validate::optional(input.vat_id.as_deref())
        .map(|v| validate::vat_id(&v, &country.code, country.eu_member))
        .transpose()
        .on(Field::VatId)?;
    let siren = validate::optional(input.siren.as_deref()).map(|s| validate::siren(&s)).transpose().on(Field::Siren)?;
    let tenant_id = match validate::optional(input.tenant_id.as_deref()) {
        Some(t) => validate::guid("the tenant ID", "l'ID de tenant", &t).on(Field::TenantId)?,
        None => uuid::Uuid::new_v4().to_string(),
    };
    if let Some(other) = store::customers::find_by_domain(&mut tx, &domain).await? {
        return Err(CoreError::conflict(
            format!("the domain {domain} already belongs to {}: link that tenant instead", other.name),
            format!("le domaine {domain} appartient déjà à {} : liez plutôt ce tenant", other.name),
        )
        .on(Field::Domain));
    }
    if let Some(other) = store::customers::find_by_tenant(&mut tx, &tenant_id).await? {
        return Err(CoreError::conflict(
            format!("the tenant {tenant_id} already belongs to {}: link that tenant instead", other.name),
            format!("le tenant {tenant_id} appartient déjà à {} : liez plutôt ce tenant", other.name),
        )
        .on(Field::TenantId));
    }
    let billing_currency = billing_currency(input.billing_currency.as_deref())?;
    let since = crate::service::check_date_of(input.relationship_since.unwrap_or(today), Field::RelationshipSince)?;
    let record = CustomerRecord {
        id: uuid::Uuid::new_v4().to_string(),
        tenant_id,
        name,
        domain,
        country: country.code.clone(),
        address: crate::service::check_text(
            "the address",
            "l'adresse",
            validate::optional(input.address.as_deref()),
            crate::domain::limits::MAX_TEXT_CHARS,
            Field::Address,
        )?,
        email,
        vat_id,
        siren,
        gcc: input.gcc,
        delivery_address: validate::optional(input.delivery_address.as_deref()),
    };
    store::customers::insert(&mut tx, &record).await?;
    if billing_currency.is_some() {
        store::customers::set_billing_currency(&mut tx, &record.id, billing_currency).await?;
    }
    store::customers::insert_relationship(&mut tx, &partner.id, &record.id, since).await?;
    tx.commit().await?;
    tracing::info!(customer = %record.id, partner = %partner.id, "customer onboarded");
    show(ctx, &record.id).await
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LinkRequest {
    pub customer_id: String,
    pub partner_id: String,
    pub on: NaiveDate,
}

/// Multi-partner / multi-channel: one more partner for an existing tenant.
pub async fn link(ctx: &Ctx, req: LinkRequest) -> Result<Relationship> {
    crate::service::check_date(req.on)?;
    let mut tx = begin_write(&ctx.pool).await?;
    let customer = record(&mut tx, &req.customer_id).await?;
    let partner = reseller_of_record(&mut tx, &req.partner_id).await?;
    let country = country(&mut tx, &customer.country).await?;
    check_market(&mut tx, &partner, &country).await?;
    if store::customers::relationship(&mut tx, &partner.id, &customer.id).await?.is_some() {
        return Err(CoreError::conflict(
            format!("{} already has a relationship with {}", partner.name, customer.name),
            format!("{} a déjà une relation avec {}", partner.name, customer.name),
        ));
    }
    store::customers::insert_relationship(&mut tx, &partner.id, &customer.id, req.on).await?;
    let rel =
        store::customers::relationship(&mut tx, &partner.id, &customer.id).await?.expect("relationship just written");
    let dates = store::settings::load(&mut tx).await?.program;
    tx.commit().await?;
    Ok(relationship_view(rel, &dates))
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CustomerSearch {
    pub text: String,
    pub partner_id: Option<String>,
    /// `name` (default), `domain`, `country` or `since`.
    pub sort: Option<String>,
    pub descending: bool,
    #[ts(type = "number")]
    pub offset: i64,
    /// Default 200, at most 1,000.
    #[ts(type = "number | null")]
    pub limit: Option<i64>,
    /// The book on a date: only the customers held on it, with the relationships of that date.
    #[ts(optional = nullable)]
    pub as_of: Option<NaiveDate>,
}

/// One page of the customers list: search as you type over name, domain and tenant ID.
pub async fn search(ctx: &Ctx, s: CustomerSearch) -> Result<CustomerPage> {
    let sort = match s.sort.as_deref().unwrap_or("name") {
        "name" => SortKey::Name,
        "domain" => SortKey::Domain,
        "country" => SortKey::Country,
        "since" => SortKey::Since,
        other => {
            return Err(CoreError::validation(
                format!("cannot sort customers by '{other}' (name, domain, country, since)"),
                format!("tri des clients impossible par « {other} » (name, domain, country, since)"),
            ))
        }
    };
    let as_of = s.as_of.map(crate::service::check_date).transpose()?;
    let limit = s.limit.unwrap_or(200).clamp(1, 1000);
    let offset = s.offset.max(0);
    let mut conn = store::read(&ctx.pool).await?;
    let q = SearchQuery {
        text: &s.text,
        partner_id: s.partner_id.as_deref().filter(|p| !p.is_empty()),
        sort,
        descending: s.descending,
        offset,
        limit,
        as_of,
    };
    let (total, rows) = store::customers::search(&mut conn, &q).await?;
    Ok(CustomerPage { total, offset, rows })
}

/// Every customer matching the filters, for the CLI's `customer list`.
pub async fn list_all(ctx: &Ctx, partner_id: Option<String>, text: Option<String>) -> Result<Vec<Customer>> {
    list_all_as_of(ctx, partner_id, text, None).await
}

/// [`list_all`] as the book stood on `as_of`: the customers held on that date, with the
/// relationships of that date. Pages of the search, then every customer and relationship in two
/// queries: a few queries whatever the book's size.
pub async fn list_all_as_of(
    ctx: &Ctx,
    partner_id: Option<String>,
    text: Option<String>,
    as_of: Option<NaiveDate>,
) -> Result<Vec<Customer>> {
    let mut ids = Vec::new();
    let mut offset = 0;
    loop {
        let page = search(
            ctx,
            CustomerSearch {
                text: text.clone().unwrap_or_default(),
                partner_id: partner_id.clone(),
                offset,
                limit: Some(1000),
                as_of,
                ..Default::default()
            },
        )
        .await?;
        let n = page.rows.len() as i64;
        ids.extend(page.rows.into_iter().map(|r| r.id));
        offset += n;
        if n == 0 || offset >= page.total {
            break;
        }
    }
    let mut conn = store::read(&ctx.pool).await?;
    let dates = store::settings::load(&mut conn).await?.program;
    let markets: HashMap<String, String> =
        store::reference::countries(&mut conn).await?.into_iter().map(|c| (c.code, c.market)).collect();
    let mut relationships: HashMap<String, Vec<RelationshipRecord>> = HashMap::new();
    for r in store::customers::all_relationships(&mut conn).await? {
        relationships.entry(r.customer_id.clone()).or_default().push(r);
    }
    let mut records: HashMap<String, CustomerRecord> =
        store::customers::all(&mut conn).await?.into_iter().map(|r| (r.id.clone(), r)).collect();
    let mut currencies = store::customers::billing_currencies(&mut conn).await?;
    Ok(ids
        .into_iter()
        .filter_map(|id| {
            let r = records.remove(&id)?;
            let market = markets.get(&r.country).cloned().unwrap_or_default();
            let rels = relationships.remove(&id).unwrap_or_default();
            let currency = currencies.remove(&id);
            let latest = customer_view(r, market, rels, currency, &dates);
            match as_of {
                Some(d) => as_of::customer_on(latest, d),
                None => Some(latest),
            }
        })
        .collect())
}

pub async fn show(ctx: &Ctx, id: &str) -> Result<Customer> {
    show_as_of(ctx, id, None).await
}

/// The customer as it stood on `as_of`: the relationships established on or before it;
/// `NOT_FOUND` when no partner held it yet.
pub async fn show_as_of(ctx: &Ctx, id: &str, as_of: Option<NaiveDate>) -> Result<Customer> {
    let as_of = as_of.map(crate::service::check_date).transpose()?;
    let mut conn = store::read(&ctx.pool).await?;
    let r = record(&mut conn, id).await?;
    let dates = store::settings::load(&mut conn).await?.program;
    let market = store::reference::country(&mut conn, &r.country).await?.map(|c| c.market).unwrap_or_default();
    let rels = store::customers::relationships_of(&mut conn, &r.id).await?;
    let billing_currency = store::customers::billing_currency(&mut conn, &r.id).await?;
    let latest = customer_view(r, market, rels, billing_currency, &dates);
    match as_of {
        None => Ok(latest),
        Some(d) => {
            let name = latest.name.clone();
            as_of::customer_on(latest, d).ok_or_else(|| {
                CoreError::not_found(
                    format!("{name} was not a customer of any partner yet on {d}"),
                    format!("{name} n'était encore le client d'aucun partenaire le {d}"),
                )
            })
        }
    }
}

fn customer_view(
    r: CustomerRecord,
    market: String,
    rels: Vec<RelationshipRecord>,
    billing_currency: Option<Currency>,
    dates: &ProgramDates,
) -> Customer {
    Customer {
        billing_currency: billing_currency.map(|c| c.to_string()),
        relationships: rels.into_iter().map(|rel| relationship_view(rel, dates)).collect(),
        id: r.id,
        tenant_id: r.tenant_id,
        name: r.name,
        domain: r.domain,
        country: r.country,
        market,
        address: r.address,
        email: r.email,
        vat_id: r.vat_id,
        siren: r.siren,
        delivery_address: r.delivery_address,
        gcc: r.gcc,
    }
}

/// Edits a customer's name, addresses, e-mail, VAT ID and SIREN (`None` keeps a field, an empty
/// text clears it), checked as onboarding checks them, in one transaction. Documents already
/// issued keep the facts they froze; drafts show the new details.
pub async fn update(ctx: &Ctx, id: &str, input: CustomerUpdate) -> Result<Customer> {
    let mut tx = begin_write(&ctx.pool).await?;
    let mut c = record(&mut tx, id).await?;
    if let Some(name) = &input.name {
        c.name = validate::name("the company name", "la raison sociale", name).on(Field::Name)?;
    }
    if let Some(a) = &input.address {
        c.address = validate::optional(Some(a));
    }
    if let Some(a) = &input.delivery_address {
        c.delivery_address = validate::optional(Some(a));
    }
    if let Some(e) = &input.email {
        c.email = validate::optional(Some(e)).map(|e| validate::email(&e)).transpose().on(Field::Email)?;
    }
    if let Some(v) = &input.vat_id {
        let country = country(&mut tx, &c.country).await?;
        c.vat_id = validate::optional(Some(v))
            .map(|v| validate::vat_id(&v, &country.code, country.eu_member))
            .transpose()
            .on(Field::VatId)?;
    }
    if let Some(s) = &input.siren {
        c.siren = validate::optional(Some(s)).map(|s| validate::siren(&s)).transpose().on(Field::Siren)?;
    }
    store::customers::update_details(&mut tx, &c).await?;
    if let Some(cur) = &input.billing_currency {
        let cur = billing_currency(Some(cur))?;
        store::customers::set_billing_currency(&mut tx, id, cur).await?;
    }
    tx.commit().await?;
    tracing::info!(customer = %id, "customer updated");
    show(ctx, id).await
}

/// A customer's billing currency as given: empty is none (its usage's currency), else an ISO 4217
/// code.
fn billing_currency(input: Option<&str>) -> Result<Option<Currency>> {
    validate::optional(input).map(|c| Currency::parse(&c)).transpose().on(Field::BillingCurrency)
}

/// Countries with their markets (for pickers).
pub async fn countries(ctx: &Ctx) -> Result<Vec<Country>> {
    let mut conn = store::read(&ctx.pool).await?;
    store::reference::countries(&mut conn).await
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MarketCheck {
    pub allowed: bool,
    pub rule: String,
    pub message: String,
    pub message_fr: String,
    pub partner_market: String,
    pub customer_market: String,
}

/// Asks, never writes: may this partner sell to a customer in `country`? (the wizard checks live)
pub async fn market_check(ctx: &Ctx, partner_id: &str, country_code: &str) -> Result<MarketCheck> {
    let mut conn = store::read(&ctx.pool).await?;
    let partner = crate::service::partners::record(&mut conn, partner_id).await?;
    let country = country(&mut conn, country_code).await?;
    let partner_market = partner_market(&mut conn, &partner).await?;
    let rule = market::check(&partner_market, &country.market);
    Ok(MarketCheck {
        allowed: rule == rules::MARKET_OK,
        rule: rule.id.to_string(),
        message: rule.en.to_string(),
        message_fr: rule.fr.to_string(),
        partner_market,
        customer_market: country.market,
    })
}

pub async fn record(conn: &mut store::Conn, id: &str) -> Result<CustomerRecord> {
    store::customers::get(conn, id).await?.ok_or_else(|| {
        CoreError::not_found(format!("no customer with ID '{id}'"), format!("aucun client avec l'ID « {id} »"))
    })
}

async fn country(conn: &mut store::Conn, code: &str) -> Result<Country> {
    let normalised = validate::country_code(code)?;
    store::reference::country(conn, &normalised).await?.ok_or_else(|| validate::unknown_country(code))
}

/// The partner who will hold the relationship: a direct partner or an indirect reseller.
async fn reseller_of_record(conn: &mut store::Conn, partner_id: &str) -> Result<PartnerRecord> {
    let partner = crate::service::partners::record(conn, partner_id).await?;
    if !partner.tier().holds_customers() {
        return Err(CoreError::rule(
            TIER_CANNOT_RESELL.id,
            format!("{}: {}", partner.name, TIER_CANNOT_RESELL.en),
            format!("{} : {}", partner.name, TIER_CANNOT_RESELL.fr),
        ));
    }
    Ok(partner)
}

async fn partner_market(conn: &mut store::Conn, partner: &PartnerRecord) -> Result<String> {
    Ok(store::reference::country(conn, &partner.country).await?.map(|c| c.market).unwrap_or_default())
}

async fn check_market(conn: &mut store::Conn, partner: &PartnerRecord, country: &Country) -> Result<()> {
    let partner_market = partner_market(conn, partner).await?;
    if market::check(&partner_market, &country.market) == MARKET_MISMATCH {
        return Err(CoreError::rule(
            MARKET_MISMATCH.id,
            format!(
                "{} ({}, market {partner_market}) cannot sell to a customer in {} (market {}): {}",
                partner.name, partner.country, country.name_en, country.market, MARKET_MISMATCH.en
            ),
            format!(
                "{} ({}, marché {partner_market}) ne peut pas vendre à un client en {} (marché {}) : {}",
                partner.name, partner.country, country.name_fr, country.market, MARKET_MISMATCH.fr
            ),
        ));
    }
    Ok(())
}

fn relationship_view(r: RelationshipRecord, dates: &ProgramDates) -> Relationship {
    Relationship {
        new_customer: is_new_customer(r.since, dates),
        partner_id: r.partner_id,
        partner_name: r.partner_name,
        customer_id: r.customer_id,
        since: r.since,
        transition_exempt_from: r.transition_exempt_from,
    }
}
