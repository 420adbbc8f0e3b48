//! The one error type of the core. Across IPC and the CLI it becomes `{code, message}`, where `code`
//! is a stable ID: a rule ID of DOMAIN.md or one of the generic codes below.

use serde::ser::SerializeStruct;
use serde::Serialize;

/// A message in both languages the product speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub en: String,
    pub fr: String,
}

impl Msg {
    pub fn new(en: impl Into<String>, fr: impl Into<String>) -> Self {
        Self { en: en.into(), fr: fr.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A business rule of DOMAIN.md refused the request.
    #[error("{}", .msg.en)]
    Rule { rule: &'static str, msg: Msg },
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
    pub fn rule(rule: &'static str, en: impl Into<String>, fr: impl Into<String>) -> Self {
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

    /// The stable ID front ends and scripts match on.
    pub fn code(&self) -> &str {
        match self {
            Self::Rule { rule, .. } => rule,
            Self::Validation(_) => "VALIDATION",
            Self::NotFound(_) => "NOT_FOUND",
            Self::Conflict(_) => "CONFLICT",
            Self::SchemaTooNew { .. } => "SCHEMA_TOO_NEW",
            Self::Database(_) => "DATABASE",
            Self::Migrate(_) => "MIGRATION",
            Self::Io(_) => "IO",
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

/// `{code, message, message_fr}`: what the UI receives when a command fails.
impl Serialize for CoreError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("CoreError", 3)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.serialize_field("message_fr", &self.message_fr())?;
        st.end()
    }
}

/// The TypeScript shape of a serialised [`CoreError`].
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub message_fr: String,
}
