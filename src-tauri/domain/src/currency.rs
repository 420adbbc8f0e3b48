//! A currency as the book stores it: an ISO 4217 code the product knows (`validate::currency`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Sqlite, Type};
use std::borrow::Cow;

use crate::CoreError;

/// Three capital letters of ISO 4217 (`EUR`, `USD`, …), checked when made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// `value` trimmed and in capitals, if it is a currency the product knows (`VALIDATION` otherwise):
    /// what a user types (a partner's contract currency, a customer's billing currency, a rate).
    pub fn parse(value: &str) -> Result<Self, CoreError> {
        Self::from_code(&crate::validate::currency(value)?)
    }

    /// A code as Partner Center's files and the book hold it: any three ASCII letters, in capitals.
    /// Usage may be billed in a currency the product's list does not name: it is kept as it comes.
    pub fn from_code(code: &str) -> Result<Self, CoreError> {
        let bytes: [u8; 3] = code.trim().to_ascii_uppercase().as_bytes().try_into().map_err(|_| not_a_code(code))?;
        if !bytes.iter().all(u8::is_ascii_uppercase) {
            return Err(not_a_code(code));
        }
        Ok(Currency(bytes))
    }

    pub fn as_str(&self) -> &str {
        // Made from a checked ASCII code only.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

fn not_a_code(code: &str) -> CoreError {
    CoreError::validation(
        format!("'{code}' is not a three-letter currency code"),
        format!("« {code} » n'est pas un code de devise à trois lettres"),
    )
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Currency {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Currency::from_code(&text).map_err(serde::de::Error::custom)
    }
}

/// A currency stored as its code; stored text that is not one is an error, never a guess.
impl Type<Sqlite> for Currency {
    fn type_info() -> SqliteTypeInfo {
        <str as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <str as Type<Sqlite>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Sqlite> for Currency {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        Ok(Currency::from_code(text).map_err(|e| format!("the stored currency '{text}' does not read back: {e}"))?)
    }
}

impl<'q> Encode<'q, Sqlite> for Currency {
    fn encode_by_ref(&self, args: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        args.push(SqliteArgumentValue::Text(Cow::Owned(self.as_str().to_string())));
        Ok(IsNull::No)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_currency_is_a_known_code_in_capitals() {
        assert_eq!(Currency::parse(" eur ").unwrap().to_string(), "EUR");
        assert_eq!(Currency::parse("JPY").unwrap(), "JPY");
        for bad in ["", "EU", "EURO", "XYZ", "€"] {
            assert_eq!(Currency::parse(bad).unwrap_err().code(), "VALIDATION", "{bad}");
        }
        // Read from a file or the book: any three letters, so that no billed usage is refused.
        assert_eq!(Currency::from_code("cop").unwrap(), "COP");
        for bad in ["", "EU", "EURO", "€€€", "E1R"] {
            assert_eq!(Currency::from_code(bad).unwrap_err().code(), "VALIDATION", "{bad}");
        }
        let read: Currency = serde_json::from_str(r#""USD""#).unwrap();
        assert_eq!(serde_json::to_string(&read).unwrap(), r#""USD""#);
        assert!(serde_json::from_str::<Currency>(r#""dollars""#).is_err());
    }
}
