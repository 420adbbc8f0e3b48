use clap::Subcommand;
use csp_core::service::month_end;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::to_json;

#[derive(Subcommand)]
pub enum Command {
    /// Revenue, Microsoft's cost, margin, PEC earned and lost for a month
    Report {
        #[arg(long)]
        month: String,
        #[arg(long)]
        issuer: Option<String>,
        /// customer (default), reseller, subscription or category
        #[arg(long)]
        by: Option<String>,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Report { month, issuer, by } => {
            to_json(month_end::margin_report(ctx, &month, issuer.as_deref(), by.as_deref()).await?)
        }
    }
}
