//! The book as a record (DOMAIN.md "Issued documents are records"): what `book verify` finds, the
//! gapless-numbering rule, and the `INTEGRITY` refusal that names each document that fails.

use std::collections::BTreeMap;

use crate::invoice::format_number;
use crate::rules::INTEGRITY;
use crate::CoreError;

/// One thing `book verify` found wrong. A document is named by its number (its ID when it has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The document's stored rows (facts, lines, taxes, history) differ from its last seal.
    RecordChanged { document: String },
    /// An issued document that no seal covers.
    Unsealed { document: String },
    /// A seal whose document is gone or is a draft again.
    SealedDocumentMissing { document: String },
    /// A seal whose hash does not follow from the previous one (edited, removed or inserted).
    ChainBroken { seq: i64, document: String },
    /// Numbers of a series that skip, repeat or disagree with the series' counter.
    NumberGap { issuer: String, series: String, year: i64, detail: String },
    /// A document whose number text is not the one its series, year and position give.
    NumberText { document: String },
    /// A protecting trigger of the book that is missing or altered, or one the product did not write.
    Protection { trigger: String, state: &'static str },
    /// A row that names a partner, customer or document the book no longer has.
    DanglingReference { table: String, row: i64, parent: String },
    /// A closed month whose sealed figures no longer match their hash.
    ClosedMonthChanged { issuer: String, month: String },
}

impl Finding {
    pub fn en(&self) -> String {
        match self {
            Self::RecordChanged { document } => {
                format!("{document}: its stored facts or history no longer match its seal")
            }
            Self::Unsealed { document } => format!("{document}: issued but not sealed"),
            Self::SealedDocumentMissing { document } => {
                format!("{document}: sealed but no longer an issued document of the book")
            }
            Self::ChainBroken { seq, document } => format!("{document}: seal #{seq} does not follow the chain"),
            Self::NumberGap { issuer, series, year, detail } => {
                format!("numbers {series} {year} of issuer {issuer}: {detail}")
            }
            Self::NumberText { document } => {
                format!("{document}: its number does not match its series, year and position")
            }
            Self::Protection { trigger, state } => format!("protection {trigger}: {state}"),
            Self::DanglingReference { table, row, parent } => {
                format!("{table} row {row}: names {parent}, which the book no longer has")
            }
            Self::ClosedMonthChanged { issuer, month } => {
                format!("{month} closed by {issuer}: its sealed figures no longer match their seal")
            }
        }
    }

    pub fn fr(&self) -> String {
        match self {
            Self::RecordChanged { document } => {
                format!("{document} : ses données ou son historique ne correspondent plus à son sceau")
            }
            Self::Unsealed { document } => format!("{document} : émis mais non scellé"),
            Self::SealedDocumentMissing { document } => {
                format!("{document} : scellé mais n'est plus un document émis du livre")
            }
            Self::ChainBroken { seq, document } => format!("{document} : le sceau n°{seq} ne suit pas la chaîne"),
            Self::NumberGap { issuer, series, year, detail } => {
                format!("numéros {series} {year} de l'émetteur {issuer} : {detail}")
            }
            Self::NumberText { document } => {
                format!("{document} : son numéro ne correspond pas à sa série, son année et son rang")
            }
            Self::Protection { trigger, state } => {
                let state = match *state {
                    MISSING => "absente",
                    ALTERED => "modifiée",
                    _ => "inconnue du produit",
                };
                format!("protection {trigger} : {state}")
            }
            Self::DanglingReference { table, row, parent } => {
                format!("{table} ligne {row} : désigne {parent}, absent du livre")
            }
            Self::ClosedMonthChanged { issuer, month } => {
                format!("{month} clos par {issuer} : ses chiffres scellés ne correspondent plus à leur sceau")
            }
        }
    }
}

pub const MISSING: &str = "missing";
pub const ALTERED: &str = "altered";
pub const UNKNOWN: &str = "not written by CSP Desk";

/// A numbered document as the numbering rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    pub issuer_id: String,
    pub series: String,
    pub year: i64,
    pub seq: i64,
    pub number: String,
}

/// Numbers are gapless per issuer, series and year: exactly 1..=n, and the series' counter at n.
/// `counters` are the stored last numbers given, by (issuer, series, year).
pub fn check_numbering(docs: &[Numbered], counters: &BTreeMap<(String, String, i64), i64>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut series: BTreeMap<(String, String, i64), Vec<i64>> = BTreeMap::new();
    for d in docs {
        series.entry((d.issuer_id.clone(), d.series.clone(), d.year)).or_default().push(d.seq);
        let expected = i32::try_from(d.year).ok().map(|y| format_number(&d.series, y, d.seq));
        if expected.as_deref() != Some(d.number.as_str()) {
            out.push(Finding::NumberText { document: d.number.clone() });
        }
    }
    for key in counters.keys() {
        series.entry(key.clone()).or_default();
    }
    for ((issuer, s, year), mut seqs) in series {
        seqs.sort_unstable();
        let gap = |detail: String| Finding::NumberGap { issuer: issuer.clone(), series: s.clone(), year, detail };
        if let Some((i, seq)) = seqs.iter().enumerate().find(|(i, seq)| i64::try_from(*i + 1).ok() != Some(**seq)) {
            out.push(gap(format!("number {} expected, {seq} found", i + 1)));
        }
        let n = i64::try_from(seqs.len()).unwrap_or(i64::MAX);
        match counters.get(&(issuer.clone(), s.clone(), year)) {
            Some(last) if *last == n => {}
            Some(last) => out.push(gap(format!("{n} documents but the counter is at {last}"))),
            None => out.push(gap(format!("{n} documents but no counter"))),
        }
    }
    out
}

/// The `INTEGRITY` refusal: every finding, one per line, in both languages.
pub fn integrity_error(findings: &[Finding]) -> CoreError {
    let en: Vec<String> = findings.iter().map(Finding::en).collect();
    let fr: Vec<String> = findings.iter().map(Finding::fr).collect();
    CoreError::rule(
        INTEGRITY.id,
        format!("the book fails verification ({} problem(s)):\n{}", findings.len(), en.join("\n")),
        format!("le livre échoue à la vérification ({} problème(s)) :\n{}", findings.len(), fr.join("\n")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(seq: i64) -> Numbered {
        Numbered {
            issuer_id: "p".into(),
            series: "INV".into(),
            year: 2026,
            seq,
            number: format_number("INV", 2026, seq),
        }
    }

    fn counter(last: i64) -> BTreeMap<(String, String, i64), i64> {
        BTreeMap::from([(("p".to_string(), "INV".to_string(), 2026), last)])
    }

    #[test]
    fn gapless_numbers_pass_and_gaps_are_named() {
        assert!(check_numbering(&[doc(1), doc(2), doc(3)], &counter(3)).is_empty());
        let gap = check_numbering(&[doc(1), doc(3)], &counter(3));
        assert_eq!(gap.len(), 2, "{gap:?}");
        assert!(gap[0].en().contains("number 2 expected, 3 found"), "{}", gap[0].en());
        // The counter went back: the next number would be given twice.
        assert_eq!(check_numbering(&[doc(1), doc(2)], &counter(1)).len(), 1);
        // A counter with no documents behind it.
        assert_eq!(check_numbering(&[], &counter(2)).len(), 1);
        let mut renamed = doc(1);
        renamed.number = "INV-2026-000009".into();
        assert_eq!(
            check_numbering(&[renamed], &counter(1)),
            vec![Finding::NumberText { document: "INV-2026-000009".into() }]
        );
    }

    #[test]
    fn the_integrity_error_names_each_document_in_both_languages() {
        let e = integrity_error(&[Finding::RecordChanged { document: "INV-2026-000001".into() }]);
        assert_eq!(e.code(), "INTEGRITY");
        assert!(e.to_string().contains("INV-2026-000001"));
        assert!(e.message_fr().contains("INV-2026-000001"));
    }
}
