//! Column types of the store. Amounts and rates are stored as decimal text (exact, readable with
//! sqlite3); [`Dec`] reads them back as `rust_decimal::Decimal` and refuses text that does not parse —
//! a value changed behind the program's back is an error, never a silent zero.

use std::borrow::Cow;

use rust_decimal::Decimal;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Sqlite, Type};

/// A decimal stored as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Dec(pub Decimal);

impl Dec {
    /// Parses stored text: plain decimal notation only (the form every writer of the store uses).
    pub fn parse(text: &str) -> Result<Dec, String> {
        text.parse::<Decimal>().map(Dec).map_err(|e| format!("the stored decimal '{text}' does not parse: {e}"))
    }
}

/// Stored text that does not read back is a database error, never a silent zero.
pub(crate) fn decode_error(e: impl Into<String>) -> csp_domain::CoreError {
    csp_domain::CoreError::Database(sqlx::Error::Decode(e.into().into()))
}

/// A stored decimal read from JSON (`json_rows`): the text as stored.
impl<'de> serde::Deserialize<'de> for Dec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <Cow<'de, str>>::deserialize(d)?;
        Dec::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Type<Sqlite> for Dec {
    fn type_info() -> SqliteTypeInfo {
        <str as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <str as Type<Sqlite>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Sqlite> for Dec {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        Ok(Dec::parse(text)?)
    }
}

impl<'q> Encode<'q, Sqlite> for Dec {
    fn encode_by_ref(&self, args: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        args.push(SqliteArgumentValue::Text(Cow::Owned(self.0.to_string())));
        Ok(IsNull::No)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_decimal_goes_in_as_text_and_comes_back_exact_and_bad_text_is_an_error() {
        let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
        sqlx::query("CREATE TABLE t (v TEXT NOT NULL)").execute(&pool).await.unwrap();
        let value: Decimal = "0.00000641".parse().unwrap();
        sqlx::query("INSERT INTO t (v) VALUES (?)").bind(Dec(value)).execute(&pool).await.unwrap();
        let (text,): (String,) = sqlx::query_as("SELECT v FROM t").fetch_one(&pool).await.unwrap();
        assert_eq!(text, "0.00000641");
        let (back,): (Dec,) = sqlx::query_as("SELECT v FROM t").fetch_one(&pool).await.unwrap();
        assert_eq!(back.0, value);
        sqlx::query("UPDATE t SET v = 'twelve'").execute(&pool).await.unwrap();
        let err = sqlx::query_as::<_, (Dec,)>("SELECT v FROM t").fetch_one(&pool).await.unwrap_err();
        assert!(err.to_string().contains("'twelve' does not parse"), "{err}");
    }
}
