// The one declaration of every command the window may call: its handler (`area::name` in
// `commands/<area>.rs`), its arguments as the UI passes them, and its result. Read three ways:
// `build.rs` takes the names (each gets its `allow-…` permission, and the capability grants exactly
// these), `commands::handler` registers the handlers, and `commands::typescript_schema` writes
// `ui/src/bindings/commands.ts`, through which `api.ts` calls are type-checked by name.
// A command the UI does not call does not belong here.
command_table! {
    app::app_info() -> AppInfo;
    app::rule_list() -> Vec<RuleText>;
    settings::settings_show() -> BTreeMap<String, String>;
    settings::settings_set(key: String, value: String) -> BTreeMap<String, String>;
    partners::partner_operating(as_of: Option<NaiveDate>) -> Option<Partner>;
    partners::partner_setup_operating(input: NewPartner) -> Partner;
    partners::partner_add(input: NewPartner) -> Partner;
    partners::partner_update(id: String, input: PartnerPatch) -> Partner;
    partners::partner_list(as_of: Option<NaiveDate>) -> Vec<Partner>;
    partners::partner_show(id: String, as_of: Option<NaiveDate>) -> Partner;
    partners::partner_transition(input: Transition) -> Partner;
    customers::customer_onboard(input: NewCustomer) -> Customer;
    customers::customer_link(input: LinkRequest) -> Relationship;
    customers::customer_search(query: CustomerSearch) -> CustomerPage;
    customers::customer_show(id: String, as_of: Option<NaiveDate>) -> Customer;
    customers::country_list() -> Vec<Country>;
    customers::market_check(partner_id: String, country: String) -> MarketCheck;
    dashboard::dashboard_summary(on: NaiveDate) -> DashboardSummary;
    billing::usage_import(path: PathBuf, options: Option<ImportOptions>) -> ImportResult;
    billing::usage_summary(month: String) -> UsageSummary;
    billing::markup_set(input: MarkupInput) -> MarkupView;
    billing::markup_list(issuer_id: Option<String>) -> Vec<MarkupView>;
    billing::price_preview(input: PricePreviewInput) -> PricePreview;
    billing::billing_run(month: String, issuer_id: Option<String>) -> BillingRunResult;
    billing::invoice_list(month: Option<String>, status: Option<String>) -> Vec<Invoice>;
    billing::invoice_show(id: String) -> Invoice;
    billing::invoice_issue(id: String, on: Option<NaiveDate>) -> Invoice;
    billing::invoice_credit(id: String, on: Option<NaiveDate>) -> Invoice;
    billing::invoice_pay(id: String, on: NaiveDate) -> Invoice;
    billing::invoice_export(ids: Option<Vec<String>>, month: Option<String>, dir: PathBuf, lang: Option<String>) -> Vec<String>;
    billing::pec_audit(month: String) -> PecAudit;
    billing::invoice_platform(id: String, status: String, on: NaiveDate) -> Invoice;
    billing::accounting_export(from: NaiveDate, to: NaiveDate, dir: PathBuf) -> FecExport;
    subscriptions::offer_check(partner_id: String, customer_id: Option<String>, offer: Offer, on: NaiveDate) -> Decision;
    subscriptions::offer_check_all(partner_id: String, customer_id: Option<String>, on: NaiveDate) -> Vec<Decision>;
    subscriptions::subscription_add(input: NewSubscription) -> Subscription;
    subscriptions::subscription_cancel(id: String, on: NaiveDate) -> Subscription;
    subscriptions::subscription_suspend(id: String, on: NaiveDate) -> Subscription;
    subscriptions::subscription_reactivate(id: String, on: NaiveDate) -> Subscription;
    subscriptions::subscription_show(id: String, as_of: Option<NaiveDate>) -> Subscription;
    subscriptions::subscription_list(customer_id: Option<String>, as_of: Option<NaiveDate>) -> Vec<Subscription>;
    subscriptions::role_grant(input: RoleGrant) -> RoleAssignment;
    subscriptions::role_revoke(input: RoleRevoke) -> RoleAssignment;
    transfers::transfer_create(input: NewTransfer) -> Transfer;
    transfers::transfer_accept(id: String, on: NaiveDate) -> Transfer;
    transfers::transfer_reject(id: String, on: NaiveDate) -> Transfer;
    transfers::transfer_complete(id: String, on: NaiveDate, provider_id: Option<String>) -> Transfer;
    transfers::transfer_show(id: String, as_of: Option<NaiveDate>) -> Transfer;
    transfers::transfer_list(customer_id: Option<String>, as_of: Option<NaiveDate>) -> Vec<Transfer>;
    transfers::transfer_candidates(customer_id: String, source_partner_id: Option<String>, on: NaiveDate) -> TransferCandidates;
    demo::demo_seed(as_of: Option<NaiveDate>) -> DemoSummary;
    support::case_open(input: NewCase) -> SupportCase;
    support::case_escalate(id: String, to: EscalationTarget, on: NaiveDate, reference: Option<String>) -> SupportCase;
    support::case_note(id: String, text: String, on: NaiveDate) -> SupportCase;
    support::case_resolve(id: String, on: NaiveDate) -> SupportCase;
    support::case_reopen(id: String, on: NaiveDate) -> SupportCase;
    support::case_close(id: String, on: NaiveDate) -> SupportCase;
    support::case_show(id: String, on: NaiveDate) -> SupportCase;
    support::case_list(filter: CaseFilter, on: NaiveDate) -> Vec<SupportCase>;
    customers::customer_update(id: String, input: CustomerUpdate) -> Customer;
    book::book_verify() -> VerifyResult;
    book::book_backup(out: PathBuf) -> BackupResult;
    book::book_restore(file: PathBuf) -> RestoreResult;
    billing::price_import(path: PathBuf) -> PriceImportResult;
    billing::incentives_report(month: String) -> IncentivesReport;
    settings::exchange_rate_list() -> Vec<ExchangeRate>;
    settings::exchange_rate_set(month: String, from: String, to: String, rate: String) -> ExchangeRate;
}
