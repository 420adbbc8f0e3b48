use clap::Subcommand;
use csp_core::service::demo;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::{date_opt, to_json};

#[derive(Subcommand)]
pub enum Command {
    /// Build the sales-demo book in an empty database
    Seed {
        /// The business date the demo opens on (default 2022-03-15)
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Delete a demo book and build it again (refused for a book that is not a demo)
    Reset {
        #[arg(long)]
        as_of: Option<String>,
    },
}

/// Returns the result and the context to close (a reset reopens the database).
pub async fn run(ctx: Ctx, cmd: Command) -> Result<(Ctx, Value), CoreError> {
    match cmd {
        Command::Seed { as_of } => {
            let summary = demo::seed(&ctx, date_opt("--as-of", as_of.as_deref())?).await?;
            Ok((ctx, to_json(summary)?))
        }
        Command::Reset { as_of } => {
            let as_of = date_opt("--as-of", as_of.as_deref())?;
            let (ctx, summary) = demo::reset(ctx, as_of).await?;
            Ok((ctx, to_json(summary)?))
        }
    }
}
