use clap::{Args, Subcommand};
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
                legal: None,
            };
            to_json(partners::add(ctx, input).await?)
        }
        Command::Update(args) => {
            let UpdateArgs {
                id,
                name,
                country,
                currency,
                enrolled_on,
                partner_id,
                mci,
                silver_since,
                vat_id,
                address,
                email,
                legal_form,
                share_capital,
                siren,
                siret,
                rcs,
                iban,
                bic,
                payment_terms_days,
                late_payment_rate,
                early_payment_discount,
            } = *args;
            let p = partners::show(ctx, &id).await?;
            // A given option replaces the stored value; an empty one clears an optional field.
            let or = |given: Option<String>, stored: Option<String>| given.or(stored);
            let mut legal = p.legal.clone();
            legal.legal_form = or(legal_form, legal.legal_form);
            legal.share_capital = or(share_capital, legal.share_capital);
            legal.siren = or(siren, legal.siren);
            legal.siret = or(siret, legal.siret);
            legal.rcs = or(rcs, legal.rcs);
            legal.iban = or(iban, legal.iban);
            legal.bic = or(bic, legal.bic);
            legal.late_payment_rate = or(late_payment_rate, legal.late_payment_rate);
            legal.early_payment_discount = or(early_payment_discount, legal.early_payment_discount);
            if let Some(days) = payment_terms_days {
                legal.payment_terms_days = days.trim().parse().map_err(|_| {
                    CoreError::validation(
                        format!("--payment-terms-days: '{days}' is not a whole number of days"),
                        format!("--payment-terms-days : « {days} » n'est pas un nombre entier de jours"),
                    )
                })?;
            }
            let silver_since = match silver_since {
                Some(s) if s.trim().is_empty() => None,
                Some(s) => Some(date("--silver-since", &s)?),
                None => p.silver_since,
            };
            let input = NewPartner {
                name: name.unwrap_or(p.name),
                tier: Some(p.tier),
                country: country.unwrap_or(p.country),
                currency: or(currency, p.currency),
                enrolled_on: Some(match enrolled_on {
                    Some(d) => date("--enrolled-on", &d)?,
                    None => p.enrolled_on,
                }),
                mpn_id: or(partner_id, p.mpn_id),
                mci: mci.unwrap_or(p.mci),
                silver_since,
                providers: Vec::new(),
                vat_id: or(vat_id, p.vat_id),
                address: or(address, p.address),
                email: or(email, p.email),
                legal: Some(legal),
            };
            to_json(partners::update(ctx, &id, input).await?)
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
