use std::path::PathBuf;

use clap::Subcommand;
use csp_core::service::microsoft;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::to_json;

#[derive(Subcommand)]
pub enum Command {
    /// Import Microsoft's invoice reconciliation file (kept as it is; the same file again changes nothing)
    Import { file: PathBuf },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Import { file } => to_json(microsoft::import(ctx, &file).await?),
    }
}
