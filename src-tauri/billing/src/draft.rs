//! Drafting a month's invoices, as a pure function of the book and the month's usage: no query, no
//! clock, no ID. `run::write` stores what this decides.
//!
//! A usage row dated `d` is billed by its partner of record on `d` (direct partner or reseller) to its
//! customer; when the billing partner is a provider, the provider also bills the reseller for it. Lines
//! group the month's rows with the same subscription, meter and unit price;
//! `amount = round(Σ quantity × unit price)`.
//!
//! The rows come summed by the store ([`BillingGroup`]: same subscription, meter, prices, currency
//! and billed state), each group within one period of its subscription: a group is rated once.

use std::collections::BTreeMap;

use csp_domain::pricing;
use csp_domain::tax::{self, TaxDecision};
use csp_domain::{money, CoreError, Month, Result};
use csp_store::usage_groups::{BillingGroup, UsagePart, WithdrawnCredit};
use rust_decimal::Decimal;

use crate::book::Book;

/// Who an invoice is addressed to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Recipient {
    Customer(String),
    Reseller(String),
}

/// An invoice the billing run would write: amounts rounded, lines in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftInvoice {
    pub issuer_id: String,
    pub recipient: Recipient,
    /// The usage's billing currency, or the customer's own billing currency when it has one.
    pub currency: String,
    /// The usage's currency and the month's rate, when they differ from `currency`.
    pub exchange: Option<(String, Decimal)>,
    pub tax: TaxDecision,
    pub lines: Vec<DraftLine>,
    pub subtotal: Decimal,
    pub tax_amount: Decimal,
    pub total: Decimal,
    /// Some of its usage is not billed by Microsoft yet (drafted from the unbilled file).
    pub provisional: bool,
}

impl DraftInvoice {
    /// A provider's invoice to its reseller (its lines hold the provider side of the usage).
    pub fn provider_side(&self) -> bool {
        matches!(self.recipient, Recipient::Reseller(_))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DraftLine {
    pub subscription_id: String,
    pub subscription_name: Option<String>,
    pub customer_id: String,
    pub meter_id: String,
    pub meter_name: String,
    pub meter_category: String,
    pub unit: String,
    pub quantity: Decimal,
    /// Unrounded, in the invoice's currency.
    pub unit_price: Decimal,
    pub markup_percent: Decimal,
    pub amount: Decimal,
    /// The usage this line bills.
    pub usage: Vec<UsagePart>,
    /// Late usage: the earlier month it belongs to (the line prints it).
    pub usage_month: Option<Month>,
    /// A credit of usage Microsoft withdrew after an issued invoice billed it: the group credited.
    pub withdrawn_group: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct InvoiceKey {
    issuer_id: String,
    recipient: Recipient,
    currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct LineKey {
    /// Late usage's month (`None`, the invoice's own, first).
    usage_month: Option<Month>,
    /// A credit of withdrawn usage: one line per group credited.
    withdrawn_group: Option<i64>,
    subscription_id: String,
    meter_id: String,
    unit_price: Decimal,
}

struct LineAcc {
    customer_id: String,
    meter_name: String,
    meter_category: String,
    unit: String,
    markup: Decimal,
    quantity: Decimal,
    usage: Vec<UsagePart>,
    unbilled: bool,
    /// A credit's unit price is the issued line's, already in the invoice's currency.
    in_invoice_currency: bool,
}

type Accumulated = BTreeMap<InvoiceKey, BTreeMap<LineKey, LineAcc>>;

/// The month's invoices (every issuer, or one) from the usage no invoice holds yet, in a stable order
/// (issuer, recipient, currency). A usage currency with no rate for the month refuses the run.
/// Each group must lie within one period of its subscription ([`Book::one_period`]).
pub fn draft(
    book: &Book,
    month: Month,
    groups: &[BillingGroup],
    credits: &[WithdrawnCredit],
    issuer_filter: Option<&str>,
) -> Result<Vec<DraftInvoice>> {
    // Reading order (subscription, date, row): a line takes its names from its first rows.
    let mut ordered: Vec<&BillingGroup> = groups.iter().collect();
    ordered.sort_by(|x, y| {
        (&x.subscription_id, x.first_date, x.first_id).cmp(&(&y.subscription_id, y.first_date, y.first_id))
    });
    let mut acc: Accumulated = BTreeMap::new();
    for row in ordered {
        let Some(period) = book.period_on(&row.subscription_id, row.first_date) else { continue };
        // Customer side: the partner of record bills its customer.
        if !row.invoiced
            && issuer_filter.is_none_or(|i| i == period.partner_id)
            && billable_now(book, month, row, &period.partner_id, &Recipient::Customer(row.customer_id.clone()))
        {
            let (m, _) = pricing::select_markup(
                book.markups_of(&period.partner_id),
                Some(&row.customer_id),
                &row.meter_category,
                None,
            );
            let recipient = Recipient::Customer(row.customer_id.clone());
            add(&mut acc, &period.partner_id, recipient, row, m)?;
        }
        // Provider side: a provider bills the reseller for its customers' usage.
        if period.billing_partner_id != period.partner_id
            && !row.provider_invoiced
            && issuer_filter.is_none_or(|i| i == period.billing_partner_id)
            && billable_now(
                book,
                month,
                row,
                &period.billing_partner_id,
                &Recipient::Reseller(period.partner_id.clone()),
            )
        {
            // X is the reseller: the provider's rule for it (or its default), never a rule the
            // provider set for an end customer.
            let (m, _) = pricing::select_markup(
                book.markups_of(&period.billing_partner_id),
                None,
                &row.meter_category,
                Some(&period.partner_id),
            );
            let recipient = Recipient::Reseller(period.partner_id.clone());
            add(&mut acc, &period.billing_partner_id, recipient, row, m)?;
        }
    }
    for c in credits {
        credit(&mut acc, book, month, c, issuer_filter);
    }
    acc.into_iter().map(|(key, lines)| invoice(book, month, key, lines)).collect()
}

/// Usage an issued invoice billed and Microsoft then withdrew (`USAGE_WITHDRAWN`): credited on the
/// recipient's invoice of this month, at the price it was billed, in a line naming its month.
fn credit(acc: &mut Accumulated, book: &Book, month: Month, c: &WithdrawnCredit, issuer_filter: Option<&str>) {
    if issuer_filter.is_some_and(|i| i != c.issuer_id) {
        return;
    }
    let recipient = match (&c.reseller, &c.customer) {
        (Some(r), _) => Recipient::Reseller(r.clone()),
        (None, Some(customer)) => Recipient::Customer(customer.clone()),
        (None, None) => return,
    };
    if book.has_closed(month, &c.issuer_id) || book.has_standing(month, &c.issuer_id, &recipient) {
        return;
    }
    let key = InvoiceKey { issuer_id: c.issuer_id.clone(), recipient, currency: c.billing_currency.clone() };
    let lk = LineKey {
        usage_month: Some(c.month),
        withdrawn_group: Some(c.group_id),
        subscription_id: c.subscription_id.clone(),
        meter_id: c.meter_id.clone(),
        unit_price: c.unit_price,
    };
    acc.entry(key).or_default().insert(
        lk,
        LineAcc {
            customer_id: c.customer_id.clone(),
            meter_name: c.meter_name.clone(),
            meter_category: c.meter_category.clone(),
            unit: c.unit.clone().unwrap_or_default(),
            markup: Decimal::ZERO,
            quantity: -c.quantity,
            usage: Vec::new(),
            unbilled: false,
            in_invoice_currency: true,
        },
    );
}

/// Whether the run of `month` bills this usage to `recipient` (DOMAIN.md "Late usage"): never once
/// the recipient holds an issued invoice of `month` (no second invoice of a month); usage of an
/// earlier month only once the recipient holds that month's issued invoice (else that month's own
/// run bills it).
/// A month its issuer closed is as if every recipient held its invoice (`MONTH_CLOSED`).
fn billable_now(book: &Book, month: Month, row: &BillingGroup, issuer: &str, recipient: &Recipient) -> bool {
    if book.has_closed(month, issuer) || book.has_standing(month, issuer, recipient) {
        return false;
    }
    match row.late_of {
        None => true,
        Some(of) => book.has_closed(of, issuer) || book.has_standing(of, issuer, recipient),
    }
}

fn add(
    acc: &mut Accumulated,
    issuer_id: &str,
    recipient: Recipient,
    row: &BillingGroup,
    markup: Decimal,
) -> Result<()> {
    let unit_price = pricing::selling_unit_price(row.unit_price, row.pc_to_bc_rate, markup)?.normalize();
    let key = InvoiceKey { issuer_id: issuer_id.to_string(), recipient, currency: row.billing_currency.clone() };
    let lk = LineKey {
        usage_month: row.late_of,
        withdrawn_group: None,
        subscription_id: row.subscription_id.clone(),
        meter_id: row.meter_id.clone(),
        unit_price,
    };
    let line = acc.entry(key).or_default().entry(lk).or_insert_with(|| LineAcc {
        customer_id: row.customer_id.clone(),
        meter_name: row.meter_name.clone(),
        meter_category: row.meter_category.clone(),
        unit: row.unit.clone().unwrap_or_default(),
        markup,
        quantity: Decimal::ZERO,
        usage: Vec::new(),
        unbilled: false,
        in_invoice_currency: false,
    });
    line.unbilled |= row.unbilled;
    line.quantity = money::add(line.quantity, row.quantity)?;
    line.usage.push(row.part());
    Ok(())
}

fn invoice(book: &Book, month: Month, key: InvoiceKey, lines: BTreeMap<LineKey, LineAcc>) -> Result<DraftInvoice> {
    let (recipient_country, recipient_vat, billed_in) = match &key.recipient {
        Recipient::Customer(c) => {
            let c = book.customers.get(c);
            (
                c.map(|c| c.country.clone()).unwrap_or_default(),
                c.and_then(|c| c.vat_id.clone()),
                c.and_then(|c| c.billing_currency.map(|b| b.to_string())),
            )
        }
        Recipient::Reseller(r) => {
            let p = book.partners.get(r);
            (p.map(|p| p.country.clone()).unwrap_or_default(), p.and_then(|p| p.vat_id.clone()), None)
        }
    };
    let issuer_country = book.partners.get(&key.issuer_id).map(|p| p.country.clone()).unwrap_or_default();
    let decision = book.tax.decide(
        &issuer_country,
        &recipient_country,
        recipient_vat.is_some(),
        book.issuer_tax_rate,
        month.last_day(),
    );
    // The invoice is in the usage's billing currency, at the rows' own `PCToBCExchangeRate`. Only a
    // customer billed in another currency has the amounts converted, at the month's rate from
    // Settings (and the invoice shows it).
    let currency = billed_in.unwrap_or_else(|| key.currency.clone());
    let fx = if currency == key.currency {
        None
    } else {
        let rate = book.exchange_rate(&key.currency, &currency).ok_or_else(|| {
            CoreError::validation(
                format!(
                    "no exchange rate {} → {currency} for {month}: set it in Settings before the billing run",
                    key.currency
                ),
                format!(
                    "aucun taux de change {} → {currency} pour {month} : saisissez-le dans les réglages avant la facturation",
                    key.currency
                ),
            )
        })?;
        Some(rate)
    };
    // Lines in a stable reading order: the month's usage, then late usage by month; subscription,
    // then meter name.
    let mut sorted: Vec<(LineKey, LineAcc)> = lines.into_iter().collect();
    sorted.sort_by(|a, b| {
        (a.0.usage_month, a.0.withdrawn_group, &a.0.subscription_id, &a.1.meter_name, a.0.unit_price).cmp(&(
            b.0.usage_month,
            b.0.withdrawn_group,
            &b.0.subscription_id,
            &b.1.meter_name,
            b.0.unit_price,
        ))
    });
    let mut subtotal = Decimal::ZERO;
    let mut out = Vec::with_capacity(sorted.len());
    let provisional = sorted.iter().any(|(_, acc)| acc.unbilled);
    for (lk, mut acc) in sorted {
        acc.usage.sort_unstable();
        let unit_price = match fx {
            Some(r) if !acc.in_invoice_currency => money::mul(lk.unit_price, r)?,
            _ => lk.unit_price,
        };
        let amount = money::round(money::mul(acc.quantity, unit_price)?, &currency);
        subtotal = money::add(subtotal, amount)?;
        out.push(DraftLine {
            subscription_name: book.subscriptions.get(&lk.subscription_id).and_then(|s| s.0.clone()),
            subscription_id: lk.subscription_id,
            customer_id: acc.customer_id,
            meter_id: lk.meter_id,
            meter_name: acc.meter_name,
            meter_category: acc.meter_category,
            unit: acc.unit,
            quantity: acc.quantity,
            unit_price,
            markup_percent: acc.markup,
            amount,
            usage: acc.usage,
            usage_month: lk.usage_month,
            withdrawn_group: lk.withdrawn_group,
        });
    }
    let tax_amount = tax::tax_amount(subtotal, decision.rate, &currency)?;
    let total = money::add(subtotal, tax_amount)?;
    Ok(DraftInvoice {
        issuer_id: key.issuer_id,
        recipient: key.recipient,
        exchange: fx.map(|r| (key.currency.clone(), r)),
        tax: decision,
        lines: out,
        subtotal,
        tax_amount,
        total,
        currency,
        provisional,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use chrono::NaiveDate;
    use csp_domain::pricing::MarkupRule;
    use csp_domain::tax::{DatedRate, TaxCountry, TaxMention, TaxTable};
    use csp_store::customers::CustomerParty;
    use csp_store::partners::PartnerRecord;

    use super::*;
    use crate::book::Period;

    /// Decimals written as text, as Partner Center writes them.
    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn partner(id: &str, country: &str, currency: Option<&str>, vat: Option<&str>) -> PartnerRecord {
        PartnerRecord {
            currency: currency.map(|c| csp_domain::Currency::parse(c).unwrap()),
            vat_id: vat.map(Into::into),
            ..PartnerRecord::new(id, id, csp_domain::partner::Tier::Direct, country, day("2019-01-01"))
        }
    }

    fn customer(id: &str, country: &str, vat: Option<&str>) -> CustomerParty {
        CustomerParty {
            id: id.into(),
            name: id.into(),
            country: country.into(),
            address: None,
            email: None,
            vat_id: vat.map(Into::into),
            siren: None,
            billing_currency: None,
        }
    }

    fn country(code: &str, eu: bool, rate: Option<&str>) -> TaxCountry {
        let standard_rates = rate.map(|r| DatedRate { from: day("2019-01-01"), rate: dec(r) }).into_iter().collect();
        TaxCountry { code: code.into(), eu_member: eu, standard_rates }
    }

    /// A Paris partner (EUR) and its French customer; a distributor (EUR) whose reseller `res` bills `de-cust`.
    fn book() -> Book {
        let mut b = Book {
            partners: HashMap::from([
                ("paris".to_string(), partner("paris", "FR", Some("EUR"), Some("FR40303265045"))),
                ("dist".to_string(), partner("dist", "FR", Some("EUR"), Some("FR11123456789"))),
                ("res".to_string(), partner("res", "DE", None, Some("DE123456789"))),
            ]),
            customers: HashMap::from([
                ("fr-cust".to_string(), customer("fr-cust", "FR", None)),
                ("de-cust".to_string(), customer("de-cust", "DE", Some("DE811907980"))),
            ]),
            tax: TaxTable::new([country("FR", true, Some("20")), country("DE", true, Some("19"))]),
            providers: HashMap::from([("res".to_string(), vec!["dist".to_string()])]),
            ..Book::default()
        };
        let period = |partner: &str, billing: &str| Period {
            valid_from: day("2021-01-01"),
            partner_id: partner.into(),
            billing_partner_id: billing.into(),
            offer: csp_domain::offer::Offer::AzurePlan,
        };
        b.periods.insert("sub-fr".into(), vec![period("paris", "paris")]);
        b.periods.insert("sub-de".into(), vec![period("res", "dist")]);
        b.subscriptions.insert("sub-fr".into(), (Some("Production".into()), csp_domain::offer::Offer::AzurePlan));
        b.markups.insert("paris".into(), vec![rule("paris", None, None, "10")]);
        b
    }

    fn rule(issuer: &str, customer: Option<&str>, reseller: Option<&str>, percent: &str) -> MarkupRule {
        MarkupRule {
            issuer_id: issuer.into(),
            customer_id: customer.map(Into::into),
            category: None,
            reseller_id: reseller.map(Into::into),
            percent: dec(percent),
        }
    }

    fn usage(
        id: i64,
        subscription: &str,
        customer: &str,
        meter: &str,
        qty: &str,
        price: &str,
        currency: &str,
    ) -> BillingGroup {
        BillingGroup {
            customer_id: customer.into(),
            subscription_id: subscription.into(),
            meter_id: meter.into(),
            meter_name: format!("{meter} name"),
            meter_category: "Virtual Machines".into(),
            unit: Some("1 Hour".into()),
            quantity: dec(qty),
            unit_price: dec(price),
            billing_currency: currency.into(),
            pc_to_bc_rate: Decimal::ONE,
            first_date: day("2026-10-05"),
            last_date: day("2026-10-05"),
            first_id: id,
            group_id: id,
            invoiced: false,
            provider_invoiced: false,
            unbilled: false,
            late_of: None,
        }
    }

    fn october() -> Month {
        Month::parse("2026-10").unwrap()
    }

    #[test]
    fn a_direct_partner_bills_its_customer_with_its_markup_and_domestic_vat() {
        let rows = [
            usage(1, "sub-fr", "fr-cust", "m1", "10", "0.1", "EUR"),
            usage(2, "sub-fr", "fr-cust", "m1", "5.5", "0.1", "EUR"),
            usage(3, "sub-fr", "fr-cust", "m2", "0.00000641", "3", "EUR"),
        ];
        let drafts = draft(&book(), october(), &rows, &[], None).unwrap();
        assert_eq!(drafts.len(), 1);
        let d = &drafts[0];
        assert_eq!((d.issuer_id.as_str(), &d.recipient), ("paris", &Recipient::Customer("fr-cust".into())));
        assert_eq!(d.currency, "EUR");
        assert_eq!(d.tax, TaxDecision { rate: dec("20"), mention: TaxMention::None });
        // Same subscription, meter and unit price: one line; 0.1 × 1.10 = 0.11 per unit.
        assert_eq!(d.lines.len(), 2);
        let l1 = &d.lines[0];
        assert_eq!((l1.meter_id.as_str(), l1.quantity, l1.unit_price), ("m1", dec("15.5"), dec("0.11")));
        let groups: Vec<i64> = l1.usage.iter().map(|p| p.group_id).collect();
        assert_eq!((l1.amount, l1.markup_percent, groups), (dec("1.71"), dec("10"), vec![1, 2]));
        assert_eq!(l1.subscription_name.as_deref(), Some("Production"));
        // A tiny quantity rounds to zero cents, the line stays.
        assert_eq!((d.lines[1].unit_price, d.lines[1].amount), (dec("3.3"), dec("0.00")));
        assert_eq!((d.subtotal, d.tax_amount, d.total), (dec("1.71"), dec("0.34"), dec("2.05")));
    }

    #[test]
    fn a_provider_bills_its_reseller_with_its_own_rules_beside_the_reseller_billing_its_customer() {
        let mut b = book();
        b.markups.insert("dist".into(), vec![rule("dist", None, Some("res"), "4")]);
        b.markups.insert("res".into(), vec![rule("res", None, None, "25")]);
        let rows = [usage(7, "sub-de", "de-cust", "m1", "100", "0.2", "EUR")];
        let drafts = draft(&b, october(), &rows, &[], None).unwrap();
        assert_eq!(drafts.len(), 2);
        let to_reseller = drafts.iter().find(|d| d.provider_side()).unwrap();
        let to_customer = drafts.iter().find(|d| !d.provider_side()).unwrap();
        assert_eq!(
            (to_reseller.issuer_id.as_str(), &to_reseller.recipient),
            ("dist", &Recipient::Reseller("res".into()))
        );
        assert_eq!((to_reseller.lines[0].unit_price, to_reseller.lines[0].amount), (dec("0.208"), dec("20.80")));
        // A French provider to a German reseller with a VAT ID: reverse charge.
        assert_eq!(to_reseller.tax, TaxDecision { rate: Decimal::ZERO, mention: TaxMention::ReverseChargeEu });
        // The reseller bills in the usage's currency, with its own markup.
        assert_eq!((to_customer.issuer_id.as_str(), to_customer.currency.as_str()), ("res", "EUR"));
        assert_eq!(to_customer.lines[0].amount, dec("25.00"));
        assert_eq!(to_customer.tax, TaxDecision { rate: dec("19"), mention: TaxMention::None });
    }

    #[test]
    fn usage_already_invoiced_on_one_side_is_billed_only_on_the_other_and_a_filter_keeps_one_issuer() {
        let mut row = usage(7, "sub-de", "de-cust", "m1", "100", "0.2", "EUR");
        row.invoiced = true;
        let drafts = draft(&book(), october(), std::slice::from_ref(&row), &[], None).unwrap();
        assert_eq!(drafts.len(), 1);
        assert!(drafts[0].provider_side());
        let rows = [
            usage(1, "sub-fr", "fr-cust", "m1", "1", "1", "EUR"),
            usage(7, "sub-de", "de-cust", "m1", "1", "1", "EUR"),
        ];
        let only_res = draft(&book(), october(), &rows, &[], Some("res")).unwrap();
        assert_eq!(only_res.iter().map(|d| d.issuer_id.as_str()).collect::<Vec<_>>(), ["res"]);
    }

    #[test]
    fn the_invoice_is_in_the_usages_currency_unless_the_customer_is_billed_in_another() {
        // USD usage for a customer with no billing currency of its own: a USD invoice at the rows'
        // own rate, no conversion, whatever the issuer's contract currency (EUR).
        let rows = [usage(1, "sub-fr", "fr-cust", "m1", "10", "1", "USD")];
        let d = &draft(&book(), october(), &rows, &[], None).unwrap()[0];
        assert_eq!((d.currency.as_str(), &d.exchange), ("USD", &None));
        assert_eq!((d.lines[0].unit_price, d.lines[0].amount), (dec("1.1"), dec("11.00")));
    }

    #[test]
    fn a_customer_billed_in_another_currency_needs_the_months_rate_and_is_converted_with_it() {
        let mut b = book();
        b.customers.get_mut("fr-cust").unwrap().billing_currency = Some(csp_domain::Currency::parse("EUR").unwrap());
        let rows = [usage(1, "sub-fr", "fr-cust", "m1", "10", "1", "USD")];
        let err = draft(&b, october(), &rows, &[], None).unwrap_err();
        assert_eq!(err.code(), "VALIDATION");
        assert!(err.to_string().contains("USD → EUR for 2026-10"), "{err}");
        b.exchange_rates.insert(("USD".into(), "EUR".into()), dec("0.9"));
        let d = &draft(&b, october(), &rows, &[], None).unwrap()[0];
        assert_eq!(d.currency, "EUR");
        assert_eq!(d.exchange, Some(("USD".to_string(), dec("0.9"))));
        // 1 × 1.10 markup × 0.9 = 0.99 per unit.
        assert_eq!((d.lines[0].unit_price, d.lines[0].amount), (dec("0.990"), dec("9.90")));
        // Usage already in the customer's currency needs no rate.
        let eur = [usage(2, "sub-fr", "fr-cust", "m1", "10", "1", "EUR")];
        b.exchange_rates.clear();
        assert_eq!(draft(&b, october(), &eur, &[], None).unwrap()[0].exchange, None);
    }

    #[test]
    fn a_subscription_the_book_does_not_hold_is_left_out_and_no_usage_drafts_nothing() {
        let rows = [usage(1, "sub-unknown", "fr-cust", "m1", "10", "1", "EUR")];
        assert!(draft(&book(), october(), &rows, &[], None).unwrap().is_empty());
        assert!(draft(&book(), october(), &[], &[], None).unwrap().is_empty());
    }
}
