import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { Difference } from "../bindings/Difference";
import type { MarginRow } from "../bindings/MarginRow";
import type { MonthStatus } from "../bindings/MonthStatus";
import { clearMocks, fakeBook, office } from "./fakeBook";

beforeEach(() => {
  // jsdom draws no canvas: the chart is looked at in the real window's screenshots.
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
});

afterEach(() => {
  cleanup();
  clearMocks();
  vi.restoreAllMocks();
});

function difference(over: Partial<Difference>): Difference {
  return {
    code: "NOT_BILLED",
    customer_id: "c-1",
    reseller_id: null,
    subscription_id: "s-1",
    meter_id: null,
    customer_name: "Litware Logistique",
    reseller_name: null,
    subscription_name: "Litware ERP",
    meter_name: null,
    product: null,
    invoice_number: null,
    amount: "50.4",
    currency: "EUR",
    acknowledged: false,
    note: null,
    acknowledged_on: null,
    ...over,
  };
}

function status(over: Partial<MonthStatus> = {}): MonthStatus {
  return checked({
    month: "2026-02",
    issuer_id: office.id,
    closed: false,
    closed_on: null,
    microsoft: {
      invoices: [{ number: "G019283746", currency: "EUR", subtotal: "60", total: "72", lines: 3 }],
      usage_total: "19.5",
      invoice_total: "72",
      billed_rows: 120,
      unbilled_rows: 0,
    },
    differences: [
      difference({ code: "MS_USAGE_MISMATCH", amount: "0.1", invoice_number: "G019283746" }),
      difference({ code: "LATE_USAGE", customer_name: "Northwind", amount: "3" }),
    ],
    drafts: 0,
    closable: false,
    checklist: [],
    ...over,
  });
}

/** The checklist as the service derives it from the status (`month_end::checklist`). */
function checked(s: MonthStatus): MonthStatus {
  const m = s.microsoft;
  return {
    ...s,
    checklist: [
      { step: "usage", done: m.billed_rows > 0 && m.unbilled_rows === 0 },
      { step: "microsoft", done: m.invoices.length > 0 },
      { step: "drafts", done: s.drafts === 0 },
      { step: "differences", done: s.differences.every((d) => d.acknowledged) },
      { step: "close", done: s.closed },
    ],
  };
}

const margin: MarginRow[] = [
  { key: "c-1", name: "Litware Logistique", currency: "EUR", revenue: "36", cost: "27", cost_estimated: true, margin: "9", margin_percent: "25", pec_earned: "3", pec_lost: "1.5", negative: false },
  { key: "c-2", name: "Northwind", currency: "EUR", revenue: "10", cost: "12", cost_estimated: false, margin: "-2", margin_percent: "-20", pec_earned: "0", pec_lost: "0", negative: true },
];

function monthBook(start: MonthStatus) {
  let current = start;
  return fakeBook({
    overrides: {
      month_status: () => current,
      margin_report: () => margin,
      pec_audit: ({ month }) => ({
        month,
        rows_checked: 3,
        rows: [],
        missing_total: {},
        unexpected_total: {},
        lost: [{ subscription_id: "s-1", subscription_name: "Litware ERP", customer_id: "c-1", customer_name: "Litware Logistique", billing_partner_id: office.id, currency: "EUR", pec_lost: "1.5", days: ["2026-02-04", "2026-02-05"], missing: "owner" }],
      }),
      month_acknowledge: ({ index, note, on }) => {
        const differences = current.differences.map((d, i) => (i === index ? { ...d, acknowledged: true, note: note as string, acknowledged_on: on as string } : d));
        current = checked({ ...current, differences, closable: differences.every((d) => d.acknowledged) });
        return current;
      },
      month_close: ({ on }) => {
        current = checked({ ...current, closed: true, closed_on: on as string, closable: false });
        return current;
      },
    },
  });
}

async function openMonthEnd() {
  render(<App />);
  await userEvent.click(await screen.findByTestId("nav-monthEnd"));
}

describe("month-end", () => {
  it("walks the checklist: acknowledges each difference with a note, then closes the month", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const book = monthBook(status());
    await openMonthEnd();
    const steps = await screen.findAllByTestId("month-end-step");
    expect(steps.map((s) => [s.dataset.step, s.dataset.done])).toEqual([
      ["usage", "true"],
      ["microsoft", "true"],
      ["drafts", "true"],
      ["differences", "false"],
      ["close", "false"],
    ]);
    expect(screen.getByTestId("month-end-checklist")).toHaveTextContent("G019283746 (€72.00)");
    const rows = screen.getAllByTestId("difference-row");
    expect(rows.map((r) => r.dataset.code)).toEqual(["MS_USAGE_MISMATCH", "LATE_USAGE"]);
    expect(rows[1]).toHaveTextContent("Northwind");

    // The next action: acknowledge the first open difference, with a note.
    const next = screen.getByTestId("month-end-next");
    expect(next).toHaveAttribute("data-step", "differences");
    await userEvent.click(next);
    await userEvent.type(screen.getByTestId("acknowledge-note"), "Microsoft rounding");
    await userEvent.click(screen.getByTestId("acknowledge-confirm"));
    await waitFor(() => expect(book.callsTo("month_acknowledge")).toEqual([{ issuerId: office.id, month: "2026-02", index: 0, note: "Microsoft rounding", on: "2026-03-02" }]));
    await userEvent.click((await screen.findAllByTestId("difference-acknowledge"))[0] as HTMLElement);
    await userEvent.type(screen.getByTestId("acknowledge-note"), "billed in March");
    await userEvent.click(screen.getByTestId("acknowledge-confirm"));
    await waitFor(() => expect(screen.getAllByTestId("difference-acknowledged")).toHaveLength(2));

    await userEvent.click(await screen.findByTestId("month-end-next"));
    await userEvent.click(screen.getByTestId("month-close-confirm"));
    expect(await screen.findByTestId("month-end-closed")).toHaveTextContent("Closed on 2 Mar 2026");
    expect(book.callsTo("month_close")).toEqual([{ issuerId: office.id, month: "2026-02", on: "2026-03-02" }]);
    expect(screen.queryByTestId("month-end-next")).toBeNull();
  });

  it("shows the margin per customer, below cost flagged, and the PEC lost with its days, in French", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("fr-FR");
    monthBook(status({ drafts: 2 }));
    await openMonthEnd();
    expect(await screen.findByTestId("month-end-next")).toHaveTextContent("Émettre les brouillons");
    const rows = await screen.findAllByTestId("margin-row");
    // Lowest margin first.
    expect(rows[0]).toHaveTextContent("Northwind");
    expect(rows[0]).toHaveAttribute("data-negative", "true");
    expect(rows[0]).toHaveTextContent("Sous le coût");
    expect(rows[1]).toHaveTextContent("estimé");
    expect(rows[1]).toHaveTextContent("25 %");
    const lost = within(screen.getByTestId("month-end-pec-lost")).getByTestId("pec-lost-row");
    expect(lost).toHaveTextContent("2 jours");
    expect(lost).toHaveTextContent("Litware ERP");
    expect(lost).toHaveTextContent("Propriétaire (aucun rôle détenu)");
    expect(lost).toHaveTextContent("1,50");
  });
});
