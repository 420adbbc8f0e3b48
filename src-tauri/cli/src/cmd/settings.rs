use clap::Subcommand;
use csp_core::service::settings;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::to_json;

#[derive(Subcommand)]
pub enum Command {
    /// Show every setting
    Show,
    /// Change one setting (the `issuer.*` identity keys edit the operating partner's legal identity, as
    /// `partner update` does; issued invoices keep what they printed)
    Set { key: String, value: String },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Show => to_json(settings::show(ctx).await?),
        Command::Set { key, value } => to_json(settings::set(ctx, &key, &value).await?),
    }
}
