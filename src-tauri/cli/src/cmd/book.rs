use std::path::PathBuf;

use clap::Subcommand;
use csp_core::service::book;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::to_json;

#[derive(Subcommand)]
pub enum Command {
    /// Write a consistent copy of the book while it is in use (never overwrites FILE)
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Verify FILE, back up the current book, then replace the book with FILE
    Restore { file: PathBuf },
    /// Check the seals of issued documents, gapless numbers and the database's protections
    Verify,
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Backup { out } => to_json(book::backup(ctx, &out).await?),
        Command::Restore { file } => to_json(book::restore(Some(ctx), ctx.db_path(), &file).await?),
        Command::Verify => to_json(book::verify(ctx).await?),
    }
}

/// `book restore` on a book that does not open (damaged, newer): it is copied as it is, then replaced.
pub async fn restore_unopened(path: &std::path::Path, file: PathBuf) -> Result<Value, CoreError> {
    to_json(book::restore(None, path, &file).await?)
}
