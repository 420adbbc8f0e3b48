import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { ExchangeRate } from "../bindings/ExchangeRate";
import type { IncentivesReport } from "../bindings/IncentivesReport";
import { clearMocks, fakeBook, office } from "./fakeBook";
import { northwind } from "./fakeSubscriptions";

afterEach(() => {
  cleanup();
  clearMocks();
  vi.restoreAllMocks();
});

describe("exchange rates in Settings", () => {
  it("lists the stored rates, sets one for a month, and shows a refusal as the command words it", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("fr-FR");
    const rates: ExchangeRate[] = [{ month: "2026-01", from: "EUR", to: "USD", rate: "1.0825" }];
    const book = fakeBook({
      overrides: {
        exchange_rate_list: () => [...rates].sort((a, b) => b.month.localeCompare(a.month)),
        exchange_rate_set: ({ month, from, to, rate }) => {
          if (Number(rate) <= 0) {
            throw { code: "VALIDATION", message: `'${rate as string}' is not a positive rate`, message_fr: `« ${rate as string} » n'est pas un taux positif`, field: "rate" };
          }
          const r = { month, from, to, rate } as ExchangeRate;
          rates.push(r);
          return r;
        },
      },
    });
    render(<App />);
    await userEvent.click(await screen.findByTestId("nav-settings"));
    const section = await screen.findByTestId("exchange-rates");
    await waitFor(() => expect(within(section).getAllByTestId("exchange-rate-row")).toHaveLength(1));
    expect(within(section).getByTestId("exchange-rate-row")).toHaveTextContent("janvier 2026EURUSD1,0825");
    // The month proposed is the last closed one before the book date (2 March 2026).
    expect(within(section).getByTestId("exchange-rate-month")).toHaveValue("2026-02");

    await userEvent.type(within(section).getByTestId("exchange-rate-rate"), "-1");
    await userEvent.click(within(section).getByTestId("exchange-rate-save"));
    expect(await within(section).findByTestId("exchange-rate-error")).toHaveTextContent("« -1 » n'est pas un taux positif");

    await userEvent.clear(within(section).getByTestId("exchange-rate-rate"));
    await userEvent.type(within(section).getByTestId("exchange-rate-rate"), "1,0791");
    await userEvent.click(within(section).getByTestId("exchange-rate-save"));
    expect(await within(section).findByTestId("exchange-rate-notice")).toHaveTextContent("Taux de février 2026 enregistré : 1 EUR = 1,0791 USD.");
    expect(book.callsTo("exchange_rate_set")).toEqual([
      { month: "2026-02", from: "EUR", to: "USD", rate: "-1" },
      { month: "2026-02", from: "EUR", to: "USD", rate: "1.0791" },
    ]);
    // The list is read again: the new month comes first.
    await waitFor(() => expect(within(section).getAllByTestId("exchange-rate-row")).toHaveLength(2));
    expect(within(section).getAllByTestId("exchange-rate-row")[0]).toHaveTextContent("février 2026");
  });
});

describe("price list import", () => {
  it("picks the file in the system dialog and shows the meters imported, or the row and column refused", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const book = fakeBook({
      overrides: {
        markup_list: () => [],
        "plugin:dialog|open": () => "/data/prices-2026.csv",
        price_import: ({ path }) => {
          if (path === "/data/prices-2026.csv") return { meters: 1204, prices: 2408 };
          throw { code: "VALIDATION", message: "row 7, column ERP: 'abc' is not a number", message_fr: "ligne 7, colonne ERP : « abc » n'est pas un nombre", field: null };
        },
      },
    });
    render(<App />);
    await userEvent.click(await screen.findByTestId("nav-invoices"));
    await userEvent.click(await screen.findByTestId("invoices-markups"));
    await userEvent.click(await screen.findByTestId("price-import"));
    const dialog = await screen.findByTestId("price-import-dialog");

    await userEvent.type(within(dialog).getByTestId("price-import-path"), "/data/bad.csv");
    await userEvent.click(within(dialog).getByTestId("price-import-run"));
    expect(await within(dialog).findByTestId("price-import-error")).toHaveTextContent("The price list was refused; nothing was stored.");
    expect(within(dialog).getByTestId("price-import-errors")).toHaveTextContent("row 7, column ERP: 'abc' is not a number");

    await userEvent.click(within(dialog).getByTestId("price-import-choose"));
    expect(within(dialog).getByTestId("price-import-path")).toHaveValue("/data/prices-2026.csv");
    await userEvent.click(within(dialog).getByTestId("price-import-run"));
    expect(await within(dialog).findByTestId("price-import-done")).toHaveTextContent("1,204 meters imported (2,408 prices).");
    expect(within(dialog).queryByTestId("price-import-error")).toBeNull();
    expect(book.callsTo("price_import")).toEqual([{ path: "/data/bad.csv" }, { path: "/data/prices-2026.csv" }]);
  });
});

describe("incentives report", () => {
  it("shows each partner's MCI and Silver per currency for the month chosen", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const report = (month: string): IncentivesReport => ({
      month,
      partners:
        month === "2026-01"
          ? [
              { partner_id: office.id, partner_name: office.name, currency: "EUR", eligible_cost: "1000", mci: "20", silver: "10", total: "30" },
              { partner_id: office.id, partner_name: office.name, currency: "USD", eligible_cost: "500", mci: "10", silver: "0", total: "10" },
            ]
          : [],
    });
    const book = fakeBook({ overrides: { pec_audit: ({ month }) => ({ month, rows_checked: 0, rows: [], missing_total: {}, unexpected_total: {} }), incentives_report: ({ month }) => report(month as string) } });
    render(<App />);
    await userEvent.click(await screen.findByTestId("nav-usage"));
    expect(await screen.findByTestId("incentives-empty")).toHaveTextContent("No incentives earned this month.");
    await userEvent.selectOptions(screen.getByTestId("usage-month"), "2026-01");
    const rows = await screen.findAllByTestId("incentive-row");
    expect(rows).toHaveLength(2);
    expect(screen.getByTestId("incentives")).toHaveTextContent("Incentives of January 2026");
    expect(rows[0]).toHaveTextContent(`${office.name}EUR€1,000.00€20.00€10.00€30.00`);
    expect(rows[1]).toHaveTextContent("US$500.00US$10.00US$0.00US$10.00");
    expect(book.callsTo("incentives_report")).toContainEqual({ month: "2026-01" });
  });
});

describe("a customer's billing currency", () => {
  it("is shown on its page, set in its edit form, and a refusal lands under its field", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    // jsdom lays nothing out: give the list's scrolling box a size so the virtualiser shows rows.
    vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(function (this: HTMLElement) {
      return this.classList.contains("vtable-scroll") ? 440 : 0;
    });
    vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockImplementation(function (this: HTMLElement) {
      return this.classList.contains("vtable-scroll") ? 1000 : 0;
    });
    let current = { ...northwind };
    const book = fakeBook({
      overrides: {
        customer_search: () => ({ total: 1, offset: 0, rows: [{ id: northwind.id, tenant_id: northwind.tenant_id, name: northwind.name, domain: northwind.domain, country: northwind.country, partners: office.name, since: "2021-09-01" }] }),
        customer_show: () => current,
        partner_list: () => [office],
        transfer_list: () => [],
        customer_update: ({ input }) => {
          const i = input as { billing_currency: string };
          if (i.billing_currency === "EU") {
            throw { code: "VALIDATION", message: "unknown currency 'EU': give an ISO 4217 code such as EUR, USD or GBP", message_fr: "devise inconnue", field: "billing_currency" };
          }
          current = { ...current, billing_currency: i.billing_currency.toUpperCase() || null };
          return current;
        },
      },
    });
    render(<App />);
    await userEvent.click(await screen.findByTestId("nav-customers"));
    await userEvent.click((await screen.findAllByTestId("customer-row"))[0] as HTMLElement);
    expect(await screen.findByTestId("customer-billing-currency")).toHaveTextContent("The usage's currency");

    await userEvent.click(screen.getByTestId("customer-edit"));
    const form = await screen.findByTestId("customer-edit-form");
    await userEvent.type(within(form).getByTestId("customer-edit-billing_currency"), "EU");
    await userEvent.click(within(form).getByTestId("customer-edit-submit"));
    expect(await screen.findByTestId("customer-edit-billing_currency-error")).toHaveTextContent("unknown currency 'EU'");
    await userEvent.type(within(form).getByTestId("customer-edit-billing_currency"), "R");
    await userEvent.click(within(form).getByTestId("customer-edit-submit"));
    expect(await screen.findByTestId("customer-saved")).toHaveTextContent("Customer saved.");
    expect(book.callsTo("customer_update").at(-1)).toMatchObject({ id: northwind.id, input: { billing_currency: "EUR" } });
    await waitFor(() => expect(screen.getByTestId("customer-billing-currency")).toHaveTextContent("EUR"));
  });
});
