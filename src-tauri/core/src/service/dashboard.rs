//! The dashboard: the book's figures on a date, decided by `domain::dashboard` (money added
//! exactly, per currency; voided invoices are not invoiced).

use chrono::NaiveDate;

use crate::domain::dashboard::{self, BookContents};
pub use crate::domain::dashboard::{DashboardSummary, InvoiceStatusCounts, MonthTotals, OfferCount};
use crate::domain::Month;
use crate::store;
use crate::store::customers::{SearchQuery, SortKey};
use crate::{Ctx, Result};

/// The dashboard as of `on` (the window passes its book date).
pub async fn summary(ctx: &Ctx, on: NaiveDate) -> Result<DashboardSummary> {
    crate::service::check_date(on)?;
    let subscriptions = crate::service::subscriptions::list(ctx, None).await?;
    let invoices = crate::service::invoices::list(ctx, None, None).await?;
    let month = Month::containing(on).map(|m| m.to_string()).unwrap_or_default();
    let usage = crate::service::usage::summary(ctx, &month).await?;
    let cases = crate::service::support::list(ctx, &Default::default(), Some(on)).await?;
    let mut conn = ctx.pool.acquire().await?;
    let partners = store::partners::list(&mut conn).await?.len();
    // The customers list's own count (its smallest index answers it, whatever the book's size).
    let every = SearchQuery { text: "", partner_id: None, sort: SortKey::Name, descending: false, offset: 0, limit: 1 };
    let (customers, _) = store::customers::search(&mut conn, &every).await?;
    dashboard::summarize(
        on,
        BookContents {
            customers,
            partners: i64::try_from(partners).unwrap_or(i64::MAX),
            subscriptions: &subscriptions,
            invoices: &invoices,
            usage_rows: usage.rows,
            usage_totals: &usage.erp_totals,
            cases: &cases,
        },
    )
}
