//! Everything billing needs from the book, loaded once into memory: who held each subscription
//! when, admin rights, partners, customers, countries, price rules, PEC eligibility, settings.
//! Rating then costs no query per usage row.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use csp_domain::access::{self, RoleAssignment};
use csp_domain::offer::Offer;
use csp_domain::pricing::{self, CostBasis, MarkupRule, PricingRates};
use csp_domain::program::ProgramDates;
use csp_domain::tax::TaxTable;
use csp_domain::{money, Month, Result};
use csp_store as store;
use csp_store::customers::CustomerParty;
use csp_store::partners::PartnerRecord;
use csp_store::subscription_periods::PeriodRecord;
use csp_store::usage::UsageRow;

use crate::draft::Recipient;

/// Partner of record, billing partner and offer from a date.
#[derive(Debug, Clone)]
pub struct Period {
    pub valid_from: NaiveDate,
    pub partner_id: String,
    pub billing_partner_id: String,
    pub offer: Offer,
}

/// A snapshot: plain data, so that rating and drafting can be tested on a book built by hand.
#[derive(Debug, Clone, Default)]
pub struct Book {
    pub dates: ProgramDates,
    pub rates: PricingRates,
    /// Per subscription, its periods in `valid_from` order.
    pub periods: HashMap<String, Vec<Period>>,
    /// Per subscription, the assignments that may be admin rights (`access::admin_roles`).
    pub roles: HashMap<String, Vec<RoleAssignment>>,
    pub partners: HashMap<String, PartnerRecord>,
    pub customers: HashMap<String, CustomerParty>,
    /// Countries as tax sees them, with their dated VAT rates.
    pub tax: TaxTable,
    /// Per subscription: its name and offer.
    pub subscriptions: HashMap<String, (Option<String>, Offer)>,
    /// Per meter: (from, to, eligible) from the price list.
    pub pec_eligibility: HashMap<String, Vec<(NaiveDate, Option<NaiveDate>, bool)>>,
    /// Per issuer, its markup rules.
    pub markups: HashMap<String, Vec<MarkupRule>>,
    /// `issuer.tax_rate` (an issuer outside the EU charges it when set).
    pub issuer_tax_rate: Option<Decimal>,
    /// `office.partner_id`.
    pub office_partner_id: Option<String>,
    /// A reseller's providers (first = the default one).
    pub providers: HashMap<String, Vec<String>>,
    /// The month's exchange rates from Settings: (from, to) → rate.
    pub exchange_rates: HashMap<(String, String), Decimal>,
    /// Who already holds an issued invoice of a month, per issuer (DOMAIN.md "Late usage"): the
    /// run of that month drafts nothing more for them; later runs bill their late usage.
    pub standing: HashSet<(Month, String, Recipient)>,
    /// The months an issuer closed (`MONTH_CLOSED`): sealed, their late usage goes to a later run.
    pub closed: HashSet<(Month, String)>,
}

/// How one usage row is rated for its billing partner.
#[derive(Debug, Clone)]
pub struct Rated<'a> {
    pub period: &'a Period,
    pub admin_rights: bool,
    pub pec_eligible: bool,
    pub basis: CostBasis,
    /// Partner Center's `UnitPrice` (ERP in the pricing currency) and `PCToBCExchangeRate`.
    pub erp: Decimal,
    pub pc_to_bc: Decimal,
    /// Partner cost per unit in the billing currency.
    pub cost_bc: Decimal,
    pub quantity: Decimal,
}

impl Rated<'_> {
    /// ERP converted to the billing currency: `UnitPrice × PCToBCExchangeRate`.
    pub fn erp_bc(&self) -> Result<Decimal> {
        money::mul(self.erp, self.pc_to_bc)
    }
}

impl Book {
    /// The book as billing needs it for `month` (the month's exchange rates).
    pub async fn load(conn: &mut store::Conn, month: Month) -> Result<Book> {
        let settings = store::settings::load(conn).await?;
        let mut periods: HashMap<String, Vec<Period>> = HashMap::new();
        for p in store::subscription_periods::for_billing(conn).await? {
            let PeriodRecord { subscription_id, valid_from, partner_id, billing_partner_id, offer } = p;
            periods.entry(subscription_id).or_default().push(Period {
                valid_from,
                partner_id,
                billing_partner_id,
                offer,
            });
        }
        let mut roles: HashMap<String, Vec<RoleAssignment>> = HashMap::new();
        for r in store::roles::admin_roles(conn).await? {
            roles.entry(r.subscription_id.clone()).or_default().push(RoleAssignment {
                subscription_id: r.subscription_id,
                principal: r.principal,
                role: r.role,
                scope: r.scope,
                since: r.granted_on,
                until: r.revoked_on,
                owner_risk_acknowledged: false,
            });
        }
        let partners: HashMap<String, PartnerRecord> =
            store::partners::list(conn).await?.into_iter().map(|p| (p.id.clone(), p)).collect();
        let mut providers: HashMap<String, Vec<String>> = HashMap::new();
        for (r, p) in store::partners::provider_ids(conn).await? {
            providers.entry(r).or_default().push(p);
        }
        let customers = store::customers::parties(conn).await?.into_iter().map(|c| (c.id.clone(), c)).collect();
        let tax = TaxTable::new(store::reference::tax_countries(conn).await?);
        let subscriptions = store::subscriptions::names_and_offers(conn)
            .await?
            .into_iter()
            .map(|(id, name, offer)| (id, (name, offer)))
            .collect();
        let mut pec_eligibility: HashMap<String, Vec<_>> = HashMap::new();
        for (meter, from, to, ok) in store::prices::pec_eligibility(conn).await? {
            pec_eligibility.entry(meter).or_default().push((from, to, ok));
        }
        let mut markups: HashMap<String, Vec<MarkupRule>> = HashMap::new();
        for r in store::markups::list(conn, None).await? {
            markups.entry(r.issuer_id.clone()).or_default().push(r);
        }
        let exchange_rates = store::prices::exchange_rates(conn, month)
            .await?
            .into_iter()
            // Keyed as the usage rows name their currencies (text).
            .map(|(from, to, rate)| ((from.to_string(), to.to_string()), rate))
            .collect();
        Ok(Book {
            dates: settings.program,
            rates: settings.pricing,
            periods,
            roles,
            partners,
            customers,
            tax,
            subscriptions,
            pec_eligibility,
            markups,
            issuer_tax_rate: settings.issuer.tax_rate,
            office_partner_id: settings.office_partner_id,
            providers,
            exchange_rates,
            standing: HashSet::new(),
            closed: HashSet::new(),
        })
    }

    /// The period in force on `d`: the greatest `valid_from <= d` (the first one for earlier usage).
    pub fn period_on(&self, subscription_id: &str, d: NaiveDate) -> Option<&Period> {
        let ps = self.periods.get(subscription_id)?;
        ps.iter().rev().find(|p| p.valid_from <= d).or_else(|| ps.first())
    }

    /// Whether one period of the subscription holds from `first` to `last` (then usage over those
    /// days is billed by the same partners and can be rated once).
    pub fn one_period(&self, subscription_id: &str, first: NaiveDate, last: NaiveDate) -> bool {
        match (self.period_on(subscription_id, first), self.period_on(subscription_id, last)) {
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            _ => true,
        }
    }

    /// Admin rights for PEC (`access::holds_admin_rights`) held on `d` by the partner of record or
    /// the billing partner.
    pub fn admin_rights(&self, subscription_id: &str, period: &Period, d: NaiveDate) -> bool {
        self.roles.get(subscription_id).is_some_and(|rs| {
            access::holds_admin_rights(rs, &period.partner_id, d)
                || access::holds_admin_rights(rs, &period.billing_partner_id, d)
        })
    }

    /// PEC eligibility of a meter on `d`; a meter the price list does not know is eligible (most
    /// Azure consumption meters are).
    pub fn pec_eligible(&self, meter_id: &str, d: NaiveDate) -> bool {
        match self.pec_eligibility.get(meter_id) {
            None => true,
            Some(ps) => ps
                .iter()
                .filter(|(from, to, _)| *from <= d && to.is_none_or(|t| t >= d))
                .max_by_key(|(from, _, _)| *from)
                .map(|(_, _, ok)| *ok)
                .unwrap_or(true),
        }
    }

    /// The row's period and costs; `None` when no period of its subscription covers its date. An
    /// amount too large to compute (a row stored before input was bounded) is a `VALIDATION` error.
    pub fn rate(&self, row: &UsageRow) -> Result<Option<Rated<'_>>> {
        self.rate_at(
            &row.subscription_id,
            &row.meter_id,
            row.usage_date,
            row.quantity.0,
            row.unit_price.0,
            row.pc_to_bc_rate.0,
        )
    }

    /// [`Book::rate`] of usage given by its parts (a group's, or a day of it).
    pub fn rate_at(
        &self,
        subscription_id: &str,
        meter_id: &str,
        d: NaiveDate,
        quantity: Decimal,
        erp: Decimal,
        pc_to_bc: Decimal,
    ) -> Result<Option<Rated<'_>>> {
        let Some(period) = self.period_on(subscription_id, d) else { return Ok(None) };
        let admin_rights = self.admin_rights(subscription_id, period, d);
        let pec_eligible = self.pec_eligible(meter_id, d);
        let pec = pricing::pec_applies(period.offer, pec_eligible, admin_rights);
        let basis = pricing::cost_basis(period.offer, d, &self.dates, pec);
        Ok(Some(Rated {
            period,
            admin_rights,
            pec_eligible,
            basis,
            erp,
            pc_to_bc,
            cost_bc: money::mul(money::mul(erp, pc_to_bc)?, pricing::cost_factor(basis, &self.rates))?,
            quantity,
        }))
    }

    /// Whether usage of the subscription's meter rates the same on every day from `first` to
    /// `last` (one period, the same admin rights and PEC eligibility): then it is rated once.
    pub fn rates_alike(&self, subscription_id: &str, meter_id: &str, first: NaiveDate, last: NaiveDate) -> bool {
        if !self.one_period(subscription_id, first, last) {
            return false;
        }
        let Some(period) = self.period_on(subscription_id, first) else { return true };
        let at = |d| (self.admin_rights(subscription_id, period, d), self.pec_eligible(meter_id, d));
        let start = at(first);
        first.iter_days().take_while(|d| *d <= last).all(|d| at(d) == start)
    }

    /// The month's rate converting `from` into `to`, as set in Settings.
    pub fn exchange_rate(&self, from: &str, to: &str) -> Option<Decimal> {
        self.exchange_rates.get(&(from.to_string(), to.to_string())).copied()
    }

    /// Whether `recipient` holds an issued invoice of `month` from `issuer_id`.
    pub fn has_standing(&self, month: Month, issuer_id: &str, recipient: &Recipient) -> bool {
        // Looked up without building a key's strings for the common case of no standing at all.
        !self.standing.is_empty() && self.standing.contains(&(month, issuer_id.to_string(), recipient.clone()))
    }

    /// Whether `issuer_id` closed `month`.
    pub fn has_closed(&self, month: Month, issuer_id: &str) -> bool {
        !self.closed.is_empty() && self.closed.contains(&(month, issuer_id.to_string()))
    }

    pub fn markups_of(&self, issuer_id: &str) -> &[MarkupRule] {
        self.markups.get(issuer_id).map(Vec::as_slice).unwrap_or(&[])
    }
}
