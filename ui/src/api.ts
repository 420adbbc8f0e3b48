// Typed wrappers over the Tauri commands. Every call the UI makes goes through here, so the
// command names and argument shapes live in one place. No business rule lives in this file: the
// commands decide, the UI shows what they say.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError } from "./bindings/ApiError";
import type { BillingRunResult } from "./bindings/BillingRunResult";
import type { DemoSummary } from "./bindings/DemoSummary";
import type { ImportOptions } from "./bindings/ImportOptions";
import type { ImportResult } from "./bindings/ImportResult";
import type { Invoice } from "./bindings/Invoice";
import type { InvoiceStatus } from "./bindings/InvoiceStatus";
import type { MarkupInput } from "./bindings/MarkupInput";
import type { MarkupView } from "./bindings/MarkupView";
import type { PecAudit } from "./bindings/PecAudit";
import type { PricePreview } from "./bindings/PricePreview";
import type { PricePreviewInput } from "./bindings/PricePreviewInput";
import type { UsageSummary } from "./bindings/UsageSummary";
import type { Country } from "./bindings/Country";
import type { Customer } from "./bindings/Customer";
import type { CustomerPage } from "./bindings/CustomerPage";
import type { CustomerSearch } from "./bindings/CustomerSearch";
import type { Decision } from "./bindings/Decision";
import type { LinkRequest } from "./bindings/LinkRequest";
import type { MarketCheck } from "./bindings/MarketCheck";
import type { NewCustomer } from "./bindings/NewCustomer";
import type { NewPartner } from "./bindings/NewPartner";
import type { NewSubscription } from "./bindings/NewSubscription";
import type { NewTransfer } from "./bindings/NewTransfer";
import type { Offer } from "./bindings/Offer";
import type { Partner } from "./bindings/Partner";
import type { Relationship } from "./bindings/Relationship";
import type { RoleAssignment } from "./bindings/RoleAssignment";
import type { RoleGrant } from "./bindings/RoleGrant";
import type { RoleRevoke } from "./bindings/RoleRevoke";
import type { Subscription } from "./bindings/Subscription";
import type { Transfer } from "./bindings/Transfer";
import type { Transition } from "./bindings/Transition";

export type { ApiError };

export interface AppInfo {
  version: string;
  db_path: string;
  log_dir: string;
  /** The business "today" (YYYY-MM-DD): the computer's date, or `business.today` when set. */
  today: string;
}

export interface RuleText {
  id: string;
  en: string;
  fr: string;
}

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
  if (isApiError(e)) return { ...e, message_fr: e.message_fr ?? e.message };
  const text = e instanceof Error ? e.message : String(e);
  return { code: "INTERNAL", message: text, message_fr: text };
}

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  ruleList: () => invoke<RuleText[]>("rule_list"),
  settingsShow: () => invoke<Settings>("settings_show"),
  settingsSet: (key: string, value: string) => invoke<Settings>("settings_set", { key, value }),
  partnerOperating: () => invoke<Partner | null>("partner_operating"),
  partnerSetupOperating: (input: NewPartner) => invoke<Partner>("partner_setup_operating", { input }),
  partnerAdd: (input: NewPartner) => invoke<Partner>("partner_add", { input }),
  partnerUpdate: (id: string, input: NewPartner) => invoke<Partner>("partner_update", { id, input }),
  partnerList: () => invoke<Partner[]>("partner_list"),
  partnerShow: (id: string) => invoke<Partner>("partner_show", { id }),
  partnerTransition: (input: Transition) => invoke<Partner>("partner_transition", { input }),
  customerOnboard: (input: NewCustomer) => invoke<Customer>("customer_onboard", { input }),
  customerLink: (input: LinkRequest) => invoke<Relationship>("customer_link", { input }),
  customerSearch: (query: CustomerQuery) => invoke<CustomerPageData>("customer_search", { query }),
  customerShow: (id: string) => invoke<Customer>("customer_show", { id }),
  countryList: () => invoke<Country[]>("country_list"),
  marketCheck: (partnerId: string, country: string) => invoke<MarketCheck>("market_check", { partnerId, country }),
  /** Asks, never writes. `customerId` null: the partner's own tenant. */
  offerCheck: (partnerId: string, customerId: string | null, offer: Offer, on: string) =>
    invoke<Decision>("offer_check", { partnerId, customerId, offer, on }),
  /** The three offers' decisions, in the order the order dialog lists them. */
  offerCheckAll: (partnerId: string, customerId: string | null, on: string) => invoke<Decision[]>("offer_check_all", { partnerId, customerId, on }),
  subscriptionAdd: (input: NewSubscription) => invoke<Subscription>("subscription_add", { input }),
  subscriptionSuspend: (id: string, on: string) => invoke<Subscription>("subscription_suspend", { id, on }),
  subscriptionReactivate: (id: string, on: string) => invoke<Subscription>("subscription_reactivate", { id, on }),
  subscriptionCancel: (id: string, on: string) => invoke<Subscription>("subscription_cancel", { id, on }),
  subscriptionShow: (id: string) => invoke<Subscription>("subscription_show", { id }),
  /** Every subscription (customerId null, own-tenant ones included) or one customer's. */
  subscriptionList: (customerId: string | null) => invoke<Subscription[]>("subscription_list", { customerId }),
  roleGrant: (input: RoleGrant) => invoke<RoleAssignment>("role_grant", { input }),
  roleRevoke: (input: RoleRevoke) => invoke<RoleAssignment>("role_revoke", { input }),
  transferCreate: (input: NewTransfer) => invoke<Transfer>("transfer_create", { input }),
  transferAccept: (id: string, on: string) => invoke<Transfer>("transfer_accept", { id, on }),
  transferReject: (id: string, on: string) => invoke<Transfer>("transfer_reject", { id, on }),
  transferComplete: (id: string, on: string) => invoke<Transfer>("transfer_complete", { id, on }),
  transferShow: (id: string) => invoke<Transfer>("transfer_show", { id }),
  /** Every request (customerId null) or a customer's, newest first, status as of the book date. */
  transferList: (customerId: string | null) => invoke<Transfer[]>("transfer_list", { customerId }),
  /** Fills an empty book with the sales demo; `asOf` null: the demo's own date. */
  demoSeed: (asOf: string | null) => invoke<DemoSummary>("demo_seed", { asOf }),
  /** Reads a Partner Center usage file; progress arrives as `usage-import-progress` events. */
  usageImport: (path: string, options: ImportOptions | null) => invoke<ImportResult>("usage_import", { path, options }),
  usageSummary: (month: string) => invoke<UsageSummary>("usage_summary", { month }),
  pecAudit: (month: string) => invoke<PecAudit>("pec_audit", { month }),
  /** Drafts the month's invoices (earlier drafts of the month are replaced). */
  billingRun: (month: string) => invoke<BillingRunResult>("billing_run", { month, issuerId: null }),
  invoiceList: (month: string | null, status: InvoiceStatus | null) => invoke<Invoice[]>("invoice_list", { month, status }),
  invoiceShow: (id: string) => invoke<Invoice>("invoice_show", { id }),
  invoiceIssue: (id: string, on: string | null) => invoke<Invoice>("invoice_issue", { id, on }),
  invoiceCredit: (id: string, on: string | null) => invoke<Invoice>("invoice_credit", { id, on }),
  invoicePay: (id: string, on: string) => invoke<Invoice>("invoice_pay", { id, on }),
  /** Writes the month's PDFs into `dir`; resolves with the files written. */
  invoiceExport: (month: string, dir: string, lang: string | null) =>
    invoke<string[]>("invoice_export", { ids: null, month, dir, lang }),
  markupList: (issuerId: string | null) => invoke<MarkupView[]>("markup_list", { issuerId }),
  /** Sets (or replaces) the rule at one scope. */
  markupSet: (input: MarkupInput) => invoke<MarkupView>("markup_set", { input }),
  /** The selling price the rules give, without writing anything. */
  pricePreview: (input: PricePreviewInput) => invoke<PricePreview>("price_preview", { input }),
};
