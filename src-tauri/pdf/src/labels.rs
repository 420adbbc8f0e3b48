//! Every word the invoice prints, in French and English. Both languages carry the same facts:
//! the mentions a French invoice must show (Code de commerce L441-9, CGI art. 242 nonies A).

use super::model::{Lang, TaxMention};

pub struct Labels {
    pub invoice: &'static str,
    pub credit_note: &'static str,
    pub draft: &'static str,
    pub draft_note: &'static str,
    pub provisional: &'static str,
    pub number: &'static str,
    pub cancels_invoice: &'static str,
    pub bill_to: &'static str,
    pub vat_id: &'static str,
    pub siren: &'static str,
    pub issue_date: &'static str,
    pub due_date: &'static str,
    pub period: &'static str,
    pub currency: &'static str,
    pub not_yet_issued: &'static str,
    pub col_description: &'static str,
    pub col_quantity: &'static str,
    pub col_unit: &'static str,
    pub col_unit_price: &'static str,
    pub col_vat: &'static str,
    pub col_amount: &'static str,
    pub continued: &'static str,
    pub subtotal: &'static str,
    pub total_excl_tax: &'static str,
    pub vat: &'static str,
    pub on_base: &'static str,
    pub total_incl_tax: &'static str,
    pub no_lines: &'static str,
    pub payment_title: &'static str,
    pub bank_details: &'static str,
    pub late_payment: &'static str,
    pub late_payment_default: &'static str,
    pub recovery_indemnity: &'static str,
    pub early_discount: &'static str,
    pub early_discount_none: &'static str,
    pub page: &'static str,
    pub capital: &'static str,
    pub rcs: &'static str,
    pub siret: &'static str,
    pub delivery: &'static str,
    pub refund_due: &'static str,
    pub operations: &'static str,
    pub services: &'static str,
    pub vat_on_debits: &'static str,
}

pub fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

static FR: Labels = Labels {
    invoice: "FACTURE",
    credit_note: "AVOIR",
    draft: "BROUILLON",
    draft_note: "Brouillon – sans valeur de facture",
    provisional: "PROVISOIRE – utilisation pas encore facturée par Microsoft",
    number: "N°",
    cancels_invoice: "Annule la facture",
    delivery: "Adresse de livraison",
    refund_due: "La facture annulée était payée : ce montant est à rembourser au client.",
    bill_to: "FACTURÉ À",
    vat_id: "N° TVA",
    siren: "SIREN",
    issue_date: "Date d'émission",
    due_date: "Échéance",
    period: "Période",
    currency: "Devise",
    not_yet_issued: "non émise",
    col_description: "Désignation",
    col_quantity: "Quantité",
    col_unit: "Unité",
    col_unit_price: "P.U. HT",
    col_vat: "TVA",
    col_amount: "Montant HT",
    continued: "(suite)",
    subtotal: "Sous-total",
    total_excl_tax: "Total HT",
    vat: "TVA",
    on_base: "sur",
    total_incl_tax: "Total TTC",
    no_lines: "Aucune consommation sur la période.",
    payment_title: "Conditions de paiement",
    bank_details: "Virement bancaire",
    late_payment: "Pénalités de retard",
    late_payment_default: "3 fois le taux d'intérêt légal",
    recovery_indemnity: "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 € \
                         (art. L441-10 et D441-5 du Code de commerce)",
    early_discount: "Escompte pour paiement anticipé",
    early_discount_none: "néant",
    page: "Page",
    capital: "au capital de",
    rcs: "RCS",
    siret: "SIRET",
    operations: "Nature des opérations",
    services: "prestations de services",
    vat_on_debits: "Option pour le paiement de la taxe d'après les débits",
};

static EN: Labels = Labels {
    invoice: "INVOICE",
    credit_note: "CREDIT NOTE",
    draft: "DRAFT",
    draft_note: "Draft – not a valid invoice",
    provisional: "PROVISIONAL – usage not yet billed by Microsoft",
    number: "No.",
    cancels_invoice: "Cancels invoice",
    delivery: "Delivery address",
    refund_due: "The cancelled invoice was paid: this amount is to be refunded to the customer.",
    bill_to: "BILL TO",
    vat_id: "VAT ID",
    siren: "SIREN",
    issue_date: "Issue date",
    due_date: "Due date",
    period: "Period",
    currency: "Currency",
    not_yet_issued: "not issued",
    col_description: "Description",
    col_quantity: "Quantity",
    col_unit: "Unit",
    col_unit_price: "Unit price\nexcl. tax",
    col_vat: "VAT",
    col_amount: "Amount\nexcl. tax",
    continued: "(continued)",
    subtotal: "Subtotal",
    total_excl_tax: "Total excl. tax",
    vat: "VAT",
    on_base: "on",
    total_incl_tax: "Total incl. tax",
    no_lines: "No usage in this period.",
    payment_title: "Payment terms",
    bank_details: "Bank transfer",
    late_payment: "Late payment interest",
    late_payment_default: "3 times the French legal interest rate",
    recovery_indemnity: "Fixed indemnity for recovery costs in case of late payment: €40 \
                         (French Commercial Code art. L441-10 and D441-5)",
    early_discount: "Early payment discount",
    early_discount_none: "none",
    page: "Page",
    capital: "with a share capital of",
    rcs: "RCS",
    siret: "SIRET",
    operations: "Nature of operations",
    services: "services",
    vat_on_debits: "The issuer has opted to pay VAT on debits",
};

/// The legal tax mention, or nothing.
pub fn tax_mention(mention: TaxMention, lang: Lang) -> Option<&'static str> {
    match (mention, lang) {
        (TaxMention::None, _) => None,
        (TaxMention::ReverseChargeEu, Lang::Fr) => {
            Some("Autoliquidation – TVA due par le preneur (art. 283-2 du CGI ; art. 196 de la directive 2006/112/CE)")
        }
        (TaxMention::ReverseChargeEu, Lang::En) => Some(
            "Reverse charge – VAT to be accounted for by the recipient (French Tax Code (CGI) art. 283-2; \
             Council Directive 2006/112/EC art. 196)",
        ),
        (TaxMention::OutsideEu, Lang::Fr) => Some("TVA non applicable – art. 259-1 du CGI"),
        (TaxMention::OutsideEu, Lang::En) => {
            Some("VAT not applicable – French Tax Code (CGI) art. 259-1: services to a business outside the EU")
        }
        (TaxMention::IssuerOutsideEu, Lang::Fr) => {
            Some("TVA non facturée – émetteur établi hors de l'Union européenne")
        }
        (TaxMention::IssuerOutsideEu, Lang::En) => {
            Some("No VAT charged – the issuer is established outside the European Union")
        }
        // An issuer established in another member state cites the directive, not French law.
        (TaxMention::ReverseChargeDirective, Lang::Fr) => {
            Some("Autoliquidation – TVA due par le preneur (art. 196 de la directive 2006/112/CE)")
        }
        (TaxMention::ReverseChargeDirective, Lang::En) => {
            Some("Reverse charge – VAT to be accounted for by the recipient (Council Directive 2006/112/EC art. 196)")
        }
        (TaxMention::OutsideEuDirective, Lang::Fr) => Some(
            "Non soumis à la TVA – lieu de la prestation hors de l'Union européenne \
             (art. 44 de la directive 2006/112/CE)",
        ),
        (TaxMention::OutsideEuDirective, Lang::En) => Some(
            "Not subject to VAT – place of supply outside the European Union \
             (Council Directive 2006/112/EC art. 44)",
        ),
    }
}

/// `Taux de change appliqué (octobre 2026) : 1 USD = 0,9234 EUR`.
pub fn exchange_note(lang: Lang, month: &str, from: &str, to: &str, rate: &str) -> String {
    match lang {
        Lang::Fr => format!("Taux de change appliqué ({month}) : 1 {from} = {rate} {to}"),
        Lang::En => format!("Exchange rate applied ({month}): 1 {from} = {rate} {to}"),
    }
}

/// `Paiement à 30 jours` / `Payment within 30 days`.
pub fn terms(lang: Lang, days: u32) -> String {
    match (lang, days) {
        (Lang::Fr, 0) => "Paiement à réception".to_string(),
        (Lang::En, 0) => "Payment on receipt".to_string(),
        (Lang::Fr, d) => format!("Paiement à {d} jours à compter de la date d'émission"),
        (Lang::En, d) => format!("Payment within {d} days of the issue date"),
    }
}

/// The terms in a few words, where the due date is not known yet: `30 jours` / `30 days`.
pub fn terms_short(lang: Lang, days: u32) -> String {
    match (lang, days) {
        (Lang::Fr, 0) => "À réception".to_string(),
        (Lang::En, 0) => "On receipt".to_string(),
        (Lang::Fr, d) => format!("{d} jours"),
        (Lang::En, d) => format!("{d} days"),
    }
}

/// `du 01/10/2026 au 31/10/2026` / `1 Oct 2026 – 31 Oct 2026`.
pub fn period(lang: Lang, start: &str, end: &str) -> String {
    match lang {
        Lang::Fr => format!("du {start} au {end}"),
        Lang::En => format!("{start} – {end}"),
    }
}

/// A label followed by its value: `Échéance : x` / `Due date: x`.
pub fn field(lang: Lang, label: &str, value: &str) -> String {
    match lang {
        Lang::Fr => format!("{label} : {value}"),
        Lang::En => format!("{label}: {value}"),
    }
}

/// What a line of late usage prints after its meter: `usage of October 2026` / `utilisation
/// d'octobre 2026` (DOMAIN.md "Late usage").
pub fn usage_of(yyyy_mm: &str, lang: Lang) -> String {
    let month = crate::format::month(yyyy_mm, lang);
    match lang {
        Lang::En => format!("usage of {month}"),
        // Elided before a vowel: d'avril, d'août, d'octobre.
        Lang::Fr if month.starts_with(['a', 'o', 'e', 'i', 'u']) => format!("utilisation d'{month}"),
        Lang::Fr => format!("utilisation de {month}"),
    }
}

/// What a line crediting usage Microsoft withdrew prints: `usage of October 2026 withdrawn by
/// Microsoft` / `utilisation d'octobre 2026 retirée par Microsoft` (DOMAIN.md `USAGE_WITHDRAWN`).
pub fn withdrawn_usage_of(yyyy_mm: &str, lang: Lang) -> String {
    let usage = usage_of(yyyy_mm, lang);
    match lang {
        Lang::En => format!("{usage} withdrawn by Microsoft"),
        Lang::Fr => format!("{usage} retirée par Microsoft"),
    }
}

#[cfg(test)]
mod late_usage_tests {
    use super::*;

    #[test]
    fn late_usage_names_its_month_with_french_elision() {
        assert_eq!(usage_of("2026-10", Lang::En), "usage of October 2026");
        assert_eq!(usage_of("2026-10", Lang::Fr), "utilisation d'octobre 2026");
        assert_eq!(usage_of("2026-08", Lang::Fr), "utilisation d'août 2026");
        assert_eq!(usage_of("2026-09", Lang::Fr), "utilisation de septembre 2026");
        assert_eq!(withdrawn_usage_of("2026-10", Lang::Fr), "utilisation d'octobre 2026 retirée par Microsoft");
    }
}
