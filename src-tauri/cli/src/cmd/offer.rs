use clap::{Args, Subcommand};
use csp_core::domain::catalogue::ItemKind;
use csp_core::domain::offer::Offer;
use csp_core::service::offers;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::{date, to_json};

/// Who the offer is for: a customer, or the partner's own tenant.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct BuyerArgs {
    /// The customer the offer is for
    #[arg(long)]
    pub customer: Option<String>,
    /// The partner's own tenant (Azure Partner Shared Services)
    #[arg(long)]
    pub own: bool,
}

#[derive(Subcommand)]
pub enum Command {
    /// May the partner buy the offer for the customer (or its own tenant) on that date? Never writes.
    Check {
        #[arg(long)]
        partner: String,
        #[command(flatten)]
        buyer: BuyerArgs,
        /// AZURE_PLAN | MS-AZR-0145P | MS-AZR-0159P
        #[arg(long)]
        offer: String,
        #[arg(long)]
        on: String,
    },
    /// Can an Azure Marketplace item of this kind be bought through Azure in CSP?
    MarketplaceCheck {
        /// first-party | third-party-free | third-party-byol | third-party-paid
        #[arg(long)]
        item_kind: String,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Check { partner, buyer, offer, on } => {
            let offer = Offer::parse(&offer)?;
            let on = date("--on", &on)?;
            to_json(offers::check(ctx, &partner, buyer.customer.as_deref(), offer, on).await?)
        }
        Command::MarketplaceCheck { item_kind } => to_json(offers::marketplace_check(ItemKind::parse(&item_kind)?)),
    }
}
