//! The price list, program pricing rates, selling-price rules (markups) and exchange rates.

use std::collections::BTreeSet;
use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::error::Field;
use crate::domain::pricing::{self, MarkupRule, MarkupScope};
use crate::domain::{limits, money, validate};
use crate::domain::{Currency, Month};
use crate::error::OnField;
use crate::store::{self, begin_write};
use crate::{CoreError, Ctx, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PriceImportResult {
    /// Distinct meters in the file.
    #[ts(type = "number")]
    pub meters: u64,
    /// Prices (meter × currency × effective date) stored.
    #[ts(type = "number")]
    pub prices: u64,
}

/// Imports a price list CSV (format in docs/file-formats.md); one bad row refuses the file.
pub async fn import(ctx: &Ctx, path: &Path) -> Result<PriceImportResult> {
    let file = std::fs::File::open(path).map_err(|e| {
        CoreError::validation(
            format!("cannot read {}: {e}", path.display()),
            format!("lecture impossible de {} : {e}", path.display()),
        )
    })?;
    import_from(ctx, std::io::BufReader::new(file)).await
}

pub async fn import_from(ctx: &Ctx, input: impl std::io::Read) -> Result<PriceImportResult> {
    let rows = crate::import::prices::read(input)?;
    let mut tx = begin_write(&ctx.pool).await?;
    for r in &rows {
        store::prices::upsert(&mut tx, r).await?;
    }
    tx.commit().await?;
    let meters = rows.iter().map(|r| r.meter_id.as_str()).collect::<BTreeSet<_>>().len() as u64;
    Ok(PriceImportResult { meters, prices: rows.len() as u64 })
}

/// `markup set`: the scope of a rule and its percent (negative: a discount).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MarkupInput {
    pub issuer_id: String,
    pub customer_id: Option<String>,
    pub category: Option<String>,
    pub reseller_id: Option<String>,
    #[ts(type = "string")]
    pub percent: Decimal,
}

/// A stored rule with the scope it applies at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MarkupView {
    #[serde(flatten)]
    pub rule: MarkupRule,
    pub scope: MarkupScope,
}

pub async fn markup_set(ctx: &Ctx, input: MarkupInput) -> Result<MarkupView> {
    let customer_id = validate::optional(input.customer_id.as_deref());
    let category = validate::optional(input.category.as_deref());
    let reseller_id = validate::optional(input.reseller_id.as_deref());
    if category.is_some() && customer_id.is_none() {
        return Err(CoreError::validation(
            "a meter-category rule names its customer",
            "une règle par catégorie de compteur nomme son client",
        ));
    }
    if customer_id.is_some() && reseller_id.is_some() {
        return Err(CoreError::validation(
            "a rule is for a customer or for a reseller, not both",
            "une règle vise un client ou un revendeur, pas les deux",
        ));
    }
    limits::markup_percent(input.percent).map_err(|e| e.about("the markup", "la marge").on(Field::Percent))?;
    if let Some(c) = &category {
        limits::text(c, limits::MAX_NAME_CHARS)
            .map_err(|e| e.about("the meter category", "la catégorie de compteur"))?;
    }
    let mut tx = begin_write(&ctx.pool).await?;
    crate::service::partners::record(&mut tx, &input.issuer_id).await?;
    if let Some(c) = &customer_id {
        crate::service::customers::record(&mut tx, c).await?;
    }
    if let Some(r) = &reseller_id {
        crate::service::partners::record(&mut tx, r).await?;
    }
    let rule = MarkupRule {
        issuer_id: input.issuer_id,
        customer_id,
        category,
        reseller_id,
        percent: input.percent.normalize(),
    };
    store::markups::upsert(&mut tx, &rule).await?;
    tx.commit().await?;
    Ok(MarkupView { scope: rule.scope(), rule })
}

pub async fn markup_list(ctx: &Ctx, issuer_id: Option<&str>) -> Result<Vec<MarkupView>> {
    let mut conn = store::read(&ctx.pool).await?;
    Ok(store::markups::list(&mut conn, issuer_id)
        .await?
        .into_iter()
        .map(|rule| MarkupView { scope: rule.scope(), rule })
        .collect())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PricePreviewInput {
    pub issuer_id: String,
    pub customer_id: Option<String>,
    /// A provider's reseller: the price billed to it (the customer's rules do not apply then).
    pub reseller_id: Option<String>,
    pub category: String,
    /// ERP (Partner Center's `UnitPrice`) in the pricing currency.
    #[ts(type = "string")]
    pub erp: Decimal,
    /// `PCToBCExchangeRate`, default 1.
    #[ts(type = "string | null")]
    pub pc_to_bc_rate: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PricePreview {
    #[ts(type = "string")]
    pub percent: Decimal,
    pub scope: MarkupScope,
    /// Unrounded selling unit price.
    #[ts(type = "string")]
    pub unit_price: Decimal,
}

/// The selling price the issuer's rules give a meter (the markup editor's preview).
pub async fn preview(ctx: &Ctx, input: PricePreviewInput) -> Result<PricePreview> {
    limits::unit_price(input.erp).map_err(|e| e.about("the ERP", "le PFC").on(Field::Price))?;
    let pc_to_bc = input.pc_to_bc_rate.unwrap_or(Decimal::ONE);
    limits::exchange_rate(pc_to_bc).map_err(|e| e.about("the exchange rate", "le taux de change").on(Field::Rate))?;
    let mut conn = store::read(&ctx.pool).await?;
    let rules = store::markups::list(&mut conn, Some(&input.issuer_id)).await?;
    let (percent, scope) =
        pricing::select_markup(&rules, input.customer_id.as_deref(), &input.category, input.reseller_id.as_deref());
    let unit_price = pricing::selling_unit_price(input.erp, pc_to_bc, percent)?;
    Ok(PricePreview { percent, scope, unit_price: unit_price.normalize() })
}

/// A monthly rate converting `from` into `to`, as Settings hold it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExchangeRate {
    /// `YYYY-MM`.
    pub month: String,
    pub from: String,
    pub to: String,
    #[ts(type = "string")]
    pub rate: Decimal,
}

/// Every monthly exchange rate set, newest month first.
pub async fn exchange_rates(ctx: &Ctx) -> Result<Vec<ExchangeRate>> {
    let mut conn = store::read(&ctx.pool).await?;
    store::prices::all_exchange_rates(&mut conn)
        .await?
        .into_iter()
        .map(|(month, from, to, rate)| {
            let rate = rate.parse().map_err(|_| {
                CoreError::validation(
                    format!("the stored exchange rate {from} → {to} for {month} is not a number: '{rate}'"),
                    format!("le taux de change enregistré {from} → {to} pour {month} n'est pas un nombre : « {rate} »"),
                )
            })?;
            Ok(ExchangeRate { month: month.to_string(), from, to, rate })
        })
        .collect()
}

/// Sets the monthly rate converting `from` into `to` (a customer billed in another currency).
pub async fn set_exchange_rate(ctx: &Ctx, month: &str, from: &str, to: &str, rate: &str) -> Result<Decimal> {
    Ok(exchange_rate_set(ctx, month, from, to, rate).await?.rate)
}

/// Sets the monthly rate converting `from` into `to` and returns it as stored.
pub async fn exchange_rate_set(ctx: &Ctx, month: &str, from: &str, to: &str, rate: &str) -> Result<ExchangeRate> {
    let month = Month::parse(month)?;
    let from = Currency::parse(from).on(Field::Currency)?;
    let to = Currency::parse(to).on(Field::Currency)?;
    if from == to {
        return Err(CoreError::validation(
            format!("a rate converts one currency into another: {from} → {to} converts nothing"),
            format!("un taux convertit une devise en une autre : {from} → {to} ne convertit rien"),
        )
        .on(Field::Currency));
    }
    let rate = money::parse(rate).filter(|r| *r > Decimal::ZERO).ok_or_else(|| {
        CoreError::validation(
            format!("'{rate}' is not a positive rate"),
            format!("« {rate} » n'est pas un taux positif"),
        )
        .on(Field::Rate)
    })?;
    limits::exchange_rate(rate).map_err(|e| e.about("the exchange rate", "le taux de change").on(Field::Rate))?;
    let mut tx = begin_write(&ctx.pool).await?;
    store::prices::set_exchange_rate(&mut tx, month, from, to, rate).await?;
    tx.commit().await?;
    Ok(ExchangeRate { month: month.to_string(), from: from.to_string(), to: to.to_string(), rate })
}
