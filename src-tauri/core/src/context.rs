//! The service context: the database pool and the default date of writes.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::store;
use crate::Result;

/// Everything a service call needs. Cheap to clone (the pool is shared).
#[derive(Clone, Debug)]
pub struct Ctx {
    pub pool: store::Pool,
    path: PathBuf,
    /// A fixed computer date (tests, simulations); `None`: the computer's clock.
    clock: Option<NaiveDate>,
}

impl Ctx {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub async fn open(path: &Path) -> Result<Self> {
        let pool = store::db::open(path).await?;
        Ok(Self { pool, path: path.to_path_buf(), clock: None })
    }

    /// The same book seen from a computer whose date is `date` (tests of date rules run on any day).
    pub fn with_computer_date(mut self, date: NaiveDate) -> Self {
        self.clock = Some(date);
        self
    }

    /// The computer's local date.
    pub fn computer_date(&self) -> NaiveDate {
        self.clock.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// The date a real book may not issue after (`INVOICE_DATE_FUTURE`): the computer's date;
    /// `None` for a demo book, whose calendar is pinned.
    pub async fn issue_limit(&self) -> Result<Option<NaiveDate>> {
        Ok((!self.is_demo().await?).then(|| self.computer_date()))
    }

    pub fn db_path(&self) -> &Path {
        &self.path
    }

    /// The default date of a write: the computer's date, except in a demo book, whose calendar is
    /// pinned to its business date (`demo seed --as-of`). Never the date a window looks at the book.
    pub async fn today(&self) -> Result<NaiveDate> {
        let settings = store::settings::load(&mut *store::read(&self.pool).await?).await?;
        Ok(settings.demo_today.unwrap_or_else(|| self.computer_date()))
    }

    /// Whether this book was built by `demo seed` (its calendar is pinned to its business date).
    pub async fn is_demo(&self) -> Result<bool> {
        Ok(store::settings::get(&self.pool, crate::service::demo::DEMO_KEY).await?.is_some())
    }

    /// A write's date as given (within the dates the book accepts), else [`Ctx::write_date`].
    pub async fn date_or_today(&self, on: Option<NaiveDate>) -> Result<NaiveDate> {
        match on {
            Some(d) => crate::service::check_date(d),
            None => self.write_date().await,
        }
    }

    /// The default date of a write that dates a record (an invoice's issue date): see [`Ctx::today`].
    pub async fn write_date(&self) -> Result<NaiveDate> {
        self.today().await
    }
}

/// The default database file: `$CSPDESK_DB`, else `csp-desk.sqlite3` in the platform data folder.
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("CSPDESK_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    data_dir().join("csp-desk.sqlite3")
}

/// The platform data folder (`~/.local/share/csp-desk` on Linux).
pub fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("com", "CSP Desk", "csp-desk")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The platform log folder (`~/.local/share/csp-desk/logs` on Linux).
pub fn log_dir() -> PathBuf {
    data_dir().join("logs")
}
