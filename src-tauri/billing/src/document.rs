//! The printable document of a stored invoice (`pdf::model::InvoiceDocument`), filled from the
//! invoice and its facts: frozen at issue for an issued document, live for a draft.

use rust_decimal::Decimal;

use csp_domain::facts::{FrozenParty, InvoiceFacts};
use csp_domain::invoice::Invoice;
use csp_domain::invoice::InvoiceKind;
use csp_domain::tax::TaxMention;
use csp_pdf::model::{
    self, DocumentKind, ExchangeNote, InvoiceDocument, InvoiceLine, Lang, LineGroup, Paper, Party, PaymentInfo, TaxRow,
};

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

fn party(p: &FrozenParty, lang: Lang) -> Party {
    // A delivery address identical to the billing one is not printed twice.
    let delivery = p.delivery_address.as_deref().filter(|d| Some(d.trim()) != p.address.as_deref().map(str::trim));
    Party {
        name: p.name.clone(),
        legal_form: p.legal_form.clone(),
        share_capital: p.share_capital.clone(),
        address_lines: address_lines(p.address.as_deref()),
        delivery_lines: address_lines(delivery),
        country_code: p.country_code.clone(),
        country_name: match lang {
            Lang::Fr => p.country_name_fr.clone(),
            Lang::En => p.country_name_en.clone(),
        },
        vat_id: p.vat_id.clone(),
        siren: p.siren.clone(),
        siret: p.siret.clone(),
        rcs: p.rcs.clone(),
        email: p.email.clone(),
    }
}

/// Builds the document of `inv` from `facts`: an issued document's frozen facts, or a draft's live
/// ones. Nothing else about the parties or the terms is read.
pub fn build(inv: &Invoice, facts: &InvoiceFacts, lang: Lang, logo_png: Option<Vec<u8>>) -> InvoiceDocument {
    let issuer_party = party(&facts.issuer, lang);
    let customer = party(&facts.recipient, lang);
    // One group per subscription, in line order.
    let mut groups: Vec<LineGroup> = Vec::new();
    for l in &inv.lines {
        // Late usage prints the month it belongs to (DOMAIN.md "Late usage").
        let late = l.usage_month.as_deref().map(|m| match l.withdrawn {
            true => csp_pdf::labels::withdrawn_usage_of(m, lang),
            false => csp_pdf::labels::usage_of(m, lang),
        });
        let detail = match (Some(l.meter_category.clone()).filter(|c| !c.is_empty()), late) {
            (Some(c), Some(late)) => Some(format!("{c} · {late}")),
            (c, late) => c.or(late),
        };
        let line = InvoiceLine {
            description: l.meter_name.clone(),
            detail,
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
    let pay = &facts.payment;
    InvoiceDocument {
        kind: match inv.kind {
            InvoiceKind::Invoice => DocumentKind::Invoice,
            InvoiceKind::CreditNote => DocumentKind::CreditNote,
        },
        lang,
        paper: if matches!(facts.issuer.country_code.as_str(), "US" | "CA") { Paper::Letter } else { Paper::A4 },
        number: inv.number.clone(),
        provisional: inv.provisional && inv.number.is_none(),
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
            TaxMention::ReverseChargeDirective => model::TaxMention::ReverseChargeDirective,
            TaxMention::OutsideEuDirective => model::TaxMention::OutsideEuDirective,
        },
        exchange: match (&inv.exchange_from, inv.exchange_rate) {
            (Some(from), Some(rate)) => {
                Some(ExchangeNote { from: from.clone(), to: inv.currency.clone(), rate, month: inv.month.clone() })
            }
            _ => None,
        },
        payment: PaymentInfo {
            due_date: inv.due_on.or(pay.due_on),
            terms_days: pay.terms_days,
            iban: pay.iban.clone(),
            bic: pay.bic.clone(),
            late_payment_rate: pay.late_payment_rate.clone(),
            early_payment_discount: pay.early_payment_discount.clone(),
            // Customers and resellers are businesses: the fixed €40 indemnity applies (B2B).
            b2b_recovery_indemnity: true,
            refund_due: pay.refund_due,
        },
        credits_invoice: inv.credits_number.clone(),
        logo_png,
        // A CSP partner resells cloud services: the reform's nature-of-operations mention.
        operations: Some(model::Operations::Services),
        vat_on_debits: pay.vat_on_debits,
    }
}

/// Groups' subtotals add up to the invoice subtotal (a check for the tests and the renderer).
pub fn groups_total(doc: &InvoiceDocument) -> Decimal {
    doc.groups.iter().map(|g| g.subtotal).sum()
}
