use std::path::PathBuf;

use clap::Subcommand;
use csp_core::service::accounting;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::{date, to_json};

#[derive(Subcommand)]
pub enum Command {
    /// The issuer's sales journal (issued invoices, credit notes, payments) as a French FEC file
    Export {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// The file, or a folder that receives <SIREN>FEC<YYYYMMDD>.txt
        #[arg(long)]
        out: PathBuf,
        /// The issuing partner (default: the operating partner)
        #[arg(long)]
        issuer: Option<String>,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Export { from, to, out, issuer } => {
            to_json(accounting::export(ctx, date("--from", &from)?, date("--to", &to)?, &out, issuer.as_deref()).await?)
        }
    }
}
