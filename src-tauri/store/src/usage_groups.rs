//! The month's usage in groups (`usage_groups`), kept by the import as it stores rows, and the links
//! of invoice lines to them (`usage_group_links`). A group holds one import's rows of a month with
//! the same subscription, customer, meter, unit, unit price, PC→BC rate and billing currency: a
//! billing run reads the month's groups, never its rows, but for a subscription billed day by day.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use sqlx::SqliteConnection;

use csp_domain::{money, CoreError, Month, Result};

use crate::db::Backfilled;
use crate::rows::{dec, insert_rows, text, Val};
use crate::types::decode_error;
use crate::usage::UsageInsert;
use crate::Dec;

/// What a line bills of a group: its rows dated `from..=to` (the whole group, or one day of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UsagePart {
    pub group_id: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

// ---- the import ----

/// A group the import is building.
#[derive(Debug, Clone)]
struct Building {
    month: String,
    subscription_id: String,
    customer_id: String,
    meter_id: String,
    meter_name: String,
    meter_category: String,
    unit: String,
    unit_price: String,
    pc_to_bc_rate: String,
    billing_currency: String,
    first_date: String,
    last_date: String,
    first_row: i64,
    last_row: i64,
    rows: i64,
    /// Rows Microsoft has not billed yet.
    unbilled: i64,
    quantity: Decimal,
}

impl Building {
    /// Whether a row belongs to this group (what differs most between a subscription's groups, the
    /// meter, is compared first).
    fn is_of(&self, r: &UsageInsert) -> bool {
        self.meter_id == r.meter_id
            && r.usage_date.get(..7) == Some(self.month.as_str())
            && self.unit_price == r.unit_price
            && self.subscription_id == r.subscription_id
            && self.pc_to_bc_rate == r.pc_to_bc_rate
            && self.billing_currency == r.billing_currency
            && self.customer_id == r.customer_id
            && self.meter_name == r.meter_name
            && self.meter_category == r.meter_category
            && self.unit == r.unit
    }
}

/// The groups of one import: every row gets its group before it is stored; the rows actually stored
/// are then counted in, and the groups written when the file is done. A group is one import's, so
/// its ID is decided here (the import holds the write lock).
pub struct Grouper {
    base: i64,
    groups: Vec<Building>,
    /// The groups of each subscription (a handful: its meters, now and then another price).
    by_subscription: HashMap<String, Vec<usize>>,
    /// The group last used: a file usually lists a subscription's rows together.
    last: usize,
}

impl Grouper {
    pub async fn new(conn: &mut SqliteConnection) -> Result<Self> {
        let last: i64 = sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM usage_groups").fetch_one(conn).await?;
        Ok(Self::starting_at(last + 1))
    }

    fn starting_at(base: i64) -> Self {
        Self { base, groups: Vec::new(), by_subscription: HashMap::new(), last: usize::MAX }
    }

    /// The group of a row about to be stored (looked up without allocating; a new one if none matches).
    pub fn assign(&mut self, r: &UsageInsert) -> i64 {
        let same = self.groups.get(self.last).is_some_and(|g| g.is_of(r));
        if !same {
            self.last = self.look_up(r);
        }
        self.base + self.last as i64
    }

    fn look_up(&mut self, r: &UsageInsert) -> usize {
        let groups = &self.groups;
        if let Some(&i) =
            self.by_subscription.get(r.subscription_id.as_str()).and_then(|of| of.iter().find(|&&i| groups[i].is_of(r)))
        {
            return i;
        }
        self.groups.push(Building {
            month: r.usage_date.get(..7).unwrap_or_default().to_string(),
            subscription_id: r.subscription_id.clone(),
            customer_id: r.customer_id.clone(),
            meter_id: r.meter_id.clone(),
            meter_name: r.meter_name.clone(),
            meter_category: r.meter_category.clone(),
            unit: r.unit.clone(),
            unit_price: r.unit_price.clone(),
            pc_to_bc_rate: r.pc_to_bc_rate.clone(),
            billing_currency: r.billing_currency.clone(),
            first_date: r.usage_date.clone(),
            last_date: r.usage_date.clone(),
            first_row: 0,
            last_row: 0,
            rows: 0,
            unbilled: 0,
            quantity: Decimal::ZERO,
        });
        let i = self.groups.len() - 1;
        self.by_subscription.entry(r.subscription_id.clone()).or_default().push(i);
        i
    }

    /// Counts in a row stored with ID `row_id` (IDs grow through the import) and its quantity. A sum
    /// too large to compute is refused.
    pub fn count(&mut self, r: &UsageInsert, row_id: i64, quantity: Decimal) -> Result<()> {
        let index = r.group_id.checked_sub(self.base).and_then(|i| usize::try_from(i).ok());
        let Some(g) = index.and_then(|i| self.groups.get_mut(i)) else {
            return Err(decode_error(format!("usage group {} is not one of this import's", r.group_id)));
        };
        g.quantity = money::add(g.quantity, quantity)?;
        if g.rows == 0 {
            g.first_row = row_id;
            g.first_date.clone_from(&r.usage_date);
            g.last_date.clone_from(&r.usage_date);
        } else {
            if r.usage_date < g.first_date {
                g.first_date.clone_from(&r.usage_date);
            }
            if r.usage_date > g.last_date {
                g.last_date.clone_from(&r.usage_date);
            }
        }
        g.last_row = row_id;
        g.rows += 1;
        if r.invoice_number.is_empty() {
            g.unbilled += 1;
        }
        Ok(())
    }

    /// Writes the groups that hold stored rows (a file imported again stores none).
    pub async fn store(self, conn: &mut SqliteConnection, import_id: i64) -> Result<()> {
        const COLUMNS: [&str; 19] = [
            "id",
            "import_id",
            "month",
            "subscription_id",
            "customer_id",
            "meter_id",
            "meter_name",
            "meter_category",
            "unit",
            "unit_price",
            "pc_to_bc_rate",
            "billing_currency",
            "first_date",
            "last_date",
            "first_row",
            "last_row",
            "rows",
            "quantity",
            "unbilled_rows",
        ];
        let rows: Vec<Vec<Val>> = self
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.rows > 0)
            .map(|(i, g)| {
                vec![
                    Val::Int(self.base + i as i64),
                    Val::Int(import_id),
                    text(&g.month),
                    text(&g.subscription_id),
                    text(&g.customer_id),
                    text(&g.meter_id),
                    text(&g.meter_name),
                    text(&g.meter_category),
                    if g.unit.is_empty() { Val::Null } else { text(&g.unit) },
                    text(&g.unit_price),
                    text(&g.pc_to_bc_rate),
                    text(&g.billing_currency),
                    text(&g.first_date),
                    text(&g.last_date),
                    Val::Int(g.first_row),
                    Val::Int(g.last_row),
                    Val::Int(g.rows),
                    dec(g.quantity),
                    Val::Int(g.unbilled),
                ]
            })
            .collect();
        insert_rows(conn, "INSERT INTO usage_groups", &COLUMNS, &rows).await
    }
}

/// Rows of stored groups withdrawn by Microsoft's billed file: per group, how many and their
/// quantity. They leave the group's billed quantity and its unbilled count; the group keeps them
/// (an issued invoice that billed them still says what it billed).
pub async fn withdraw(conn: &mut SqliteConnection, per_group: &HashMap<i64, (i64, Decimal)>) -> Result<()> {
    for (group, (rows, quantity)) in per_group {
        let before: Option<Dec> = sqlx::query_scalar("SELECT withdrawn_quantity FROM usage_groups WHERE id = ?")
            .bind(group)
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
        let total = money::add(before.map_or(Decimal::ZERO, |d| d.0), *quantity)?;
        sqlx::query(
            "UPDATE usage_groups SET withdrawn_rows = withdrawn_rows + ?, withdrawn_quantity = ?, \
             unbilled_rows = max(unbilled_rows - ?, 0) WHERE id = ?",
        )
        .bind(rows)
        .bind(total.to_string())
        .bind(rows)
        .bind(group)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Sums the groups migration 0041 made from a book's rows, inside the caller's transaction (the
/// open's backfill, see `db`: it runs once). A group whose rows do not sum (stored text that is not a
/// number, an absurd amount) stays unsummed, counted as left undone: a billing run of its month says
/// why.
pub async fn sum_pending(conn: &mut SqliteConnection) -> Result<Backfilled> {
    // Most books have no such group: answered without reading the rows.
    let pending: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM usage_groups WHERE quantity IS NULL)")
        .fetch_one(&mut *conn)
        .await?;
    if !pending {
        return Ok(Backfilled::default());
    }
    let lists: Vec<(i64, String)> = sqlx::query_as(
        "SELECT group_id, group_concat(quantity, ',') FROM usage_rows \
         WHERE group_id IN (SELECT id FROM usage_groups WHERE quantity IS NULL) GROUP BY group_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut outcome = Backfilled::default();
    for (id, list) in lists {
        let Some(sum) = money::sum_list(&list) else {
            outcome.left_undone += 1;
            continue;
        };
        sqlx::query("UPDATE usage_groups SET quantity = ? WHERE id = ?")
            .bind(money::text(sum))
            .bind(id)
            .execute(&mut *conn)
            .await?;
        outcome.done += 1;
    }
    Ok(outcome)
}

// ---- billing ----

/// The month's usage as the billing run drafts it: a group of rows with the same subscription,
/// customer, meter, prices, currency and billed state, within one period of its subscription.
#[derive(Debug, Clone, PartialEq)]
pub struct BillingGroup {
    pub subscription_id: String,
    pub customer_id: String,
    pub meter_id: String,
    pub meter_name: String,
    pub meter_category: String,
    pub unit: Option<String>,
    /// Partner Center's `UnitPrice` and `PCToBCExchangeRate`.
    pub unit_price: Decimal,
    pub pc_to_bc_rate: Decimal,
    pub billing_currency: String,
    /// The group's first and last usage dates, and its smallest row ID (reading order).
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    pub first_id: i64,
    pub quantity: Decimal,
    /// Some of its rows are not billed by Microsoft yet: a draft billing it is provisional.
    pub unbilled: bool,
    /// Usage of an earlier month, not billed by any line (see [`late_groups`]).
    pub late_of: Option<Month>,
    /// The stored group it is (all of it, or the rows of `first_date` when read day by day).
    pub group_id: i64,
    /// Already billed to the customer / by a provider to its reseller (an issued invoice's line).
    pub invoiced: bool,
    pub provider_invoiced: bool,
}

impl BillingGroup {
    /// What a line billing this group links to: the group's rows dated within its dates.
    pub fn part(&self) -> UsagePart {
        UsagePart { group_id: self.group_id, from: self.first_date, to: self.last_date }
    }
}

/// A group as stored (read from a JSON array of its columns, in this order).
#[derive(Debug, Deserialize)]
struct Stored {
    month: String,
    id: i64,
    subscription_id: String,
    customer_id: String,
    meter_id: String,
    meter_name: String,
    meter_category: String,
    unit: Option<String>,
    unit_price: Dec,
    pc_to_bc_rate: Dec,
    billing_currency: String,
    first_date: NaiveDate,
    last_date: NaiveDate,
    first_row: i64,
    last_row: i64,
    /// `None` until summed (see [`sum_pending`]).
    quantity: Option<Dec>,
    unbilled_rows: i64,
    withdrawn_quantity: Option<Dec>,
}

/// A line's link to a group, with its side.
#[derive(Debug, Clone, Copy)]
pub struct Link {
    pub line_id: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The line is on a provider's invoice to its reseller.
    pub provider_side: bool,
}

impl Link {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// Which of the month's drafts count as billing their usage.
#[derive(Debug, Clone, Copy)]
pub enum Drafts<'a> {
    /// All of them.
    Kept,
    /// Not the drafts of this issuer (every issuer's when `None`): a run is about to replace them.
    Replaced(Option<&'a str>),
}

/// The links of the lines of the month's invoices, per group.
pub async fn month_links(
    conn: &mut SqliteConnection,
    month: Month,
    drafts: Drafts<'_>,
) -> Result<HashMap<i64, Vec<Link>>> {
    let month = month.to_string();
    let (leave_out, issuer) = match drafts {
        Drafts::Kept => (None, None),
        Drafts::Replaced(issuer) => (Some("1"), issuer),
    };
    let links: Vec<(i64, i64, NaiveDate, NaiveDate, i64)> = crate::json_rows::fetch(
        conn,
        "SELECT json_array(l.group_id, l.line_id, l.from_date, l.to_date, i.reseller_id IS NOT NULL) AS j \
         FROM invoices i JOIN invoice_lines il ON il.invoice_id = i.id JOIN usage_group_links l ON l.line_id = il.id \
         WHERE i.month = ?1 AND i.kind = 'invoice' \
           AND NOT (?2 IS NOT NULL AND i.status = 'draft' AND (?3 IS NULL OR i.issuer_id = ?3))",
        "",
        &[Some(&month), leave_out, issuer],
    )
    .await?;
    // And the lines of later months' invoices (drafts or not: a run replaces its own month's
    // drafts only) that billed this month's usage late.
    let late: Vec<(i64, i64, NaiveDate, NaiveDate, i64)> = crate::json_rows::fetch(
        conn,
        "SELECT json_array(l.group_id, l.line_id, l.from_date, l.to_date, i.reseller_id IS NOT NULL) AS j \
         FROM invoice_lines il INDEXED BY invoice_lines_usage_month JOIN invoices i ON i.id = il.invoice_id \
         JOIN usage_group_links l ON l.line_id = il.id \
         WHERE il.usage_month = ?1 AND i.kind = 'invoice'",
        "",
        &[Some(&month)],
    )
    .await?;
    let mut out: HashMap<i64, Vec<Link>> = HashMap::new();
    for (group, line_id, from, to, provider) in links.into_iter().chain(late) {
        out.entry(group).or_default().push(Link { line_id, from, to, provider_side: provider != 0 });
    }
    Ok(out)
}

/// Links usage to the invoice lines that bill it: `(line, parts of groups)`; the line's invoice tells
/// the side (a provider's invoice to its reseller, or the customer's). Lines in ascending order make
/// every insert an append to the link table's key.
pub async fn link_usage(conn: &mut SqliteConnection, lines: &[(i64, &[UsagePart])]) -> Result<()> {
    let rows: Vec<Vec<Val>> = lines
        .iter()
        .flat_map(|(line, parts)| {
            parts.iter().map(move |p| {
                vec![Val::Int(*line), Val::Int(p.group_id), text(&p.from.to_string()), text(&p.to.to_string())]
            })
        })
        .collect();
    insert_rows(conn, "INSERT INTO usage_group_links", &["line_id", "group_id", "from_date", "to_date"], &rows).await
}

/// Releases the usage of an invoice (after its credit note), so the next run bills it again.
pub async fn release_usage(conn: &mut SqliteConnection, invoice_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM usage_group_links WHERE line_id IN (SELECT id FROM invoice_lines WHERE invoice_id = ?)")
        .bind(invoice_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The month's usage not yet billed, as the run drafts it ([`BillingGroup`]), read from its groups.
/// The month's drafts of `replacing` (an issuer; every issuer when `None`) are about to be replaced:
/// what they bill is not billed yet. A subscription for which `by_day(subscription, first, last)` —
/// its partner of record changes during a group's dates — or one billed in part is read from its
/// rows, a group per day.
pub async fn billing_groups(
    conn: &mut SqliteConnection,
    month: Month,
    replacing: Option<&str>,
    by_day: impl Fn(&str, NaiveDate, NaiveDate) -> bool,
) -> Result<Vec<BillingGroup>> {
    let stored: Vec<Stored> = crate::json_rows::fetch(
        conn,
        "SELECT json_array(month, id, subscription_id, customer_id, meter_id, meter_name, meter_category, unit, unit_price, \
                pc_to_bc_rate, billing_currency, first_date, last_date, first_row, last_row, quantity, \
                unbilled_rows, withdrawn_quantity) AS j \
         FROM usage_groups WHERE month = ? AND withdrawn_rows < rows",
        "",
        &[Some(&month.to_string())],
    )
    .await?;
    let links = month_links(conn, month, Drafts::Replaced(replacing)).await?;
    let none = Vec::new();
    let links_of = |id: i64| links.get(&id).unwrap_or(&none);
    // Subscriptions read day by day: the partner of record changes within a group's dates, or a line
    // bills only some days of a group.
    let daily: BTreeSet<String> = stored
        .iter()
        .filter(|g| {
            by_day(&g.subscription_id, g.first_date, g.last_date)
                || links_of(g.id).iter().any(|l| l.from > g.first_date || l.to < g.last_date)
        })
        .map(|g| g.subscription_id.clone())
        .collect();
    let mut out = Vec::with_capacity(stored.len());
    let mut per_day = Vec::new();
    for g in stored {
        if daily.contains(&g.subscription_id) {
            per_day.push(g);
            continue;
        }
        let unbilled = g.unbilled_rows > 0;
        out.push(group(&g, g.first_date, g.last_date, g.first_row, standing(&g)?, unbilled, links_of(g.id)));
    }
    if !per_day.is_empty() {
        out.extend(days(conn, &per_day, &links).await?);
    }
    Ok(out)
}

/// Usage of the months before `month` that no line bills, on either side (whatever the drafts of
/// `month` of `replacing` — an issuer, or every one when `None` — say: a run is about to replace
/// them): what the run of `month` may bill late, each group whole ([`BillingGroup::late_of`]).
pub async fn late_groups(
    conn: &mut SqliteConnection,
    month: Month,
    replacing: Option<&str>,
) -> Result<Vec<BillingGroup>> {
    let m = month.to_string();
    let stored: Vec<Stored> = crate::json_rows::fetch(
        conn,
        "SELECT json_array(g.month, g.id, g.subscription_id, g.customer_id, g.meter_id, g.meter_name, g.meter_category, \
                g.unit, g.unit_price, g.pc_to_bc_rate, g.billing_currency, g.first_date, g.last_date, g.first_row, \
                g.last_row, g.quantity, g.unbilled_rows, g.withdrawn_quantity) AS j \
         FROM usage_groups g \
         WHERE g.month < ?1 AND g.withdrawn_rows < g.rows \
           AND NOT EXISTS (SELECT 1 FROM usage_group_links l INDEXED BY usage_group_links_group \
                           JOIN invoice_lines il ON il.id = l.line_id JOIN invoices i ON i.id = il.invoice_id \
                           WHERE l.group_id = g.id \
                             AND NOT (i.status = 'draft' AND i.month = ?1 AND (?2 IS NULL OR i.issuer_id = ?2)))",
        "",
        &[Some(&m), replacing],
    )
    .await?;
    let mut out = Vec::with_capacity(stored.len());
    for g in stored {
        let mut b = group(&g, g.first_date, g.last_date, g.first_row, standing(&g)?, g.unbilled_rows > 0, &[]);
        b.late_of = Some(Month::parse(&g.month)?);
        out.push(b);
    }
    Ok(out)
}

/// Withdrawn usage that a standing issued invoice billed, still to credit (DOMAIN.md
/// `USAGE_WITHDRAWN`): per group and side, what is left once the credit lines already written count
/// (but not the drafts of `month` of `replacing`, which a run is about to replace).
#[derive(Debug, Clone, PartialEq)]
pub struct WithdrawnCredit {
    pub group_id: i64,
    pub month: Month,
    pub subscription_id: String,
    pub customer_id: String,
    pub meter_id: String,
    pub meter_name: String,
    pub meter_category: String,
    pub unit: Option<String>,
    /// The usage's billing currency (the invoice it goes on is chosen as for the usage).
    pub billing_currency: String,
    /// Still to credit (positive).
    pub quantity: Decimal,
    /// The issued line's unit price, in its invoice's currency, and that currency.
    pub unit_price: Decimal,
    pub invoice_currency: String,
    pub issuer_id: String,
    pub customer: Option<String>,
    pub reseller: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Billed {
    group_id: i64,
    month: String,
    subscription_id: String,
    customer_id: String,
    meter_id: String,
    meter_name: String,
    meter_category: String,
    unit: Option<String>,
    billing_currency: String,
    withdrawn: Option<Dec>,
    unit_price: Dec,
    invoice_currency: String,
    issuer_id: String,
    customer: Option<String>,
    reseller: Option<String>,
    credited: Option<String>,
}

/// See [`WithdrawnCredit`]: usage of the months before `month`.
pub async fn withdrawn_credits(
    conn: &mut SqliteConnection,
    month: Month,
    replacing: Option<&str>,
) -> Result<Vec<WithdrawnCredit>> {
    let m = month.to_string();
    let billed: Vec<Billed> = crate::json_rows::fetch(
        conn,
        "SELECT json_array(g.id, g.month, g.subscription_id, g.customer_id, g.meter_id, g.meter_name, \
                g.meter_category, g.unit, g.billing_currency, g.withdrawn_quantity, il.unit_price, i.currency, \
                i.issuer_id, i.customer_id, i.reseller_id, \
                (SELECT group_concat(c.quantity, ',') FROM invoice_lines c INDEXED BY invoice_lines_withdrawn_group \
                 JOIN invoices ci ON ci.id = c.invoice_id \
                 WHERE c.withdrawn_group = g.id AND ci.issuer_id = i.issuer_id AND ci.kind = 'invoice' \
                   AND (ci.reseller_id IS NOT NULL) = (i.reseller_id IS NOT NULL) AND ci.status <> 'voided' \
                   AND NOT (ci.status = 'draft' AND ci.month = ?1 AND (?2 IS NULL OR ci.issuer_id = ?2)))) AS j \
         FROM usage_groups g INDEXED BY usage_groups_withdrawn \
         JOIN usage_group_links l INDEXED BY usage_group_links_group ON l.group_id = g.id \
         JOIN invoice_lines il ON il.id = l.line_id JOIN invoices i ON i.id = il.invoice_id \
         WHERE g.withdrawn_rows > 0 AND g.month < ?1 AND i.kind = 'invoice' AND i.status NOT IN ('draft', 'voided')",
        "",
        &[Some(&m), replacing],
    )
    .await?;
    let mut out = Vec::new();
    for b in billed {
        let withdrawn = b.withdrawn.map_or(Decimal::ZERO, |d| d.0);
        // Credit lines hold negative quantities.
        let credited = match b.credited.as_deref() {
            Some(list) => -money::sum_list(list).ok_or_else(|| unsummed(&b.subscription_id))?,
            None => Decimal::ZERO,
        };
        let quantity = money::sub(withdrawn, credited)?;
        if quantity <= Decimal::ZERO {
            continue;
        }
        out.push(WithdrawnCredit {
            group_id: b.group_id,
            month: Month::parse(&b.month)?,
            subscription_id: b.subscription_id,
            customer_id: b.customer_id,
            meter_id: b.meter_id,
            meter_name: b.meter_name,
            meter_category: b.meter_category,
            unit: b.unit,
            billing_currency: b.billing_currency,
            quantity,
            unit_price: b.unit_price.0,
            invoice_currency: b.invoice_currency,
            issuer_id: b.issuer_id,
            customer: b.customer,
            reseller: b.reseller,
        });
    }
    Ok(out)
}

/// A group's quantity still standing: Microsoft's withdrawn rows are not billed (a group holding
/// some is read whole: its dates stay those of all its rows, as the links that billed it say).
fn standing(g: &Stored) -> Result<Decimal> {
    let Some(quantity) = g.quantity.as_ref().map(|q| q.0) else {
        return Err(unsummed(&g.subscription_id));
    };
    let withdrawn = g.withdrawn_quantity.as_ref().map_or(Decimal::ZERO, |q| q.0);
    money::sub(quantity, withdrawn).map_err(|_| unsummed(&g.subscription_id))
}

fn unsummed(subscription: &str) -> CoreError {
    CoreError::validation(
        format!(
            "the usage of subscription {subscription} does not sum: a stored quantity is not a number or the total is too large"
        ),
        format!(
            "l'utilisation de l'abonnement {subscription} ne se totalise pas : une quantité enregistrée n'est pas un nombre ou le total est trop grand"
        ),
    )
}

fn group(
    g: &Stored,
    first: NaiveDate,
    last: NaiveDate,
    first_id: i64,
    quantity: Decimal,
    unbilled: bool,
    billed: &[Link],
) -> BillingGroup {
    let side = |provider: bool| billed.iter().any(|l| l.provider_side == provider && l.covers(first));
    BillingGroup {
        subscription_id: g.subscription_id.clone(),
        customer_id: g.customer_id.clone(),
        meter_id: g.meter_id.clone(),
        meter_name: g.meter_name.clone(),
        meter_category: g.meter_category.clone(),
        unit: g.unit.clone(),
        unit_price: g.unit_price.0,
        pc_to_bc_rate: g.pc_to_bc_rate.0,
        billing_currency: g.billing_currency.clone(),
        first_date: first,
        last_date: last,
        first_id,
        quantity,
        unbilled,
        late_of: None,
        group_id: g.id,
        invoiced: side(false),
        provider_invoiced: side(true),
    }
}

/// The groups' rows summed per day (read by row ID range: a file lists a subscription's rows together).
async fn days(
    conn: &mut SqliteConnection,
    groups: &[Stored],
    links: &HashMap<i64, Vec<Link>>,
) -> Result<Vec<BillingGroup>> {
    let ranges = serde_json::to_string(&groups.iter().map(|g| (g.id, g.first_row, g.last_row)).collect::<Vec<_>>())
        .map_err(|e| decode_error(e.to_string()))?;
    let sums: Vec<(i64, NaiveDate, i64, String, bool)> = sqlx::query_as(
        "SELECT u.group_id, u.usage_date, min(u.id), group_concat(u.quantity, ','), \
                max(u.twin_key IS NOT NULL AND u.invoice_number IS NULL) \
         FROM json_each(?) j JOIN usage_rows u ON u.id BETWEEN j.value ->> 1 AND j.value ->> 2 \
         WHERE u.group_id = j.value ->> 0 AND u.withdrawn_by IS NULL GROUP BY u.group_id, u.usage_date",
    )
    .bind(ranges)
    .fetch_all(&mut *conn)
    .await?;
    let by_id: HashMap<i64, &Stored> = groups.iter().map(|g| (g.id, g)).collect();
    let none = Vec::new();
    let mut out = Vec::with_capacity(sums.len());
    for (id, day, first_id, list, unbilled) in sums {
        let Some(g) = by_id.get(&id) else { continue };
        let quantity = money::sum_list(&list).ok_or_else(|| unsummed(&g.subscription_id))?;
        out.push(group(g, day, day, first_id, quantity, unbilled, links.get(&id).unwrap_or(&none)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(date: &str, sub: &str, meter: &str, price: &str, unit: &str) -> UsageInsert {
        UsageInsert {
            usage_date: date.into(),
            subscription_id: sub.into(),
            customer_id: "c".into(),
            meter_id: meter.into(),
            meter_name: format!("{meter} name"),
            meter_category: "Compute".into(),
            unit: unit.into(),
            unit_price: price.into(),
            pc_to_bc_rate: "1".into(),
            billing_currency: "EUR".into(),
            ..UsageInsert::default()
        }
    }

    #[test]
    fn rows_with_the_same_month_and_line_key_share_a_group_however_far_apart() {
        let mut g = Grouper::starting_at(41);
        // Twenty meters a day for three days, two subscriptions' rows interleaved.
        let mut seen: HashMap<String, i64> = HashMap::new();
        for day in ["2026-10-01", "2026-10-02", "2026-10-03"] {
            for m in 0..20 {
                for sub in ["s", "u"] {
                    let id = g.assign(&row(day, sub, &format!("m{m}"), "0.5", "1 Hour"));
                    assert_eq!(*seen.entry(format!("{sub} m{m}")).or_insert(id), id, "{sub} m{m} on {day}");
                }
            }
        }
        assert_eq!(g.groups.len(), 40);
        assert_eq!(seen.values().min(), Some(&41), "IDs follow the book's last one");
        // Another month, unit price, unit or subscription: another group.
        let first = g.assign(&row("2026-10-04", "s", "m0", "0.5", "1 Hour"));
        for other in [
            row("2026-11-01", "s", "m0", "0.5", "1 Hour"),
            row("2026-10-04", "s", "m0", "0.50", "1 Hour"),
            row("2026-10-04", "s", "m0", "0.5", ""),
            row("2026-10-04", "t", "m0", "0.5", "1 Hour"),
        ] {
            assert_ne!(g.assign(&other), first, "{other:?}");
        }
        assert_eq!(g.groups.len(), 44);
    }

    #[test]
    fn counting_keeps_exact_sums_dates_and_row_ids() {
        let mut g = Grouper::starting_at(1);
        let mut a = row("2026-10-05", "s", "m", "1", "");
        a.group_id = g.assign(&a);
        let mut b = row("2026-10-02", "s", "m", "1", "");
        b.group_id = g.assign(&b);
        g.count(&a, 7, Decimal::new(1, 1)).unwrap();
        g.count(&b, 9, Decimal::new(2, 1)).unwrap();
        let built = &g.groups[0];
        assert_eq!((built.rows, built.quantity, built.first_row, built.last_row), (2, Decimal::new(3, 1), 7, 9));
        assert_eq!((built.first_date.as_str(), built.last_date.as_str()), ("2026-10-02", "2026-10-05"));
        // A sum too large is refused, a row of no group of this import is an error, never a panic.
        g.count(&a, 10, Decimal::MAX).unwrap();
        assert!(g.count(&a, 11, Decimal::MAX).is_err());
        let mut stray = a.clone();
        stray.group_id = 99;
        assert!(g.count(&stray, 12, Decimal::ONE).is_err());
    }

    #[tokio::test]
    async fn lines_link_to_groups_the_month_reads_them_and_a_credit_note_releases_them() {
        use crate::testing::{self, d};
        let mut conn = testing::book().await;
        testing::office_with_draft(&mut conn).await;
        let line = testing::line(1, "i1", 1);
        crate::invoice_lines::insert_lines(&mut conn, &[line]).await.unwrap();
        let part = UsagePart { group_id: 5, from: d("2026-10-01"), to: d("2026-10-31") };
        link_usage(&mut conn, &[(1, &[part][..])]).await.unwrap();
        let links = month_links(&mut conn, testing::month("2026-10"), Drafts::Kept).await.unwrap();
        let l = links[&5][0];
        assert_eq!((l.line_id, l.from, l.to, l.provider_side), (1, part.from, part.to, false));
        assert!(l.covers(d("2026-10-15")) && !l.covers(d("2026-11-01")));
        assert!(month_links(&mut conn, testing::month("2026-10"), Drafts::Replaced(None)).await.unwrap().is_empty());
        assert!(month_links(&mut conn, testing::month("2026-11"), Drafts::Kept).await.unwrap().is_empty());
        release_usage(&mut conn, "i1").await.unwrap();
        assert!(month_links(&mut conn, testing::month("2026-10"), Drafts::Kept).await.unwrap().is_empty());
    }
}
