import { render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { clearMocks, dashboardSummary, fakeBook } from "./fakeBook";

afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

describe("dashboard figures", () => {
  it("shows the service's figures as of the book date: active subscriptions by offer, this month's usage and invoiced totals, invoices by status", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const book = fakeBook({
      overrides: {
        dashboard_summary: ({ on }) =>
          dashboardSummary(on as string, {
            customers: 1234,
            partners: 3,
            active_subscriptions: 3,
            active_by_offer: [
              { offer: "AZURE_PLAN", count: 2 },
              { offer: "MS-AZR-0145P", count: 1 },
            ],
            usage_rows: 1200,
            usage_totals: { EUR: "345.6" },
            invoiced_totals: { EUR: "1200.30" },
            invoices_by_status: { draft: 1, issued: 3, paid: 1, voided: 1 },
            invoiced_by_month: [
              { month: "2026-01", totals: { EUR: "7" } },
              { month: "2026-02", totals: { EUR: "1200.30", USD: "30" } },
              { month: "2026-03", totals: {} },
            ],
          }),
      },
    });
    render(<App />);
    expect(await screen.findByTestId("dashboard-active")).toHaveTextContent("3");
    expect(book.callsTo("dashboard_summary")).toEqual([{ on: "2026-03-02" }]);
    expect(screen.getByTestId("dashboard-customers")).toHaveTextContent("1,234");
    const offers = screen.getByTestId("dashboard-offers");
    expect(within(offers).getByText("Azure plan").parentElement).toHaveTextContent("2");
    expect(within(offers).getByText("Previous Azure offer (legacy)").parentElement).toHaveTextContent("1");
    expect(screen.getByTestId("dashboard-usage")).toHaveTextContent("€345.60");
    expect(screen.getByTestId("dashboard-invoiced")).toHaveTextContent("€1,200.30");
    const statuses = screen.getByTestId("dashboard-statuses");
    expect(statuses.querySelector("[data-status=issued]")).toHaveTextContent("3");
    expect(statuses.querySelector("[data-status=draft]")).toHaveTextContent("1");
    expect(statuses.querySelector("[data-status=voided]")).toHaveTextContent("1");
    // The chart shows the office's currency, with the exact totals the service added.
    expect(screen.getByTestId("invoiced-chart")).toBeInTheDocument();
    const bars = screen.getAllByTestId("chart-bar");
    expect(bars.map((b) => [b.getAttribute("data-month"), b.getAttribute("data-total")])).toEqual([
      ["2026-01", "7"],
      ["2026-02", "1200.30"],
      ["2026-03", "0"],
    ]);
  });

  it("shows each currency's total apart, never added together, and a zero in the office's currency when nothing is invoiced", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    fakeBook({
      overrides: {
        dashboard_summary: ({ on }) => dashboardSummary(on as string, { invoiced_totals: { EUR: "0.3", USD: "30.00" } }),
      },
    });
    render(<App />);
    expect(await screen.findByTestId("dashboard-invoiced")).toHaveTextContent("€0.30 · US$30.00");
    expect(screen.getByTestId("dashboard-usage")).toHaveTextContent("€0.00");
  });
});
