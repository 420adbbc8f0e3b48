//! The printable document of a stored invoice (`pdf::model::InvoiceDocument`), filled from the
//! invoice, Settings (`issuer.*`), the issuer partner and the customer (or reseller).

use rust_decimal::Decimal;

use csp_domain::invoice::Invoice;
use csp_domain::invoice::InvoiceKind;
use csp_domain::settings::{IssuerIdentity, Settings};
use csp_domain::tax::TaxMention;
use csp_pdf::model::{
    self, DocumentKind, ExchangeNote, InvoiceDocument, InvoiceLine, Lang, LineGroup, Paper, Party, PaymentInfo, TaxRow,
};

/// What the document needs about a party besides what the invoice holds.
pub struct PartyFacts<'a> {
    pub name: &'a str,
    pub address: Option<&'a str>,
    pub country_code: &'a str,
    pub country_name: String,
    pub vat_id: Option<&'a str>,
    pub siren: Option<&'a str>,
    pub email: Option<&'a str>,
}

fn address_lines(address: Option<&str>) -> Vec<String> {
    address
        .map(|a| a.split(['\n', ';']).map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

pub fn parse_lang(v: Option<&str>) -> Option<Lang> {
    match v {
        Some("fr") => Some(Lang::Fr),
        Some("en") => Some(Lang::En),
        _ => None,
    }
}

/// Builds the document. `is_office_issuer`: the `issuer.*` legal identity in Settings is the
/// operating partner's, so it is printed only on that partner's invoices.
pub fn build(
    inv: &Invoice,
    issuer: &PartyFacts<'_>,
    recipient: &PartyFacts<'_>,
    settings: &Settings,
    is_office_issuer: bool,
    lang: Lang,
    logo_png: Option<Vec<u8>>,
) -> InvoiceDocument {
    let legal = |field: fn(&IssuerIdentity) -> &Option<String>| {
        if is_office_issuer {
            field(&settings.issuer).clone()
        } else {
            None
        }
    };
    let issuer_party = Party {
        name: issuer.name.to_string(),
        legal_form: legal(|i| &i.legal_form),
        share_capital: legal(|i| &i.share_capital),
        address_lines: address_lines(issuer.address),
        country_code: issuer.country_code.to_string(),
        country_name: issuer.country_name.clone(),
        vat_id: issuer.vat_id.map(str::to_string),
        siren: legal(|i| &i.siren).or_else(|| issuer.siren.map(str::to_string)),
        siret: legal(|i| &i.siret),
        rcs: legal(|i| &i.rcs),
        email: issuer.email.map(str::to_string),
    };
    let customer = Party {
        name: recipient.name.to_string(),
        legal_form: None,
        share_capital: None,
        address_lines: address_lines(recipient.address),
        country_code: recipient.country_code.to_string(),
        country_name: recipient.country_name.clone(),
        vat_id: recipient.vat_id.map(str::to_string),
        siren: recipient.siren.map(str::to_string),
        siret: None,
        rcs: None,
        email: recipient.email.map(str::to_string),
    };
    // One group per subscription, in line order.
    let mut groups: Vec<LineGroup> = Vec::new();
    for l in &inv.lines {
        let line = InvoiceLine {
            description: l.meter_name.clone(),
            detail: Some(l.meter_category.clone()).filter(|c| !c.is_empty()),
            quantity: l.quantity,
            unit: l.unit.clone(),
            unit_price: l.unit_price,
            tax_rate: l.tax_rate,
            amount: l.amount,
        };
        match groups.last_mut() {
            Some(g) if g.subtitle.starts_with(&l.subscription_id) => {
                g.subtotal += l.amount;
                g.lines.push(line);
            }
            _ => groups.push(LineGroup {
                title: l.subscription_name.clone().unwrap_or_else(|| "Azure plan".to_string()),
                subtitle: l.subscription_id.clone(),
                subtotal: l.amount,
                lines: vec![line],
            }),
        }
    }
    let (start, end) = csp_domain::Month::parse(&inv.month).map(csp_domain::Month::bounds).unwrap_or_else(|_| {
        let d = inv.issued_on.unwrap_or_default();
        (d, d)
    });
    let terms_days = settings.issuer.payment_terms_days;
    InvoiceDocument {
        kind: match inv.kind {
            InvoiceKind::Invoice => DocumentKind::Invoice,
            InvoiceKind::CreditNote => DocumentKind::CreditNote,
        },
        lang,
        paper: if matches!(issuer.country_code, "US" | "CA") { Paper::Letter } else { Paper::A4 },
        number: inv.number.clone(),
        issue_date: inv.issued_on,
        period_start: start,
        period_end: end,
        currency: inv.currency.clone(),
        issuer: issuer_party,
        customer,
        groups,
        subtotal: inv.subtotal,
        taxes: inv.taxes.iter().map(|t| TaxRow { rate: t.rate, base: t.base, amount: t.amount }).collect(),
        tax_total: inv.tax,
        total: inv.total,
        tax_mention: match inv.tax_mention {
            TaxMention::None => model::TaxMention::None,
            TaxMention::ReverseChargeEu => model::TaxMention::ReverseChargeEu,
            TaxMention::OutsideEu => model::TaxMention::OutsideEu,
            TaxMention::IssuerOutsideEu => model::TaxMention::IssuerOutsideEu,
        },
        exchange: match (&inv.exchange_from, inv.exchange_rate) {
            (Some(from), Some(rate)) => {
                Some(ExchangeNote { from: from.clone(), to: inv.currency.clone(), rate, month: inv.month.clone() })
            }
            _ => None,
        },
        payment: PaymentInfo {
            due_date: inv.due_on,
            terms_days,
            iban: legal(|i| &i.iban),
            bic: legal(|i| &i.bic),
            late_payment_rate: legal(|i| &i.late_payment_rate),
            early_payment_discount: legal(|i| &i.early_payment_discount),
            // Customers and resellers are businesses: the fixed €40 indemnity applies (B2B).
            b2b_recovery_indemnity: true,
        },
        credits_invoice: inv.credits_number.clone(),
        logo_png,
        delivery_address: Vec::new(),
        // A CSP partner resells cloud services: the reform's nature-of-operations mention.
        operations: Some(model::Operations::Services),
        vat_on_debits: is_office_issuer && settings.issuer.vat_on_debits,
    }
}

/// Groups' subtotals add up to the invoice subtotal (a check for the tests and the renderer).
pub fn groups_total(doc: &InvoiceDocument) -> Decimal {
    doc.groups.iter().map(|g| g.subtotal).sum()
}
