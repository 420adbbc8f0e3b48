//! TypeScript bindings of the types that cross IPC. `export_all` writes them; a test compares the
//! committed copies in `ui/src/bindings` with a fresh export so that they never drift.

use std::path::Path;

use ts_rs::{Config, ExportError, TS};

use crate::billing::audit;
use crate::domain::{
    access, customer, dashboard, eligibility, invoice, offer, partner, pricing, program, subscription, support, tax,
    transfer,
};
use crate::service::{billing, book, customers, invoices, partners, prices, usage};

/// Writes every binding into `dir` (one `.ts` file per type).
pub fn export_all(dir: &Path) -> Result<(), ExportError> {
    let cfg = Config::new().with_out_dir(dir);
    crate::error::Field::export_all(&cfg)?;
    for (file, text) in error_types() {
        std::fs::write(dir.join(file), text)?;
    }
    partner::Partner::export_all(&cfg)?;
    book::VerifyResult::export_all(&cfg)?;
    book::BackupResult::export_all(&cfg)?;
    book::RestoreResult::export_all(&cfg)?;
    partner::NewPartner::export_all(&cfg)?;
    partner::PartnerPatch::export_all(&cfg)?;
    customer::Customer::export_all(&cfg)?;
    customer::NewCustomer::export_all(&cfg)?;
    customer::CustomerUpdate::export_all(&cfg)?;
    customer::CustomerPage::export_all(&cfg)?;
    program::ProgramDates::export_all(&cfg)?;
    program::ProgramRates::export_all(&cfg)?;
    partners::Transition::export_all(&cfg)?;
    customers::LinkRequest::export_all(&cfg)?;
    customers::CustomerSearch::export_all(&cfg)?;
    customers::MarketCheck::export_all(&cfg)?;
    crate::store::reference::Country::export_all(&cfg)?;
    usage::ImportOptions::export_all(&cfg)?;
    usage::ImportResult::export_all(&cfg)?;
    usage::UsageSummary::export_all(&cfg)?;
    usage::UsageGroup::export_all(&cfg)?;
    prices::PriceImportResult::export_all(&cfg)?;
    prices::ExchangeRate::export_all(&cfg)?;
    prices::MarkupInput::export_all(&cfg)?;
    prices::MarkupView::export_all(&cfg)?;
    prices::PricePreviewInput::export_all(&cfg)?;
    prices::PricePreview::export_all(&cfg)?;
    pricing::MarkupRule::export_all(&cfg)?;
    pricing::MarkupScope::export_all(&cfg)?;
    pricing::PricingRates::export_all(&cfg)?;
    billing::BillingRunResult::export_all(&cfg)?;
    billing::IncentivesReport::export_all(&cfg)?;
    billing::ReconciliationResult::export_all(&cfg)?;
    audit::PecAudit::export_all(&cfg)?;
    audit::PecAuditRow::export_all(&cfg)?;
    audit::PecFinding::export_all(&cfg)?;
    audit::IncentiveRow::export_all(&cfg)?;
    invoices::Invoice::export_all(&cfg)?;
    invoices::InvoiceLineView::export_all(&cfg)?;
    invoices::TaxLineView::export_all(&cfg)?;
    invoices::InvoiceEventView::export_all(&cfg)?;
    invoice::InvoiceKind::export_all(&cfg)?;
    invoice::InvoiceStatus::export_all(&cfg)?;
    invoice::InvoiceAction::export_all(&cfg)?;
    invoice::PlatformStatus::export_all(&cfg)?;
    crate::service::accounting::FecExport::export_all(&cfg)?;
    tax::TaxMention::export_all(&cfg)?;
    offer::Offer::export_all(&cfg)?;
    eligibility::Decision::export_all(&cfg)?;
    subscription::Subscription::export_all(&cfg)?;
    subscription::SubscriptionStatus::export_all(&cfg)?;
    subscription::SubscriptionEvent::export_all(&cfg)?;
    subscription::NewSubscription::export_all(&cfg)?;
    subscription::SubscriptionAction::export_all(&cfg)?;
    access::Role::export_all(&cfg)?;
    access::RoleAssignment::export_all(&cfg)?;
    access::RoleGrant::export_all(&cfg)?;
    access::RoleRevoke::export_all(&cfg)?;
    transfer::Transfer::export_all(&cfg)?;
    transfer::NewTransfer::export_all(&cfg)?;
    transfer::TransferAction::export_all(&cfg)?;
    transfer::TransferCandidates::export_all(&cfg)?;
    transfer::TransferParty::export_all(&cfg)?;
    transfer::TransferTarget::export_all(&cfg)?;
    dashboard::DashboardSummary::export_all(&cfg)?;
    dashboard::OfferCount::export_all(&cfg)?;
    dashboard::InvoiceStatusCounts::export_all(&cfg)?;
    dashboard::MonthTotals::export_all(&cfg)?;
    crate::service::demo::DemoSummary::export_all(&cfg)?;
    support::SupportCase::export_all(&cfg)?;
    support::NewCase::export_all(&cfg)?;
    support::CaseFilter::export_all(&cfg)?;
    support::CaseAction::export_all(&cfg)?;
    support::CaseRefusal::export_all(&cfg)?;
    support::CaseEntry::export_all(&cfg)?;
    support::EscalationTarget::export_all(&cfg)?;
    Ok(())
}

/// `ErrorCode.ts` and `ApiError.ts`: the code is a union of every code, so that the UI matches only
/// codes that exist.
fn error_types() -> [(&'static str, String); 2] {
    let codes: Vec<String> = crate::domain::Code::ALL.iter().map(|c| format!("\"{c}\"")).collect();
    let header = "// Generated from csp-domain's error codes and rules (`make bindings`). Do not edit by hand.\n";
    [
        (
            "ErrorCode.ts",
            format!(
                "{header}\n/** Every code a refused command answers with: a rule ID of DOMAIN.md or a generic code. */\nexport type ErrorCode = {};\n",
                codes.join(" | ")
            ),
        ),
        (
            "ApiError.ts",
            format!(
                "{header}import type {{ ErrorCode }} from \"./ErrorCode\";\nimport type {{ Field }} from \"./Field\";\n\n/** What a refused command answers: its code, the message in both languages, and the input it is about. */\nexport type ApiError = {{ code: ErrorCode; message: string; message_fr: string; field: Field | null }};\n"
            ),
        ),
    ]
}
