// Typed wrappers over the Tauri commands. Every call the UI makes goes through here, so the
// command names and argument shapes live in one place. No business rule lives in this file: the
// commands decide, the UI shows what they say.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError } from "./bindings/ApiError";
import type { Country } from "./bindings/Country";
import type { Customer } from "./bindings/Customer";
import type { CustomerPage } from "./bindings/CustomerPage";
import type { CustomerSearch } from "./bindings/CustomerSearch";
import type { LinkRequest } from "./bindings/LinkRequest";
import type { MarketCheck } from "./bindings/MarketCheck";
import type { NewCustomer } from "./bindings/NewCustomer";
import type { NewPartner } from "./bindings/NewPartner";
import type { Partner } from "./bindings/Partner";
import type { Relationship } from "./bindings/Relationship";
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
};
