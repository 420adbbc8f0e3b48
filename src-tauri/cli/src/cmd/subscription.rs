use clap::Subcommand;
use csp_core::domain::offer::Offer;
use csp_core::domain::subscription::NewSubscription;
use csp_core::service::subscriptions;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::offer::BuyerArgs;
use super::{date, date_opt, to_json};

#[derive(Subcommand)]
pub enum Command {
    /// Order a subscription (refused with the rule ID as error code), or register one that
    /// already exists in Partner Center under its own ID
    Add {
        /// Partner of record (direct partner or indirect reseller; APSS: any partner)
        #[arg(long)]
        partner: String,
        #[command(flatten)]
        buyer: BuyerArgs,
        /// AZURE_PLAN | MS-AZR-0145P | MS-AZR-0159P
        #[arg(long)]
        offer: String,
        #[arg(long)]
        on: String,
        /// Display name (default: the offer's name)
        #[arg(long)]
        name: Option<String>,
        /// Partner Center's subscription ID (a GUID) for a subscription that already exists
        #[arg(long)]
        id: Option<String>,
        /// The provider that bills a reseller with several providers
        #[arg(long)]
        provider: Option<String>,
    },
    /// Cancel a subscription on a date (no longer active from that day)
    Cancel {
        id: String,
        #[arg(long)]
        on: String,
    },
    /// Suspend an active subscription on a date
    Suspend {
        id: String,
        #[arg(long)]
        on: String,
    },
    /// Reactivate a suspended subscription on a date
    Reactivate {
        id: String,
        #[arg(long)]
        on: String,
    },
    /// Show one subscription with its roles
    Show {
        id: String,
        /// Read the book as it stood on this date (YYYY-MM-DD); default: as it is today
        #[arg(long)]
        as_of: Option<String>,
    },
    /// List subscriptions
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
        Command::Add { partner, buyer, offer, on, name, id, provider } => {
            let input = NewSubscription {
                partner_id: partner,
                customer_id: buyer.customer,
                offer: Some(Offer::parse(&offer)?),
                on: Some(date("--on", &on)?),
                name,
                id,
                provider_id: provider,
            };
            to_json(subscriptions::order(ctx, input).await?)
        }
        Command::Cancel { id, on } => to_json(subscriptions::cancel(ctx, &id, date("--on", &on)?).await?),
        Command::Suspend { id, on } => to_json(subscriptions::suspend(ctx, &id, date("--on", &on)?).await?),
        Command::Reactivate { id, on } => to_json(subscriptions::reactivate(ctx, &id, date("--on", &on)?).await?),
        Command::Show { id, as_of } => {
            to_json(subscriptions::show_as_of(ctx, &id, date_opt("--as-of", as_of.as_deref())?).await?)
        }
        Command::List { customer, as_of } => {
            to_json(subscriptions::list_as_of(ctx, customer.as_deref(), date_opt("--as-of", as_of.as_deref())?).await?)
        }
    }
}
