//! Month-end for one issuer and month (DOMAIN.md "Month-end: Microsoft's bill against the book"):
//! the tie-outs of Microsoft's bill against the book, acknowledging a difference, closing the month.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::billing::book::Book;
use crate::billing::draft::Recipient;
use crate::billing::margin::{self, MarginBy, MarginRow, Revenue, Slice};
use crate::domain::month_end::{self, ChecklistItem, Difference};
use crate::domain::rules::Code;
use crate::domain::{money, Month};
use crate::service::billing::standing_of;
use crate::store::month_end::{Acknowledgement, Closing};
use crate::store::{self, begin_write};
use crate::{CoreError, Ctx, Result};

/// One of Microsoft's invoices to the issuer for the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MicrosoftInvoiceView {
    pub number: String,
    pub currency: String,
    #[ts(type = "string")]
    pub subtotal: Decimal,
    #[ts(type = "string")]
    pub total: Decimal,
    #[ts(type = "number")]
    pub lines: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MicrosoftSide {
    pub invoices: Vec<MicrosoftInvoiceView>,
    /// Microsoft's pre-tax amounts of the month's billed usage rows of the issuer's subscriptions.
    #[ts(type = "string")]
    pub usage_total: Decimal,
    /// Σ `Total` of its invoices.
    #[ts(type = "string")]
    pub invoice_total: Decimal,
    /// The month's usage rows of the issuer's subscriptions that Microsoft has billed, and those it
    /// has not billed yet (its billed file is still to import).
    #[ts(type = "number")]
    pub billed_rows: i64,
    #[ts(type = "number")]
    pub unbilled_rows: i64,
}

/// The month as the tie-outs read it; a closed month reads as it stood when it closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MonthStatus {
    pub month: String,
    pub issuer_id: String,
    pub closed: bool,
    pub closed_on: Option<NaiveDate>,
    pub microsoft: MicrosoftSide,
    pub differences: Vec<Difference>,
    /// The issuer's drafts of the month still to issue.
    #[ts(type = "number")]
    pub drafts: i64,
    pub closable: bool,
    /// The checklist a person reads top to bottom (`month_end::checklist`), derived from the above
    /// whenever the status is read (a sealed month's figures are read back without it).
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
}

impl MonthStatus {
    fn with_checklist(mut self) -> Self {
        let m = &self.microsoft;
        self.checklist = month_end::checklist(
            m.billed_rows,
            m.unbilled_rows,
            m.invoices.len(),
            self.drafts,
            &self.differences,
            self.closed,
        );
        self
    }
}

/// The three tie-outs of `issuer_id`'s `month` (a closed month: its figures as they were sealed).
pub async fn status(ctx: &Ctx, issuer_id: &str, month: &str) -> Result<MonthStatus> {
    status_as_of(ctx, issuer_id, month, None).await
}

/// [`status`] as the window reads it on `as_of`: a month closed after that date reads open, and an
/// acknowledgement dated after it is not made yet (what month-end itself dates). The usage, invoices
/// and Microsoft's files are read as the book holds them.
pub async fn status_as_of(ctx: &Ctx, issuer_id: &str, month: &str, as_of: Option<NaiveDate>) -> Result<MonthStatus> {
    let month = Month::parse(month)?;
    let mut conn = store::read(&ctx.pool).await?;
    crate::service::partners::record(&mut conn, issuer_id).await?;
    if let Some(c) = store::month_end::closing(&mut conn, issuer_id, month).await? {
        if as_of.is_none_or(|d| c.closed_on <= d) {
            return sealed(&c);
        }
    }
    read_as_of(&mut conn, issuer_id, month, as_of).await
}

/// Acknowledges difference `index` (its place in the status's `differences`) with a dated note.
pub async fn acknowledge(
    ctx: &Ctx,
    issuer_id: &str,
    month: &str,
    index: usize,
    note: &str,
    on: Option<NaiveDate>,
) -> Result<MonthStatus> {
    let month = Month::parse(month)?;
    let note = note.trim();
    if note.is_empty() {
        return Err(CoreError::validation(
            "an acknowledgement needs a note saying why the difference is accepted",
            "une acceptation demande une note qui dit pourquoi l'écart est accepté",
        ));
    }
    crate::domain::limits::text(note, crate::domain::limits::MAX_TEXT_CHARS).map_err(|e| e.about("note", "note"))?;
    let on = ctx.date_or_today(on).await?;
    let mut tx = begin_write(&ctx.pool).await?;
    crate::service::partners::record(&mut tx, issuer_id).await?;
    refuse_closed(&mut tx, issuer_id, month).await?;
    let status = read(&mut tx, issuer_id, month).await?;
    let Some(d) = status.differences.get(index) else {
        return Err(CoreError::not_found(
            format!("the month has {} difference(s): there is no difference {index}", status.differences.len()),
            format!("le mois compte {} écart(s) : il n'y a pas d'écart {index}", status.differences.len()),
        ));
    };
    let ack =
        Acknowledgement { difference: d.key(), amount: d.amount.to_string(), note: note.to_string(), on_date: on };
    store::month_end::acknowledge(&mut tx, issuer_id, month, &ack).await?;
    let status = read(&mut tx, issuer_id, month).await?;
    tx.commit().await?;
    Ok(status)
}

/// Closes the month: refused while a draft remains or a difference is open (`MONTH_NOT_READY`,
/// listing what is left); then its figures are sealed as they stand.
pub async fn close(ctx: &Ctx, issuer_id: &str, month: &str, on: Option<NaiveDate>) -> Result<MonthStatus> {
    let month = Month::parse(month)?;
    let on = ctx.date_or_today(on).await?;
    let mut tx = begin_write(&ctx.pool).await?;
    crate::service::partners::record(&mut tx, issuer_id).await?;
    refuse_closed(&mut tx, issuer_id, month).await?;
    let mut status = read(&mut tx, issuer_id, month).await?;
    let left = month_end::left_to_close(u64::try_from(status.drafts).unwrap_or(0), &status.differences);
    if !left.is_empty() {
        let (en, fr): (Vec<String>, Vec<String>) = left.into_iter().unzip();
        return Err(CoreError::rule(
            Code::MonthNotReady,
            format!("{month} cannot close yet: {}", en.join("; ")),
            format!("{month} ne peut pas encore être clos : {}", fr.join(" ; ")),
        ));
    }
    status.closed = true;
    status.closed_on = Some(on);
    status.closable = false;
    status.checklist = Vec::new();
    let figures = serde_json::to_string(&status).map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
    let closing = Closing {
        issuer_id: issuer_id.to_string(),
        month: month.to_string(),
        closed_on: on,
        hash: store::month_end::hash_of(&figures),
        figures,
    };
    store::month_end::close(&mut tx, &closing).await?;
    tx.commit().await?;
    let status = status.with_checklist();
    tracing::info!(issuer = issuer_id, month = %month, "month closed");
    Ok(status)
}

async fn refuse_closed(conn: &mut store::Conn, issuer_id: &str, month: Month) -> Result<()> {
    if let Some(c) = store::month_end::closing(conn, issuer_id, month).await? {
        return Err(closed_error(month, c.closed_on));
    }
    Ok(())
}

pub(crate) fn closed_error(month: Month, on: NaiveDate) -> CoreError {
    CoreError::rule(
        Code::MonthClosed,
        format!("{month} was closed on {on}: it is sealed (its late usage goes to the next month)"),
        format!("{month} a été clos le {on} : il est scellé (son utilisation tardive va au mois suivant)"),
    )
}

fn sealed(c: &Closing) -> Result<MonthStatus> {
    let status: MonthStatus = serde_json::from_str(&c.figures).map_err(|e| {
        CoreError::validation(
            format!("the closed month's figures do not read: {e}"),
            format!("les chiffres du mois clos ne se lisent pas : {e}"),
        )
    })?;
    Ok(status.with_checklist())
}

/// Sums a list of stored amounts ([`money::sum_list`]); one that does not read is refused.
fn sum(list: &str) -> Result<Decimal> {
    money::sum_list(list).ok_or_else(|| {
        CoreError::validation(
            "a stored amount is not a number, or the month's amounts are too large to add",
            "un montant enregistré n'est pas un nombre, ou les montants du mois sont trop grands à additionner",
        )
    })
}

/// The tie-outs, read from the book as it stands.
async fn read(conn: &mut store::Conn, issuer_id: &str, month: Month) -> Result<MonthStatus> {
    read_as_of(conn, issuer_id, month, None).await
}

async fn read_as_of(
    conn: &mut store::Conn,
    issuer_id: &str,
    month: Month,
    as_of: Option<NaiveDate>,
) -> Result<MonthStatus> {
    let (first, last) = month.bounds();
    let mut book = Book::load(conn, month).await?;
    book.standing = standing_of(conn, &[month]).await?;
    let mut differences: BTreeMap<String, Difference> = BTreeMap::new();
    let mut add = |d: Difference| {
        differences
            .entry(d.key())
            .and_modify(|e| e.amount = money::add(e.amount, d.amount).unwrap_or(e.amount))
            .or_insert(d);
    };

    // 1. Microsoft against itself: each invoice's charges per subscription against its billed usage.
    let invoices = store::microsoft_invoices::of_partner(conn, issuer_id, first, last).await?;
    let (mut period_first, mut period_last) = (first, last);
    for i in &invoices {
        period_first = period_first.min(i.period_start);
        period_last = period_last.max(i.period_end);
    }
    // The month's billed rows are read once for both tie-outs; an invoice whose period reaches
    // beyond the month has its rows read over that period.
    let mut costs: HashMap<i64, (String, i64)> = HashMap::new();
    let mut billed: HashMap<(String, String), String> = HashMap::new();
    for (group, invoice, subscription, list, n) in store::month_end::month_billed(conn, month).await? {
        let join = |acc: &mut String, list: &str| {
            if !acc.is_empty() && !list.is_empty() {
                acc.push(',');
            }
            acc.push_str(list);
        };
        let c = costs.entry(group).or_default();
        join(&mut c.0, &list);
        c.1 += n;
        if !invoices.is_empty() {
            join(billed.entry((invoice, subscription.to_lowercase())).or_default(), &list);
        }
    }
    if !invoices.is_empty() && (period_first, period_last) != (first, last) {
        billed = store::month_end::billed_by_invoice(conn, period_first, period_last).await?;
    }
    let tenants =
        if invoices.is_empty() { Default::default() } else { store::customers::ids_by_lower_tenant(conn).await? };
    let mut invoice_total = Decimal::ZERO;
    for inv in &invoices {
        invoice_total = money::add(invoice_total, inv.total.0)?;
        let currency = inv.currency.to_string();
        for c in store::microsoft_invoices::charges_by_subscription(conn, &inv.number).await? {
            let (subscription, customer) = (c.subscription_id, c.customer_id);
            let charged = sum(&c.subtotals)?;
            let mut d = if !c.known {
                // A charge for a subscription the book lacks: not billed on (and only that).
                Difference::new(Code::NotBilled, charged, &currency)
            } else {
                let usage =
                    sum(billed.get(&(inv.number.clone(), subscription.to_lowercase())).map_or("", String::as_str))?;
                match month_end::mismatch(charged, usage) {
                    Some(diff) => Difference::new(Code::MsUsageMismatch, diff, &currency),
                    None => continue,
                }
            };
            // Microsoft names the customer by its tenant: the book's customer when it knows the tenant.
            d.customer_id = Some(tenants.get(&customer.to_lowercase()).cloned().unwrap_or(customer));
            d.customer_name = c.customer_name.filter(|n| !n.is_empty());
            d.product = c.product.filter(|p| !p.is_empty());
            d.subscription_id = Some(subscription);
            d.invoice_number = Some(inv.number.clone());
            add(d);
        }
    }

    // 2. Microsoft against what was billed on: every billed usage row of the issuer's, billed by an
    // issued invoice (else not billed, or late when the recipient's invoice of the month is issued).
    let links = store::month_end::issued_links(conn, month).await?;
    let mut usage_total = Decimal::ZERO;
    let (mut billed_rows, mut unbilled_rows) = (0i64, 0i64);
    for g in store::month_end::groups(conn, month).await? {
        let Some(period) = book.period_on(&g.subscription_id, g.first_date) else { continue };
        if period.partner_id == issuer_id || period.billing_partner_id == issuer_id {
            unbilled_rows = unbilled_rows.saturating_add(g.unbilled_rows);
        }
        let Some((list, rows)) = costs.get(&g.id) else { continue };
        let (provider_side, recipient) = if period.partner_id == issuer_id {
            (false, Recipient::Customer(g.customer_id.clone()))
        } else if period.billing_partner_id == issuer_id {
            (true, Recipient::Reseller(period.partner_id.clone()))
        } else {
            continue;
        };
        let cost = sum(list)?;
        usage_total = money::add(usage_total, cost)?;
        billed_rows = billed_rows.saturating_add(*rows);
        let billed_on =
            links.get(&g.id).is_some_and(|ls| ls.iter().any(|(i, p)| i == issuer_id && *p == provider_side));
        if billed_on {
            continue;
        }
        let late = book.has_standing(month, issuer_id, &recipient);
        let mut d = Difference::new(if late { Code::LateUsage } else { Code::NotBilled }, cost, &g.billing_currency);
        match &recipient {
            Recipient::Customer(c) => d.customer_id = Some(c.clone()),
            Recipient::Reseller(r) => {
                d.reseller_id = Some(r.clone());
                d.customer_id = Some(g.customer_id.clone());
            }
        }
        d.subscription_id = Some(g.subscription_id.clone());
        d.meter_id = Some(g.meter_id.clone());
        d.meter_name = Some(g.meter_name.clone());
        add(d);
    }
    // … and nothing billed downstream that Microsoft withdrew, unless credited since.
    if let Some(next) = Month::containing(last + chrono::Days::new(1)) {
        for c in store::usage_groups::withdrawn_credits(conn, next, None).await? {
            if c.month != month || c.issuer_id != issuer_id {
                continue;
            }
            let amount = money::round(money::mul(c.quantity, c.unit_price)?, &c.invoice_currency);
            let mut d = Difference::new(Code::UsageWithdrawn, amount, &c.invoice_currency);
            d.customer_id = Some(c.customer_id.clone());
            d.reseller_id = c.reseller.clone();
            d.subscription_id = Some(c.subscription_id.clone());
            d.meter_id = Some(c.meter_id.clone());
            d.meter_name = Some(c.meter_name.clone());
            add(d);
        }
    }

    let mut differences: Vec<Difference> = differences.into_values().filter(|d| !d.amount.is_zero()).collect();
    for d in differences.iter_mut() {
        if let Some(c) = d.customer_id.as_ref().and_then(|c| book.customers.get(c)) {
            d.customer_name = Some(c.name.clone());
        }
        d.reseller_name = d.reseller_id.as_ref().and_then(|r| book.partners.get(r)).map(|p| p.name.clone());
        d.subscription_name =
            d.subscription_id.as_ref().and_then(|s| book.subscriptions.get(s)).and_then(|s| s.0.clone());
    }
    for ack in store::month_end::acknowledgements(conn, issuer_id, month)
        .await?
        .into_iter()
        .filter(|a| as_of.is_none_or(|d| a.on_date <= d))
    {
        for d in differences.iter_mut() {
            if d.key() == ack.difference && d.amount.to_string() == ack.amount {
                d.acknowledged = true;
                d.note = Some(ack.note.clone());
                d.acknowledged_on = Some(ack.on_date);
            }
        }
    }
    let drafts = store::month_end::drafts(conn, issuer_id, month).await?;
    let closable = month_end::left_to_close(u64::try_from(drafts).unwrap_or(0), &differences).is_empty();
    Ok(MonthStatus {
        month: month.to_string(),
        issuer_id: issuer_id.to_string(),
        closed: false,
        closed_on: None,
        microsoft: MicrosoftSide {
            invoices: invoices
                .iter()
                .map(|i| MicrosoftInvoiceView {
                    number: i.number.clone(),
                    currency: i.currency.to_string(),
                    subtotal: i.subtotal.0,
                    total: i.total.0,
                    lines: i.charges,
                })
                .collect(),
            usage_total,
            invoice_total,
            billed_rows,
            unbilled_rows,
        },
        differences,
        drafts,
        closable,
        checklist: Vec::new(),
    }
    .with_checklist())
}

/// The month's margin (tie-out 3) per customer, reseller, subscription or meter category, for one
/// billing partner or all: revenue net of credit notes, Microsoft's cost, PEC earned and lost.
pub async fn margin_report(
    ctx: &Ctx,
    month: &str,
    issuer_id: Option<&str>,
    by: Option<&str>,
) -> Result<Vec<MarginRow>> {
    let month = Month::parse(month)?;
    let by = MarginBy::parse(by)?;
    let mut conn = store::read(&ctx.pool).await?;
    if let Some(i) = issuer_id {
        crate::service::partners::record(&mut conn, i).await?;
    }
    let book = Book::load(&mut conn, month).await?;
    let slices = slices(&mut conn, &book, month).await?;
    let revenue = store::invoice_lines::month_revenue(&mut conn, month)
        .await?
        .into_iter()
        .map(|l| {
            // An invoice converted at a Settings rate is read back in the usage's currency.
            let (amount, currency) = match (&l.exchange_from, l.exchange_rate) {
                (Some(from), Some(rate)) if !rate.0.is_zero() => (l.amount.0 / rate.0, from.clone()),
                _ => (l.amount.0, l.currency.to_string()),
            };
            Revenue {
                issuer_id: l.issuer_id,
                customer_id: l.customer_id,
                reseller_id: l.reseller_id,
                subscription_id: l.subscription_id,
                meter_category: l.meter_category,
                currency,
                amount,
            }
        })
        .collect::<Vec<_>>();
    margin::margin(&book, month, &slices, &revenue, issuer_id, by)
}

/// The month's usage as the margin rates it: each group once where its rating holds over its
/// dates, else day by day (read from its rows).
async fn slices(conn: &mut store::Conn, book: &Book, month: Month) -> Result<Vec<Slice>> {
    let groups = store::month_end::margin_groups(conn, month).await?;
    let billed = store::month_end::billed_amounts(conn, month).await?;
    let mut out = Vec::with_capacity(groups.len());
    let mut daily = Vec::new();
    let slice = |g: &store::month_end::MarginGroup, day, quantity, billed_amount, billed_quantity| Slice {
        subscription_id: g.subscription_id.clone(),
        customer_id: g.customer_id.clone(),
        meter_id: g.meter_id.clone(),
        meter_category: g.meter_category.clone(),
        currency: g.billing_currency.clone(),
        day,
        quantity,
        erp: g.unit_price.0,
        pc_to_bc: g.pc_to_bc_rate.0,
        billed_amount,
        billed_quantity,
    };
    for g in &groups {
        if !book.rates_alike(&g.subscription_id, &g.meter_id, g.first_date, g.last_date) {
            daily.push((g.id, g.first_row, g.last_row));
            continue;
        }
        let quantity = g.quantity.as_ref().map(|q| q.0).ok_or_else(|| unsummed(&g.subscription_id))?;
        let withdrawn = g.withdrawn_quantity.as_ref().map_or(Decimal::ZERO, |q| q.0);
        let (amounts, quantities) = billed.get(&g.id).map_or(("", ""), |(a, q)| (a.as_str(), q.as_str()));
        out.push(slice(g, g.first_date, money::sub(quantity, withdrawn)?, sum(amounts)?, sum(quantities)?));
    }
    let by_id: std::collections::HashMap<i64, &store::month_end::MarginGroup> =
        groups.iter().map(|g| (g.id, g)).collect();
    for day in store::month_end::group_days(conn, &daily).await? {
        let Some(g) = by_id.get(&day.group_id) else { continue };
        out.push(slice(
            g,
            day.usage_date,
            sum(&day.quantities)?,
            sum(day.billed_amounts.as_deref().unwrap_or(""))?,
            sum(day.billed_quantities.as_deref().unwrap_or(""))?,
        ));
    }
    Ok(out)
}

fn unsummed(subscription: &str) -> CoreError {
    CoreError::validation(
        format!("the usage of subscription {subscription} does not sum: a stored quantity is not a number"),
        format!("l'utilisation de l'abonnement {subscription} ne se totalise pas : une quantité enregistrée n'est pas un nombre"),
    )
}
