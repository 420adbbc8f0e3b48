// The one declaration of every command the window may call and of every event it hears. A command
// is a line: whether it only reads (`read`) or writes (`write`), its name, its arguments as the UI
// passes them, its result, and the service call that answers it (`ctx` is the open book, `app` the
// running app). Read four ways: `build.rs` takes the names (each gets its `allow-…` permission, and
// the capability grants exactly these); `commands` generates each Tauri handler and registers them;
// `commands::typescript_schema` writes `ui/src/bindings/commands.ts`: a typed function per command
// (`api`), the reads the query cache keys by name, and the events' payloads. A `///` line becomes
// the handler's and the TypeScript function's documentation.
// A command the UI does not call does not belong here.
command_table! {
    app, ctx;

    commands {
        read app_info() -> AppInfo => app::info(&ctx);
        /// The rule explanations of DOMAIN.md, shown beside every decision.
        read rule_list() -> Vec<RuleText> => app::rules();
        /// The book's dates as the window reads it as of `as_of`: the day shown, and the default date
        /// of a write.
        read book_dates(as_of: Option<NaiveDate>) -> BookDates => settings::dates(&ctx, as_of);
        read settings_show() -> BTreeMap<String, String> => settings::show(&ctx);
        write settings_set(key: String, value: String) -> BTreeMap<String, String> => settings::set(&ctx, &key, &value);
        read partner_operating(as_of: Option<NaiveDate>) -> Option<Partner> => partners::operating_as_of(&ctx, as_of);
        write partner_setup_operating(input: NewPartner) -> Partner => partners::setup_operating(&ctx, input);
        write partner_add(input: NewPartner) -> Partner => partners::add(&ctx, input);
        write partner_update(id: String, input: PartnerPatch) -> Partner => partners::update(&ctx, &id, input);
        read partner_list(as_of: Option<NaiveDate>) -> Vec<Partner> => partners::list_as_of(&ctx, as_of);
        write partner_transition(input: Transition) -> Partner => partners::transition(&ctx, input);
        write customer_onboard(input: NewCustomer) -> Customer => customers::onboard(&ctx, input);
        write customer_link(input: LinkRequest) -> Relationship => customers::link(&ctx, input);
        read customer_search(query: CustomerSearch) -> CustomerPage => customers::search(&ctx, query);
        read customer_show(id: String, as_of: Option<NaiveDate>) -> Customer => customers::show_as_of(&ctx, &id, as_of);
        read country_list() -> Vec<Country> => customers::countries(&ctx);
        read market_check(partner_id: String, country: String) -> MarketCheck => customers::market_check(&ctx, &partner_id, &country);
        /// The dashboard's figures as of `on` (the book date), added by the service per currency.
        read dashboard_summary(on: NaiveDate) -> DashboardSummary => dashboard::summary(&ctx, on);
        /// Reads a Partner Center usage file off the window's thread; progress arrives as
        /// `usage-import-progress` events.
        write usage_import(path: PathBuf, options: Option<ImportOptions>) -> ImportResult => app::usage_import(app, &ctx, path, options);
        read usage_summary(month: String) -> UsageSummary => usage::summary(&ctx, &month);
        /// Sets (or replaces) the rule at one scope.
        write markup_set(input: MarkupInput) -> MarkupView => prices::markup_set(&ctx, input);
        read markup_list(issuer_id: Option<String>) -> Vec<MarkupView> => prices::markup_list(&ctx, issuer_id.as_deref());
        /// The selling price the rules give, without writing anything.
        read price_preview(input: PricePreviewInput) -> PricePreview => prices::preview(&ctx, input);
        /// Drafts the month's invoices (earlier drafts of the month are replaced).
        write billing_run(month: String, issuer_id: Option<String>) -> BillingRunResult => billing::run(&ctx, &month, issuer_id.as_deref());
        read invoice_list(month: Option<String>, status: Option<InvoiceStatus>) -> Vec<Invoice> => invoices::list(&ctx, month.as_deref(), status.map(InvoiceStatus::as_str));
        read invoice_show(id: String) -> Invoice => invoices::show(&ctx, &id);
        write invoice_issue(id: String, on: Option<NaiveDate>) -> Invoice => invoices::issue(&ctx, &id, on);
        write invoice_credit(id: String, on: Option<NaiveDate>) -> Invoice => invoices::credit(&ctx, &id, on);
        write invoice_pay(id: String, on: NaiveDate) -> Invoice => invoices::pay(&ctx, &id, on);
        /// PDFs of the given invoices, or of a month's invoices and credit notes, into `dir`; progress
        /// arrives as `invoice-export-progress` events. Resolves with the files written.
        write invoice_export(ids: Option<Vec<String>>, month: Option<String>, dir: PathBuf, lang: Option<String>) -> Vec<String> => app::invoice_export(app, &ctx, ids, month, dir, lang);
        read pec_audit(month: String) -> PecAudit => billing::pec_audit(&ctx, &month);
        /// Records the status the e-invoicing platform gave an issued invoice, on a date.
        write invoice_platform(id: String, status: PlatformStatus, on: NaiveDate) -> Invoice => invoices::platform(&ctx, &id, status.as_str(), on);
        /// The period the FEC dialog starts with for `month`: its first and last days.
        read accounting_period(month: String) -> AccountingPeriod => accounting::period(&month);
        /// The operating partner's FEC for the period, into `dir` (`<SIREN>FEC<YYYYMMDD>.txt`).
        write accounting_export(from: NaiveDate, to: NaiveDate, dir: PathBuf) -> FecExport => app::accounting_export(&ctx, from, to, dir);
        /// The three offers' decisions for one partner, customer (or own tenant) and date, in the order
        /// the order dialog lists them.
        read offer_check_all(partner_id: String, customer_id: Option<String>, on: NaiveDate) -> Vec<Decision> => offers::check_all(&ctx, &partner_id, customer_id.as_deref(), on);
        write subscription_add(input: NewSubscription) -> Subscription => subscriptions::order(&ctx, input);
        write subscription_cancel(id: String, on: NaiveDate) -> Subscription => subscriptions::cancel(&ctx, &id, on);
        write subscription_suspend(id: String, on: NaiveDate) -> Subscription => subscriptions::suspend(&ctx, &id, on);
        write subscription_reactivate(id: String, on: NaiveDate) -> Subscription => subscriptions::reactivate(&ctx, &id, on);
        read subscription_show(id: String, as_of: Option<NaiveDate>) -> Subscription => subscriptions::show_as_of(&ctx, &id, as_of);
        /// Every subscription (`customer_id` null, own-tenant ones included) or one customer's.
        read subscription_list(customer_id: Option<String>, as_of: Option<NaiveDate>) -> Vec<Subscription> => subscriptions::list_as_of(&ctx, customer_id.as_deref(), as_of);
        write role_grant(input: RoleGrant) -> RoleAssignment => access::grant(&ctx, input);
        write role_revoke(input: RoleRevoke) -> RoleAssignment => access::revoke(&ctx, input);
        write transfer_create(input: NewTransfer) -> Transfer => transfers::create(&ctx, input);
        write transfer_accept(id: String, on: NaiveDate) -> Transfer => transfers::accept(&ctx, &id, on);
        write transfer_reject(id: String, on: NaiveDate) -> Transfer => transfers::reject(&ctx, &id, on);
        write transfer_complete(id: String, on: NaiveDate, provider_id: Option<String>) -> Transfer => transfers::complete_billed_by(&ctx, &id, on, provider_id.as_deref());
        read transfer_show(id: String, as_of: Option<NaiveDate>) -> Transfer => transfers::show_as_of(&ctx, &id, as_of);
        /// Every request (`customer_id` null) or a customer's, newest first, status as of the book date.
        read transfer_list(customer_id: Option<String>, as_of: Option<NaiveDate>) -> Vec<Transfer> => transfers::list_as_of(&ctx, customer_id.as_deref(), as_of);
        /// What a request for the customer may name on `on`: sources, the source's movable subscriptions
        /// (`source_partner_id` null: the source holding the most) and the valid targets.
        read transfer_candidates(customer_id: String, source_partner_id: Option<String>, on: NaiveDate) -> TransferCandidates => transfers::candidates(&ctx, &customer_id, source_partner_id.as_deref(), on);
        /// Fills an empty book with the sales demo (from the first-run screen); `as_of` null: the
        /// demo's own date.
        write demo_seed(as_of: Option<NaiveDate>) -> DemoSummary => demo::seed(&ctx, as_of);
        write case_open(input: NewCase) -> SupportCase => support::open(&ctx, input);
        write case_escalate(id: String, to: EscalationTarget, on: NaiveDate, reference: Option<String>) -> SupportCase => support::escalate(&ctx, &id, to, on, reference.as_deref());
        write case_note(id: String, text: String, on: NaiveDate) -> SupportCase => support::note(&ctx, &id, &text, on);
        write case_resolve(id: String, on: NaiveDate) -> SupportCase => support::resolve(&ctx, &id, on);
        write case_reopen(id: String, on: NaiveDate) -> SupportCase => support::reopen(&ctx, &id, on);
        write case_close(id: String, on: NaiveDate) -> SupportCase => support::close(&ctx, &id, on);
        /// One case as it stood on `on` (the window's book date).
        read case_show(id: String, on: NaiveDate) -> SupportCase => support::show(&ctx, &id, Some(on));
        /// The cases as they stood on `on`, filtered, overdue first.
        read case_list(filter: CaseFilter, on: NaiveDate) -> Vec<SupportCase> => support::list(&ctx, &filter, Some(on));
        /// Edits a customer: every field given (an empty text clears it); issued invoices keep what
        /// they printed.
        write customer_update(id: String, input: CustomerUpdate) -> Customer => customers::update(&ctx, &id, input);
        /// Recomputes the seals, checks numbering and protections: ok, or `INTEGRITY` naming each document.
        write book_verify() -> VerifyResult => book::verify(&ctx);
        /// A consistent copy of the book at `out` (never over an existing file).
        write book_backup(out: PathBuf) -> BackupResult => book::backup(&ctx, &out);
        /// Verifies `file`, backs the book up, replaces it; the app then starts again on it.
        write book_restore(file: PathBuf) -> RestoreResult => app::book_restore(app, &ctx, file);
        /// Reads a price list file (format in the README) off the window's thread: the meters imported,
        /// or the refusal naming the row and column; one bad row stores nothing.
        write price_import(path: PathBuf) -> PriceImportResult => app::price_import(&ctx, path);
        /// What each partner earns on the month's usage (MCI, Silver), per currency.
        read incentives_report(month: String) -> IncentivesReport => billing::incentives(&ctx, &month);
        /// The three tie-outs of a billing partner's month against Microsoft's bill (a closed month
        /// reads as it was sealed), as of the window's date.
        read month_status(issuer_id: String, month: String, as_of: Option<NaiveDate>) -> MonthStatus => month_end::status_as_of(&ctx, &issuer_id, &month, as_of);
        /// Acknowledges the difference at `index` of the month's status with a dated note.
        write month_acknowledge(issuer_id: String, month: String, index: u32, note: String, on: Option<NaiveDate>) -> MonthStatus => month_end::acknowledge(&ctx, &issuer_id, &month, index as usize, &note, on);
        /// Closes and seals the month (`MONTH_NOT_READY` names what is left).
        write month_close(issuer_id: String, month: String, on: Option<NaiveDate>) -> MonthStatus => month_end::close(&ctx, &issuer_id, &month, on);
        /// The month's margin per customer, reseller, subscription or category.
        read margin_report(month: String, issuer_id: Option<String>, by: Option<String>) -> Vec<MarginRow> => month_end::margin_report(&ctx, &month, issuer_id.as_deref(), by.as_deref());
        /// Microsoft's invoice reconciliation file, kept as it is (the same file again changes nothing).
        write microsoft_import(path: PathBuf) -> MicrosoftImportResult => microsoft::import(&ctx, &path);
        /// The monthly exchange rates (Settings → exchange rates), newest month first.
        read exchange_rate_list() -> Vec<ExchangeRate> => prices::exchange_rates(&ctx);
        /// Sets the rate converting `from` into `to` for `month` (`YYYY-MM`).
        write exchange_rate_set(month: String, from: String, to: String, rate: String) -> ExchangeRate => prices::exchange_rate_set(&ctx, &month, &from, &to, &rate);
    }

    events {
        /// Where the usage import is: rows stored, bytes read of how many (the bar knows its end).
        "usage-import-progress" => ImportProgress;
        /// Where the PDF export is: documents written, of how many.
        "invoice-export-progress" => ExportProgress;
    }
}
