import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { CaseAction } from "../bindings/CaseAction";
import type { SupportCase } from "../bindings/SupportCase";
import { clearMocks, dashboardSummary, fakeBook, office } from "./fakeBook";

afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

const refusedMicrosoft = {
  action: "escalate_to_microsoft" as CaseAction,
  rule: "ESCALATION_NOT_ALLOWED",
  message: "An indirect reseller escalates to its provider, which takes the case to Microsoft. Only a direct partner or an indirect provider may open a case with Microsoft.",
  message_fr: "Un revendeur indirect escalade vers son fournisseur, qui porte l'incident chez Microsoft. Seul un partenaire direct ou un fournisseur indirect peut ouvrir un incident chez Microsoft.",
};

/** A reseller's customer case as the service shows it: held by the reseller, open. */
function resellerCase(over: Partial<SupportCase> = {}): SupportCase {
  return {
    id: "case-1",
    title: "Réservations en ligne indisponibles",
    severity: "critical",
    status: "open",
    customer_id: "c-chalet",
    customer_name: "Chalet Mont-Blanc",
    reseller_id: null,
    reseller_name: null,
    subscription_id: null,
    subscription_name: null,
    holder_id: "p-alpes",
    holder_name: "Alpes Informatique",
    holder_tier: "indirect-reseller",
    opened_on: "2026-03-02",
    opened_at: "2026-03-02T09:00:00",
    due_by: "2026-03-02T10:00:00",
    overdue: false,
    with_microsoft: false,
    microsoft_reference: null,
    partners: ["p-alpes"],
    history: [
      { on: "2026-03-02", at: "2026-03-02T09:00:00", action: "opened", by: "p-alpes", by_name: "Alpes Informatique", text: null, reference: null, holder_name: "Alpes Informatique" },
    ],
    allowed_actions: ["escalate_to_provider", "note", "resolve"],
    refusals: [refusedMicrosoft],
    as_of: "2026-03-02",
    ...over,
  };
}

function supportBook(start: SupportCase) {
  let stored = start;
  return fakeBook({
    overrides: {
      partner_list: () => [office],
      case_list: () => [stored],
      case_show: () => stored,
      case_escalate: ({ to, on }) =>
        (stored = {
          ...stored,
          status: "escalated",
          holder_id: "p-dist",
          holder_name: "EuroDistri",
          holder_tier: "indirect-provider",
          partners: ["p-alpes", "p-dist"],
          history: [
            ...stored.history,
            { on: on as string, at: `${on as string}T09:00:00`, action: to === "provider" ? "escalated_to_provider" : "escalated_to_microsoft", by: "p-alpes", by_name: "Alpes Informatique", text: null, reference: null, holder_name: "EuroDistri" },
          ],
          allowed_actions: ["escalate_to_microsoft", "note", "resolve"],
          refusals: [{ ...refusedMicrosoft, action: "escalate_to_provider", rule: "ESCALATION_NOT_ALLOWED", message: "An indirect provider is the last partner before Microsoft: it escalates to Microsoft." }],
        }),
    },
  });
}

const buttons = () => screen.getAllByRole("button").map((b) => b.getAttribute("data-testid")).filter((id) => id?.startsWith("case-") && !["case-back", "case-customer"].includes(id));

describe("support cases", () => {
  it("shows exactly the moves the case allows, each refused escalation with its rule, and escalates to the provider", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const book = supportBook(resellerCase());
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("nav-support"));
    expect(book.callsTo("case_list")[0]).toEqual({ filter: { partner_id: null, holder_id: null, customer_id: null, status: null, severity: null }, on: "2026-03-02" });
    await user.click(await screen.findByTestId("case-row"));
    await screen.findByTestId("case-page");

    // A reseller: the provider, a note, resolve; Microsoft is refused with its rule and why.
    expect(buttons()).toEqual(["case-escalate_to_provider", "case-note", "case-resolve"]);
    const refusal = screen.getByTestId("case-refusal-escalate_to_microsoft");
    expect(refusal).toHaveAttribute("data-rule", "ESCALATION_NOT_ALLOWED");
    expect(refusal).toHaveTextContent("Escalate to Microsoft");
    expect(refusal).toHaveTextContent("ESCALATION_NOT_ALLOWED");
    expect(refusal).toHaveTextContent("An indirect reseller escalates to its provider");

    await user.click(screen.getByTestId("case-escalate_to_provider"));
    const dialog = await screen.findByTestId("case-action-dialog");
    expect(within(dialog).getByTestId("case-action-on")).toHaveValue("2026-03-02");
    await user.click(within(dialog).getByTestId("case-action-confirm"));
    await waitFor(() => expect(screen.getByTestId("case-status")).toHaveAttribute("data-status", "escalated"));
    expect(book.callsTo("case_escalate")).toEqual([{ id: "case-1", to: "provider", on: "2026-03-02", reference: null }]);
    expect(screen.getByTestId("case-holder")).toHaveTextContent("EuroDistri");
    // Now the provider's moves: Microsoft is offered, a provider is not.
    expect(buttons()).toEqual(["case-escalate_to_microsoft", "case-note", "case-resolve"]);
    expect(screen.getByTestId("case-refusal-escalate_to_provider")).toBeInTheDocument();
    expect(screen.getByTestId("case-history")).toHaveTextContent("Alpes Informatique escalated to its provider EuroDistri");
  });

  it("a resolved case may be noted, reopened or closed and shows no refusal; in French", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("fr-FR");
    supportBook(resellerCase({ status: "resolved", allowed_actions: ["note", "reopen", "close"], refusals: [], overdue: false }));
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("nav-support"));
    await user.click(await screen.findByTestId("case-row"));
    await screen.findByTestId("case-page");
    expect(buttons()).toEqual(["case-note", "case-reopen", "case-close"]);
    expect(screen.queryByTestId("case-refusals")).toBeNull();
    expect(screen.getByTestId("case-reopen")).toHaveTextContent("Rouvrir");
    expect(screen.getByTestId("case-status")).toHaveTextContent("Résolu");
  });

  it("a closed case offers nothing", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    supportBook(resellerCase({ status: "closed", allowed_actions: [], refusals: [] }));
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("nav-support"));
    await user.click(await screen.findByTestId("case-row"));
    await screen.findByTestId("case-page");
    expect(buttons()).toEqual([]);
  });

  it("marks an overdue case in the list", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    supportBook(resellerCase({ overdue: true }));
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("nav-support"));
    const row = await screen.findByTestId("case-row");
    expect(row).toHaveAttribute("data-overdue", "true");
    expect(row).toHaveTextContent("Overdue");
  });

  it("the dashboard shows the service's open and overdue cases and opens the list", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    fakeBook({ overrides: { dashboard_summary: ({ on }) => dashboardSummary(on as string, { open_cases: 3, overdue_cases: 1 }), case_list: () => [resellerCase()] } });
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByTestId("dashboard-open-cases")).toHaveTextContent("3 open support cases");
    expect(screen.getByTestId("dashboard-overdue-cases")).toHaveTextContent("1 past its response target");
    await user.click(screen.getByTestId("dashboard-open-support"));
    expect(await screen.findByTestId("case-row")).toHaveTextContent("Réservations en ligne indisponibles");
  });
});
