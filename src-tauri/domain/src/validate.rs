//! Input normalisation and format checks. Each function returns the normalised value or a
//! `VALIDATION` error whose message names the field, in both languages.

use std::sync::LazyLock;

use regex::Regex;

use crate::CoreError;

fn invalid(en: String, fr: String) -> CoreError {
    CoreError::validation(en, fr)
}

/// A required free-text name: trimmed, not empty, at most 200 characters.
pub fn name(field_en: &str, field_fr: &str, value: &str) -> Result<String, CoreError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(invalid(format!("{field_en} is required"), format!("{field_fr} est obligatoire")));
    }
    if v.chars().count() > 200 {
        return Err(invalid(
            format!("{field_en} is too long (200 characters at most)"),
            format!("{field_fr} est trop long (200 caractères au plus)"),
        ));
    }
    Ok(v.to_string())
}

/// Trimmed optional text: blank becomes `None`.
pub fn optional(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

/// ISO 3166-1 alpha-2 shape (existence is checked against the countries table by the service).
pub fn country_code(value: &str) -> Result<String, CoreError> {
    let v = value.trim().to_ascii_uppercase();
    if v.len() == 2 && v.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(v)
    } else {
        Err(unknown_country(value))
    }
}

pub fn unknown_country(value: &str) -> CoreError {
    invalid(
        format!("unknown country '{value}': give an ISO 3166-1 alpha-2 code such as FR, DE or US"),
        format!("pays inconnu « {value} » : donnez un code ISO 3166-1 alpha-2 comme FR, DE ou US"),
    )
}

/// ISO 4217 currencies CSP Desk prices in (Partner Center's billing currencies).
const CURRENCIES: &[&str] = &[
    "AUD", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "HUF", "IDR", "ILS", "INR", "JPY", "KRW",
    "MXN", "MYR", "NOK", "NZD", "PLN", "RON", "SEK", "SGD", "THB", "TRY", "TWD", "USD", "ZAR", "AED", "SAR", "BGN",
];

pub fn currency(value: &str) -> Result<String, CoreError> {
    let v = value.trim().to_ascii_uppercase();
    if CURRENCIES.contains(&v.as_str()) {
        Ok(v)
    } else {
        Err(invalid(
            format!("unknown currency '{value}': give an ISO 4217 code such as EUR, USD or GBP"),
            format!("devise inconnue « {value} » : donnez un code ISO 4217 comme EUR, USD ou GBP"),
        ))
    }
}

/// Number of decimals of a currency's minor unit (JPY 0, most others 2).
pub fn minor_unit_digits(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "IDR" | "TWD" => 0,
        _ => 2,
    }
}

/// Partner ID (MPN): digits only.
pub fn mpn_id(value: &str) -> Result<String, CoreError> {
    let v = value.trim();
    if !v.is_empty() && v.len() <= 10 && v.chars().all(|c| c.is_ascii_digit()) {
        Ok(v.to_string())
    } else {
        Err(invalid(
            format!("Partner ID '{value}' must be digits only (at most 10)"),
            format!("le Partner ID « {value} » ne doit contenir que des chiffres (10 au plus)"),
        ))
    }
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
        .expect("valid regex")
});

pub fn email(value: &str) -> Result<String, CoreError> {
    let v = value.trim();
    if v.len() <= 254 && EMAIL.is_match(v) {
        Ok(v.to_string())
    } else {
        Err(invalid(
            format!("'{value}' is not a valid e-mail address"),
            format!("« {value} » n'est pas une adresse e-mail valide"),
        ))
    }
}

static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$").expect("valid regex"));

/// A tenant created here: its primary domain is `name.onmicrosoft.com`, lower-cased. A custom
/// domain (`contoso.com`) is refused with the rule spelled out: only a tenant that already exists
/// (its tenant ID given) may carry one.
pub fn tenant_domain(value: &str) -> Result<String, CoreError> {
    let v = value.trim().to_ascii_lowercase();
    let ok = v
        .strip_suffix(".onmicrosoft.com")
        .is_some_and(|prefix| !prefix.is_empty() && prefix.split('.').all(|l| LABEL.is_match(l)));
    if ok {
        Ok(v)
    } else if dns_domain(value).is_ok() {
        Err(invalid(
            format!(
                "'{value}' is a custom domain: a tenant created here is name.onmicrosoft.com; \
                 a tenant that already exists may keep its verified custom domain when its tenant ID is given"
            ),
            format!(
                "« {value} » est un domaine personnalisé : un tenant créé ici est nom.onmicrosoft.com ; \
                 un tenant qui existe déjà garde son domaine personnalisé vérifié si son ID de tenant est donné"
            ),
        ))
    } else {
        Err(invalid(
            format!("'{value}' is not a tenant domain: expected name.onmicrosoft.com (letters, digits, hyphens)"),
            format!(
                "« {value} » n'est pas un domaine de tenant : attendu nom.onmicrosoft.com (lettres, chiffres, tirets)"
            ),
        ))
    }
}

/// Longest domain name DNS carries (RFC 1035: 255 octets on the wire, 253 written).
pub const MAX_DOMAIN_CHARS: usize = 253;

/// The primary domain of a tenant that already exists: any DNS name (`contoso.com`,
/// `name.onmicrosoft.com`, an internationalised name in punycode `xn--…`), lower-cased. At most
/// 253 characters, at least two labels of 1–63 letters, digits and hyphens (not at either end),
/// and a top-level label that is not all digits (that would be an IP address).
pub fn dns_domain(value: &str) -> Result<String, CoreError> {
    let v = value.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = v.split('.').collect();
    let ok = v.len() <= MAX_DOMAIN_CHARS
        && labels.len() >= 2
        && labels.iter().all(|l| LABEL.is_match(l))
        && labels.last().is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()));
    if ok {
        Ok(v)
    } else {
        let shown: String = value.chars().take(80).filter(|c| !c.is_control()).collect();
        Err(invalid(
            format!(
                "'{shown}' is not a domain name: expected labels of letters, digits and hyphens separated by dots \
                 (contoso.com, name.onmicrosoft.com; an accented name in punycode, xn--…), 253 characters at most"
            ),
            format!(
                "« {shown} » n'est pas un nom de domaine : attendu des libellés de lettres, chiffres et tirets séparés \
                 par des points (contoso.com, nom.onmicrosoft.com ; un nom accentué en punycode, xn--…), 253 caractères au plus"
            ),
        ))
    }
}

/// A customer's primary domain: any DNS name for a tenant that already exists, `name.onmicrosoft.com`
/// for one created here.
pub fn customer_domain(value: &str, existing_tenant: bool) -> Result<String, CoreError> {
    if existing_tenant {
        dns_domain(value)
    } else {
        tenant_domain(value)
    }
}

/// A tenant or subscription ID: a GUID, lower-cased.
pub fn guid(field_en: &str, field_fr: &str, value: &str) -> Result<String, CoreError> {
    uuid::Uuid::parse_str(value.trim()).map(|u| u.hyphenated().to_string()).map_err(|_| {
        invalid(
            format!("{field_en} '{value}' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"),
            format!("{field_fr} « {value} » n'est pas un GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"),
        )
    })
}

/// EU VAT number forms by country prefix (the VIES formats). Greece uses the prefix EL.
fn eu_vat_pattern(prefix: &str) -> Option<&'static str> {
    Some(match prefix {
        "AT" => r"U\d{8}",
        "BE" => r"[01]\d{9}",
        "BG" => r"\d{9,10}",
        "CY" => r"\d{8}[A-Z]",
        "CZ" => r"\d{8,10}",
        "DE" => r"\d{9}",
        "DK" => r"\d{8}",
        "EE" => r"\d{9}",
        "EL" => r"\d{9}",
        "ES" => r"[A-Z0-9]\d{7}[A-Z0-9]",
        "FI" => r"\d{8}",
        "FR" => r"[A-HJ-NP-Z0-9]{2}\d{9}",
        "HR" => r"\d{11}",
        "HU" => r"\d{8}",
        "IE" => r"\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W]",
        "IT" => r"\d{11}",
        "LT" => r"\d{9}|\d{12}",
        "LU" => r"\d{8}",
        "LV" => r"\d{11}",
        "MT" => r"\d{8}",
        "NL" => r"\d{9}B\d{2}",
        "PL" => r"\d{10}",
        "PT" => r"\d{9}",
        "RO" => r"\d{2,10}",
        "SE" => r"\d{12}",
        "SI" => r"\d{8}",
        "SK" => r"\d{10}",
        _ => return None,
    })
}

/// The VAT prefix of an EU country (its ISO code, except Greece).
pub fn eu_vat_prefix(country: &str) -> &str {
    if country == "GR" {
        "EL"
    } else {
        country
    }
}

/// A VAT ID: spaces, dots and hyphens removed, upper-cased. For a customer in an EU country it
/// must carry that country's prefix and match its form; elsewhere 4–20 letters and digits.
pub fn vat_id(value: &str, country: &str, eu_member: bool) -> Result<String, CoreError> {
    let v: String = value.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect::<String>().to_ascii_uppercase();
    if eu_member {
        let prefix = eu_vat_prefix(country);
        let body = v.strip_prefix(prefix);
        let ok = match (body, eu_vat_pattern(prefix)) {
            (Some(body), Some(p)) => Regex::new(&format!("^(?:{p})$")).expect("valid regex").is_match(body),
            _ => false,
        };
        if !ok {
            return Err(invalid(
                format!("VAT ID '{value}' does not match the form of {country} (it starts with {prefix})"),
                format!("le n° de TVA « {value} » ne suit pas le format de {country} (il commence par {prefix})"),
            ));
        }
    } else if !(4..=20).contains(&v.len()) || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(invalid(
            format!("VAT ID '{value}' must be 4 to 20 letters and digits"),
            format!("le n° de TVA « {value} » doit compter 4 à 20 lettres et chiffres"),
        ));
    }
    Ok(v)
}

/// French SIREN: 9 digits with a valid Luhn key.
pub fn siren(value: &str) -> Result<String, CoreError> {
    let v: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let luhn_ok = v.len() == 9
        && v.chars().all(|c| c.is_ascii_digit())
        && v.chars()
            .rev()
            .enumerate()
            .map(|(i, c)| {
                let d = c.to_digit(10).unwrap_or(0);
                if i % 2 == 1 {
                    let dd = d * 2;
                    if dd > 9 {
                        dd - 9
                    } else {
                        dd
                    }
                } else {
                    d
                }
            })
            .sum::<u32>()
            % 10
            == 0;
    if luhn_ok {
        Ok(v)
    } else {
        Err(invalid(
            format!("SIREN '{value}' must be 9 digits with a valid check digit"),
            format!("le SIREN « {value} » doit compter 9 chiffres avec une clé valide"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tenant_domains() {
        assert_eq!(tenant_domain(" Contoso.OnMicrosoft.com ").unwrap(), "contoso.onmicrosoft.com");
        assert_eq!(tenant_domain("fabrikam-fr.onmicrosoft.com").unwrap(), "fabrikam-fr.onmicrosoft.com");
        for bad in [
            "contoso",
            "contoso.com",
            ".onmicrosoft.com",
            "-x.onmicrosoft.com",
            "a b.onmicrosoft.com",
            "é.onmicrosoft.com",
        ] {
            assert_eq!(tenant_domain(bad).unwrap_err().code(), "VALIDATION", "{bad}");
        }
    }

    #[test]
    fn an_existing_tenant_may_carry_any_dns_domain() {
        assert_eq!(dns_domain(" Contoso.COM ").unwrap(), "contoso.com");
        assert_eq!(dns_domain("fabrikam.co.uk.").unwrap(), "fabrikam.co.uk");
        assert_eq!(dns_domain("xn--caf-dma.fr").unwrap(), "xn--caf-dma.fr");
        assert_eq!(dns_domain("contoso.onmicrosoft.com").unwrap(), "contoso.onmicrosoft.com");
        let long_label = format!("{}.com", "a".repeat(64));
        let too_long = format!("{}.com", vec!["a".repeat(60); 5].join("."));
        for bad in [
            "",
            "contoso",
            "contoso com",
            "a b.com",
            "-x.com",
            "x-.com",
            "a..com",
            ".com",
            "café.fr",
            "1.2.3.4",
            "contoso.com\u{0}",
            "x_y.com",
            long_label.as_str(),
            too_long.as_str(),
        ] {
            assert_eq!(dns_domain(bad).unwrap_err().code(), "VALIDATION", "{bad:?}");
        }
        // A tenant created here keeps name.onmicrosoft.com, and the refusal says why.
        let e = customer_domain("contoso.com", false).unwrap_err();
        assert!(e.to_string().contains("tenant ID"), "{e}");
        assert_eq!(customer_domain("contoso.com", true).unwrap(), "contoso.com");
    }

    #[test]
    fn emails() {
        assert!(email("billing@contoso.fr").is_ok());
        for bad in ["", "a@", "@b.fr", "a b@c.fr", "a@b", "a@@b.fr"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn eu_vat_ids_follow_their_country() {
        assert_eq!(vat_id("FR 40 303 265 045", "FR", true).unwrap(), "FR40303265045");
        assert_eq!(vat_id("de123456789", "DE", true).unwrap(), "DE123456789");
        assert_eq!(vat_id("EL123456789", "GR", true).unwrap(), "EL123456789");
        assert_eq!(vat_id("NL123456789B01", "NL", true).unwrap(), "NL123456789B01");
        assert!(vat_id("DE12345678", "DE", true).is_err(), "one digit short");
        assert!(vat_id("FR40303265045", "DE", true).is_err(), "prefix of another country");
        assert!(vat_id("GB123456789", "GB", false).is_ok());
        assert!(vat_id("x", "US", false).is_err());
    }

    #[test]
    fn siren_check_digit() {
        assert!(siren("732 829 320").is_ok());
        assert!(siren("732829321").is_err());
        assert!(siren("12345678").is_err());
    }

    #[test]
    fn currencies_and_countries() {
        assert_eq!(currency("eur").unwrap(), "EUR");
        assert!(currency("EURO").is_err());
        assert_eq!(country_code("fr").unwrap(), "FR");
        assert!(country_code("FRA").is_err());
        assert_eq!(minor_unit_digits("JPY"), 0);
    }

    proptest! {
        #[test]
        fn domain_normalisation_is_idempotent_and_case_insensitive(label in "[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?") {
            let d = format!("{label}.onmicrosoft.com");
            let upper = d.to_ascii_uppercase();
            let n = tenant_domain(&upper).unwrap();
            prop_assert_eq!(&n, &d);
            prop_assert_eq!(tenant_domain(&n).unwrap(), n);
        }

        #[test]
        fn vat_normalisation_ignores_separators(digits in "[0-9]{9}") {
            let spaced = format!("de {} {}", &digits[..3], &digits[3..]);
            prop_assert_eq!(vat_id(&spaced, "DE", true).unwrap(), format!("DE{digits}"));
        }

        #[test]
        fn malformed_domains_never_pass(s in "[^.]{1,30}") {
            prop_assert!(tenant_domain(&s).is_err());
        }
    }
}

/// French SIRET (establishment number): 14 digits, the first 9 being the SIREN.
pub fn siret(value: &str) -> Result<String, CoreError> {
    let v: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if v.len() == 14 && v.chars().all(|c| c.is_ascii_digit()) && siren(&v[..9]).is_ok() {
        Ok(v)
    } else {
        Err(invalid(
            format!("SIRET '{value}' must be 14 digits starting with a valid SIREN"),
            format!("le SIRET « {value} » doit compter 14 chiffres commençant par un SIREN valide"),
        ))
    }
}

/// An IBAN (ISO 13616): country letters, check digits, up to 30 letters and digits, and the
/// mod-97 check (the key catches a mistyped digit before it reaches an invoice). Kept as typed,
/// spaces included, because that is how it is printed.
pub fn iban(value: &str) -> Result<String, CoreError> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let bad = || {
        invalid(
            format!("IBAN '{value}' is not a valid IBAN (country, check digits, account; mod-97 key)"),
            format!("l'IBAN « {value} » n'est pas valide (pays, clé, compte ; clé mod 97)"),
        )
    };
    let b = compact.as_bytes();
    if !(15..=34).contains(&b.len())
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
        || !b.iter().all(u8::is_ascii_alphanumeric)
    {
        return Err(bad());
    }
    // Move the first four characters to the end, letters become 10..35, the number mod 97 is 1.
    let rem = b[4..].iter().chain(&b[..4]).fold(0u32, |acc, &c| {
        let d = if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c - b'A') + 10 };
        if d >= 10 {
            (acc * 100 + d) % 97
        } else {
            (acc * 10 + d) % 97
        }
    });
    if rem == 1 {
        Ok(value.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_uppercase())
    } else {
        Err(bad())
    }
}

/// A BIC (ISO 9362): 8 or 11 letters and digits, the 5th and 6th being the country letters.
pub fn bic(value: &str) -> Result<String, CoreError> {
    let v: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let b = v.as_bytes();
    if (b.len() == 8 || b.len() == 11)
        && b.iter().all(u8::is_ascii_alphanumeric)
        && b[..6].iter().all(u8::is_ascii_uppercase)
    {
        Ok(v)
    } else {
        Err(invalid(
            format!("BIC '{value}' must be 8 or 11 letters and digits (bank, country, place)"),
            format!("le BIC « {value} » doit compter 8 ou 11 lettres et chiffres (banque, pays, lieu)"),
        ))
    }
}

#[cfg(test)]
mod legal_identity_tests {
    use super::*;

    #[test]
    fn iban_bic_and_siret_are_checked() {
        assert_eq!(iban("fr76 3000 6000 0112 3456 7890 189").unwrap(), "FR76 3000 6000 0112 3456 7890 189");
        assert!(iban("FR76 3000 6000 0112 3456 7890 188").is_err());
        assert!(iban("FR7").is_err());
        assert_eq!(bic("agrifrppxxx").unwrap(), "AGRIFRPPXXX");
        assert!(bic("AGRI").is_err());
        assert_eq!(siret("732 829 320 00074").unwrap(), "73282932000074");
        assert!(siret("73282932100074").is_err());
    }
}

/// Checks and normalises an issuer's legal identity: SIREN and SIRET keys (a SIRET starts with the
/// SIREN when both are given), IBAN key, BIC form, payment terms within the legal 60 days.
pub fn legal_identity(input: &crate::partner::LegalIdentity) -> Result<crate::partner::LegalIdentity, CoreError> {
    use crate::error::Field;
    let text = |v: &Option<String>| optional(v.as_deref());
    let siren_v = text(&input.siren).map(|s| siren(&s)).transpose().map_err(|e| e.on(Field::Siren))?;
    let siret_v = text(&input.siret).map(|s| siret(&s)).transpose().map_err(|e| e.on(Field::Siret))?;
    if let (Some(sn), Some(st)) = (&siren_v, &siret_v) {
        if !st.starts_with(sn.as_str()) {
            return Err(invalid(
                format!("SIRET {st} does not belong to SIREN {sn} (its first nine digits)"),
                format!("le SIRET {st} n'appartient pas au SIREN {sn} (ses neuf premiers chiffres)"),
            )
            .on(Field::Siret));
        }
    }
    if input.payment_terms_days > crate::invoice::MAX_PAYMENT_TERMS_DAYS {
        return Err(invalid(
            format!(
                "payment terms of {} days exceed the legal maximum of 60 days from issue",
                input.payment_terms_days
            ),
            format!(
                "un délai de paiement de {} jours dépasse le maximum légal de 60 jours après émission",
                input.payment_terms_days
            ),
        )
        .on(Field::PaymentTermsDays));
    }
    Ok(crate::partner::LegalIdentity {
        legal_form: text(&input.legal_form),
        share_capital: text(&input.share_capital),
        siren: siren_v,
        siret: siret_v,
        rcs: text(&input.rcs),
        iban: text(&input.iban).map(|s| iban(&s)).transpose().map_err(|e| e.on(Field::Iban))?,
        bic: text(&input.bic).map(|s| bic(&s)).transpose().map_err(|e| e.on(Field::Bic))?,
        payment_terms_days: input.payment_terms_days,
        late_payment_rate: text(&input.late_payment_rate),
        early_payment_discount: text(&input.early_payment_discount),
    })
}
