use std::path::PathBuf;

use clap::Subcommand;
use csp_core::service::billing;
use csp_core::{CoreError, Ctx};
use serde_json::{json, Value};

use super::to_json;

#[derive(Subcommand)]
pub enum Command {
    /// One CSV row per invoiced usage line: cost, PEC, price, margin
    Export {
        #[arg(long)]
        month: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Rows where PEC should apply but the file says it did not (and the reverse), with the amount at stake
    PecAudit {
        #[arg(long)]
        month: String,
    },
    /// Incentives accrued (MCI, Silver) per partner
    Incentives {
        #[arg(long)]
        month: String,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Export { month, out } => {
            let res = billing::reconciliation_export(ctx, &month, &out).await?;
            Ok(json!({"rows": res.rows, "path": res.path}))
        }
        Command::PecAudit { month } => to_json(billing::pec_audit(ctx, &month).await?),
        Command::Incentives { month } => to_json(billing::incentives(ctx, &month).await?),
    }
}
