// Typed wrappers over the Tauri commands. Every call the UI makes goes through here, so the
// command names and argument shapes live in one place. No business rule lives in this file: the
// commands decide, the UI shows what they say.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError } from "./bindings/ApiError";
import type { AppInfo } from "./bindings/AppInfo";
import type { CommandName, Commands } from "./bindings/commands";
import type { RuleText } from "./bindings/RuleText";
import type { ImportOptions } from "./bindings/ImportOptions";
import type { InvoiceStatus } from "./bindings/InvoiceStatus";
import type { PlatformStatus } from "./bindings/PlatformStatus";
import type { MarkupInput } from "./bindings/MarkupInput";
import type { PricePreviewInput } from "./bindings/PricePreviewInput";
import type { CustomerPage } from "./bindings/CustomerPage";
import type { CustomerSearch } from "./bindings/CustomerSearch";
import type { LinkRequest } from "./bindings/LinkRequest";
import type { CustomerUpdate } from "./bindings/CustomerUpdate";
import type { NewCustomer } from "./bindings/NewCustomer";
import type { NewPartner } from "./bindings/NewPartner";
import type { PartnerPatch } from "./bindings/PartnerPatch";
import type { NewSubscription } from "./bindings/NewSubscription";
import type { NewTransfer } from "./bindings/NewTransfer";
import type { Offer } from "./bindings/Offer";
import type { RoleGrant } from "./bindings/RoleGrant";
import type { RoleRevoke } from "./bindings/RoleRevoke";
import type { Transition } from "./bindings/Transition";
import type { CaseFilter } from "./bindings/CaseFilter";
import type { EscalationTarget } from "./bindings/EscalationTarget";
import type { NewCase } from "./bindings/NewCase";

export type { ApiError };

export type { AppInfo, RuleText };

export type Settings = Record<string, string>;

export type CustomerQuery = CustomerSearch;
export type CustomerPageData = CustomerPage;

/** True for the `{code, message, message_fr}` value a failed command rejects with. */
export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as ApiError).code === "string" &&
    typeof (e as ApiError).message === "string"
  );
}

/** Anything thrown by a call, as an ApiError (a lost IPC bridge or a bug becomes `INTERNAL`). */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return { ...e, message_fr: e.message_fr ?? e.message, field: e.field ?? null };
  const text = e instanceof Error ? e.message : String(e);
  return { code: "INTERNAL", message: text, message_fr: text, field: null };
}

type Args<K extends CommandName> = Commands[K]["args"];

/** Invokes a command of the table by name: its arguments and result are those `commands.ts` declares. */
function call<K extends CommandName>(
  cmd: K,
  ...args: Args<K> extends Record<string, never> ? [] : [Args<K>]
): Promise<Commands[K]["result"]> {
  return invoke<Commands[K]["result"]>(cmd, args[0]);
}

export const api = {
  appInfo: () => call("app_info"),
  ruleList: () => call("rule_list"),
  settingsShow: () => call("settings_show"),
  settingsSet: (key: string, value: string) => call("settings_set", { key, value }),
  partnerOperating: (asOf: string | null = null) => call("partner_operating", { asOf }),
  partnerSetupOperating: (input: NewPartner) => call("partner_setup_operating", { input }),
  partnerAdd: (input: NewPartner) => call("partner_add", { input }),
  partnerUpdate: (id: string, input: PartnerPatch) => call("partner_update", { id, input }),
  partnerList: (asOf: string | null = null) => call("partner_list", { asOf }),
  partnerShow: (id: string, asOf: string | null = null) => call("partner_show", { id, asOf }),
  partnerTransition: (input: Transition) => call("partner_transition", { input }),
  customerOnboard: (input: NewCustomer) => call("customer_onboard", { input }),
  customerLink: (input: LinkRequest) => call("customer_link", { input }),
  customerSearch: (query: CustomerQuery) => call("customer_search", { query }),
  customerShow: (id: string, asOf: string | null = null) => call("customer_show", { id, asOf }),
  /** Edits a customer: every field given (an empty text clears it); issued invoices keep what they printed. */
  customerUpdate: (id: string, input: CustomerUpdate) => call("customer_update", { id, input }),
  countryList: () => call("country_list"),
  marketCheck: (partnerId: string, country: string) => call("market_check", { partnerId, country }),
  /** The dashboard's figures as of `on` (the book date), added by the service per currency. */
  dashboardSummary: (on: string) => call("dashboard_summary", { on }),
  /** Asks, never writes. `customerId` null: the partner's own tenant. */
  offerCheck: (partnerId: string, customerId: string | null, offer: Offer, on: string) =>
    call("offer_check", { partnerId, customerId, offer, on }),
  /** The three offers' decisions, in the order the order dialog lists them. */
  offerCheckAll: (partnerId: string, customerId: string | null, on: string) => call("offer_check_all", { partnerId, customerId, on }),
  subscriptionAdd: (input: NewSubscription) => call("subscription_add", { input }),
  subscriptionSuspend: (id: string, on: string) => call("subscription_suspend", { id, on }),
  subscriptionReactivate: (id: string, on: string) => call("subscription_reactivate", { id, on }),
  subscriptionCancel: (id: string, on: string) => call("subscription_cancel", { id, on }),
  subscriptionShow: (id: string, asOf: string | null = null) => call("subscription_show", { id, asOf }),
  /** Every subscription (customerId null, own-tenant ones included) or one customer's. */
  subscriptionList: (customerId: string | null, asOf: string | null = null) => call("subscription_list", { customerId, asOf }),
  roleGrant: (input: RoleGrant) => call("role_grant", { input }),
  roleRevoke: (input: RoleRevoke) => call("role_revoke", { input }),
  transferCreate: (input: NewTransfer) => call("transfer_create", { input }),
  transferAccept: (id: string, on: string) => call("transfer_accept", { id, on }),
  transferReject: (id: string, on: string) => call("transfer_reject", { id, on }),
  transferComplete: (id: string, on: string, providerId: string | null = null) => call("transfer_complete", { id, on, providerId }),
  transferShow: (id: string, asOf: string | null = null) => call("transfer_show", { id, asOf }),
  /** Every request (customerId null) or a customer's, newest first, status as of the book date. */
  transferList: (customerId: string | null, asOf: string | null = null) => call("transfer_list", { customerId, asOf }),
  /** What a request for the customer on `on` may name: sources, the source's movable subscriptions
   *  (`sourcePartnerId` null: the source the service proposes) and the valid targets. */
  transferCandidates: (customerId: string, sourcePartnerId: string | null, on: string) =>
    call("transfer_candidates", { customerId, sourcePartnerId, on }),
  /** Fills an empty book with the sales demo; `asOf` null: the demo's own date. */
  demoSeed: (asOf: string | null) => call("demo_seed", { asOf }),
  /** Reads a Partner Center usage file; progress arrives as `usage-import-progress` events. */
  usageImport: (path: string, options: ImportOptions | null) => call("usage_import", { path, options }),
  usageSummary: (month: string) => call("usage_summary", { month }),
  pecAudit: (month: string) => call("pec_audit", { month }),
  /** Drafts the month's invoices (earlier drafts of the month are replaced). */
  billingRun: (month: string) => call("billing_run", { month, issuerId: null }),
  invoiceList: (month: string | null, status: InvoiceStatus | null) => call("invoice_list", { month, status }),
  invoiceShow: (id: string) => call("invoice_show", { id }),
  invoiceIssue: (id: string, on: string | null) => call("invoice_issue", { id, on }),
  invoiceCredit: (id: string, on: string | null) => call("invoice_credit", { id, on }),
  invoicePay: (id: string, on: string) => call("invoice_pay", { id, on }),
  /** Writes the month's PDFs into `dir`; resolves with the files written. */
  invoiceExport: (month: string, dir: string, lang: string | null) =>
    call("invoice_export", { ids: null, month, dir, lang }),
  /** Records the status the e-invoicing platform gave an issued invoice, on a date. */
  invoicePlatform: (id: string, status: PlatformStatus, on: string) => call("invoice_platform", { id, status, on }),
  /** Writes the operating partner's FEC for the period into `dir`. */
  accountingExport: (from: string, to: string, dir: string) => call("accounting_export", { from, to, dir }),
  markupList: (issuerId: string | null) => call("markup_list", { issuerId }),
  /** Sets (or replaces) the rule at one scope. */
  markupSet: (input: MarkupInput) => call("markup_set", { input }),
  /** The selling price the rules give, without writing anything. */
  pricePreview: (input: PricePreviewInput) => call("price_preview", { input }),
  /** Support cases: each move on a date; reads as of the book date `on`. */
  caseOpen: (input: NewCase) => call("case_open", { input }),
  caseEscalate: (id: string, to: EscalationTarget, on: string, reference: string | null) => call("case_escalate", { id, to, on, reference }),
  caseNote: (id: string, text: string, on: string) => call("case_note", { id, text, on }),
  caseResolve: (id: string, on: string) => call("case_resolve", { id, on }),
  caseReopen: (id: string, on: string) => call("case_reopen", { id, on }),
  caseClose: (id: string, on: string) => call("case_close", { id, on }),
  caseShow: (id: string, on: string) => call("case_show", { id, on }),
  caseList: (filter: CaseFilter, on: string) => call("case_list", { filter, on }),
  /** Recomputes the seals, checks numbering and protections: ok, or `INTEGRITY` naming each document. */
  bookVerify: () => call("book_verify"),
  /** A consistent copy of the book at `out` (never over an existing file). */
  bookBackup: (out: string) => call("book_backup", { out }),
  /** Verifies `file`, backs the book up, replaces it; the app then starts again on it. */
  bookRestore: (file: string) => call("book_restore", { file }),
  /** Reads a price list CSV: the meters imported, or the refusal naming the row and column. */
  priceImport: (path: string) => call("price_import", { path }),
  /** What each partner earns on the month's usage (MCI, Silver), per currency. */
  incentivesReport: (month: string) => call("incentives_report", { month }),
  /** The monthly exchange rates, newest month first. */
  exchangeRateList: () => call("exchange_rate_list"),
  /** Sets the rate converting `from` into `to` for `month` (`YYYY-MM`). */
  exchangeRateSet: (month: string, from: string, to: string, rate: string) => call("exchange_rate_set", { month, from, to, rate }),
};
