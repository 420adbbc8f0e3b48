import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { CustomerRow } from "../bindings/CustomerRow";
import { clearMocks, fakeBook } from "./fakeBook";

const TOTAL = 100_000;
const name = (i: number) => `Customer ${String(i).padStart(6, "0")}`;
const row = (i: number): CustomerRow => ({
  id: `c-${i}`,
  tenant_id: `0000-${i}`,
  name: name(i),
  domain: `customer${i}.onmicrosoft.com`,
  country: "FR",
  partners: "Fabrikam Conseil",
  since: "2021-09-01",
});

function search({ query }: Record<string, unknown>) {
  const q = query as { text: string; offset: number; limit: number };
  if (q.text) {
    const hits = q.text === "000042" ? [row(42)] : [];
    return { total: hits.length, offset: q.offset, rows: hits.slice(q.offset, q.offset + q.limit) };
  }
  const end = Math.min(TOTAL, q.offset + q.limit);
  return { total: TOTAL, offset: q.offset, rows: Array.from({ length: end - q.offset }, (_, k) => row(q.offset + k)) };
}

// jsdom lays nothing out: give the list's scrolling box a size so the virtualiser shows rows.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(function (this: HTMLElement) {
    return this.classList.contains("vtable-scroll") ? 440 : 0;
  });
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockImplementation(function (this: HTMLElement) {
    return this.classList.contains("vtable-scroll") ? 1000 : 0;
  });
  vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
});

afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

describe("customers list", () => {
  it("shows 100,000 customers by pages, fetching only what scrolls into view", async () => {
    const book = fakeBook({ overrides: { customer_search: search } });
    render(<App />);
    await userEvent.click(await screen.findByTestId("nav-customers"));
    expect(await screen.findByText("100,000 customers")).toBeInTheDocument();
    expect(await screen.findByText(name(0))).toBeInTheDocument();

    // Only the rows in view (plus a few) exist in the page.
    const shown = screen.getAllByTestId("customer-row").length;
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThan(60);
    const pages = () => book.callsTo("customer_search").map((a) => (a.query as { offset: number }).offset);
    expect(pages()).toContain(0);
    expect(pages()).not.toContain(50_000);

    // Scrolling half way asks for that page only.
    const scroller = document.querySelector(".vtable-scroll") as HTMLElement;
    act(() => {
      scroller.scrollTop = 44 * 50_000;
      fireEvent.scroll(scroller);
    });
    expect(await screen.findByText(name(50_000))).toBeInTheDocument();
    expect(pages()).toContain(50_000);
    expect(pages().length).toBeLessThan(6);
    const sample = book.callsTo("customer_search").at(-1)?.query as { limit: number; sort: string };
    expect(sample).toMatchObject({ limit: 200, sort: "name" });
  });

  it("searches as the user types, and sorts from the column header", async () => {
    const book = fakeBook({ overrides: { customer_search: search } });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("nav-customers"));
    await screen.findByText(name(0));

    await user.type(screen.getByTestId("customer-search"), "000042");
    expect(await screen.findByText("1 customer")).toBeInTheDocument();
    expect(screen.getAllByTestId("customer-row")).toHaveLength(1);
    expect(screen.getByText(name(42))).toBeInTheDocument();
    // A pause in typing sends one query, not one per key.
    const texts = book.callsTo("customer_search").map((a) => (a.query as { text: string }).text);
    expect(texts.filter((t) => t.length > 0 && t !== "000042")).toHaveLength(0);

    await user.clear(screen.getByTestId("customer-search"));
    await user.type(screen.getByTestId("customer-search"), "nothing");
    expect(await screen.findByTestId("customers-no-match")).toHaveTextContent("No customer matches “nothing”.");

    await user.clear(screen.getByTestId("customer-search"));
    await screen.findByText(name(0));
    await user.click(screen.getByTestId("sort-domain"));
    await waitFor(() => expect(book.callsTo("customer_search").at(-1)?.query).toMatchObject({ sort: "domain", descending: false }));
    await user.click(screen.getByTestId("sort-domain"));
    await waitFor(() => expect(book.callsTo("customer_search").at(-1)?.query).toMatchObject({ sort: "domain", descending: true }));
    expect(screen.getByTestId("sort-domain").closest("[role=columnheader]")).toHaveAttribute("aria-sort", "descending");
  });
});
