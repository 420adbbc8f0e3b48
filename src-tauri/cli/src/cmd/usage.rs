use std::path::PathBuf;

use clap::Subcommand;
use csp_core::service::usage::{self, ImportOptions};
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::to_json;

#[derive(Subcommand)]
pub enum Command {
    /// Import a Partner Center daily rated usage CSV (any bad row refuses the whole file)
    Import {
        file: PathBuf,
        /// Create the customers and subscriptions the file names but the book lacks
        #[arg(long)]
        adopt: bool,
        /// The adopting partner (default: the operating partner)
        #[arg(long, requires = "adopt")]
        partner: Option<String>,
    },
    /// What is stored for a month
    Summary {
        #[arg(long)]
        month: String,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Import { file, adopt, partner } => {
            let res = usage::import(ctx, &file, ImportOptions { adopt, partner_id: partner }, &|p| {
                tracing::debug!(rows = p.rows, bytes = p.bytes, "usage import progress");
            })
            .await?;
            to_json(res)
        }
        Command::Summary { month } => to_json(usage::summary(ctx, &month).await?),
    }
}
