// A fake book behind mockIPC: the commands the UI calls, answering from plain data, recording
// every call so tests can check what the UI asked.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Country } from "../bindings/Country";
import type { DashboardSummary } from "../bindings/DashboardSummary";
import type { Partner } from "../bindings/Partner";

export type Handler = (args: Record<string, unknown>) => unknown;

export const countries: Country[] = [
  { code: "FR", name_en: "France", name_fr: "France", market: "EUROPE", eu_member: true, vat_standard_rate: "20" },
  { code: "BE", name_en: "Belgium", name_fr: "Belgique", market: "EUROPE", eu_member: true, vat_standard_rate: "21" },
  { code: "DE", name_en: "Germany", name_fr: "Allemagne", market: "EUROPE", eu_member: true, vat_standard_rate: "19" },
  { code: "US", name_en: "United States", name_fr: "États-Unis", market: "NORTH_AMERICA", eu_member: false, vat_standard_rate: null },
];

export const office: Partner = {
  id: "p-office",
  name: "Fabrikam Conseil",
  mpn_id: "4512345",
  tier: "direct",
  country: "FR",
  market: "EUROPE",
  currency: "EUR",
  enrolled_on: "2018-05-14",
  new_partner: false,
  mci: true,
  silver_since: null,
  vat_id: null,
  address: null,
  email: null,
  providers: [],
  resellers: [],
  tier_history: [{ tier: "direct", since: "2018-05-14" }],
  operating: true,
  legal: {
    legal_form: "SAS",
    share_capital: "10 000 €",
    siren: "732829320",
    siret: null,
    rcs: "RCS Paris 732 829 320",
    iban: null,
    bic: null,
    payment_terms_days: 30,
    late_payment_rate: null,
    early_payment_discount: null,
  },
};

/** The dashboard of an empty business on `on` (a test overrides what it needs). */
export function dashboardSummary(on: string, over: Partial<DashboardSummary> = {}): DashboardSummary {
  return {
    on,
    month: on.slice(0, 7),
    customers: 0,
    partners: 1,
    active_subscriptions: 0,
    active_by_offer: [],
    usage_rows: 0,
    usage_totals: {},
    invoiced_totals: {},
    invoices_by_status: { draft: 0, issued: 0, paid: 0, voided: 0 },
    invoiced_by_month: [],
    open_cases: 0,
    overdue_cases: 0,
    ...over,
  };
}

export interface FakeBook {
  calls: { cmd: string; args: Record<string, unknown> }[];
  settings: Record<string, string>;
  callsTo: (cmd: string) => Record<string, unknown>[];
}

/** Installs the fake; `overrides` replace or add commands. */
export function fakeBook(
  opts: { operating?: Partner | null; settings?: Record<string, string>; overrides?: Record<string, Handler>; demo?: boolean } = {},
): FakeBook {
  const book: FakeBook = {
    calls: [],
    settings: { "program.phase1": "2021-07-21", "program.phase2": "2022-02-01", ...opts.settings },
    callsTo: (cmd) => book.calls.filter((c) => c.cmd === cmd).map((c) => c.args),
  };
  const operating = opts.operating === undefined ? office : opts.operating;
  const handlers: Record<string, Handler> = {
    app_info: () => ({ version: "0.1.0", db_path: "/tmp/book.sqlite3", log_dir: "/tmp/logs" }),
    // As the service answers: a real book's writes default to the computer's date, a demo book's to
    // the date the window reads it at.
    book_dates: ({ asOf }) => {
      const today = (asOf as string | null) ?? "2026-03-02";
      return { today, write_today: opts.demo ? today : "2026-03-02", demo: opts.demo ?? false };
    },
    rule_list: () => [
      { id: "MARKET_OK", en: "ok", fr: "ok" },
      { id: "MARKET_MISMATCH", en: "mismatch", fr: "hors marché" },
    ],
    settings_show: () => ({ ...book.settings }),
    settings_set: ({ key, value }) => {
      book.settings[key as string] = value as string;
      return { ...book.settings };
    },
    partner_operating: () => operating,
    partner_list: () => (operating ? [operating] : []),
    country_list: () => countries,
    customer_search: () => ({ total: 0, offset: 0, rows: [] }),
    // What the dashboard reads: an empty business unless a test says otherwise.
    dashboard_summary: ({ on }) => dashboardSummary(on as string),
    // The lists the screens read: empty unless a test says otherwise.
    subscription_list: () => [],
    invoice_list: () => [],
    case_list: () => [],
    usage_summary: ({ month }) => ({ month, rows: 0, subscriptions: 0, customers: 0, erp_totals: {}, groups: [] }),
    incentives_report: ({ month }) => ({ month, partners: [] }),
    exchange_rate_list: () => [],
    ...opts.overrides,
  };
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    book.calls.push({ cmd, args });
    const h = handlers[cmd];
    if (!h) throw new Error(`unexpected command ${cmd}`);
    return h(args);
    // Events (`listen`, `emit`) stay inside the page, as the usage import's progress needs.
  }, { shouldMockEvents: true });
  return book;
}

export { clearMocks };
