use clap::Subcommand;
use csp_core::domain::transfer::NewTransfer;
use csp_core::service::transfers;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::{date, date_opt, to_json};

#[derive(Subcommand)]
pub enum Command {
    /// Request a transfer of a customer's subscriptions to another partner of record
    Create {
        #[arg(long)]
        customer: String,
        /// Source partner (the current partner of record)
        #[arg(long)]
        from: String,
        /// Target partner
        #[arg(long)]
        to: String,
        /// Subscription IDs, comma-separated
        #[arg(long, value_delimiter = ',', required = true)]
        subscriptions: Vec<String>,
        #[arg(long)]
        on: String,
    },
    /// The target accepts (up to 29 days after the request)
    Accept {
        id: String,
        #[arg(long)]
        on: String,
    },
    /// The target declines (default date: today)
    Reject {
        id: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// Move the subscriptions on a date; prints each subscription's outcome
    Complete {
        id: String,
        #[arg(long)]
        on: String,
        /// The provider that bills the moved subscriptions, when the target reseller has several
        #[arg(long)]
        provider: Option<String>,
    },
    /// Show one request
    Show {
        id: String,
        /// Read the book as it stood on this date (YYYY-MM-DD); default: as it is today
        #[arg(long)]
        as_of: Option<String>,
    },
    /// List requests
    List {
        #[arg(long)]
        customer: Option<String>,
        /// Read the book as it stood on this date (YYYY-MM-DD); default: as it is today
        #[arg(long)]
        as_of: Option<String>,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Create { customer, from, to, subscriptions, on } => {
            let input = NewTransfer {
                customer_id: customer,
                source_partner_id: from,
                target_partner_id: to,
                subscription_ids: subscriptions,
                on: Some(date("--on", &on)?),
            };
            to_json(transfers::create(ctx, input).await?)
        }
        Command::Accept { id, on } => to_json(transfers::accept(ctx, &id, date("--on", &on)?).await?),
        Command::Reject { id, on } => {
            let on = match on {
                Some(on) => date("--on", &on)?,
                None => ctx.today().await?,
            };
            to_json(transfers::reject(ctx, &id, on).await?)
        }
        Command::Complete { id, on, provider } => {
            to_json(transfers::complete_billed_by(ctx, &id, date("--on", &on)?, provider.as_deref()).await?)
        }
        Command::Show { id, as_of } => {
            to_json(transfers::show_as_of(ctx, &id, date_opt("--as-of", as_of.as_deref())?).await?)
        }
        Command::List { customer, as_of } => {
            to_json(transfers::list_as_of(ctx, customer.as_deref(), date_opt("--as-of", as_of.as_deref())?).await?)
        }
    }
}
