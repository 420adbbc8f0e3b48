import { render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { Invoice } from "../bindings/Invoice";
import { sumDecimal } from "../dashboard/figures";
import { clearMocks, fakeBook } from "./fakeBook";
import { subscription } from "./fakeSubscriptions";

afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

const doc = (over: Partial<Invoice>): Invoice =>
  ({ id: "i", kind: "invoice", status: "issued", number: "INV-1", currency: "EUR", month: "2026-02", issued_on: "2026-03-01", total: "0", ...over }) as Invoice;

describe("dashboard figures", () => {
  it("adds money exactly, as decimals", () => {
    expect(sumDecimal(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimal(["1481.40", "-1481.4", "12.005"])).toBe("12.005");
    expect(sumDecimal([])).toBe("0");
  });

  it("shows active subscriptions by offer, this month's usage and invoiced totals, and invoices by status", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    fakeBook({
      overrides: {
        subscription_list: () => [
          subscription({ id: "a" }),
          subscription({ id: "b" }),
          subscription({ id: "c", offer: "MS-AZR-0145P" }),
          subscription({ id: "d", status: "cancelled" }),
        ],
        invoice_list: () => [
          doc({ id: "1", total: "1000.10" }),
          doc({ id: "2", status: "paid", total: "200.20" }),
          doc({ id: "3", status: "voided", total: "50" }),
          doc({ id: "4", kind: "credit_note", total: "-50" }),
          doc({ id: "5", status: "draft", number: null, issued_on: null, total: "999" }),
          doc({ id: "6", issued_on: "2026-02-01", month: "2026-01", total: "7" }),
        ],
        usage_summary: ({ month }) => ({ month, rows: 1200, subscriptions: 2, customers: 1, erp_totals: { EUR: "345.6" }, groups: [] }),
      },
    });
    render(<App />);
    expect(await screen.findByTestId("dashboard-active")).toHaveTextContent("3");
    const offers = screen.getByTestId("dashboard-offers");
    expect(within(offers).getByText("Azure plan").parentElement).toHaveTextContent("2");
    expect(within(offers).getByText("Previous Azure offer (legacy)").parentElement).toHaveTextContent("1");
    expect(screen.getByTestId("dashboard-usage")).toHaveTextContent("€345.60");
    // Issued in March 2026 (the book date's month): 1000.10 + 200.20 + 50 − 50; drafts do not count.
    expect(screen.getByTestId("dashboard-invoiced")).toHaveTextContent("€1,200.30");
    const statuses = screen.getByTestId("dashboard-statuses");
    expect(statuses.querySelector("[data-status=issued]")).toHaveTextContent("3");
    expect(statuses.querySelector("[data-status=draft]")).toHaveTextContent("1");
    expect(screen.getByTestId("invoiced-chart")).toBeInTheDocument();
  });
});
