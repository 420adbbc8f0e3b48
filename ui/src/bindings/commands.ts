// Generated from src-tauri/src/commands/table.rs (`make bindings`). Do not edit by hand.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AccountingPeriod } from "./AccountingPeriod";
import type { AppInfo } from "./AppInfo";
import type { BackupResult } from "./BackupResult";
import type { BillingRunResult } from "./BillingRunResult";
import type { BookDates } from "./BookDates";
import type { CaseFilter } from "./CaseFilter";
import type { Country } from "./Country";
import type { Customer } from "./Customer";
import type { CustomerPage } from "./CustomerPage";
import type { CustomerSearch } from "./CustomerSearch";
import type { CustomerUpdate } from "./CustomerUpdate";
import type { DashboardSummary } from "./DashboardSummary";
import type { Decision } from "./Decision";
import type { DemoSummary } from "./DemoSummary";
import type { EscalationTarget } from "./EscalationTarget";
import type { ExchangeRate } from "./ExchangeRate";
import type { ExportProgress } from "./ExportProgress";
import type { FecExport } from "./FecExport";
import type { ImportOptions } from "./ImportOptions";
import type { ImportProgress } from "./ImportProgress";
import type { ImportResult } from "./ImportResult";
import type { IncentivesReport } from "./IncentivesReport";
import type { Invoice } from "./Invoice";
import type { InvoiceStatus } from "./InvoiceStatus";
import type { LinkRequest } from "./LinkRequest";
import type { MarginRow } from "./MarginRow";
import type { MarketCheck } from "./MarketCheck";
import type { MarkupInput } from "./MarkupInput";
import type { MarkupView } from "./MarkupView";
import type { MicrosoftImportResult } from "./MicrosoftImportResult";
import type { MonthStatus } from "./MonthStatus";
import type { NewCase } from "./NewCase";
import type { NewCustomer } from "./NewCustomer";
import type { NewPartner } from "./NewPartner";
import type { NewSubscription } from "./NewSubscription";
import type { NewTransfer } from "./NewTransfer";
import type { Partner } from "./Partner";
import type { PartnerPatch } from "./PartnerPatch";
import type { PecAudit } from "./PecAudit";
import type { PlatformStatus } from "./PlatformStatus";
import type { PriceImportResult } from "./PriceImportResult";
import type { PricePreview } from "./PricePreview";
import type { PricePreviewInput } from "./PricePreviewInput";
import type { Relationship } from "./Relationship";
import type { RestoreResult } from "./RestoreResult";
import type { RoleAssignment } from "./RoleAssignment";
import type { RoleGrant } from "./RoleGrant";
import type { RoleRevoke } from "./RoleRevoke";
import type { RuleText } from "./RuleText";
import type { Subscription } from "./Subscription";
import type { SupportCase } from "./SupportCase";
import type { Transfer } from "./Transfer";
import type { TransferCandidates } from "./TransferCandidates";
import type { Transition } from "./Transition";
import type { UsageSummary } from "./UsageSummary";
import type { VerifyResult } from "./VerifyResult";

/** Every command the window may call: its arguments and its result. */
export interface Commands {
  app_info: { args: Record<string, never>; result: AppInfo };
  rule_list: { args: Record<string, never>; result: Array<RuleText> };
  book_dates: { args: { asOf: string | null }; result: BookDates };
  settings_show: { args: Record<string, never>; result: { [key in string]: string } };
  settings_set: { args: { key: string; value: string }; result: { [key in string]: string } };
  partner_operating: { args: { asOf: string | null }; result: Partner | null };
  partner_setup_operating: { args: { input: NewPartner }; result: Partner };
  partner_add: { args: { input: NewPartner }; result: Partner };
  partner_update: { args: { id: string; input: PartnerPatch }; result: Partner };
  partner_list: { args: { asOf: string | null }; result: Array<Partner> };
  partner_transition: { args: { input: Transition }; result: Partner };
  customer_onboard: { args: { input: NewCustomer }; result: Customer };
  customer_link: { args: { input: LinkRequest }; result: Relationship };
  customer_search: { args: { query: CustomerSearch }; result: CustomerPage };
  customer_show: { args: { id: string; asOf: string | null }; result: Customer };
  country_list: { args: Record<string, never>; result: Array<Country> };
  market_check: { args: { partnerId: string; country: string }; result: MarketCheck };
  dashboard_summary: { args: { on: string }; result: DashboardSummary };
  usage_import: { args: { path: string; options: ImportOptions | null }; result: ImportResult };
  usage_summary: { args: { month: string }; result: UsageSummary };
  markup_set: { args: { input: MarkupInput }; result: MarkupView };
  markup_list: { args: { issuerId: string | null }; result: Array<MarkupView> };
  price_preview: { args: { input: PricePreviewInput }; result: PricePreview };
  billing_run: { args: { month: string; issuerId: string | null }; result: BillingRunResult };
  invoice_list: { args: { month: string | null; status: InvoiceStatus | null }; result: Array<Invoice> };
  invoice_show: { args: { id: string }; result: Invoice };
  invoice_issue: { args: { id: string; on: string | null }; result: Invoice };
  invoice_credit: { args: { id: string; on: string | null }; result: Invoice };
  invoice_pay: { args: { id: string; on: string }; result: Invoice };
  invoice_export: { args: { ids: Array<string> | null; month: string | null; dir: string; lang: string | null }; result: Array<string> };
  pec_audit: { args: { month: string }; result: PecAudit };
  invoice_platform: { args: { id: string; status: PlatformStatus; on: string }; result: Invoice };
  accounting_period: { args: { month: string }; result: AccountingPeriod };
  accounting_export: { args: { from: string; to: string; dir: string }; result: FecExport };
  offer_check_all: { args: { partnerId: string; customerId: string | null; on: string }; result: Array<Decision> };
  subscription_add: { args: { input: NewSubscription }; result: Subscription };
  subscription_cancel: { args: { id: string; on: string }; result: Subscription };
  subscription_suspend: { args: { id: string; on: string }; result: Subscription };
  subscription_reactivate: { args: { id: string; on: string }; result: Subscription };
  subscription_show: { args: { id: string; asOf: string | null }; result: Subscription };
  subscription_list: { args: { customerId: string | null; asOf: string | null }; result: Array<Subscription> };
  role_grant: { args: { input: RoleGrant }; result: RoleAssignment };
  role_revoke: { args: { input: RoleRevoke }; result: RoleAssignment };
  transfer_create: { args: { input: NewTransfer }; result: Transfer };
  transfer_accept: { args: { id: string; on: string }; result: Transfer };
  transfer_reject: { args: { id: string; on: string }; result: Transfer };
  transfer_complete: { args: { id: string; on: string; providerId: string | null }; result: Transfer };
  transfer_show: { args: { id: string; asOf: string | null }; result: Transfer };
  transfer_list: { args: { customerId: string | null; asOf: string | null }; result: Array<Transfer> };
  transfer_candidates: { args: { customerId: string; sourcePartnerId: string | null; on: string }; result: TransferCandidates };
  demo_seed: { args: { asOf: string | null }; result: DemoSummary };
  case_open: { args: { input: NewCase }; result: SupportCase };
  case_escalate: { args: { id: string; to: EscalationTarget; on: string; reference: string | null }; result: SupportCase };
  case_note: { args: { id: string; text: string; on: string }; result: SupportCase };
  case_resolve: { args: { id: string; on: string }; result: SupportCase };
  case_reopen: { args: { id: string; on: string }; result: SupportCase };
  case_close: { args: { id: string; on: string }; result: SupportCase };
  case_show: { args: { id: string; on: string }; result: SupportCase };
  case_list: { args: { filter: CaseFilter; on: string }; result: Array<SupportCase> };
  customer_update: { args: { id: string; input: CustomerUpdate }; result: Customer };
  book_verify: { args: Record<string, never>; result: VerifyResult };
  book_backup: { args: { out: string }; result: BackupResult };
  book_restore: { args: { file: string }; result: RestoreResult };
  price_import: { args: { path: string }; result: PriceImportResult };
  incentives_report: { args: { month: string }; result: IncentivesReport };
  month_status: { args: { issuerId: string; month: string; asOf: string | null }; result: MonthStatus };
  month_acknowledge: { args: { issuerId: string; month: string; index: number; note: string; on: string | null }; result: MonthStatus };
  month_close: { args: { issuerId: string; month: string; on: string | null }; result: MonthStatus };
  margin_report: { args: { month: string; issuerId: string | null; by: string | null }; result: Array<MarginRow> };
  microsoft_import: { args: { path: string }; result: MicrosoftImportResult };
  exchange_rate_list: { args: Record<string, never>; result: Array<ExchangeRate> };
  exchange_rate_set: { args: { month: string; from: string; to: string; rate: string }; result: ExchangeRate };
}

export type CommandName = keyof Commands;

/** A typed call of each command, its arguments in the table's order. */
export const api = {
  appInfo: (): Promise<AppInfo> => invoke("app_info"),
  /** The rule explanations of DOMAIN.md, shown beside every decision. */
  ruleList: (): Promise<Array<RuleText>> => invoke("rule_list"),
  /**
   * The book's dates as the window reads it as of `as_of`: the day shown, and the default date
   * of a write.
   */
  bookDates: (asOf: string | null): Promise<BookDates> => invoke("book_dates", { asOf }),
  settingsShow: (): Promise<{ [key in string]: string }> => invoke("settings_show"),
  settingsSet: (key: string, value: string): Promise<{ [key in string]: string }> => invoke("settings_set", { key, value }),
  partnerOperating: (asOf: string | null): Promise<Partner | null> => invoke("partner_operating", { asOf }),
  partnerSetupOperating: (input: NewPartner): Promise<Partner> => invoke("partner_setup_operating", { input }),
  partnerAdd: (input: NewPartner): Promise<Partner> => invoke("partner_add", { input }),
  partnerUpdate: (id: string, input: PartnerPatch): Promise<Partner> => invoke("partner_update", { id, input }),
  partnerList: (asOf: string | null): Promise<Array<Partner>> => invoke("partner_list", { asOf }),
  partnerTransition: (input: Transition): Promise<Partner> => invoke("partner_transition", { input }),
  customerOnboard: (input: NewCustomer): Promise<Customer> => invoke("customer_onboard", { input }),
  customerLink: (input: LinkRequest): Promise<Relationship> => invoke("customer_link", { input }),
  customerSearch: (query: CustomerSearch): Promise<CustomerPage> => invoke("customer_search", { query }),
  customerShow: (id: string, asOf: string | null): Promise<Customer> => invoke("customer_show", { id, asOf }),
  countryList: (): Promise<Array<Country>> => invoke("country_list"),
  marketCheck: (partnerId: string, country: string): Promise<MarketCheck> => invoke("market_check", { partnerId, country }),
  /** The dashboard's figures as of `on` (the book date), added by the service per currency. */
  dashboardSummary: (on: string): Promise<DashboardSummary> => invoke("dashboard_summary", { on }),
  /**
   * Reads a Partner Center usage file off the window's thread; progress arrives as
   * `usage-import-progress` events.
   */
  usageImport: (path: string, options: ImportOptions | null): Promise<ImportResult> => invoke("usage_import", { path, options }),
  usageSummary: (month: string): Promise<UsageSummary> => invoke("usage_summary", { month }),
  /** Sets (or replaces) the rule at one scope. */
  markupSet: (input: MarkupInput): Promise<MarkupView> => invoke("markup_set", { input }),
  markupList: (issuerId: string | null): Promise<Array<MarkupView>> => invoke("markup_list", { issuerId }),
  /** The selling price the rules give, without writing anything. */
  pricePreview: (input: PricePreviewInput): Promise<PricePreview> => invoke("price_preview", { input }),
  /** Drafts the month's invoices (earlier drafts of the month are replaced). */
  billingRun: (month: string, issuerId: string | null): Promise<BillingRunResult> => invoke("billing_run", { month, issuerId }),
  invoiceList: (month: string | null, status: InvoiceStatus | null): Promise<Array<Invoice>> => invoke("invoice_list", { month, status }),
  invoiceShow: (id: string): Promise<Invoice> => invoke("invoice_show", { id }),
  invoiceIssue: (id: string, on: string | null): Promise<Invoice> => invoke("invoice_issue", { id, on }),
  invoiceCredit: (id: string, on: string | null): Promise<Invoice> => invoke("invoice_credit", { id, on }),
  invoicePay: (id: string, on: string): Promise<Invoice> => invoke("invoice_pay", { id, on }),
  /**
   * PDFs of the given invoices, or of a month's invoices and credit notes, into `dir`; progress
   * arrives as `invoice-export-progress` events. Resolves with the files written.
   */
  invoiceExport: (ids: Array<string> | null, month: string | null, dir: string, lang: string | null): Promise<Array<string>> => invoke("invoice_export", { ids, month, dir, lang }),
  pecAudit: (month: string): Promise<PecAudit> => invoke("pec_audit", { month }),
  /** Records the status the e-invoicing platform gave an issued invoice, on a date. */
  invoicePlatform: (id: string, status: PlatformStatus, on: string): Promise<Invoice> => invoke("invoice_platform", { id, status, on }),
  /** The period the FEC dialog starts with for `month`: its first and last days. */
  accountingPeriod: (month: string): Promise<AccountingPeriod> => invoke("accounting_period", { month }),
  /** The operating partner's FEC for the period, into `dir` (`<SIREN>FEC<YYYYMMDD>.txt`). */
  accountingExport: (from: string, to: string, dir: string): Promise<FecExport> => invoke("accounting_export", { from, to, dir }),
  /**
   * The three offers' decisions for one partner, customer (or own tenant) and date, in the order
   * the order dialog lists them.
   */
  offerCheckAll: (partnerId: string, customerId: string | null, on: string): Promise<Array<Decision>> => invoke("offer_check_all", { partnerId, customerId, on }),
  subscriptionAdd: (input: NewSubscription): Promise<Subscription> => invoke("subscription_add", { input }),
  subscriptionCancel: (id: string, on: string): Promise<Subscription> => invoke("subscription_cancel", { id, on }),
  subscriptionSuspend: (id: string, on: string): Promise<Subscription> => invoke("subscription_suspend", { id, on }),
  subscriptionReactivate: (id: string, on: string): Promise<Subscription> => invoke("subscription_reactivate", { id, on }),
  subscriptionShow: (id: string, asOf: string | null): Promise<Subscription> => invoke("subscription_show", { id, asOf }),
  /** Every subscription (`customer_id` null, own-tenant ones included) or one customer's. */
  subscriptionList: (customerId: string | null, asOf: string | null): Promise<Array<Subscription>> => invoke("subscription_list", { customerId, asOf }),
  roleGrant: (input: RoleGrant): Promise<RoleAssignment> => invoke("role_grant", { input }),
  roleRevoke: (input: RoleRevoke): Promise<RoleAssignment> => invoke("role_revoke", { input }),
  transferCreate: (input: NewTransfer): Promise<Transfer> => invoke("transfer_create", { input }),
  transferAccept: (id: string, on: string): Promise<Transfer> => invoke("transfer_accept", { id, on }),
  transferReject: (id: string, on: string): Promise<Transfer> => invoke("transfer_reject", { id, on }),
  transferComplete: (id: string, on: string, providerId: string | null): Promise<Transfer> => invoke("transfer_complete", { id, on, providerId }),
  transferShow: (id: string, asOf: string | null): Promise<Transfer> => invoke("transfer_show", { id, asOf }),
  /** Every request (`customer_id` null) or a customer's, newest first, status as of the book date. */
  transferList: (customerId: string | null, asOf: string | null): Promise<Array<Transfer>> => invoke("transfer_list", { customerId, asOf }),
  /**
   * What a request for the customer may name on `on`: sources, the source's movable subscriptions
   * (`source_partner_id` null: the source holding the most) and the valid targets.
   */
  transferCandidates: (customerId: string, sourcePartnerId: string | null, on: string): Promise<TransferCandidates> => invoke("transfer_candidates", { customerId, sourcePartnerId, on }),
  /**
   * Fills an empty book with the sales demo (from the first-run screen); `as_of` null: the
   * demo's own date.
   */
  demoSeed: (asOf: string | null): Promise<DemoSummary> => invoke("demo_seed", { asOf }),
  caseOpen: (input: NewCase): Promise<SupportCase> => invoke("case_open", { input }),
  caseEscalate: (id: string, to: EscalationTarget, on: string, reference: string | null): Promise<SupportCase> => invoke("case_escalate", { id, to, on, reference }),
  caseNote: (id: string, text: string, on: string): Promise<SupportCase> => invoke("case_note", { id, text, on }),
  caseResolve: (id: string, on: string): Promise<SupportCase> => invoke("case_resolve", { id, on }),
  caseReopen: (id: string, on: string): Promise<SupportCase> => invoke("case_reopen", { id, on }),
  caseClose: (id: string, on: string): Promise<SupportCase> => invoke("case_close", { id, on }),
  /** One case as it stood on `on` (the window's book date). */
  caseShow: (id: string, on: string): Promise<SupportCase> => invoke("case_show", { id, on }),
  /** The cases as they stood on `on`, filtered, overdue first. */
  caseList: (filter: CaseFilter, on: string): Promise<Array<SupportCase>> => invoke("case_list", { filter, on }),
  /**
   * Edits a customer: every field given (an empty text clears it); issued invoices keep what
   * they printed.
   */
  customerUpdate: (id: string, input: CustomerUpdate): Promise<Customer> => invoke("customer_update", { id, input }),
  /** Recomputes the seals, checks numbering and protections: ok, or `INTEGRITY` naming each document. */
  bookVerify: (): Promise<VerifyResult> => invoke("book_verify"),
  /** A consistent copy of the book at `out` (never over an existing file). */
  bookBackup: (out: string): Promise<BackupResult> => invoke("book_backup", { out }),
  /** Verifies `file`, backs the book up, replaces it; the app then starts again on it. */
  bookRestore: (file: string): Promise<RestoreResult> => invoke("book_restore", { file }),
  /**
   * Reads a price list file (format in the README) off the window's thread: the meters imported,
   * or the refusal naming the row and column; one bad row stores nothing.
   */
  priceImport: (path: string): Promise<PriceImportResult> => invoke("price_import", { path }),
  /** What each partner earns on the month's usage (MCI, Silver), per currency. */
  incentivesReport: (month: string): Promise<IncentivesReport> => invoke("incentives_report", { month }),
  /**
   * The three tie-outs of a billing partner's month against Microsoft's bill (a closed month
   * reads as it was sealed), as of the window's date.
   */
  monthStatus: (issuerId: string, month: string, asOf: string | null): Promise<MonthStatus> => invoke("month_status", { issuerId, month, asOf }),
  /** Acknowledges the difference at `index` of the month's status with a dated note. */
  monthAcknowledge: (issuerId: string, month: string, index: number, note: string, on: string | null): Promise<MonthStatus> => invoke("month_acknowledge", { issuerId, month, index, note, on }),
  /** Closes and seals the month (`MONTH_NOT_READY` names what is left). */
  monthClose: (issuerId: string, month: string, on: string | null): Promise<MonthStatus> => invoke("month_close", { issuerId, month, on }),
  /** The month's margin per customer, reseller, subscription or category. */
  marginReport: (month: string, issuerId: string | null, by: string | null): Promise<Array<MarginRow>> => invoke("margin_report", { month, issuerId, by }),
  /** Microsoft's invoice reconciliation file, kept as it is (the same file again changes nothing). */
  microsoftImport: (path: string): Promise<MicrosoftImportResult> => invoke("microsoft_import", { path }),
  /** The monthly exchange rates (Settings → exchange rates), newest month first. */
  exchangeRateList: (): Promise<Array<ExchangeRate>> => invoke("exchange_rate_list"),
  /** Sets the rate converting `from` into `to` for `month` (`YYYY-MM`). */
  exchangeRateSet: (month: string, from: string, to: string, rate: string): Promise<ExchangeRate> => invoke("exchange_rate_set", { month, from, to, rate }),
};

/** The commands that only read the book: the query cache keeps their answers, keyed by the command's name and arguments. */
export const reads = {
  app_info: api.appInfo,
  rule_list: api.ruleList,
  book_dates: api.bookDates,
  settings_show: api.settingsShow,
  partner_operating: api.partnerOperating,
  partner_list: api.partnerList,
  customer_search: api.customerSearch,
  customer_show: api.customerShow,
  country_list: api.countryList,
  market_check: api.marketCheck,
  dashboard_summary: api.dashboardSummary,
  usage_summary: api.usageSummary,
  markup_list: api.markupList,
  price_preview: api.pricePreview,
  invoice_list: api.invoiceList,
  invoice_show: api.invoiceShow,
  pec_audit: api.pecAudit,
  accounting_period: api.accountingPeriod,
  offer_check_all: api.offerCheckAll,
  subscription_show: api.subscriptionShow,
  subscription_list: api.subscriptionList,
  transfer_show: api.transferShow,
  transfer_list: api.transferList,
  transfer_candidates: api.transferCandidates,
  case_show: api.caseShow,
  case_list: api.caseList,
  incentives_report: api.incentivesReport,
  month_status: api.monthStatus,
  margin_report: api.marginReport,
  exchange_rate_list: api.exchangeRateList,
};

/** The reads asked as of a date: their last argument is the "as of" date (null: the book as it is today). */
export const DATED_READS = ["book_dates", "partner_operating", "partner_list", "customer_show", "subscription_show", "subscription_list", "transfer_show", "transfer_list", "month_status"] as const;

/** Every event the app sends the window, and its payload. */
export interface Events {
  /** Where the usage import is: rows stored, bytes read of how many (the bar knows its end). */
  "usage-import-progress": ImportProgress;
  /** Where the PDF export is: documents written, of how many. */
  "invoice-export-progress": ExportProgress;
}

/** Listens to one of the app's events; resolves with the function that stops listening. */
export function listenTo<E extends keyof Events>(event: E, handler: (payload: Events[E]) => void): Promise<UnlistenFn> {
  return listen<Events[E]>(event, (e) => handler(e.payload));
}
