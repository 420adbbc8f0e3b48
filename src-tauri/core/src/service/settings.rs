//! Settings: issuer identity (the operating partner's, on its partner row), legal mentions, program
//! dates and rates, preferences.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::settings::{self, Settings};
use crate::store::{self, begin_write};
use crate::{Ctx, Result};

/// The dates a window works with when it reads the book as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BookDates {
    /// The date the window reads the book at: the date chosen, else the computer's date, or a demo
    /// book's pinned date.
    pub today: NaiveDate,
    /// The default date of a dated write: the computer's date in a real book whatever date the
    /// window shows; in a demo book, the date the window reads it at.
    pub write_today: NaiveDate,
    /// A demo book: its writes default to the date the window reads it at.
    pub demo: bool,
}

/// The dates of a window reading the book as of `as_of` (None: today).
pub async fn dates(ctx: &Ctx, as_of: Option<NaiveDate>) -> Result<BookDates> {
    let demo = ctx.is_demo().await?;
    let today = match as_of {
        Some(d) => d,
        None => ctx.today().await?,
    };
    let write_today = if demo { today } else { ctx.write_date().await? };
    Ok(BookDates { today, write_today, demo })
}

/// Every stored setting, plus the program defaults for keys never set.
pub async fn show(ctx: &Ctx) -> Result<BTreeMap<String, String>> {
    let mut conn = store::read(&ctx.pool).await?;
    let mut all = store::settings::all(&mut *conn).await?;
    // The defaults fill only keys never set: a stored value shows as it is, even one that no longer
    // parses, so that the user sees it and can set it again.
    for (k, v) in Settings::default().defaults_shown() {
        all.entry(k.to_string()).or_insert(v);
    }
    // The `issuer.*` identity keys are the operating partner's own legal identity, read from it.
    let legal = match store::settings::load(&mut conn).await?.office_partner_id {
        Some(id) => store::partners::get(&mut conn, &id).await?.map(|p| p.legal()),
        None => None,
    }
    .unwrap_or_default();
    for (k, v) in settings::identity_pairs(&legal) {
        all.insert(k.to_string(), v);
    }
    Ok(all)
}

/// Sets one setting; the value is checked against the key's form first.
pub async fn set(ctx: &Ctx, key: &str, value: &str) -> Result<BTreeMap<String, String>> {
    let value = settings::check(key, value)?;
    if settings::IDENTITY_KEYS.contains(&key) {
        crate::service::partners::set_operating_identity(ctx, key, &value).await?;
        tracing::info!(key, "operating partner's legal identity changed");
        return show(ctx).await;
    }
    if key == settings::key::OFFICE_PARTNER_ID {
        let mut conn = store::read(&ctx.pool).await?;
        crate::service::partners::record(&mut conn, &value).await?;
    }
    let mut tx = begin_write(&ctx.pool).await?;
    store::settings::set(&mut *tx, key, &value).await?;
    tx.commit().await?;
    tracing::info!(key, "setting changed");
    show(ctx).await
}
