use clap::Subcommand;
use csp_core::domain::access::{Role, RoleGrant, RoleRevoke};
use csp_core::service::access;
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::{date, to_json};

#[derive(Subcommand)]
pub enum Command {
    /// Grant a role on a subscription (or a resource group inside it)
    Grant {
        #[arg(long)]
        subscription: String,
        /// customer | partner:ID | reseller:ID (a reseller's admin-agents group)
        #[arg(long)]
        principal: String,
        /// owner | contributor | reader
        #[arg(long)]
        role: String,
        #[arg(long)]
        on: String,
        /// A resource group (default: the whole subscription)
        #[arg(long)]
        scope: Option<String>,
        /// Needed to make the customer an owner: an owner can change services and manage users
        #[arg(long)]
        acknowledge_owner_risk: bool,
    },
    /// Revoke the matching standing role assignment
    Revoke {
        #[arg(long)]
        subscription: String,
        /// customer | partner:ID | reseller:ID
        #[arg(long)]
        principal: String,
        /// owner | contributor | reader
        #[arg(long)]
        role: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        scope: Option<String>,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Grant { subscription, principal, role, on, scope, acknowledge_owner_risk } => {
            let grant = RoleGrant {
                subscription_id: subscription,
                principal,
                role: Role::parse(&role)?,
                on: date("--on", &on)?,
                scope,
                acknowledge_owner_risk,
            };
            to_json(access::grant(ctx, grant).await?)
        }
        Command::Revoke { subscription, principal, role, on, scope } => {
            let revoke = RoleRevoke {
                subscription_id: subscription,
                principal,
                role: Role::parse(&role)?,
                on: date("--on", &on)?,
                scope,
            };
            to_json(access::revoke(ctx, revoke).await?)
        }
    }
}
