use clap::{Args, Subcommand};
use csp_core::domain::partner::{NewPartner, PartnerPatch, Tier};
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
    /// Edit a partner's profile and, for an issuer, its legal identity; issued invoices keep what
    /// they printed. Options not given keep their value; an empty value clears an optional one.
    Update(Box<UpdateArgs>),
    /// List partners (with --as-of: those enrolled by then, with their tier and links of that date)
    List {
        /// Read the book as it stood on this date (YYYY-MM-DD); default: as it is today
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Show one partner
    Show {
        id: String,
        /// Read the book as it stood on this date (YYYY-MM-DD); default: as it is today
        #[arg(long)]
        as_of: Option<String>,
    },
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

#[derive(Args)]
pub struct UpdateArgs {
    id: String,
    #[arg(long)]
    name: Option<String>,
    /// The tier changes only by `partner transition`: another one is refused
    #[arg(long)]
    tier: Option<String>,
    /// Office country (ISO 3166-1 alpha-2)
    #[arg(long)]
    country: Option<String>,
    /// Contract currency (ISO 4217); a reseller keeps its provider's
    #[arg(long)]
    currency: Option<String>,
    /// CSP enrolment date (YYYY-MM-DD)
    #[arg(long)]
    enrolled_on: Option<String>,
    /// Partner ID (MPN)
    #[arg(long)]
    partner_id: Option<String>,
    /// Enrolled in Microsoft Commerce Incentives (true or false)
    #[arg(long)]
    mci: Option<bool>,
    /// Cloud Platform Silver competency date (empty: none)
    #[arg(long)]
    silver_since: Option<String>,
    /// A reseller's providers change only by a transition: others are refused
    #[arg(long = "provider")]
    providers: Vec<String>,
    #[arg(long)]
    vat_id: Option<String>,
    /// Head-office address
    #[arg(long)]
    address: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// Legal form (SAS, SARL…)
    #[arg(long)]
    legal_form: Option<String>,
    /// Share capital as printed (e.g. "120 000 €")
    #[arg(long)]
    share_capital: Option<String>,
    #[arg(long)]
    siren: Option<String>,
    #[arg(long)]
    siret: Option<String>,
    /// RCS registration (e.g. "RCS Paris 303 265 045")
    #[arg(long)]
    rcs: Option<String>,
    #[arg(long)]
    iban: Option<String>,
    #[arg(long)]
    bic: Option<String>,
    /// Days from issue to the due date (at most 60)
    #[arg(long)]
    payment_terms_days: Option<String>,
    /// Late-payment interest rate as printed
    #[arg(long)]
    late_payment_rate: Option<String>,
    /// Early-payment discount terms as printed (empty: none)
    #[arg(long)]
    early_payment_discount: Option<String>,
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
            let tier = parse_tier(&tier)?;
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
                legal: None,
            };
            to_json(partners::add(ctx, input).await?)
        }
        Command::Update(args) => {
            let a = *args;
            let payment_terms_days = a
                .payment_terms_days
                .map(|days| {
                    days.trim().parse().map_err(|_| {
                        CoreError::validation(
                            format!("--payment-terms-days: '{days}' is not a whole number of days"),
                            format!("--payment-terms-days : « {days} » n'est pas un nombre entier de jours"),
                        )
                    })
                })
                .transpose()?;
            // A given option replaces the stored value; an empty one clears an optional field.
            let silver_since = match a.silver_since {
                Some(s) if s.trim().is_empty() => Some(None),
                Some(s) => Some(Some(date("--silver-since", &s)?)),
                None => None,
            };
            let patch = PartnerPatch {
                name: a.name,
                tier: a.tier.as_deref().map(parse_tier).transpose()?,
                country: a.country,
                currency: a.currency,
                enrolled_on: date_opt("--enrolled-on", a.enrolled_on.as_deref())?,
                mpn_id: a.partner_id,
                mci: a.mci,
                silver_since,
                providers: (!a.providers.is_empty()).then_some(a.providers),
                vat_id: a.vat_id,
                address: a.address,
                email: a.email,
                legal_form: a.legal_form,
                share_capital: a.share_capital,
                siren: a.siren,
                siret: a.siret,
                rcs: a.rcs,
                iban: a.iban,
                bic: a.bic,
                payment_terms_days,
                late_payment_rate: a.late_payment_rate,
                early_payment_discount: a.early_payment_discount,
            };
            to_json(partners::update(ctx, &a.id, patch).await?)
        }
        Command::List { as_of } => to_json(partners::list_as_of(ctx, date_opt("--as-of", as_of.as_deref())?).await?),
        Command::Show { id, as_of } => {
            to_json(partners::show_as_of(ctx, &id, date_opt("--as-of", as_of.as_deref())?).await?)
        }
        Command::Transition { partner, provider, on } => {
            let on = date("--on", &on)?;
            to_json(partners::transition(ctx, Transition { partner_id: partner, provider_id: provider, on }).await?)
        }
    }
}

fn parse_tier(tier: &str) -> Result<Tier, CoreError> {
    Tier::parse(tier).ok_or_else(|| {
        CoreError::validation(
            format!("--tier: '{tier}' is not a tier (direct, indirect-provider, indirect-reseller)"),
            format!("--tier : « {tier} » n'est pas un niveau (direct, indirect-provider, indirect-reseller)"),
        )
    })
}
