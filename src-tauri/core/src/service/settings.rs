//! Settings: issuer identity, legal mentions, program dates and rates, preferences.

use std::collections::BTreeMap;

use crate::domain::settings;
use crate::store::{self, begin_write};
use crate::{Ctx, Result};

/// Every stored setting, plus the program defaults for keys never set.
pub async fn show(ctx: &Ctx) -> Result<BTreeMap<String, String>> {
    let mut conn = ctx.pool.acquire().await?;
    let mut all = store::settings::all(&mut *conn).await?;
    let dates = program_dates(&mut conn).await?;
    let rates = program_rates(&mut conn).await?;
    let defaults = [
        ("program.phase1", dates.phase1.to_string()),
        ("program.phase2", dates.phase2.to_string()),
        ("program.phase3", dates.phase3.map(|d| d.to_string()).unwrap_or_default()),
        ("program.silver_bonus_from", dates.silver_bonus_from.to_string()),
        ("program.mci_rate", rates.mci_rate.to_string()),
        ("program.silver_rate", rates.silver_rate.to_string()),
        ("business.today", String::new()),
        ("issuer.payment_terms_days", "30".to_string()),
        ("program.legacy_discount", crate::domain::pricing::PricingRates::default().legacy_discount.to_string()),
        ("program.pec_rate", crate::domain::pricing::PricingRates::default().pec_rate.to_string()),
    ];
    for (k, v) in defaults {
        all.entry(k.to_string()).or_insert(v);
    }
    Ok(all)
}

/// Sets one setting; the value is checked against the key's form first.
pub async fn set(ctx: &Ctx, key: &str, value: &str) -> Result<BTreeMap<String, String>> {
    let value = settings::check(key, value)?;
    if key == "office.partner_id" {
        let mut conn = ctx.pool.acquire().await?;
        crate::service::partners::record(&mut conn, &value).await?;
    }
    let mut tx = begin_write(&ctx.pool).await?;
    store::settings::set(&mut *tx, key, &value).await?;
    tx.commit().await?;
    tracing::info!(key, "setting changed");
    show(ctx).await
}

pub use crate::store::settings::{program_dates, program_rates};
