use std::path::PathBuf;

use clap::Subcommand;
use csp_core::service::prices;
use csp_core::{CoreError, Ctx};
use serde_json::{json, Value};

use super::{decimal, to_json};

#[derive(Subcommand)]
pub enum Command {
    /// Import a price list CSV (format in docs/file-formats.md)
    Import { file: PathBuf },
    /// The selling price an issuer's rules give a meter
    Preview {
        #[arg(long)]
        issuer: String,
        #[arg(long)]
        customer: Option<String>,
        /// The reseller a provider bills (then only its reseller rule or default applies, never a
        /// rule for an end customer)
        #[arg(long)]
        reseller: Option<String>,
        #[arg(long, default_value = "")]
        category: String,
        /// ERP (UnitPrice) in the pricing currency
        #[arg(long)]
        erp: String,
        /// PCToBCExchangeRate (default 1)
        #[arg(long)]
        rate: Option<String>,
    },
    /// Set the monthly exchange rate for customers billed in another currency than the usage's
    ExchangeRate {
        #[arg(long)]
        month: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        rate: String,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Import { file } => to_json(prices::import(ctx, &file).await?),
        Command::Preview { issuer, customer, reseller, category, erp, rate } => {
            let input = prices::PricePreviewInput {
                issuer_id: issuer,
                customer_id: customer,
                reseller_id: reseller,
                category,
                erp: decimal("--erp", &erp)?,
                pc_to_bc_rate: rate.map(|r| decimal("--rate", &r)).transpose()?,
            };
            to_json(prices::preview(ctx, input).await?)
        }
        Command::ExchangeRate { month, from, to, rate } => {
            let rate = prices::set_exchange_rate(ctx, &month, &from, &to, &rate).await?;
            Ok(json!({"month": month, "from": from.to_uppercase(), "to": to.to_uppercase(), "rate": rate.to_string()}))
        }
    }
}
