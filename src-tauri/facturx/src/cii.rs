//! The `factur-x.xml` of an invoice: UN/CEFACT Cross Industry Invoice D16B, Factur-X profile
//! EN 16931, written from the printable model so that it states exactly what the PDF prints.
//!
//! Element order follows the Factur-X EN 16931 XSD (CII is order-sensitive). A credit note (381)
//! carries positive amounts: the model holds a credit note's amounts negated, the XML gives them
//! back their sign, as EN 16931 expects of a credit note.

use std::collections::BTreeMap;
use std::io::Cursor;

use chrono::NaiveDate;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use rust_decimal::{Decimal, RoundingStrategy};

use csp_domain::CoreError;
use csp_pdf::model::{DocumentKind, InvoiceDocument, Party, TaxMention};
use csp_pdf::MentionSubject;

use super::units::un_ece;

const RSM: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
const RAM: &str = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
const QDT: &str = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";
const UDT: &str = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";
/// The Factur-X EN 16931 (Comfort) profile's guideline ID (BT-24).
pub const GUIDELINE: &str = "urn:cen.eu:en16931:2017";

/// EN 16931 VAT categories (UNCL 5305) the product uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// Standard rate, domestic.
    S,
    /// Zero-rated (a domestic line at 0 % without a special mention).
    Z,
    /// EU reverse charge.
    Ae,
    /// Export outside the EU: services to a business outside the EU (CGI art. 259-1 for a French
    /// issuer, directive 2006/112/EC art. 44 for another member state's).
    G,
    /// Not subject to VAT: an issuer established outside the EU.
    O,
}

impl Category {
    pub fn code(self) -> &'static str {
        match self {
            Category::S => "S",
            Category::Z => "Z",
            Category::Ae => "AE",
            Category::G => "G",
            Category::O => "O",
        }
    }

    /// The exemption reason code (BT-121) the category requires.
    fn exemption_code(self) -> Option<&'static str> {
        match self {
            Category::Ae => Some("VATEX-EU-AE"),
            Category::G => Some("VATEX-EU-G"),
            Category::O => Some("VATEX-EU-O"),
            Category::S | Category::Z => None,
        }
    }

    /// `O` carries no rate at all (BR-O-05); the others carry theirs.
    fn has_rate(self) -> bool {
        self != Category::O
    }
}

/// The VAT category of a line at `rate` on this invoice.
pub fn category(doc: &InvoiceDocument, rate: Decimal) -> Category {
    match doc.tax_mention {
        TaxMention::ReverseChargeEu | TaxMention::ReverseChargeDirective => Category::Ae,
        // `G` needs the seller's VAT ID (BR-G-02); without one the honest category is `O`.
        TaxMention::OutsideEu | TaxMention::OutsideEuDirective if has(&doc.issuer.vat_id) => Category::G,
        TaxMention::OutsideEu | TaxMention::OutsideEuDirective => Category::O,
        TaxMention::IssuerOutsideEu if rate.is_zero() => Category::O,
        TaxMention::IssuerOutsideEu | TaxMention::None if rate > Decimal::ZERO => Category::S,
        TaxMention::IssuerOutsideEu | TaxMention::None => Category::Z,
    }
}

fn has(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// Amounts with two decimals (BR-DEC-*), half away from zero like billing rounds them.
fn amount(d: Decimal) -> String {
    format!("{:.2}", d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A SIREN as digits (`345 678 901` → `345678901`); from a SIRET, its first nine digits.
pub fn siren_digits(party: &Party) -> Option<String> {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let from_siren = party.siren.as_deref().map(digits).filter(|d| d.len() == 9);
    let from_siret = party.siret.as_deref().map(digits).filter(|d| d.len() == 14).map(|d| d[..9].to_string());
    from_siren.or(from_siret)
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

struct Xml {
    w: Writer<Cursor<Vec<u8>>>,
}

impl Xml {
    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<(), CoreError> {
        let start = BytesStart::new(name).with_attributes(attrs.iter().copied());
        self.w.write_event(Event::Start(start)).map_err(xml_error)
    }

    fn close(&mut self, name: &str) -> Result<(), CoreError> {
        self.w.write_event(Event::End(BytesEnd::new(name))).map_err(xml_error)
    }

    fn leaf_with(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Result<(), CoreError> {
        self.open(name, attrs)?;
        self.w.write_event(Event::Text(BytesText::new(text))).map_err(xml_error)?;
        self.close(name)
    }

    fn leaf(&mut self, name: &str, text: &str) -> Result<(), CoreError> {
        self.leaf_with(name, &[], text)
    }

    fn date(&mut self, name: &str, d: NaiveDate) -> Result<(), CoreError> {
        self.open(name, &[])?;
        self.leaf_with("udt:DateTimeString", &[("format", "102")], &date(d))?;
        self.close(name)
    }
}

fn xml_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Io(std::io::Error::other(format!("factur-x.xml: {e}")))
}

/// One line of the XML, already signed for the document type.
struct Line<'a> {
    id: usize,
    name: &'a str,
    description: String,
    quantity: Decimal,
    unit: &'static str,
    price: Decimal,
    rate: Decimal,
    category: Category,
    amount: Decimal,
}

/// The CII XML of an issued invoice or credit note (a draft has no number: refused).
pub fn write(doc: &InvoiceDocument) -> Result<Vec<u8>, CoreError> {
    let Some(number) = doc.number.as_deref() else {
        return Err(CoreError::validation(
            "a draft has no electronic invoice: issue it first",
            "un brouillon n'a pas de facture électronique : émettez-le d'abord",
        ));
    };
    let Some(issued) = doc.issue_date else {
        return Err(CoreError::validation(
            "an invoice without an issue date has no electronic invoice",
            "une facture sans date d'émission n'a pas de facture électronique",
        ));
    };
    let credit = doc.kind == DocumentKind::CreditNote;
    // Credit notes are stored negated; the XML states them positive (type 381 says what they are).
    let sign = if credit { Decimal::NEGATIVE_ONE } else { Decimal::ONE };
    let lines = xml_lines(doc, sign);

    let mut x = Xml { w: Writer::new_with_indent(Cursor::new(Vec::with_capacity(16 * 1024)), b' ', 1) };
    x.w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(xml_error)?;
    x.open(
        "rsm:CrossIndustryInvoice",
        &[("xmlns:rsm", RSM), ("xmlns:qdt", QDT), ("xmlns:ram", RAM), ("xmlns:udt", UDT)],
    )?;
    header(&mut x, doc, number, credit, issued)?;
    x.open("rsm:SupplyChainTradeTransaction", &[])?;
    for l in &lines {
        line_item(&mut x, l)?;
    }
    let not_subject = lines.iter().any(|l| l.category == Category::O);
    agreement_and_delivery(&mut x, doc, not_subject)?;
    settlement(&mut x, doc, &lines, credit, sign)?;
    x.close("rsm:SupplyChainTradeTransaction")?;
    x.close("rsm:CrossIndustryInvoice")?;
    Ok(x.w.into_inner().into_inner())
}

/// The printed lines as the XML states them: signed for the document type, each with its category.
fn xml_lines(doc: &InvoiceDocument, sign: Decimal) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    for group in &doc.groups {
        for l in &group.lines {
            let mut description = format!("{} ({})", group.title, group.subtitle);
            if let Some(detail) = l.detail.as_deref().filter(|d| !d.is_empty()) {
                description = format!("{description} – {detail}");
            }
            // EN 16931 wants a non-negative net price (BR-27): a negative one moves to the quantity.
            let (quantity, price) =
                if l.unit_price < Decimal::ZERO { (-l.quantity, -l.unit_price) } else { (l.quantity, l.unit_price) };
            lines.push(Line {
                id: lines.len() + 1,
                name: &l.description,
                description,
                quantity: quantity * sign,
                unit: un_ece(&l.unit),
                price,
                rate: l.tax_rate,
                category: category(doc, l.tax_rate),
                amount: l.amount * sign,
            });
        }
    }
    lines
}

/// The document context (profile) and the document itself: number, type, date, legal mentions.
fn header(x: &mut Xml, doc: &InvoiceDocument, number: &str, credit: bool, issued: NaiveDate) -> Result<(), CoreError> {
    x.open("rsm:ExchangedDocumentContext", &[])?;
    x.open("ram:GuidelineSpecifiedDocumentContextParameter", &[])?;
    x.leaf("ram:ID", GUIDELINE)?;
    x.close("ram:GuidelineSpecifiedDocumentContextParameter")?;
    x.close("rsm:ExchangedDocumentContext")?;

    x.open("rsm:ExchangedDocument", &[])?;
    x.leaf("ram:ID", number)?;
    x.leaf("ram:TypeCode", if credit { "381" } else { "380" })?;
    x.date("ram:IssueDateTime", issued)?;
    for (subject, text) in csp_pdf::mentions(doc) {
        x.open("ram:IncludedNote", &[])?;
        x.leaf("ram:Content", &text)?;
        x.leaf(
            "ram:SubjectCode",
            match subject {
                MentionSubject::Tax => "TXD",
                MentionSubject::LatePayment => "PMD",
                MentionSubject::RecoveryIndemnity => "PMT",
                MentionSubject::EarlyPaymentDiscount => "AAB",
                MentionSubject::General => "AAI",
            },
        )?;
        x.close("ram:IncludedNote")?;
    }
    x.close("rsm:ExchangedDocument")
}

fn line_item(x: &mut Xml, l: &Line) -> Result<(), CoreError> {
    x.open("ram:IncludedSupplyChainTradeLineItem", &[])?;
    x.open("ram:AssociatedDocumentLineDocument", &[])?;
    x.leaf("ram:LineID", &l.id.to_string())?;
    x.close("ram:AssociatedDocumentLineDocument")?;
    x.open("ram:SpecifiedTradeProduct", &[])?;
    x.leaf("ram:Name", l.name)?;
    x.leaf("ram:Description", &l.description)?;
    x.close("ram:SpecifiedTradeProduct")?;
    x.open("ram:SpecifiedLineTradeAgreement", &[])?;
    x.open("ram:NetPriceProductTradePrice", &[])?;
    x.leaf("ram:ChargeAmount", &plain(l.price))?;
    x.close("ram:NetPriceProductTradePrice")?;
    x.close("ram:SpecifiedLineTradeAgreement")?;
    x.open("ram:SpecifiedLineTradeDelivery", &[])?;
    x.leaf_with("ram:BilledQuantity", &[("unitCode", l.unit)], &plain(l.quantity))?;
    x.close("ram:SpecifiedLineTradeDelivery")?;
    x.open("ram:SpecifiedLineTradeSettlement", &[])?;
    x.open("ram:ApplicableTradeTax", &[])?;
    x.leaf("ram:TypeCode", "VAT")?;
    x.leaf("ram:CategoryCode", l.category.code())?;
    if l.category.has_rate() {
        x.leaf("ram:RateApplicablePercent", &plain(l.rate))?;
    }
    x.close("ram:ApplicableTradeTax")?;
    x.open("ram:SpecifiedTradeSettlementLineMonetarySummation", &[])?;
    x.leaf("ram:LineTotalAmount", &amount(l.amount))?;
    x.close("ram:SpecifiedTradeSettlementLineMonetarySummation")?;
    x.close("ram:SpecifiedLineTradeSettlement")?;
    x.close("ram:IncludedSupplyChainTradeLineItem")
}

/// Seller and buyer, then where the service is delivered when it differs from the billing address.
fn agreement_and_delivery(x: &mut Xml, doc: &InvoiceDocument, not_subject: bool) -> Result<(), CoreError> {
    x.open("ram:ApplicableHeaderTradeAgreement", &[])?;
    party(x, "ram:SellerTradeParty", &doc.issuer, !not_subject)?;
    party(x, "ram:BuyerTradeParty", &doc.customer, !not_subject)?;
    x.close("ram:ApplicableHeaderTradeAgreement")?;

    x.open("ram:ApplicableHeaderTradeDelivery", &[])?;
    if !doc.customer.delivery_lines.is_empty() {
        x.open("ram:ShipToTradeParty", &[])?;
        x.leaf("ram:Name", &doc.customer.name)?;
        address(x, &doc.customer.delivery_lines, &doc.customer.country_code)?;
        x.close("ram:ShipToTradeParty")?;
    }
    x.close("ram:ApplicableHeaderTradeDelivery")
}

/// Currency, payment means, VAT breakdown, period, terms, totals and the credited invoice.
fn settlement(
    x: &mut Xml,
    doc: &InvoiceDocument,
    lines: &[Line],
    credit: bool,
    sign: Decimal,
) -> Result<(), CoreError> {
    x.open("ram:ApplicableHeaderTradeSettlement", &[])?;
    x.leaf("ram:InvoiceCurrencyCode", &doc.currency)?;
    if !credit {
        payment_means(x, doc)?;
    }
    tax_breakdown(x, doc, lines, sign)?;
    x.open("ram:BillingSpecifiedPeriod", &[])?;
    x.date("ram:StartDateTime", doc.period_start)?;
    x.date("ram:EndDateTime", doc.period_end)?;
    x.close("ram:BillingSpecifiedPeriod")?;
    x.open("ram:SpecifiedTradePaymentTerms", &[])?;
    match (&doc.kind, doc.credits_invoice.as_deref()) {
        (DocumentKind::CreditNote, Some(cancelled)) => {
            x.leaf("ram:Description", &csp_pdf::cancels_text(doc, cancelled))?
        }
        _ => x.leaf("ram:Description", &csp_pdf::terms_text(doc))?,
    }
    if let Some(due) = doc.payment.due_date {
        x.date("ram:DueDateDateTime", due)?;
    }
    x.close("ram:SpecifiedTradePaymentTerms")?;
    let line_total: Decimal = lines.iter().map(|l| l.amount).sum();
    x.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation", &[])?;
    x.leaf("ram:LineTotalAmount", &amount(line_total))?;
    x.leaf("ram:TaxBasisTotalAmount", &amount(doc.subtotal * sign))?;
    x.leaf_with("ram:TaxTotalAmount", &[("currencyID", &doc.currency)], &amount(doc.tax_total * sign))?;
    x.leaf("ram:GrandTotalAmount", &amount(doc.total * sign))?;
    x.leaf("ram:DuePayableAmount", &amount(doc.total * sign))?;
    x.close("ram:SpecifiedTradeSettlementHeaderMonetarySummation")?;
    if let Some(cancelled) = doc.credits_invoice.as_deref() {
        // BT-25: the invoice this credit note cancels.
        x.open("ram:InvoiceReferencedDocument", &[])?;
        x.leaf("ram:IssuerAssignedID", cancelled)?;
        x.close("ram:InvoiceReferencedDocument")?;
    }
    x.close("ram:ApplicableHeaderTradeSettlement")
}

/// A SEPA credit transfer to the issuer's account, when it has an IBAN.
fn payment_means(x: &mut Xml, doc: &InvoiceDocument) -> Result<(), CoreError> {
    let Some(iban) = doc.payment.iban.as_deref().filter(|i| !i.trim().is_empty()) else {
        return Ok(());
    };
    x.open("ram:SpecifiedTradeSettlementPaymentMeans", &[])?;
    // 58: SEPA credit transfer (the account is then required, BR-61).
    x.leaf("ram:TypeCode", "58")?;
    x.open("ram:PayeePartyCreditorFinancialAccount", &[])?;
    x.leaf("ram:IBANID", &compact(iban))?;
    x.close("ram:PayeePartyCreditorFinancialAccount")?;
    if let Some(bic) = doc.payment.bic.as_deref().filter(|b| !b.trim().is_empty()) {
        x.open("ram:PayeeSpecifiedCreditorFinancialInstitution", &[])?;
        x.leaf("ram:BICID", &compact(bic))?;
        x.close("ram:PayeeSpecifiedCreditorFinancialInstitution")?;
    }
    x.close("ram:SpecifiedTradeSettlementPaymentMeans")
}

/// VAT breakdown per category and rate: bases from the lines, amounts as printed.
fn tax_breakdown(x: &mut Xml, doc: &InvoiceDocument, lines: &[Line], sign: Decimal) -> Result<(), CoreError> {
    let mut breakdown: BTreeMap<(Category, Decimal), Decimal> = BTreeMap::new();
    for l in lines {
        *breakdown.entry((l.category, l.rate.normalize())).or_default() += l.amount;
    }
    let printed_tax = |rate: Decimal, base: Decimal| -> Decimal {
        doc.taxes.iter().find(|t| t.rate.normalize() == rate).map(|t| t.amount * sign).unwrap_or_else(|| {
            (base * rate / Decimal::ONE_HUNDRED).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        })
    };
    let mentions = csp_pdf::mentions(doc);
    let tax_text = mentions.iter().find(|(s, _)| *s == MentionSubject::Tax).map(|(_, t)| t.as_str());
    for ((cat, rate), base) in &breakdown {
        x.open("ram:ApplicableTradeTax", &[])?;
        let tax = if *cat == Category::S { printed_tax(*rate, *base) } else { Decimal::ZERO };
        x.leaf("ram:CalculatedAmount", &amount(tax))?;
        x.leaf("ram:TypeCode", "VAT")?;
        if let Some(code) = cat.exemption_code() {
            let reason = match cat {
                Category::O if tax_text.is_none() => "Not subject to VAT",
                _ => tax_text.unwrap_or("Exempt"),
            };
            x.leaf("ram:ExemptionReason", reason)?;
            x.leaf("ram:BasisAmount", &amount(*base))?;
            x.leaf("ram:CategoryCode", cat.code())?;
            x.leaf("ram:ExemptionReasonCode", code)?;
        } else {
            x.leaf("ram:BasisAmount", &amount(*base))?;
            x.leaf("ram:CategoryCode", cat.code())?;
        }
        if doc.vat_on_debits && *cat == Category::S {
            // BT-8 = 5 (invoice date): the issuer pays VAT on debits, not on receipts.
            x.leaf("ram:DueDateTypeCode", "5")?;
        }
        if cat.has_rate() {
            x.leaf("ram:RateApplicablePercent", &plain(*rate))?;
        }
        x.close("ram:ApplicableTradeTax")?;
    }
    Ok(())
}

/// Seller or buyer: name, SIREN (scheme 0002), address, e-mail, VAT ID (left out under `O`, BR-O-02).
fn party(x: &mut Xml, tag: &str, p: &Party, with_vat: bool) -> Result<(), CoreError> {
    x.open(tag, &[])?;
    x.leaf("ram:Name", &p.name)?;
    let tax_id = p.vat_id.as_deref().map(compact).filter(|v| !v.is_empty());
    if let Some(siren) = siren_digits(p) {
        x.open("ram:SpecifiedLegalOrganization", &[])?;
        x.leaf_with("ram:ID", &[("schemeID", "0002")], &siren)?;
        x.close("ram:SpecifiedLegalOrganization")?;
    } else if let (false, Some(id)) = (with_vat, &tax_id) {
        // Not subject to VAT: the tax number may not be stated as a VAT ID (BR-O-02), yet the
        // seller must be identified (BR-CO-26): it is its legal registration (BT-30) instead.
        x.open("ram:SpecifiedLegalOrganization", &[])?;
        x.leaf("ram:ID", id)?;
        x.close("ram:SpecifiedLegalOrganization")?;
    }
    address(x, &p.address_lines, &p.country_code)?;
    if let Some(email) = p.email.as_deref().filter(|e| !e.trim().is_empty()) {
        x.open("ram:URIUniversalCommunication", &[])?;
        x.leaf_with("ram:URIID", &[("schemeID", "EM")], email.trim())?;
        x.close("ram:URIUniversalCommunication")?;
    }
    if let (true, Some(vat)) = (with_vat, &tax_id) {
        x.open("ram:SpecifiedTaxRegistration", &[])?;
        x.leaf_with("ram:ID", &[("schemeID", "VA")], vat)?;
        x.close("ram:SpecifiedTaxRegistration")?;
    }
    x.close(tag)
}

/// The address lines as printed. A last line of the French form `69002 Lyon` gives the postcode
/// and city; the other lines go in the three line fields (extra lines join the third).
fn address(x: &mut Xml, lines: &[String], country: &str) -> Result<(), CoreError> {
    // An address typed on one line (`12 rue X, 75009 Paris`) is split at its commas.
    let mut lines: Vec<&str> =
        lines.iter().flat_map(|l| l.split(", ")).map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut postcode_city = None;
    if let Some(last) = lines.last() {
        if let Some((code, city)) = last.split_once(' ') {
            if (4..=5).contains(&code.len()) && code.chars().all(|c| c.is_ascii_digit()) && !city.trim().is_empty() {
                postcode_city = Some((code.to_string(), city.trim().to_string()));
                lines.pop();
            }
        }
    }
    x.open("ram:PostalTradeAddress", &[])?;
    if let Some((code, _)) = &postcode_city {
        x.leaf("ram:PostcodeCode", code)?;
    }
    let names = ["ram:LineOne", "ram:LineTwo", "ram:LineThree"];
    let mut fields: Vec<String> = lines.iter().take(2).map(|l| l.to_string()).collect();
    if lines.len() > 2 {
        fields.push(lines[2..].join(", "));
    }
    for (name, text) in names.iter().zip(&fields) {
        x.leaf(name, text)?;
    }
    if let Some((_, city)) = &postcode_city {
        x.leaf("ram:CityName", city)?;
    }
    x.leaf("ram:CountryID", country)?;
    x.close("ram:PostalTradeAddress")
}
