//! The dashboard's figures (DOMAIN.md "The book on a date"): what the book holds on a date, with
//! money added exactly and per currency — two currencies are never added together.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use crate::invoice::{counts_as_invoiced, InvoiceFigures, InvoiceStatus};
use crate::offer::Offer;
use crate::subscription::{is_active_on, Subscription, SubscriptionStatus};
use crate::support::SupportCase;
use crate::{CoreError, Month};

/// How many months the invoiced-by-month chart covers, ending with the month of the date.
pub const CHART_MONTHS: u32 = 12;

/// Amounts per currency (ISO 4217 code → exact total).
pub type Totals = BTreeMap<String, Decimal>;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OfferCount {
    pub offer: Offer,
    #[ts(type = "number")]
    pub count: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct InvoiceStatusCounts {
    #[ts(type = "number")]
    pub draft: i64,
    #[ts(type = "number")]
    pub issued: i64,
    #[ts(type = "number")]
    pub paid: i64,
    #[ts(type = "number")]
    pub voided: i64,
}

/// The invoiced totals of one usage month.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MonthTotals {
    /// `YYYY-MM`.
    pub month: String,
    #[ts(type = "Record<string, string>")]
    pub totals: Totals,
}

/// The dashboard as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DashboardSummary {
    pub on: NaiveDate,
    /// The month of `on` (`YYYY-MM`): the usage and invoiced tiles are this month's.
    pub month: String,
    #[ts(type = "number")]
    pub customers: i64,
    #[ts(type = "number")]
    pub partners: i64,
    /// Subscriptions active on `on` and not suspended, in all and per offer (most first).
    #[ts(type = "number")]
    pub active_subscriptions: i64,
    pub active_by_offer: Vec<OfferCount>,
    /// The month's usage rows and their ERP value per billing currency.
    #[ts(type = "number")]
    pub usage_rows: i64,
    #[ts(type = "Record<string, string>")]
    pub usage_totals: Totals,
    /// Invoiced (issued or paid invoices, see `invoice::counts_as_invoiced`) with an issue date in
    /// the month, per currency.
    #[ts(type = "Record<string, string>")]
    pub invoiced_totals: Totals,
    /// Every invoice and credit note by status.
    pub invoices_by_status: InvoiceStatusCounts,
    /// Invoiced per usage month, the [`CHART_MONTHS`] months up to the month of `on`, oldest first.
    pub invoiced_by_month: Vec<MonthTotals>,
    /// Support cases open or escalated on `on`, and those of them past their response target.
    #[ts(type = "number")]
    pub open_cases: i64,
    #[ts(type = "number")]
    pub overdue_cases: i64,
}

/// What the figures are made of, as the service reads it from the book.
#[derive(Debug, Clone, Copy)]
pub struct BookContents<'a> {
    pub customers: i64,
    pub partners: i64,
    pub subscriptions: &'a [Subscription],
    pub invoices: &'a [InvoiceFigures],
    /// The month's usage: rows and ERP per currency (already rounded per group).
    pub usage_rows: i64,
    pub usage_totals: &'a Totals,
    /// The support cases as they stood on the date.
    pub cases: &'a [SupportCase],
}

/// The `count` months up to and including the month of `on`, oldest first.
pub fn months_up_to(on: NaiveDate, count: u32) -> Vec<Month> {
    (0..count).rev().filter_map(|back| on.checked_sub_months(Months::new(back)).and_then(Month::containing)).collect()
}

/// The dashboard's figures on `on` (`VALIDATION` only for a date at the very end of the calendar).
pub fn summarize(on: NaiveDate, book: BookContents<'_>) -> Result<DashboardSummary, CoreError> {
    let month = Month::containing(on).ok_or_else(|| {
        CoreError::validation(format!("{on} has no calendar month"), format!("le {on} n'a pas de mois calendaire"))
    })?;

    let mut by_offer: Vec<OfferCount> = Offer::ALL.iter().map(|&offer| OfferCount { offer, count: 0 }).collect();
    for s in book.subscriptions {
        let active = s.status != SubscriptionStatus::Suspended && is_active_on(s.created_on, s.cancelled_on, on);
        if let Some(entry) = by_offer.iter_mut().find(|e| e.offer == s.offer).filter(|_| active) {
            entry.count += 1;
        }
    }
    by_offer.retain(|e| e.count > 0);
    // Most first; ties keep the catalogue's order (the sort is stable).
    by_offer.sort_by_key(|e| std::cmp::Reverse(e.count));

    let mut statuses = InvoiceStatusCounts::default();
    for i in book.invoices {
        match i.status {
            InvoiceStatus::Draft => statuses.draft += 1,
            InvoiceStatus::Issued => statuses.issued += 1,
            InvoiceStatus::Paid => statuses.paid += 1,
            InvoiceStatus::Voided => statuses.voided += 1,
        }
    }

    let invoiced: Vec<&InvoiceFigures> =
        book.invoices.iter().filter(|i| counts_as_invoiced(i.kind, i.status)).collect();
    let this_month = add_up(invoiced.iter().copied().filter(|i| i.issued_on.is_some_and(|d| month.contains(d))));
    let invoiced_by_month = months_up_to(on, CHART_MONTHS)
        .into_iter()
        .map(|m| {
            let key = m.to_string();
            MonthTotals { totals: add_up(invoiced.iter().copied().filter(|i| i.month == key)), month: key }
        })
        .collect();

    Ok(DashboardSummary {
        on,
        month: month.to_string(),
        customers: book.customers,
        partners: book.partners,
        active_subscriptions: by_offer.iter().map(|e| e.count).sum(),
        active_by_offer: by_offer,
        usage_rows: book.usage_rows,
        usage_totals: book.usage_totals.clone(),
        invoiced_totals: this_month,
        invoices_by_status: statuses,
        invoiced_by_month,
        open_cases: count(book.cases.iter().filter(|c| c.status.is_active())),
        overdue_cases: count(book.cases.iter().filter(|c| c.overdue)),
    })
}

fn count<T>(items: impl Iterator<Item = T>) -> i64 {
    i64::try_from(items.count()).unwrap_or(i64::MAX)
}

/// Exact totals per currency.
fn add_up<'a>(docs: impl Iterator<Item = &'a InvoiceFigures>) -> Totals {
    let mut out = Totals::new();
    for i in docs {
        *out.entry(i.currency.clone()).or_default() += i.total;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoice::InvoiceKind;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn doc(
        _id: &str,
        kind: InvoiceKind,
        status: InvoiceStatus,
        currency: &str,
        month: &str,
        issued: Option<&str>,
        total: &str,
    ) -> InvoiceFigures {
        InvoiceFigures {
            kind,
            status,
            month: month.into(),
            currency: currency.into(),
            total: dec(total),
            issued_on: issued.map(d),
            paid_on: None,
            voided_on: None,
        }
    }

    fn sub(id: &str, offer: Offer, status: SubscriptionStatus, created: &str, cancelled: Option<&str>) -> Subscription {
        Subscription {
            id: id.into(),
            customer_id: Some("c".into()),
            customer_name: Some("C".into()),
            partner_id: "p".into(),
            partner_name: "P".into(),
            billing_partner_id: "p".into(),
            billing_partner_name: "P".into(),
            offer,
            status,
            created_on: d(created),
            cancelled_on: cancelled.map(d),
            name: id.into(),
            roles: vec![],
            role_history: vec![],
            events: vec![],
            allowed_actions: vec![],
            can_grant: false,
        }
    }

    fn summary(on: &str, subs: &[Subscription], invoices: &[InvoiceFigures]) -> DashboardSummary {
        let usage = Totals::from([("EUR".to_string(), dec("345.60"))]);
        summarize(
            d(on),
            BookContents {
                customers: 6,
                partners: 3,
                subscriptions: subs,
                invoices,
                usage_rows: 1200,
                usage_totals: &usage,
                cases: &[],
            },
        )
        .unwrap()
    }

    use InvoiceKind::{CreditNote, Invoice as Inv};
    use InvoiceStatus::{Draft, Issued, Paid, Voided};

    #[test]
    fn a_voided_invoice_and_its_credit_note_are_not_invoiced_drafts_neither() {
        let docs = [
            doc("1", Inv, Issued, "EUR", "2026-02", Some("2026-03-01"), "1000.10"),
            doc("2", Inv, Paid, "EUR", "2026-02", Some("2026-03-01"), "200.20"),
            doc("3", Inv, Voided, "EUR", "2026-02", Some("2026-03-01"), "50"),
            // Credited in the next month: the voided invoice must not come back through its note.
            doc("4", CreditNote, Issued, "EUR", "2026-02", Some("2026-04-02"), "-50"),
            doc("5", Inv, Draft, "EUR", "2026-03", None, "999"),
            doc("6", Inv, Issued, "EUR", "2026-01", Some("2026-02-01"), "7"),
        ];
        let s = summary("2026-03-02", &[], &docs);
        assert_eq!(s.month, "2026-03");
        assert_eq!(s.invoiced_totals, Totals::from([("EUR".into(), dec("1200.30"))]));
        assert_eq!(s.invoiced_totals["EUR"].to_string(), "1200.30", "exact, with its cents");
        let april = summary("2026-04-15", &[], &docs);
        assert_eq!(april.invoiced_totals, Totals::new(), "the credit note is not invoiced");
        assert_eq!(s.invoices_by_status, InvoiceStatusCounts { draft: 1, issued: 3, paid: 1, voided: 1 });
        let by_month: BTreeMap<_, _> =
            s.invoiced_by_month.iter().map(|m| (m.month.as_str(), m.totals.clone())).collect();
        assert_eq!(by_month["2026-02"], Totals::from([("EUR".into(), dec("1200.30"))]));
        assert_eq!(by_month["2026-01"], Totals::from([("EUR".into(), dec("7"))]));
        assert_eq!(by_month["2026-03"], Totals::new(), "a draft is not invoiced");
    }

    #[test]
    fn two_currencies_are_never_added_together() {
        let docs = [
            doc("1", Inv, Issued, "EUR", "2026-02", Some("2026-03-01"), "0.1"),
            doc("2", Inv, Issued, "EUR", "2026-02", Some("2026-03-01"), "0.2"),
            doc("3", Inv, Paid, "USD", "2026-02", Some("2026-03-03"), "30.00"),
            doc("4", Inv, Issued, "JPY", "2026-02", Some("2026-03-03"), "1500"),
        ];
        let s = summary("2026-03-31", &[], &docs);
        assert_eq!(
            s.invoiced_totals,
            Totals::from([("EUR".into(), dec("0.3")), ("JPY".into(), dec("1500")), ("USD".into(), dec("30.00"))])
        );
        let feb = s.invoiced_by_month.iter().find(|m| m.month == "2026-02").unwrap();
        assert_eq!(feb.totals.len(), 3);
        assert_eq!(feb.totals["EUR"], dec("0.3"), "exact decimals, not 0.30000000000000004");
    }

    #[test]
    fn the_chart_covers_twelve_months_up_to_the_date_across_a_year_end() {
        let s = summary("2026-02-10", &[], &[]);
        let months: Vec<_> = s.invoiced_by_month.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(months.len(), 12);
        assert_eq!(months.first(), Some(&"2025-03"));
        assert_eq!(months.last(), Some(&"2026-02"));
        assert!(s.invoiced_by_month.iter().all(|m| m.totals.is_empty()));
    }

    #[test]
    fn active_subscriptions_on_the_date_by_offer_most_first() {
        use SubscriptionStatus::{Active, Cancelled, Suspended};
        let subs = [
            sub("a", Offer::AzurePlan, Active, "2025-01-01", None),
            sub("b", Offer::AzurePlan, Active, "2025-01-01", None),
            sub("c", Offer::Legacy, Active, "2020-01-01", None),
            sub("d", Offer::AzurePlan, Cancelled, "2025-01-01", Some("2026-01-31")),
            sub("e", Offer::AzurePlan, Suspended, "2025-01-01", None),
            // Ordered after the date: not there yet.
            sub("f", Offer::Apss, Active, "2026-06-01", None),
            // Cancelled after the date: still active on it.
            sub("g", Offer::Legacy, Cancelled, "2020-01-01", Some("2026-05-01")),
        ];
        let s = summary("2026-03-02", &subs, &[]);
        assert_eq!(s.active_subscriptions, 4);
        assert_eq!(
            s.active_by_offer,
            vec![OfferCount { offer: Offer::AzurePlan, count: 2 }, OfferCount { offer: Offer::Legacy, count: 2 }]
        );
        assert_eq!((s.customers, s.partners, s.usage_rows), (6, 3, 1200));
        assert_eq!(s.usage_totals["EUR"], dec("345.60"));
    }
}
