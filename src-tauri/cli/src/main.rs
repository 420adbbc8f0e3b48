//! `cspctl`: the headless front end of CSP Desk (see CLI.md). Every command parses its options,
//! calls one service of `csp-core`, and prints the result (JSON with `--json`, a table otherwise).

mod cmd;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use csp_core::{CoreError, Ctx};

#[derive(Parser)]
#[command(
    name = "cspctl",
    version,
    about = "CSP Desk from the command line: the same book and rules as the desktop app"
)]
struct Cli {
    /// Database file (default: $CSPDESK_DB, else the desktop app's own database)
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print exactly one JSON value on stdout
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    group: Group,
}

#[derive(Subcommand)]
enum Group {
    /// Partners and tiers
    #[command(subcommand)]
    Partner(cmd::partner::Command),
    /// Customers and reseller relationships
    #[command(subcommand)]
    Customer(cmd::customer::Command),
    /// Offer eligibility (phase 1 rules) and catalogue limits; never writes
    #[command(subcommand)]
    Offer(cmd::offer::Command),
    /// Order, cancel, suspend, reactivate, list and show subscriptions
    #[command(subcommand)]
    Subscription(cmd::subscription::Command),
    /// Grant and revoke roles on subscriptions
    #[command(subcommand)]
    Role(cmd::role::Command),
    /// Transfer subscriptions between partners of record
    #[command(subcommand)]
    Transfer(cmd::transfer::Command),
    /// Issuer identity, legal mentions, program dates and rates
    #[command(subcommand)]
    Settings(cmd::settings::Command),
    /// Month-end: the tie-outs against Microsoft's bill, acknowledging differences, closing
    #[command(subcommand)]
    Month(cmd::month::Command),
    /// The month's margin against Microsoft's cost
    #[command(subcommand)]
    Margin(cmd::margin::Command),
    /// Microsoft's invoices (the invoice reconciliation file)
    #[command(subcommand)]
    Microsoft(cmd::microsoft::Command),
    /// Partner Center daily rated usage
    #[command(subcommand)]
    Usage(cmd::usage::Command),
    /// Price list, price preview, exchange rates
    #[command(subcommand)]
    Price(cmd::price::Command),
    /// Selling-price rules (markups and discounts on ERP)
    #[command(subcommand)]
    Markup(cmd::markup::Command),
    /// Monthly billing run (draft invoices)
    #[command(subcommand)]
    Billing(cmd::billing::Command),
    /// Invoices and credit notes: list, show, issue, credit, pay, export
    #[command(subcommand)]
    Invoice(cmd::invoice::Command),
    /// Partner-side reconciliation, PEC audit, incentives
    #[command(subcommand)]
    Reconciliation(cmd::reconciliation::Command),
    /// The sales-demo book
    #[command(subcommand)]
    Demo(cmd::demo::Command),
    /// Support cases: open, escalate (to the provider or Microsoft), note, resolve, reopen, close
    #[command(subcommand)]
    Case(cmd::case::Command),
    /// The book file: backup, restore, verify
    #[command(subcommand)]
    Book(cmd::book::Command),
    /// The accountant's files: the FEC sales journal
    #[command(subcommand)]
    Accounting(cmd::accounting::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("CSPDESK_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cspctl: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    let json = cli.json;
    match runtime.block_on(run(cli)) {
        Ok(value) => {
            output::print(&value, json);
            ExitCode::SUCCESS
        }
        Err(e) => {
            output::print_error(&e, json);
            ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli) -> Result<serde_json::Value, CoreError> {
    let path = cli.db.unwrap_or_else(csp_core::context::default_db_path);
    let ctx = match (Ctx::open(&path).await, cli.group) {
        (Ok(ctx), group) => (ctx, group),
        // A book that does not open can still be replaced by a good copy.
        (Err(_), Group::Book(cmd::book::Command::Restore { file })) => {
            return cmd::book::restore_unopened(&path, file).await;
        }
        (Err(e), _) => return Err(e),
    };
    let (ctx, group) = ctx;
    let (ctx, value) = match group {
        Group::Demo(c) => cmd::demo::run(ctx, c).await?,
        other => {
            let value = run_group(&ctx, other).await?;
            (ctx, value)
        }
    };
    ctx.pool.close().await;
    Ok(value)
}

async fn run_group(ctx: &Ctx, group: Group) -> Result<serde_json::Value, CoreError> {
    Ok(match group {
        Group::Demo(_) => unreachable!("handled by run"),
        Group::Partner(c) => cmd::partner::run(ctx, c).await?,
        Group::Customer(c) => cmd::customer::run(ctx, c).await?,
        Group::Offer(c) => cmd::offer::run(ctx, c).await?,
        Group::Subscription(c) => cmd::subscription::run(ctx, c).await?,
        Group::Role(c) => cmd::role::run(ctx, c).await?,
        Group::Transfer(c) => cmd::transfer::run(ctx, c).await?,
        Group::Settings(c) => cmd::settings::run(ctx, c).await?,
        Group::Usage(c) => cmd::usage::run(ctx, c).await?,
        Group::Microsoft(c) => cmd::microsoft::run(ctx, c).await?,
        Group::Month(c) => cmd::month::run(ctx, c).await?,
        Group::Margin(c) => cmd::margin::run(ctx, c).await?,
        Group::Price(c) => cmd::price::run(ctx, c).await?,
        Group::Markup(c) => cmd::markup::run(ctx, c).await?,
        Group::Billing(c) => cmd::billing::run(ctx, c).await?,
        Group::Invoice(c) => cmd::invoice::run(ctx, c).await?,
        Group::Reconciliation(c) => cmd::reconciliation::run(ctx, c).await?,
        Group::Case(c) => cmd::case::run(ctx, c).await?,
        Group::Book(c) => cmd::book::run(ctx, c).await?,
        Group::Accounting(c) => cmd::accounting::run(ctx, c).await?,
    })
}
