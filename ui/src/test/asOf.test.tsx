import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { Subscription } from "../bindings/Subscription";
import { clearMocks, fakeBook, office } from "./fakeBook";
import { subscription, subscriptionHandlers } from "./fakeSubscriptions";

// jsdom lays nothing out: give the lists' scrolling boxes a size so the virtualiser shows rows.
beforeEach(() => {
  window.localStorage.clear();
  vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(function (this: HTMLElement) {
    return this.classList.contains("vtable-scroll") ? 440 : 0;
  });
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockImplementation(function (this: HTMLElement) {
    return this.classList.contains("vtable-scroll") ? 1000 : 0;
  });
});

afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

/** A book whose subscription reads as cancelled today and active as of any date before 2022-03-10. */
function book(demo: boolean) {
  const cancelled = subscription({ id: "s-erp", name: "ERP", status: "cancelled", cancelled_on: "2022-03-10" });
  const active = subscription({ id: "s-erp", name: "ERP" });
  // Before the cancellation the subscription is active; today (no date) it is cancelled.
  const on = (args: Record<string, unknown>) => ((args.asOf as string | null) ?? "9999-12-31") < "2022-03-10";
  const plain = subscriptionHandlers([cancelled]);
  return fakeBook({
    demo,
    overrides: {
      ...plain,
      subscription_list: (args) => [on(args) ? active : cancelled] satisfies Subscription[],
      subscription_show: (args) => (on(args) ? active : cancelled),
    },
  });
}

async function chooseAsOf(user: ReturnType<typeof userEvent.setup>, date: string) {
  const input = await screen.findByTestId("asof-date");
  fireEvent.change(input, { target: { value: date } });
  await user.type(input, "{enter}");
  await waitFor(() => expect(screen.getByTestId("asof-banner")).toBeInTheDocument());
}

/** Opens the suspend dialog of the first subscription of the list; returns the dialog. */
async function openSuspendDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId("nav-subscriptions"));
  await user.click(await screen.findByTestId("subscription-list-row"));
  await user.click(await screen.findByTestId("subscription-suspend"));
  return screen.findByTestId("status-dialog");
}

describe("the as-of date", () => {
  it("is the window's own: every dated read is asked as of it, nothing is written to the book, and it is kept for the book file", async () => {
    const fake = book(false);
    const user = userEvent.setup();
    const { unmount } = render(<App />);
    await user.click(await screen.findByTestId("nav-subscriptions"));
    await screen.findByTestId("subscription-list-row");
    expect(fake.callsTo("subscription_list").at(-1)).toEqual({ customerId: null, asOf: null });

    await chooseAsOf(user, "2022-03-09");
    await waitFor(() => expect(fake.callsTo("subscription_list").at(-1)).toEqual({ customerId: null, asOf: "2022-03-09" }));
    expect(fake.callsTo("partner_operating").at(-1)).toEqual({ asOf: "2022-03-09" });
    expect(screen.getByTestId("asof-banner")).toHaveTextContent("New entries are still dated today");
    // The subscription page reads the same date: active, with its buttons.
    await user.click(await screen.findByTestId("subscription-list-row"));
    await waitFor(() => expect(screen.getByTestId("subscription-status")).toHaveTextContent("Active"));
    expect(fake.callsTo("subscription_show").at(-1)).toEqual({ id: "s-erp", asOf: "2022-03-09" });
    expect(screen.getByTestId("subscription-cancel")).toBeInTheDocument();
    // The dashboard is asked for that date too.
    await user.click(screen.getByTestId("nav-dashboard"));
    await waitFor(() => expect(fake.callsTo("dashboard_summary").at(-1)).toEqual({ on: "2022-03-09" }));
    // Not a setting of the book.
    expect(fake.callsTo("settings_set")).toEqual([]);

    // A new window on the same book file opens at the date last chosen.
    unmount();
    render(<App />);
    await waitFor(() => expect(screen.getByTestId("asof-date")).toHaveValue("2022-03-09"));
    // Back to today: the book as it is.
    await user.click(screen.getByTestId("asof-today"));
    await waitFor(() => expect(screen.queryByTestId("asof-banner")).not.toBeInTheDocument());
    await user.click(await screen.findByTestId("nav-subscriptions"));
    await waitFor(() => expect(fake.callsTo("subscription_list").at(-1)).toEqual({ customerId: null, asOf: null }));
    expect(window.localStorage.length).toBe(0);
  }, 30_000);

  it("leaves a real book's write dates on the computer's date, shown and changeable in the dialog", async () => {
    const fake = book(false);
    const user = userEvent.setup();
    render(<App />);
    await chooseAsOf(user, "2022-03-09");
    const dialog = await openSuspendDialog(user);
    expect(within(dialog).getByTestId("status-on")).toHaveValue("2026-03-02");
    fireEvent.change(within(dialog).getByTestId("status-on"), { target: { value: "2022-03-09" } });
    await user.click(within(dialog).getByTestId("status-confirm"));
    await waitFor(() => expect(fake.callsTo("subscription_suspend")).toEqual([{ id: "s-erp", on: "2022-03-09" }]));
  });

  it("dates a demo book's writes on the date it is viewed at", async () => {
    book(true);
    const user = userEvent.setup();
    render(<App />);
    await chooseAsOf(user, "2022-03-09");
    expect(screen.getByTestId("asof-banner")).toHaveTextContent("its new entries are dated that day");
    expect(within(await openSuspendDialog(user)).getByTestId("status-on")).toHaveValue("2022-03-09");
  });

  it("defaults a write to the date the service gives for the date viewed at", async () => {
    // Whatever the rule, the window shows the service's answer: here a date of its own.
    const fake = fakeBook({
      overrides: {
        ...subscriptionHandlers([subscription({ id: "s-erp", name: "ERP" })]),
        book_dates: ({ asOf }) => ({ today: (asOf as string | null) ?? "2026-03-02", write_today: asOf ? "2022-01-15" : "2026-03-02", demo: false }),
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await chooseAsOf(user, "2022-03-09");
    expect(within(await openSuspendDialog(user)).getByTestId("status-on")).toHaveValue("2022-01-15");
    expect(fake.callsTo("book_dates")).toContainEqual({ asOf: "2022-03-09" });
  });

  it("views the book on 21 July 2021 from the phase 1 chip", async () => {
    const fake = book(false);
    const user = userEvent.setup();
    render(<App />);
    const input = await screen.findByTestId("asof-date");
    await user.click(await screen.findByTestId("asof-phase1"));
    await waitFor(() => expect(fake.callsTo("partner_operating").at(-1)).toEqual({ asOf: "2021-07-21" }));
    expect(input).toHaveValue("2021-07-21");
    expect(screen.getByTestId("asof-phase1")).toHaveAttribute("aria-pressed", "true");
  });

  it("shows the partners page as of the date: a partner's tier and its provider then", async () => {
    const provider = { ...office, id: "p-distri", name: "EuroDistri Cloud SA", tier: "indirect-provider" as const, operating: false };
    const lumen = { ...office, id: "p-lumen", name: "Lumen Conseil SARL", operating: false };
    // Lumen moves under EuroDistri on 2022-03-01.
    const partners = (asOf: string | null) => {
      const moved = (asOf ?? "9999-12-31") >= "2022-03-01";
      const link = (p: typeof office) => ({ id: p.id, name: p.name, since: "2022-03-01" });
      return [
        office,
        { ...provider, resellers: moved ? [link(lumen)] : [] },
        moved ? { ...lumen, tier: "indirect-reseller" as const, providers: [link(provider)] } : lumen,
      ];
    };
    const fake = fakeBook({ overrides: { partner_list: (args) => partners((args.asOf as string | null) ?? null) } });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("nav-partners"));
    const links = await screen.findByTestId("partner-links-p-lumen");
    expect(links).toHaveTextContent("EuroDistri Cloud SA");
    expect(links.closest("tr")).toHaveTextContent("Indirect reseller");

    await chooseAsOf(user, "2022-02-28");
    await waitFor(() => expect(fake.callsTo("partner_list").at(-1)).toEqual({ asOf: "2022-02-28" }));
    await waitFor(() => expect(screen.getByTestId("partner-links-p-lumen")).toHaveTextContent("—"));
    expect(screen.getByTestId("partner-links-p-lumen").closest("tr")).toHaveTextContent("Direct (1-tier)");
    expect(screen.getByTestId("partner-links-p-distri")).toHaveTextContent("—");
  });
});
