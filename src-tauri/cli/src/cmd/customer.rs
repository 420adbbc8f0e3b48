use clap::Subcommand;
use csp_core::domain::customer::{CustomerUpdate, NewCustomer};
use csp_core::service::customers::{self, LinkRequest};
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::{date, date_opt, to_json};

#[derive(Subcommand)]
pub enum Command {
    /// Onboard a customer: the customer and its reseller relationship
    Add {
        /// Partner of record (direct partner or indirect reseller)
        #[arg(long)]
        partner: String,
        #[arg(long)]
        name: String,
        /// Primary domain: name.onmicrosoft.com for a tenant created here; with --tenant-id, the
        /// existing tenant's verified domain (contoso.com)
        #[arg(long)]
        domain: String,
        #[arg(long)]
        country: String,
        /// US Government Community Cloud customer
        #[arg(long)]
        gcc: bool,
        #[arg(long)]
        vat_id: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        address: Option<String>,
        /// Relationship date (default: today)
        #[arg(long)]
        relationship_since: Option<String>,
        /// The tenant's own ID when it already exists in Partner Center
        #[arg(long)]
        tenant_id: Option<String>,
        /// French company number (SIREN)
        #[arg(long)]
        siren: Option<String>,
        /// Delivery address, when it differs from the billing address
        #[arg(long)]
        delivery_address: Option<String>,
        /// Currency the customer is billed in when not its usage's (the month's rate from
        /// `price exchange-rate` converts the amounts)
        #[arg(long)]
        billing_currency: Option<String>,
    },
    /// One more partner for an existing tenant (multi-partner)
    Link {
        #[arg(long)]
        customer: String,
        #[arg(long)]
        partner: String,
        #[arg(long)]
        on: String,
    },
    /// List customers
    List {
        #[arg(long)]
        partner: Option<String>,
        /// Part of the name, domain or tenant ID
        #[arg(long)]
        search: Option<String>,
        /// Read the book as it stood on this date (YYYY-MM-DD); default: as it is today
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Show one customer with its relationships
    Show {
        id: String,
        /// Read the book as it stood on this date (YYYY-MM-DD); default: as it is today
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Edit a customer; issued invoices keep what they printed. Options not given keep their
    /// value; an empty value clears an optional one.
    Update {
        id: String,
        #[arg(long)]
        name: Option<String>,
        /// Billing address
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        vat_id: Option<String>,
        /// French company number (SIREN)
        #[arg(long)]
        siren: Option<String>,
        /// Delivery address, when it differs from the billing address
        #[arg(long)]
        delivery_address: Option<String>,
        /// Currency the customer is billed in when not its usage's (empty: the usage's)
        #[arg(long)]
        billing_currency: Option<String>,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::Add {
            partner,
            name,
            domain,
            country,
            gcc,
            vat_id,
            email,
            address,
            relationship_since,
            tenant_id,
            siren,
            delivery_address,
            billing_currency,
        } => {
            let input = NewCustomer {
                partner_id: partner,
                name,
                domain,
                country,
                gcc,
                vat_id,
                email,
                address,
                siren,
                delivery_address,
                relationship_since: date_opt("--relationship-since", relationship_since.as_deref())?,
                tenant_id,
                billing_currency,
            };
            to_json(customers::onboard(ctx, input).await?)
        }
        Command::Link { customer, partner, on } => {
            let on = date("--on", &on)?;
            to_json(customers::link(ctx, LinkRequest { customer_id: customer, partner_id: partner, on }).await?)
        }
        Command::List { partner, search, as_of } => {
            to_json(customers::list_all_as_of(ctx, partner, search, date_opt("--as-of", as_of.as_deref())?).await?)
        }
        Command::Show { id, as_of } => {
            to_json(customers::show_as_of(ctx, &id, date_opt("--as-of", as_of.as_deref())?).await?)
        }
        Command::Update { id, name, address, email, vat_id, siren, delivery_address, billing_currency } => {
            let input = CustomerUpdate { name, address, email, vat_id, siren, delivery_address, billing_currency };
            to_json(customers::update(ctx, &id, input).await?)
        }
    }
}
