use clap::{ArgGroup, Subcommand};
use csp_core::service::{invoice_export, invoices};
use csp_core::{CoreError, Ctx};
use serde_json::Value;

use super::{date, date_opt, to_json};

#[derive(Subcommand)]
pub enum Command {
    /// List invoices and credit notes
    List {
        #[arg(long)]
        month: Option<String>,
        /// draft, issued, paid or voided
        #[arg(long)]
        status: Option<String>,
    },
    /// Show one invoice (ID or number) with its lines
    Show { id: String },
    /// Issue a draft (or every draft of a month): its number is given now
    #[command(group(ArgGroup::new("which").required(true).args(["id", "all"])))]
    Issue {
        id: Option<String>,
        #[arg(long, requires = "month")]
        all: bool,
        #[arg(long)]
        month: Option<String>,
        /// Issue date (default: the business today)
        #[arg(long)]
        on: Option<String>,
    },
    /// Credit an issued invoice: a credit note voids it and frees its usage
    Credit {
        id: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// Record the payment of an issued invoice
    Pay {
        id: String,
        #[arg(long)]
        on: String,
    },
    /// Record the status the e-invoicing platform gave an issued invoice (as the platform reports it)
    Platform {
        id: String,
        /// deposited, rejected, refused or collected
        #[arg(long)]
        status: String,
        /// the date the platform gave that status (YYYY-MM-DD)
        #[arg(long)]
        on: String,
    },
    /// PDF files of invoices and credit notes (one invoice, or every one of a month)
    #[command(group(ArgGroup::new("what").required(true).args(["id", "month"])))]
    Export {
        id: Option<String>,
        #[arg(long)]
        month: Option<String>,
        #[arg(long)]
        out: std::path::PathBuf,
        /// fr or en (default: the `invoice.language` setting, else fr)
        #[arg(long)]
        lang: Option<String>,
        /// facturx (default: PDF/A-3 carrying the EN 16931 XML) or pdf (the plain PDF)
        #[arg(long)]
        format: Option<String>,
    },
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Result<Value, CoreError> {
    match cmd {
        Command::List { month, status } => to_json(invoices::list(ctx, month.as_deref(), status.as_deref()).await?),
        Command::Show { id } => to_json(invoices::show(ctx, &id).await?),
        Command::Issue { id, all, month, on } => {
            let on = date_opt("--on", on.as_deref())?;
            match (id, all, month) {
                (_, true, Some(m)) => to_json(invoices::issue_all(ctx, &m, on).await?),
                (Some(id), _, _) => to_json(invoices::issue(ctx, &id, on).await?),
                _ => Err(CoreError::validation(
                    "give an invoice ID or --all --month",
                    "donnez un ID de facture ou --all --month",
                )),
            }
        }
        Command::Credit { id, on } => to_json(invoices::credit(ctx, &id, date_opt("--on", on.as_deref())?).await?),
        Command::Pay { id, on } => to_json(invoices::pay(ctx, &id, date("--on", &on)?).await?),
        Command::Platform { id, status, on } => {
            to_json(invoices::platform(ctx, &id, &status, date("--on", &on)?).await?)
        }
        Command::Export { id, month, out, lang, format } => {
            let ids: Vec<String> = id.into_iter().collect();
            let format = invoice_export::ExportFormat::parse(format.as_deref())?;
            let files = invoice_export::export_as(ctx, &ids, month.as_deref(), &out, lang.as_deref(), format).await?;
            Ok(serde_json::json!({ "files": files }))
        }
    }
}
