use clap::Subcommand;
use csp_core::service::month_end;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::{date_opt, to_json};

#[derive(Subcommand)]
pub enum Command {
    /// The three tie-outs of an issuer's month against Microsoft's bill
    Status {
        #[arg(long)]
        issuer: String,
        #[arg(long)]
        month: String,
    },
    /// Acknowledge a difference (its index in `differences`) with a dated note
    Acknowledge {
        #[arg(long)]
        issuer: String,
        #[arg(long)]
        month: String,
        #[arg(long)]
        difference: usize,
        #[arg(long)]
        note: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// Close and seal the month (MONTH_NOT_READY lists what is left)
    Close {
        #[arg(long)]
        issuer: String,
        #[arg(long)]
        month: String,
        #[arg(long)]
        on: Option<String>,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Status { issuer, month } => to_json(month_end::status(ctx, &issuer, &month).await?),
        Command::Acknowledge { issuer, month, difference, note, on } => to_json(
            month_end::acknowledge(ctx, &issuer, &month, difference, &note, date_opt("--on", on.as_deref())?).await?,
        ),
        Command::Close { issuer, month, on } => {
            to_json(month_end::close(ctx, &issuer, &month, date_opt("--on", on.as_deref())?).await?)
        }
    }
}
