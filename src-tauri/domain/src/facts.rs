//! What an issued document prints, frozen at issue (DOMAIN.md "Issued documents are records"), the
//! mandatory mentions a French issuer's invoice must carry, and the chronology of a series.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rules::{INVOICE_DATE_FUTURE, INVOICE_DATE_ORDER, INVOICE_MENTIONS_MISSING};
use crate::{error::Field, CoreError};

/// One party as printed: the issuer, or the customer (or reseller) billed. Country names are kept
/// in both languages so that the frozen document prints the same in French or English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FrozenParty {
    pub name: String,
    pub address: Option<String>,
    /// The customer's delivery address, when it differs from the billing one.
    pub delivery_address: Option<String>,
    pub country_code: String,
    pub country_name_en: String,
    pub country_name_fr: String,
    pub vat_id: Option<String>,
    pub siren: Option<String>,
    pub siret: Option<String>,
    pub legal_form: Option<String>,
    pub share_capital: Option<String>,
    pub rcs: Option<String>,
    pub email: Option<String>,
}

/// Payment terms and details as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FrozenPayment {
    pub terms_days: u32,
    pub due_on: Option<NaiveDate>,
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub late_payment_rate: Option<String>,
    pub early_payment_discount: Option<String>,
    /// A credit note of an invoice that was already paid: the amount is owed back to the customer.
    pub refund_due: bool,
    /// The issuer opted to pay VAT on debits (its mention; BT-8 in the Factur-X). Absent from
    /// documents frozen before the option existed: they did not print it.
    #[serde(default)]
    pub vat_on_debits: bool,
}

impl Default for FrozenPayment {
    fn default() -> Self {
        FrozenPayment {
            terms_days: crate::invoice::DEFAULT_PAYMENT_TERMS_DAYS,
            due_on: None,
            iban: None,
            bic: None,
            late_payment_rate: None,
            early_payment_discount: None,
            refund_due: false,
            vat_on_debits: false,
        }
    }
}

/// Every fact an invoice or credit note prints besides its own amounts, lines and number (which the
/// `invoices` row and its lines hold, already immutable once issued). Stored as JSON in
/// `invoice_facts.facts`, with the logo's bytes beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceFacts {
    /// `issue` (frozen when the document was issued) or `migration` (issued before facts were
    /// frozen, frozen from the book's data when it was upgraded).
    pub frozen_by: String,
    pub issuer: FrozenParty,
    pub recipient: FrozenParty,
    pub payment: FrozenPayment,
}

/// A mandatory mention of a French invoice (Code de commerce L441-9, CGI art. 242 nonies A).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mention {
    IssuerLegalForm,
    IssuerShareCapital,
    IssuerAddress,
    IssuerSiren,
    IssuerRcs,
    IssuerVatId,
    RecipientAddress,
    /// A French business customer's SIREN (décret 2022-1299, the e-invoicing reform).
    RecipientSiren,
}

impl Mention {
    pub fn en(self) -> &'static str {
        match self {
            Mention::IssuerLegalForm => "the issuer's legal form",
            Mention::IssuerShareCapital => "the issuer's share capital",
            Mention::IssuerAddress => "the issuer's head-office address",
            Mention::IssuerSiren => "the issuer's SIREN or SIRET",
            Mention::IssuerRcs => "the issuer's RCS registration",
            Mention::IssuerVatId => "the issuer's VAT number",
            Mention::RecipientAddress => "the customer's billing address",
            Mention::RecipientSiren => "the customer's SIREN",
        }
    }

    pub fn fr(self) -> &'static str {
        match self {
            Mention::IssuerLegalForm => "la forme juridique de l'émetteur",
            Mention::IssuerShareCapital => "le capital social de l'émetteur",
            Mention::IssuerAddress => "l'adresse du siège de l'émetteur",
            Mention::IssuerSiren => "le SIREN ou SIRET de l'émetteur",
            Mention::IssuerRcs => "l'immatriculation RCS de l'émetteur",
            Mention::IssuerVatId => "le n° de TVA de l'émetteur",
            Mention::RecipientAddress => "l'adresse de facturation du client",
            Mention::RecipientSiren => "le SIREN du client",
        }
    }

    pub fn about_issuer(self) -> bool {
        !matches!(self, Mention::RecipientAddress | Mention::RecipientSiren)
    }
}

fn blank(v: &Option<String>) -> bool {
    v.as_deref().is_none_or(|s| s.trim().is_empty())
}

/// The mandatory mentions these facts lack. Only a French issuer's documents are held to the French
/// list; another issuer's are not refused (its own law applies, which the product does not model).
pub fn missing_mentions(facts: &InvoiceFacts) -> Vec<Mention> {
    if facts.issuer.country_code != "FR" {
        return Vec::new();
    }
    let i = &facts.issuer;
    let mut out = Vec::new();
    let checks = [
        (Mention::IssuerLegalForm, blank(&i.legal_form)),
        (Mention::IssuerShareCapital, blank(&i.share_capital)),
        (Mention::IssuerAddress, blank(&i.address)),
        (Mention::IssuerSiren, blank(&i.siren) && blank(&i.siret)),
        (Mention::IssuerRcs, blank(&i.rcs)),
        (Mention::IssuerVatId, blank(&i.vat_id)),
        (Mention::RecipientAddress, blank(&facts.recipient.address)),
        // Every customer of a partner is a business; a French one is identified by its SIREN.
        (Mention::RecipientSiren, facts.recipient.country_code == "FR" && blank(&facts.recipient.siren)),
    ];
    for (m, is_missing) in checks {
        if is_missing {
            out.push(m);
        }
    }
    out
}

/// `INVOICE_MENTIONS_MISSING` when any mention is missing, naming each; the refusal is about the
/// issuer when its identity is incomplete, otherwise about the recipient (the window links there).
pub fn check_mentions(facts: &InvoiceFacts) -> Result<(), CoreError> {
    let missing = missing_mentions(facts);
    if missing.is_empty() {
        return Ok(());
    }
    let en: Vec<_> = missing.iter().map(|m| m.en()).collect();
    let fr: Vec<_> = missing.iter().map(|m| m.fr()).collect();
    let field = if missing.iter().any(|m| m.about_issuer()) { Field::Issuer } else { Field::Recipient };
    Err(CoreError::rule(
        INVOICE_MENTIONS_MISSING.id,
        format!("{} cannot issue this invoice: missing {}", facts.issuer.name, en.join(", ")),
        format!("{} ne peut pas émettre cette facture : il manque {}", facts.issuer.name, fr.join(", ")),
    )
    .on(field))
}

/// The chronology of a series: an issue date may not precede the series' last one
/// (`INVOICE_DATE_ORDER`), nor, in a real book, be after the computer's date (`INVOICE_DATE_FUTURE`;
/// `computer_today` is `None` for a demo book, whose calendar is pinned).
pub fn check_issue_date(
    series: &str,
    on: NaiveDate,
    last_issued: Option<NaiveDate>,
    computer_today: Option<NaiveDate>,
) -> Result<(), CoreError> {
    if let Some(last) = last_issued.filter(|last| on < *last) {
        return Err(CoreError::rule(
            INVOICE_DATE_ORDER.id,
            format!("{series} numbers follow the dates: the last one was issued on {last}, after {on}"),
            format!("les numéros {series} suivent les dates : le dernier a été émis le {last}, après le {on}"),
        ));
    }
    if let Some(today) = computer_today.filter(|today| on > *today) {
        return Err(CoreError::rule(
            INVOICE_DATE_FUTURE.id,
            format!("the issue date {on} is after today ({today}): a document is issued on the day it is issued"),
            format!("la date d'émission {on} est postérieure à aujourd'hui ({today}) : un document est émis le jour de son émission"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn complete() -> InvoiceFacts {
        InvoiceFacts {
            frozen_by: "issue".into(),
            issuer: FrozenParty {
                name: "Contoso SAS".into(),
                address: Some("1 rue de Rivoli, 75001 Paris".into()),
                country_code: "FR".into(),
                vat_id: Some("FR40303265045".into()),
                siren: Some("303265045".into()),
                legal_form: Some("SAS".into()),
                share_capital: Some("10 000 €".into()),
                rcs: Some("RCS Paris 303 265 045".into()),
                ..Default::default()
            },
            recipient: FrozenParty {
                name: "Fabrikam".into(),
                address: Some("Hauptstr. 1, Berlin".into()),
                ..Default::default()
            },
            payment: FrozenPayment::default(),
        }
    }

    #[test]
    fn a_complete_french_issuer_passes_and_each_missing_mention_is_named() {
        assert!(check_mentions(&complete()).is_ok());
        let mut f = complete();
        f.issuer.legal_form = None;
        f.issuer.rcs = Some("  ".into());
        f.recipient.address = None;
        let e = check_mentions(&f).unwrap_err();
        assert_eq!(e.code(), "INVOICE_MENTIONS_MISSING");
        assert_eq!(e.field(), Some(Field::Issuer));
        let text = e.to_string();
        assert!(text.contains("legal form") && text.contains("RCS") && text.contains("billing address"), "{text}");
        assert!(e.message_fr().contains("forme juridique"), "{}", e.message_fr());
        let mut only_customer = complete();
        only_customer.recipient.address = None;
        assert_eq!(check_mentions(&only_customer).unwrap_err().field(), Some(Field::Recipient));
        // A SIRET stands for the SIREN (its first nine digits are the SIREN).
        let mut siret = complete();
        siret.issuer.siren = None;
        siret.issuer.siret = Some("30326504500027".into());
        assert!(check_mentions(&siret).is_ok());
    }

    #[test]
    fn an_issuer_outside_france_is_not_held_to_the_french_list() {
        let mut f = complete();
        f.issuer.country_code = "BE".into();
        f.issuer.legal_form = None;
        assert_eq!(missing_mentions(&f), vec![]);
    }

    #[test]
    fn issue_dates_follow_the_series_and_never_pass_today_in_a_real_book() {
        let today = Some(d("2026-11-30"));
        assert!(check_issue_date("INV", d("2026-11-02"), Some(d("2026-11-02")), today).is_ok());
        let e = check_issue_date("INV", d("2026-11-01"), Some(d("2026-11-02")), today).unwrap_err();
        assert_eq!(e.code(), "INVOICE_DATE_ORDER");
        let e = check_issue_date("INV", d("2026-12-01"), None, today).unwrap_err();
        assert_eq!(e.code(), "INVOICE_DATE_FUTURE");
        // A demo book's calendar is pinned: no future check.
        assert!(check_issue_date("INV", d("2030-01-01"), None, None).is_ok());
    }
}
