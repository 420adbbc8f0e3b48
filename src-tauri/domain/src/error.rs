//! The one error type of the core. Across IPC and the CLI it becomes `{code, message}`, where `code`
//! is a stable ID ([`Code`]): a rule ID of DOMAIN.md or a generic code.

use serde::ser::SerializeStruct;
use serde::Serialize;

use crate::rules::Code;

/// The input a refusal is about, so that a form shows the message beside it. The names are stable
/// (they are the input fields' names) and exported to TypeScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Tier,
    Country,
    Currency,
    EnrolledOn,
    MpnId,
    VatId,
    Email,
    Providers,
    SilverSince,
    Domain,
    TenantId,
    Siren,
    RelationshipSince,
    PartnerId,
    Title,
    Text,
    Reference,
    Address,
    Price,
    Percent,
    Rate,
    Date,
    Siret,
    Iban,
    Bic,
    PaymentTermsDays,
    DeliveryAddress,
    /// The issuer of a document (its legal identity is incomplete).
    Issuer,
    /// The customer or reseller a document bills (its details are incomplete).
    Recipient,
    /// The currency a customer is billed in when not its usage's.
    BillingCurrency,
}

/// A message in both languages the product speaks, and the input it is about (if one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub en: String,
    pub fr: String,
    pub field: Option<Field>,
}

impl Msg {
    pub fn new(en: impl Into<String>, fr: impl Into<String>) -> Self {
        Self { en: en.into(), fr: fr.into(), field: None }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A business rule of DOMAIN.md refused the request.
    #[error("{}", .msg.en)]
    Rule { rule: Code, msg: Msg },
    /// Input that does not parse or is malformed.
    #[error("{}", .0.en)]
    Validation(Msg),
    #[error("{}", .0.en)]
    NotFound(Msg),
    /// The request contradicts data already stored (a duplicate, a state that does not allow it).
    #[error("{}", .0.en)]
    Conflict(Msg),
    /// The database was written by a newer CSP Desk: refuse rather than corrupt it.
    #[error("this database was written by a newer version of CSP Desk (schema {db}, this program knows up to {binary}); update CSP Desk to open it")]
    SchemaTooNew { db: i64, binary: i64 },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

impl CoreError {
    pub fn rule(rule: Code, en: impl Into<String>, fr: impl Into<String>) -> Self {
        Self::Rule { rule, msg: Msg::new(en, fr) }
    }
    pub fn validation(en: impl Into<String>, fr: impl Into<String>) -> Self {
        Self::Validation(Msg::new(en, fr))
    }
    pub fn not_found(en: impl Into<String>, fr: impl Into<String>) -> Self {
        Self::NotFound(Msg::new(en, fr))
    }
    pub fn conflict(en: impl Into<String>, fr: impl Into<String>) -> Self {
        Self::Conflict(Msg::new(en, fr))
    }

    /// Names the input this refusal is about (kept if a more precise one was named already).
    pub fn on(mut self, field: Field) -> Self {
        if let Self::Rule { msg, .. } | Self::Validation(msg) | Self::NotFound(msg) | Self::Conflict(msg) = &mut self {
            msg.field.get_or_insert(field);
        }
        self
    }

    /// The input this refusal is about, if it names one.
    pub fn field(&self) -> Option<Field> {
        match self {
            Self::Rule { msg, .. } | Self::Validation(msg) | Self::NotFound(msg) | Self::Conflict(msg) => msg.field,
            _ => None,
        }
    }

    /// The stable ID front ends and scripts match on.
    pub fn code(&self) -> Code {
        match self {
            Self::Rule { rule, .. } => *rule,
            Self::Validation(_) => Code::Validation,
            Self::NotFound(_) => Code::NotFound,
            Self::Conflict(_) => Code::Conflict,
            Self::SchemaTooNew { .. } => Code::SchemaTooNew,
            Self::Database(_) => Code::Database,
            Self::Migrate(_) => Code::Migration,
            Self::Io(_) => Code::Io,
        }
    }

    /// The message in French (the English one is `to_string()`).
    pub fn message_fr(&self) -> String {
        match self {
            Self::Rule { msg, .. }
            | Self::Validation(msg)
            | Self::NotFound(msg)
            | Self::Conflict(msg) => msg.fr.clone(),
            Self::SchemaTooNew { db, binary } => format!(
                "cette base a été écrite par une version plus récente de CSP Desk (schéma {db}, ce programme connaît jusqu'au {binary}) ; mettez CSP Desk à jour pour l'ouvrir"
            ),
            other => other.to_string(),
        }
    }
}

/// `{code, message, message_fr, field}`: what the UI receives when a command fails.
impl Serialize for CoreError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("CoreError", 4)?;
        st.serialize_field("code", &self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.serialize_field("message_fr", &self.message_fr())?;
        st.serialize_field("field", &self.field())?;
        st.end()
    }
}

/// `result.on(Field::Email)`: names the input of a refusal on its way out.
pub trait OnField<T> {
    fn on(self, field: Field) -> Result<T, CoreError>;
}

impl<T> OnField<T> for Result<T, CoreError> {
    fn on(self, field: Field) -> Result<T, CoreError> {
        self.map_err(|e| e.on(field))
    }
}
