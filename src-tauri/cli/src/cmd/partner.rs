use clap::Subcommand;
use csp_core::domain::partner::{NewPartner, Tier};
use csp_core::service::partners::{self, Transition};
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::{date, date_opt, to_json};

#[derive(Subcommand)]
pub enum Command {
    /// Create a partner
    Add {
        #[arg(long)]
        name: String,
        /// direct | indirect-provider | indirect-reseller
        #[arg(long)]
        tier: String,
        /// Office country (ISO 3166-1 alpha-2)
        #[arg(long)]
        country: String,
        /// Contract currency (ISO 4217); a reseller takes its provider's
        #[arg(long)]
        currency: Option<String>,
        /// CSP enrolment date (YYYY-MM-DD)
        #[arg(long)]
        enrolled_on: String,
        /// Partner ID (MPN)
        #[arg(long)]
        partner_id: Option<String>,
        /// Enrolled in Microsoft Commerce Incentives
        #[arg(long)]
        mci: bool,
        /// Cloud Platform Silver competency date
        #[arg(long)]
        silver_since: Option<String>,
        /// An indirect reseller's provider (repeat for several)
        #[arg(long = "provider")]
        providers: Vec<String>,
        #[arg(long)]
        vat_id: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// List partners
    List,
    /// Show one partner
    Show { id: String },
    /// Direct partner becomes an indirect reseller under a provider
    Transition {
        #[arg(long)]
        partner: String,
        #[arg(long)]
        provider: String,
        #[arg(long)]
        on: String,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Add {
            name,
            tier,
            country,
            currency,
            enrolled_on,
            partner_id,
            mci,
            silver_since,
            providers,
            vat_id,
            address,
            email,
        } => {
            let tier = Tier::parse(&tier).ok_or_else(|| {
                CoreError::validation(
                    format!("--tier: '{tier}' is not a tier (direct, indirect-provider, indirect-reseller)"),
                    format!("--tier : « {tier} » n'est pas un niveau (direct, indirect-provider, indirect-reseller)"),
                )
            })?;
            let input = NewPartner {
                name,
                tier: Some(tier),
                country,
                currency,
                enrolled_on: Some(date("--enrolled-on", &enrolled_on)?),
                mpn_id: partner_id,
                mci,
                silver_since: date_opt("--silver-since", silver_since.as_deref())?,
                providers,
                vat_id,
                address,
                email,
            };
            to_json(partners::add(ctx, input).await?)
        }
        Command::List => to_json(partners::list(ctx).await?),
        Command::Show { id } => to_json(partners::show(ctx, &id).await?),
        Command::Transition { partner, provider, on } => {
            let on = date("--on", &on)?;
            to_json(partners::transition(ctx, Transition { partner_id: partner, provider_id: provider, on }).await?)
        }
    }
}
