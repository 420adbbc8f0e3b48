//! Drafting a credit note, as a pure function of the invoice it cancels: the same document with every
//! amount and quantity negated (prices and rates as they were), never dated before that invoice. The
//! invoices service writes and issues what this decides.

use chrono::NaiveDate;

use csp_domain::invoice::InvoiceKind;
use csp_domain::{CoreError, Month, Result};
use csp_store::invoice_lines::{LineRecord, NewLine};
use csp_store::invoice_taxes::NewTax;
use csp_store::invoices::{InvoiceRecord, NewInvoice};
use csp_store::Dec;

/// A credit note ready to be written, as a draft: its invoice row, lines and tax rows.
#[derive(Debug, Clone, PartialEq)]
pub struct CreditNoteDraft {
    pub invoice: NewInvoice,
    pub lines: Vec<NewLine>,
    pub taxes: Vec<NewTax>,
}

/// The credit note `id` of `invoice` (with its `lines` and `taxes`, each tax as rate, base, amount),
/// dated `on`; its lines take IDs from `first_line_id` on. Refused when `on` is before the invoice.
pub fn draft(
    invoice: &InvoiceRecord,
    lines: Vec<LineRecord>,
    taxes: Vec<(Dec, Dec, Dec)>,
    id: &str,
    first_line_id: i64,
    on: NaiveDate,
) -> Result<CreditNoteDraft> {
    if let Some(issued) = invoice.issued_on.filter(|d| on < *d) {
        return Err(CoreError::validation(
            format!("a credit note cannot be dated before the invoice it cancels ({issued})"),
            format!("un avoir ne peut précéder la facture qu'il annule ({issued})"),
        ));
    }
    let head = NewInvoice {
        id: id.to_string(),
        kind: InvoiceKind::CreditNote,
        issuer_id: invoice.issuer_id.clone(),
        customer_id: invoice.customer_id.clone(),
        reseller_id: invoice.reseller_id.clone(),
        month: Month::parse(&invoice.month)?,
        currency: invoice.currency,
        subtotal: -invoice.subtotal.0,
        tax: -invoice.tax.0,
        total: -invoice.total.0,
        tax_mention: invoice.tax_mention,
        exchange: invoice.exchange_from.clone().zip(invoice.exchange_rate.map(|d| d.0)),
        credits_invoice_id: Some(invoice.id.clone()),
        provisional: false,
    };
    let lines = (first_line_id..)
        .zip(lines)
        .map(|(line_id, l)| NewLine {
            id: line_id,
            invoice_id: id.to_string(),
            position: l.position,
            subscription_id: l.subscription_id,
            subscription_name: l.subscription_name,
            customer_id: l.customer_id,
            meter_id: l.meter_id,
            meter_name: l.meter_name,
            meter_category: l.meter_category,
            unit: l.unit,
            quantity: -l.quantity.0,
            unit_price: l.unit_price.0,
            markup_percent: l.markup_percent.0,
            tax_rate: l.tax_rate.0,
            amount: -l.amount.0,
            usage_month: l.usage_month.as_deref().and_then(|m| Month::parse(m).ok()),
            withdrawn_group: l.withdrawn_group,
        })
        .collect();
    let taxes = taxes
        .into_iter()
        .map(|(rate, base, amount)| NewTax {
            invoice_id: id.to_string(),
            rate: rate.0,
            base: -base.0,
            amount: -amount.0,
        })
        .collect();
    Ok(CreditNoteDraft { invoice: head, lines, taxes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use csp_domain::invoice::InvoiceStatus;
    use csp_domain::tax::TaxMention;
    use rust_decimal::Decimal;

    fn dec(s: &str) -> Dec {
        Dec(s.parse().unwrap())
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn invoice() -> InvoiceRecord {
        InvoiceRecord {
            id: "inv".into(),
            kind: InvoiceKind::Invoice,
            status: InvoiceStatus::Issued,
            issuer_id: "issuer".into(),
            issuer_name: "Contoso".into(),
            customer_id: Some("cust".into()),
            reseller_id: None,
            recipient_name: "Fabrikam".into(),
            month: "2026-10".into(),
            currency: csp_domain::Currency::parse("EUR").unwrap(),
            series: "INV".into(),
            number: Some("INV-2026-0001".into()),
            issued_on: Some(day("2026-11-02")),
            due_on: Some(day("2026-12-02")),
            paid_on: None,
            voided_on: None,
            subtotal: dec("100.00"),
            tax: dec("20.00"),
            total: dec("120.00"),
            tax_mention: TaxMention::None,
            exchange_from: Some("USD".into()),
            exchange_rate: Some(dec("0.92")),
            credits_invoice_id: None,
            credits_number: None,
            credited_by: None,
            lines: 1,
            refund_due: false,
            platform_status: None,
            platform_on: None,
            provisional: false,
        }
    }

    fn line() -> LineRecord {
        LineRecord {
            id: 7,
            position: 1,
            subscription_id: "sub".into(),
            subscription_name: Some("Production".into()),
            customer_id: Some("cust".into()),
            meter_id: "meter".into(),
            meter_name: "D2s v3".into(),
            meter_category: "Virtual Machines".into(),
            unit: "1 Hour".into(),
            quantity: dec("50"),
            unit_price: dec("2.000001"),
            markup_percent: dec("12.5"),
            tax_rate: dec("20"),
            amount: dec("100.00"),
            usage_month: None,
            withdrawn_group: None,
        }
    }

    #[test]
    fn a_credit_note_negates_every_amount_and_quantity_and_keeps_prices() {
        let cn = draft(
            &invoice(),
            vec![line()],
            vec![(dec("20"), dec("100.00"), dec("20.00"))],
            "cn",
            40,
            day("2026-11-02"),
        )
        .unwrap();
        assert_eq!(cn.invoice.kind, InvoiceKind::CreditNote);
        assert_eq!(cn.invoice.credits_invoice_id.as_deref(), Some("inv"));
        assert_eq!(
            (cn.invoice.subtotal, cn.invoice.tax, cn.invoice.total),
            (Decimal::new(-10000, 2), Decimal::new(-2000, 2), Decimal::new(-12000, 2))
        );
        assert_eq!(cn.invoice.exchange, Some(("USD".into(), Decimal::new(92, 2))));
        assert_eq!((cn.invoice.month.to_string(), cn.invoice.customer_id.as_deref()), ("2026-10".into(), Some("cust")));
        let l = &cn.lines[0];
        assert_eq!((l.id, l.invoice_id.as_str(), l.position), (40, "cn", 1));
        assert_eq!((l.quantity, l.amount), (Decimal::from(-50), Decimal::new(-10000, 2)));
        assert_eq!((l.unit_price, l.markup_percent, l.tax_rate), (dec("2.000001").0, dec("12.5").0, dec("20").0));
        let t = &cn.taxes[0];
        assert_eq!(
            (t.invoice_id.as_str(), t.rate, t.base, t.amount),
            ("cn", dec("20").0, dec("-100.00").0, dec("-20.00").0)
        );
    }

    #[test]
    fn a_credit_note_is_never_dated_before_its_invoice() {
        let e = draft(&invoice(), vec![line()], Vec::new(), "cn", 1, day("2026-11-01")).unwrap_err();
        assert_eq!(e.code(), "VALIDATION");
        assert!(e.to_string().contains("2026-11-02"), "{e}");
    }
}
