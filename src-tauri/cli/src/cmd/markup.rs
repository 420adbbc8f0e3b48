use clap::{ArgGroup, Subcommand};
use csp_core::service::prices::{self, MarkupInput};
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::{decimal, to_json};

#[derive(Subcommand)]
pub enum Command {
    /// Set a selling-price rule of an issuer (P may be negative: a discount)
    #[command(group(ArgGroup::new("scope").required(true).args(["default", "customer", "reseller"])))]
    Set {
        #[arg(long)]
        issuer: String,
        /// The issuer's default rule
        #[arg(long)]
        default: bool,
        #[arg(long)]
        customer: Option<String>,
        /// With --customer: only this meter category
        #[arg(long, requires = "customer")]
        category: Option<String>,
        /// A provider's rule for one of its resellers
        #[arg(long)]
        reseller: Option<String>,
        /// Percent on ERP
        #[arg(long, allow_hyphen_values = true)]
        percent: String,
    },
    /// List the rules (of one issuer)
    List {
        #[arg(long)]
        issuer: Option<String>,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Set { issuer, default: _, customer, category, reseller, percent } => {
            let input = MarkupInput {
                issuer_id: issuer,
                customer_id: customer,
                category,
                reseller_id: reseller,
                percent: decimal("--percent", &percent)?,
            };
            to_json(prices::markup_set(ctx, input).await?)
        }
        Command::List { issuer } => to_json(prices::markup_list(ctx, issuer.as_deref()).await?),
    }
}
