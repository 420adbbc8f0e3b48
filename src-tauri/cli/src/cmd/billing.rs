use clap::Subcommand;
use csp_core::service::billing;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::to_json;

#[derive(Subcommand)]
pub enum Command {
    /// Draft the month's invoices (re-running replaces drafts only)
    Run {
        #[arg(long)]
        month: String,
        /// Only this issuer's invoices
        #[arg(long)]
        issuer: Option<String>,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Run { month, issuer } => to_json(billing::run(ctx, &month, issuer.as_deref()).await?),
    }
}
