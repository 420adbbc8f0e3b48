use clap::{ArgGroup, Subcommand};
use csp_core::domain::support::{CaseFilter, CaseStatus, EscalationTarget, NewCase, Severity};
use csp_core::service::support;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::{date, date_opt, to_json};

#[derive(Subcommand)]
pub enum Command {
    /// Open a support case raised by a customer or a reseller, held by that partner
    #[command(group(ArgGroup::new("raised_by").required(true).args(["customer", "reseller"])))]
    Open {
        /// The partner holding the case (related to the customer, or a provider of the reseller)
        #[arg(long)]
        partner: String,
        #[arg(long)]
        customer: Option<String>,
        #[arg(long)]
        reseller: Option<String>,
        #[arg(long)]
        title: String,
        /// critical (1 hour), high (4 hours) or normal (1 business day)
        #[arg(long)]
        severity: String,
        /// A subscription of the customer (or of the reseller) the case is about
        #[arg(long)]
        subscription: Option<String>,
        #[arg(long)]
        on: String,
    },
    /// Escalate to Microsoft (direct partner, indirect provider) or to the provider (reseller)
    Escalate {
        id: String,
        /// microsoft or provider
        #[arg(long)]
        to: String,
        #[arg(long)]
        on: String,
        /// Microsoft's case number, when escalating to Microsoft
        #[arg(long)]
        reference: Option<String>,
    },
    /// Add a dated note to the case's history
    Note {
        id: String,
        #[arg(long)]
        text: String,
        #[arg(long)]
        on: String,
    },
    /// Mark the case resolved
    Resolve {
        id: String,
        #[arg(long)]
        on: String,
    },
    /// Reopen a resolved case
    Reopen {
        id: String,
        #[arg(long)]
        on: String,
    },
    /// Close a resolved case
    Close {
        id: String,
        #[arg(long)]
        on: String,
    },
    /// Show one case with its history (as it stood on --as-of)
    Show {
        id: String,
        #[arg(long)]
        as_of: Option<String>,
    },
    /// List cases, overdue first (as they stood on --as-of)
    List {
        /// Cases this partner holds or held
        #[arg(long)]
        partner: Option<String>,
        /// open, escalated, resolved or closed
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        customer: Option<String>,
        #[arg(long)]
        as_of: Option<String>,
    },
}

fn invalid(option: &str, value: &str, allowed: &str) -> CoreError {
    CoreError::validation(
        format!("{option}: '{value}' is not one of {allowed}"),
        format!("{option} : « {value} » n'est pas l'une des valeurs {allowed}"),
    )
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Open { partner, customer, reseller, title, severity, subscription, on } => {
            let severity =
                Severity::parse(&severity).ok_or_else(|| invalid("--severity", &severity, "critical, high, normal"))?;
            let input = NewCase {
                partner_id: partner,
                customer_id: customer,
                reseller_id: reseller,
                title,
                severity: Some(severity),
                subscription_id: subscription,
                on: Some(date("--on", &on)?),
            };
            to_json(support::open(ctx, input).await?)
        }
        Command::Escalate { id, to, on, reference } => {
            let to = EscalationTarget::parse(&to).ok_or_else(|| invalid("--to", &to, "microsoft, provider"))?;
            to_json(support::escalate(ctx, &id, to, date("--on", &on)?, reference.as_deref()).await?)
        }
        Command::Note { id, text, on } => to_json(support::note(ctx, &id, &text, date("--on", &on)?).await?),
        Command::Resolve { id, on } => to_json(support::resolve(ctx, &id, date("--on", &on)?).await?),
        Command::Reopen { id, on } => to_json(support::reopen(ctx, &id, date("--on", &on)?).await?),
        Command::Close { id, on } => to_json(support::close(ctx, &id, date("--on", &on)?).await?),
        Command::Show { id, as_of } => to_json(support::show(ctx, &id, date_opt("--as-of", as_of.as_deref())?).await?),
        Command::List { partner, status, customer, as_of } => {
            let status = match status {
                Some(s) => Some(
                    CaseStatus::parse(&s)
                        .ok_or_else(|| invalid("--status", &s, "open, escalated, resolved, closed"))?,
                ),
                None => None,
            };
            let filter = CaseFilter { partner_id: partner, customer_id: customer, status, ..Default::default() };
            to_json(support::list(ctx, &filter, date_opt("--as-of", as_of.as_deref())?).await?)
        }
    }
}
