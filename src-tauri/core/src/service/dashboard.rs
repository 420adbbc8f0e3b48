//! The dashboard: the book's figures on a date, decided by `domain::dashboard` (money added
//! exactly, per currency; voided invoices are not invoiced).

use chrono::NaiveDate;

use crate::domain::as_of;
use crate::domain::dashboard::{self, BookContents};
pub use crate::domain::dashboard::{DashboardSummary, InvoiceStatusCounts, MonthTotals, OfferCount};
use crate::domain::Month;
use crate::store;
use crate::store::customers::{SearchQuery, SortKey};
use crate::{Ctx, Result};

/// The dashboard as the book stood on `on` (the window passes its "as of" date): customers held,
/// partners enrolled, subscriptions with their status of that day, usage dated up to it, invoices
/// with the status their dates give them on it, cases as they stood.
pub async fn summary(ctx: &Ctx, on: NaiveDate) -> Result<DashboardSummary> {
    crate::service::check_date(on)?;
    let subscriptions = crate::service::subscriptions::list_for_counts(ctx, on).await?;
    let invoices = as_of::figures_on(crate::service::invoices::figures(ctx).await?, on);
    let month = Month::containing(on).map(|m| m.to_string()).unwrap_or_default();
    let (usage_rows, usage_totals) = crate::service::usage::figures_until(ctx, &month, Some(on)).await?;
    let cases = crate::service::support::list(ctx, &Default::default(), Some(on)).await?;
    let mut conn = store::read(&ctx.pool).await?;
    let partners = store::partners::list(&mut conn).await?.into_iter().filter(|p| p.enrolled_on <= on).count();
    // The customers list's own count: those some partner held on the date.
    let every = SearchQuery {
        text: "",
        partner_id: None,
        sort: SortKey::Name,
        descending: false,
        offset: 0,
        limit: 1,
        as_of: Some(on),
    };
    let (customers, _) = store::customers::search(&mut conn, &every).await?;
    dashboard::summarize(
        on,
        BookContents {
            customers,
            partners: i64::try_from(partners).unwrap_or(i64::MAX),
            subscriptions: &subscriptions,
            invoices: &invoices,
            usage_rows,
            usage_totals: &usage_totals,
            cases: &cases,
        },
    )
}
