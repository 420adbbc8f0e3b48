//! Usage units (`1 Hour`, `1 GB/Month`, `10K`…) to UN/ECE Recommendation 20 unit codes (BT-130).
//!
//! A unit that names a pack of several units (`100 Hours`, `10K`) is a count of packs: the
//! quantity on the invoice counts packs, so the honest code is `C62` (one) — the description
//! already says what a pack is. `C62` is also the fallback for anything not recognised.

/// The UN/ECE code for a usage unit.
pub fn un_ece(unit: &str) -> &'static str {
    let u = unit.trim().to_ascii_lowercase();
    // A leading pack size other than 1 (`100 hours`, `10k`): a count of packs.
    let digits: String = u.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = u[digits.len()..].trim_start();
    if !digits.is_empty() && digits != "1" {
        return "C62";
    }
    // `1 GB/Month` is priced per gigabyte (per month); `1/Month` per month; `1 Compute Hour` per hour.
    let first = rest.split('/').map(str::trim).find(|s| !s.is_empty()).unwrap_or("");
    let word = first.split_whitespace().last().unwrap_or("");
    match word {
        "hour" | "hours" | "hr" | "hrs" | "h" => "HUR",
        "minute" | "minutes" | "min" => "MIN",
        "second" | "seconds" | "s" => "SEC",
        "day" | "days" => "DAY",
        "month" | "months" => "MON",
        "year" | "years" => "ANN",
        "gb" | "gib" => "E34",
        "tb" | "tib" => "E35",
        "mb" | "mib" => "4L",
        _ => "C62",
    }
}

#[cfg(test)]
mod tests {
    use super::un_ece;

    #[test]
    fn usage_units_map_to_their_codes_and_packs_count_as_units() {
        assert_eq!(un_ece("1 Hour"), "HUR");
        assert_eq!(un_ece("1 Compute Hour"), "HUR");
        assert_eq!(un_ece("1 GB/Month"), "E34");
        assert_eq!(un_ece("1 GB"), "E34");
        assert_eq!(un_ece("1/Month"), "MON");
        assert_eq!(un_ece("1"), "C62");
        assert_eq!(un_ece("1 customer"), "C62");
        assert_eq!(un_ece("100 Hours"), "C62");
        assert_eq!(un_ece("10K"), "C62");
        assert_eq!(un_ece(""), "C62");
    }
}
