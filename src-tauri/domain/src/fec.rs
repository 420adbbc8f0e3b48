//! The FEC (fichier des écritures comptables, LPF art. L47 A, A47 A-1): an issuer's sales journal
//! as its accountant and the tax administration read it. Each issued invoice is one balanced entry
//! of the sales journal (customer 411 debit; revenue 706 and output VAT 44571 credits), a credit
//! note the same entry reversed, and each payment one entry of the bank journal (512 debit, 411
//! credit). Entry numbers run continuously per journal, in date order.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::CoreError;

/// The 18 columns, in the order the norm fixes.
pub const COLUMNS: [&str; 18] = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
];

/// The accounting currency of a French book.
pub const BOOK_CURRENCY: &str = "EUR";

/// One issued invoice or credit note, as the journal needs it (amounts as stored: a credit note's
/// are negative).
#[derive(Debug, Clone)]
pub struct Document {
    pub number: String,
    pub credit_note: bool,
    pub issued_on: NaiveDate,
    /// The payment date, when it falls in the exported period.
    pub paid_on: Option<NaiveDate>,
    pub recipient_id: String,
    pub recipient_name: String,
    pub currency: String,
    /// Units of the document's currency per euro, for a document not in euros.
    pub per_euro: Option<Decimal>,
    pub subtotal: Decimal,
    /// VAT per rate: (rate in percent, amount).
    pub taxes: Vec<(Decimal, Decimal)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub journal: &'static str,
    pub journal_lib: &'static str,
    pub entry: u32,
    pub date: NaiveDate,
    pub account: &'static str,
    pub account_lib: String,
    pub aux: String,
    pub aux_lib: String,
    pub piece: String,
    pub piece_date: NaiveDate,
    pub label: String,
    pub debit: Decimal,
    pub credit: Decimal,
    pub valid_date: NaiveDate,
    /// In the document's currency, when it is not the euro.
    pub foreign: Option<(Decimal, String)>,
}

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The journal's lines: sales entries in issue-date order, then payments in payment-date order.
pub fn journal(docs: &[Document]) -> Result<Vec<Line>, CoreError> {
    let mut sales: Vec<&Document> = docs.iter().collect();
    sales.sort_by(|a, b| (a.issued_on, &a.number).cmp(&(b.issued_on, &b.number)));
    let mut lines = Vec::new();
    for (i, d) in sales.iter().enumerate() {
        let entry = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let to_eur = |amount: Decimal| -> Result<Decimal, CoreError> {
            if d.currency == BOOK_CURRENCY {
                return Ok(amount);
            }
            match d.per_euro.filter(|r| *r > Decimal::ZERO) {
                Some(rate) => amount.checked_div(rate).map(round2).ok_or_else(|| overflow(&d.number)),
                None => Err(CoreError::validation(
                    format!(
                        "{} is in {} without an exchange rate to the euro: the journal is kept in euros",
                        d.number, d.currency
                    ),
                    format!(
                        "{} est en {} sans taux de change vers l'euro : le journal est tenu en euros",
                        d.number, d.currency
                    ),
                )),
            }
        };
        // The accountant's journal is kept in French, whatever the invoice's language.
        let kind = if d.credit_note { "Avoir" } else { "Facture" };
        let label = format!("{kind} {} {}", d.number, d.recipient_name);
        let foreign = |amount: Decimal| (d.currency != BOOK_CURRENCY).then(|| (amount.abs(), d.currency.clone()));
        // Revenue and VAT lines first, converted one by one; the customer line is their sum, so the
        // entry balances to the cent whatever the conversion rounds.
        let mut credits: Vec<(&'static str, String, Decimal, Decimal)> =
            vec![("706000", "Prestations de services".to_string(), to_eur(d.subtotal)?, d.subtotal)];
        for (rate, amount) in &d.taxes {
            if !amount.is_zero() {
                credits.push(("445710", format!("TVA collectée {} %", rate.normalize()), to_eur(*amount)?, *amount));
            }
        }
        let customer_eur: Decimal = credits.iter().map(|c| c.2).sum();
        let customer_doc: Decimal = credits.iter().map(|c| c.3).sum();
        let line = |account: &'static str, account_lib: String, aux: bool, debit: Decimal, credit: Decimal, f| Line {
            journal: "VE",
            journal_lib: "Ventes",
            entry,
            date: d.issued_on,
            account,
            account_lib,
            aux: if aux { d.recipient_id.clone() } else { String::new() },
            aux_lib: if aux { d.recipient_name.clone() } else { String::new() },
            piece: d.number.clone(),
            piece_date: d.issued_on,
            label: label.clone(),
            debit,
            credit,
            valid_date: d.issued_on,
            foreign: f,
        };
        // An invoice's amounts are positive: customer debit, revenue and VAT credit. A credit
        // note's are negative: the same accounts, on the other side.
        let (debit, credit) = split(customer_eur);
        lines.push(line("411000", "Clients".to_string(), true, debit, credit, foreign(customer_doc)));
        for (account, lib, eur, doc_amount) in credits {
            let (debit, credit) = split(eur);
            lines.push(line(account, lib, false, credit, debit, foreign(doc_amount)));
        }
    }
    let mut paid: Vec<&Document> = docs.iter().filter(|d| d.paid_on.is_some() && !d.credit_note).collect();
    paid.sort_by(|a, b| (a.paid_on, &a.number).cmp(&(b.paid_on, &b.number)));
    for (i, d) in paid.iter().enumerate() {
        let entry = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let on = d.paid_on.unwrap_or(d.issued_on);
        // The amount the customer line of the sales entry carried.
        let amount: Decimal = lines
            .iter()
            .filter(|l| l.journal == "VE" && l.piece == d.number && l.account == "411000")
            .map(|l| l.debit - l.credit)
            .sum();
        let foreign = (d.currency != BOOK_CURRENCY)
            .then(|| (d.subtotal + d.taxes.iter().map(|t| t.1).sum::<Decimal>(), d.currency.clone()));
        let label = format!("Règlement {} {}", d.number, d.recipient_name);
        let base = Line {
            journal: "BQ",
            journal_lib: "Banque",
            entry,
            date: on,
            account: "512000",
            account_lib: "Banque".to_string(),
            aux: String::new(),
            aux_lib: String::new(),
            piece: d.number.clone(),
            piece_date: d.issued_on,
            label,
            debit: amount,
            credit: Decimal::ZERO,
            valid_date: on,
            foreign,
        };
        let customer = Line {
            account: "411000",
            account_lib: "Clients".to_string(),
            aux: d.recipient_id.clone(),
            aux_lib: d.recipient_name.clone(),
            debit: Decimal::ZERO,
            credit: amount,
            ..base.clone()
        };
        lines.push(base);
        lines.push(customer);
    }
    Ok(lines)
}

fn overflow(number: &str) -> CoreError {
    CoreError::validation(
        format!("{number}: an amount is out of range"),
        format!("{number} : un montant est hors limites"),
    )
}

/// A signed amount as (debit, credit) of a debit-side account.
fn split(amount: Decimal) -> (Decimal, Decimal) {
    if amount >= Decimal::ZERO {
        (amount, Decimal::ZERO)
    } else {
        (Decimal::ZERO, -amount)
    }
}

/// `1234,56`: the decimal comma, no thousands separator.
fn amount(d: Decimal) -> String {
    format!("{:.2}", round2(d)).replace('.', ",")
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A field may not hold the separator or a line break.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c == '\t' || c == '\n' || c == '\r' { ' ' } else { c }).collect()
}

/// The file: the header, then one tab-separated row per line, CRLF-terminated.
pub fn render(lines: &[Line]) -> String {
    let mut out = COLUMNS.join("\t");
    out.push_str("\r\n");
    for l in lines {
        let (foreign, currency) = match &l.foreign {
            Some((a, c)) => (amount(*a), c.clone()),
            None => (String::new(), String::new()),
        };
        let row = [
            l.journal.to_string(),
            l.journal_lib.to_string(),
            l.entry.to_string(),
            date(l.date),
            l.account.to_string(),
            clean(&l.account_lib),
            clean(&l.aux),
            clean(&l.aux_lib),
            clean(&l.piece),
            date(l.piece_date),
            clean(&l.label),
            amount(l.debit),
            amount(l.credit),
            String::new(),
            String::new(),
            date(l.valid_date),
            foreign,
            currency,
        ];
        out.push_str(&row.join("\t"));
        out.push_str("\r\n");
    }
    out
}

/// `<SIREN>FEC<YYYYMMDD>.txt`, dated with the period's closing date.
pub fn file_name(siren: &str, closing: NaiveDate) -> String {
    format!("{siren}FEC{}.txt", date(closing))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn doc(number: &str, on: &str, subtotal: &str, tax: &str, paid: Option<&str>) -> Document {
        Document {
            number: number.into(),
            credit_note: subtotal.starts_with('-'),
            issued_on: d(on),
            paid_on: paid.map(d),
            recipient_id: "c1".into(),
            recipient_name: "Atelier Lumière".into(),
            currency: "EUR".into(),
            per_euro: None,
            subtotal: dec(subtotal),
            taxes: vec![(dec("20"), dec(tax))],
        }
    }

    #[test]
    fn entries_balance_credit_notes_reverse_and_payments_have_their_journal() {
        let docs = [
            doc("INV-2", "2026-02-01", "100.00", "20.00", Some("2026-02-20")),
            doc("INV-1", "2026-01-31", "220.79", "44.16", None),
            doc("CN-1", "2026-02-03", "-220.79", "-44.16", None),
        ];
        let lines = journal(&docs).unwrap();
        let ve: Vec<&Line> = lines.iter().filter(|l| l.journal == "VE").collect();
        assert_eq!(ve.iter().map(|l| l.entry).collect::<Vec<_>>(), [1, 1, 1, 2, 2, 2, 3, 3, 3]);
        assert_eq!(ve[0].piece, "INV-1", "date order");
        for entry in 1..=3 {
            let (dr, cr) = ve
                .iter()
                .filter(|l| l.entry == entry)
                .fold((Decimal::ZERO, Decimal::ZERO), |(d, c), l| (d + l.debit, c + l.credit));
            assert_eq!(dr, cr, "entry {entry} balances");
        }
        let cn: Vec<&&Line> = ve.iter().filter(|l| l.piece == "CN-1").collect();
        assert_eq!((cn[0].account, cn[0].credit), ("411000", dec("264.95")), "a credit note credits the customer");
        assert_eq!((cn[1].account, cn[1].debit), ("706000", dec("220.79")));
        let bq: Vec<&Line> = lines.iter().filter(|l| l.journal == "BQ").collect();
        assert_eq!(bq.len(), 2);
        assert_eq!(
            (bq[0].account, bq[0].debit, bq[1].account, bq[1].credit),
            ("512000", dec("120"), "411000", dec("120"))
        );

        let text = render(&lines);
        let rows: Vec<&str> = text.split("\r\n").filter(|r| !r.is_empty()).collect();
        assert_eq!(rows[0], COLUMNS.join("\t"));
        assert!(rows.iter().all(|r| r.split('\t').count() == 18));
        assert!(rows[1].starts_with("VE\tVentes\t1\t20260131\t411000\tClients\tc1\tAtelier Lumière\tINV-1\t20260131\t"));
        assert!(rows[1].contains("\t264,95\t0,00\t"), "{}", rows[1]);
        assert_eq!(file_name("303265045", d("2026-12-31")), "303265045FEC20261231.txt");
    }

    #[test]
    fn a_foreign_currency_document_is_kept_in_euros_and_still_balances() {
        let mut usd = doc("INV-3", "2026-03-01", "290.80", "0", None);
        usd.currency = "USD".into();
        usd.per_euro = Some(dec("1.0842"));
        usd.taxes = vec![(dec("0"), dec("0"))];
        let lines = journal(&[usd.clone()]).unwrap();
        assert_eq!(lines.len(), 2, "no VAT line for 0 %");
        assert_eq!(lines[0].debit, lines[1].credit);
        assert_eq!(lines[0].foreign, Some((dec("290.80"), "USD".into())));
        usd.per_euro = None;
        assert_eq!(journal(&[usd]).unwrap_err().code(), "VALIDATION");
    }
}
