import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { ImportResult } from "../bindings/ImportResult";
import type { UsageSummary } from "../bindings/UsageSummary";
import { clearMocks, fakeBook } from "./fakeBook";

afterEach(() => {
  // Unmount first: the import dialog stops listening to the app's events while they still exist.
  cleanup();
  clearMocks();
  vi.restoreAllMocks();
});

const empty = (month: string): UsageSummary => ({ month, rows: 0, subscriptions: 0, customers: 0, erp_totals: {}, groups: [] });
const summary: UsageSummary = {
  month: "2026-02",
  rows: 250000,
  subscriptions: 1,
  customers: 1,
  erp_totals: { EUR: "9876.5" },
  groups: [
    { customer_id: "c-1", customer_name: "Litware Logistique", subscription_id: "s-1", subscription_name: "Litware ERP", meter_category: "Virtual Machines", currency: "EUR", rows: 250000, quantity: "98765", erp_amount: "9876.5" },
  ],
};
const audit = (month: string) => ({
  month,
  rows_checked: 250000,
  rows: [
    { usage_id: 7, usage_date: "2026-02-03", customer_id: "c-1", subscription_id: "s-1", partner_id: "p-office", billing_partner_id: "p-office", meter_id: "vm", meter_name: "D2s v5", quantity: "10", finding: "missing", admin_rights: true, pec_eligible: true, currency: "EUR", amount_at_stake: "0.14" },
  ],
  missing_total: { EUR: "0.14" },
  unexpected_total: {},
});

describe("usage", () => {
  it("imports a file with a progress bar fed by the app's events, then shows the month", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    let finish: (r: ImportResult) => void = () => undefined;
    let imported = false;
    const book = fakeBook({
      overrides: {
        usage_summary: ({ month }) => (imported ? summary : empty(month as string)),
        pec_audit: ({ month }) => (imported ? audit(month as string) : { ...audit(month as string), rows_checked: 0, rows: [], missing_total: {} }),
        usage_import: () =>
          new Promise<ImportResult>((resolve) => {
            finish = (r) => {
              imported = true;
              resolve(r);
            };
          }),
      },
    });
    render(<App />);
    await userEvent.click(await screen.findByTestId("nav-usage"));
    expect(await screen.findByTestId("usage-empty")).toHaveTextContent("No usage imported for February 2026.");
    await userEvent.click(screen.getByTestId("usage-import"));
    await userEvent.type(screen.getByTestId("usage-import-path"), "/data/usage-feb.csv");
    await userEvent.click(screen.getByTestId("usage-import-run"));
    expect(await screen.findByTestId("usage-import-progress")).toBeInTheDocument();
    expect(book.callsTo("usage_import")).toEqual([{ path: "/data/usage-feb.csv", options: { adopt: true, partner_id: null } }]);

    await act(() => emit("usage-import-progress", { rows: 120000, bytes: 96_000_000, total_bytes: 200_000_000 }));
    await waitFor(() => expect(screen.getByTestId("usage-import-rows")).toHaveTextContent("120,000 rows read"));
    // The file's size is known: the bar shows how far into it the import is, out of 100.
    expect(screen.getByTestId("usage-import-progress")).toHaveAttribute("aria-valuenow", "48");
    expect(screen.getByTestId("usage-import-progress")).toHaveAttribute("aria-valuemax", "100");
    // The window stays usable while the file is read: the dialog's controls are only disabled.
    expect(screen.getByTestId("usage-import-path")).toBeDisabled();

    await act(async () => finish({ imported: 249990, skipped_duplicates: 10, adopted_customers: 1, adopted_subscriptions: 1, billed: 250000, unbilled: 0, became_billed: 0, withdrawn: 0 }));
    expect(await screen.findByTestId("usage-import-done")).toHaveTextContent("249,990 rows imported.");
    expect(screen.getByTestId("usage-import-done")).toHaveTextContent("10 rows already imported, skipped.");
    expect(screen.queryByTestId("usage-import-progress")).toBeNull();
    await userEvent.click(screen.getByTestId("usage-import-close"));

    expect(await screen.findByTestId("usage-erp")).toHaveTextContent("€9,876.50");
    expect(screen.getByTestId("usage-row")).toHaveTextContent("Litware ERP");
    const pec = screen.getByTestId("pec-row");
    expect(pec).toHaveAttribute("data-finding", "missing");
    expect(pec).toHaveTextContent("Litware Logistique");
    expect(pec).toHaveTextContent("€0.14");
    expect(screen.getByTestId("pec-missing-total")).toHaveTextContent("€0.14");
  });

  it("lists the refused file's errors; nothing was stored", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    fakeBook({
      overrides: {
        usage_summary: ({ month }) => empty(month as string),
        pec_audit: ({ month }) => ({ ...audit(month as string), rows: [], missing_total: {} }),
        usage_import: () => {
          throw {
            code: "VALIDATION",
            message: "row 12, column UsageDate: '2026-13-01' is not a date (MM/DD/YYYY)\nrow 40, column Quantity: 'ten' is not a number",
            message_fr: "ligne 12, colonne UsageDate : « 2026-13-01 » n'est pas une date (MM/JJ/AAAA)\nligne 40, colonne Quantity : « ten » n'est pas un nombre",
          };
        },
      },
    });
    render(<App />);
    await userEvent.click(await screen.findByTestId("nav-usage"));
    await userEvent.click(await screen.findByTestId("usage-import"));
    await userEvent.type(screen.getByTestId("usage-import-path"), "/data/bad.csv");
    await userEvent.click(screen.getByTestId("usage-import-adopt"));
    await userEvent.click(screen.getByTestId("usage-import-run"));
    const errors = await screen.findByTestId("usage-import-errors");
    expect(screen.getByTestId("usage-import-error")).toHaveTextContent("The file was refused; nothing was stored");
    const items = errors.querySelectorAll("li");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("row 12, column UsageDate");
    expect(items[1]).toHaveTextContent("row 40, column Quantity");
    // The run button stays: the user can fix the file and try again.
    expect(screen.getByTestId("usage-import-run")).toBeEnabled();
  });
});
