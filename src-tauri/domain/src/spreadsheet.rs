//! Cells of the CSV files the product writes, made safe to open in a spreadsheet.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or a
//! carriage return) as a formula: a customer or meter name taken from a usage file could then run
//! `=HYPERLINK(…)` or worse on the accountant's computer (CSV injection, OWASP). Text cells that
//! start so are prefixed with an apostrophe, which spreadsheets show as text and do not print.
//!
//! Numeric columns are written from the product's own decimals, never from a file's text, so
//! they are left as they are: `-12.50` in an amount column is a negative number a spreadsheet must
//! be able to add up, not a formula. Only [`text`] cells are neutralised.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell, neutralised when it would start a formula.
pub fn text(value: &str) -> Cow<'_, str> {
    if value.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_plain_text_is_untouched() {
        assert_eq!(text("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(text("+33 1 23"), "'+33 1 23");
        assert_eq!(text("-2+3"), "'-2+3");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("\tx"), "'\tx");
        assert_eq!(text("\rx"), "'\rx");
        assert_eq!(text("Contoso = Fabrikam"), "Contoso = Fabrikam");
        assert_eq!(text(""), "");
        assert!(matches!(text("Virtual Machines"), Cow::Borrowed(_)));
    }
}
