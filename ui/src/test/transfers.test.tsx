import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { NewTransfer } from "../bindings/NewTransfer";
import type { Partner } from "../bindings/Partner";
import type { Subscription } from "../bindings/Subscription";
import type { Transfer } from "../bindings/Transfer";
import type { TransferCandidates } from "../bindings/TransferCandidates";
import { clearMocks, fakeBook, office } from "./fakeBook";
import { northwind, subscription, subscriptionHandlers } from "./fakeSubscriptions";

const target: Partner = { ...office, id: "p-target", name: "Contoso Cloud SAS", operating: false, enrolled_on: "2021-10-04", new_partner: true };
const distributor: Partner = { ...office, id: "p-dist", name: "Tailspin Distribution", tier: "indirect-provider", operating: false };

afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

function transferFrom(input: NewTransfer, id = "t-1"): Transfer {
  return {
    id,
    customer_id: input.customer_id,
    customer_name: northwind.name,
    source_partner_id: input.source_partner_id,
    source_partner_name: office.name,
    target_partner_id: input.target_partner_id,
    target_partner_name: target.name,
    created_on: input.on ?? "2026-03-02",
    last_accept_day: "2026-03-31",
    status: "pending",
    accepted_on: null,
    rejected_on: null,
    completed_on: null,
    subscriptions: input.subscription_ids.map((s) => ({ id: s, name: s === "s-legacy" ? "Northwind legacy" : "Northwind production" })),
    outcomes: [],
    reminder: null,
    reminder_fr: null,
    allowed_actions: ["accept", "reject"],
    target_providers: [],
  };
}

/** What `transfer_candidates` answers for Northwind: the office holds the movable subscriptions;
 *  the service leaves out what cannot move and who cannot receive (here a cancelled subscription
 *  and a distributor). */
function candidates(movable: Subscription[]): (args: Record<string, unknown>) => TransferCandidates {
  return ({ customerId, sourcePartnerId, on }) => {
    const source = (sourcePartnerId as string | null) ?? office.id;
    return {
      customer_id: customerId as string,
      on: on as string,
      sources: [{ id: office.id, name: office.name, tier: office.tier }],
      source_partner_id: source,
      subscriptions: source === office.id ? movable : [],
      targets: source === office.id ? [{ id: target.id, name: target.name, tier: target.tier, related: false }] : [],
    };
  };
}

/** The transfer commands over one stored request, moving through its states like the real ones. */
function transferBook() {
  const plan = subscription({ id: "s-plan", name: "Northwind production" });
  const legacy = subscription({ id: "s-legacy", name: "Northwind legacy", offer: "MS-AZR-0145P", created_on: "2020-04-01" });
  const subs = [plan, legacy, subscription({ id: "s-old", name: "Old lab", status: "cancelled", cancelled_on: "2022-03-31" })];
  let stored: Transfer | null = null;
  const book = fakeBook({
    overrides: {
      ...subscriptionHandlers(subs),
      partner_list: () => [office, target, distributor],
      transfer_candidates: candidates([plan, legacy]),
      transfer_list: () => (stored ? [stored] : []),
      transfer_show: () => stored,
      transfer_create: ({ input }) => (stored = transferFrom(input as NewTransfer)),
      transfer_accept: ({ on }) => (stored = { ...(stored as Transfer), status: "accepted", accepted_on: on as string, allowed_actions: ["complete"] }),
      transfer_complete: ({ on }) =>
        (stored = {
          ...(stored as Transfer),
          status: "completed",
          completed_on: on as string,
          allowed_actions: [],
          outcomes: [
            {
              subscription: "s-legacy",
              offer_before: "MS-AZR-0145P",
              offer_after: "AZURE_PLAN",
              rule: "TRANSFER_CONVERT_TO_AZURE_PLAN",
              message: "The previous offer is converted into the Azure plan as part of the transfer.",
              message_fr: "L'ancienne offre est convertie en plan Azure lors du transfert.",
            },
          ],
          reminder: `${target.name} holds no role on the transferred subscriptions yet: no admin rights, hence no partner-earned credit, until a role is granted.`,
          reminder_fr: `${target.name} n'a encore aucun rôle sur les abonnements transférés : pas de droits d'administration, donc pas de crédit PEC, tant qu'un rôle n'est pas attribué.`,
        }),
      customer_search: () => ({
        total: 1,
        offset: 0,
        rows: [{ id: northwind.id, tenant_id: northwind.tenant_id, name: northwind.name, domain: northwind.domain, country: "BE", partners: office.name, since: "2021-09-01" }],
      }),
    },
  });
  return book;
}

describe("transfers", () => {
  it("requests a transfer of a customer's subscriptions, then accepts and completes it, showing each outcome's rule and the access reminder", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const book = transferBook();
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("nav-transfers"));
    await user.click(await screen.findByTestId("transfers-new"));

    // Pick the customer by typing; the source proposed is the partner holding its subscriptions.
    await user.type(await screen.findByTestId("picker-search"), "north");
    await user.click(await screen.findByTestId("picker-option"));
    await waitFor(() => expect(screen.getByTestId("transfer-source")).toHaveValue(office.id));
    // The dialog shows the service's candidates for the customer on the request date; it filters nothing.
    expect(book.callsTo("transfer_candidates")[0]).toEqual({ customerId: northwind.id, sourcePartnerId: null, on: "2026-03-02" });
    // A provider holds no customers: it is not offered as the target.
    const targets = within(screen.getByTestId("transfer-target")).getAllByRole("option").map((o) => o.textContent);
    expect(targets.some((o) => o?.startsWith(target.name))).toBe(true);
    expect(targets.some((o) => o?.startsWith(distributor.name))).toBe(false);
    await user.selectOptions(screen.getByTestId("transfer-target"), target.id);
    expect(screen.getByTestId("transfer-target-hint")).toHaveTextContent("Contoso Cloud SAS has no reseller relationship with this customer yet");

    // Cancelled subscriptions cannot move (the service leaves them out); the others are proposed,
    // and the user may leave one out.
    const boxes = screen.getAllByTestId("transfer-subscription");
    expect(boxes.map((b) => (b as HTMLInputElement).value)).toEqual(["s-plan", "s-legacy"]);
    await user.click(boxes[0] as HTMLElement);
    fireEvent.change(screen.getByTestId("transfer-on"), { target: { value: "2026-03-05" } });
    await user.click(screen.getByTestId("transfer-submit"));

    expect(await screen.findByTestId("transfer-page")).toBeInTheDocument();
    expect(book.callsTo("transfer_create")).toEqual([
      { input: { customer_id: northwind.id, source_partner_id: office.id, target_partner_id: target.id, subscription_ids: ["s-legacy"], on: "2026-03-05" } },
    ]);
    expect(screen.getByTestId("transfer-status")).toHaveTextContent("Pending");
    expect(screen.getByTestId("transfer-last-day")).toHaveTextContent("31 March 2026");
    expect(screen.getByTestId("transfer-subscriptions")).toHaveTextContent("Decided on completion");

    await user.click(screen.getByTestId("transfer-accept"));
    await user.click(await screen.findByTestId("transfer-action-confirm"));
    await waitFor(() => expect(screen.getByTestId("transfer-status")).toHaveTextContent("Accepted"));
    expect(book.callsTo("transfer_accept")).toEqual([{ id: "t-1", on: "2026-03-02" }]);

    // Completing warns beforehand that access does not move.
    await user.click(screen.getByTestId("transfer-complete"));
    const dialog = await screen.findByTestId("transfer-action-dialog");
    expect(dialog).toHaveTextContent("Access does not move: Contoso Cloud SAS gets no role, hence no admin rights and no partner-earned credit (PEC), until it is granted one.");
    await user.click(within(dialog).getByTestId("transfer-action-confirm"));
    await waitFor(() => expect(screen.getByTestId("transfer-status")).toHaveTextContent("Completed"));
    const row = screen.getByTestId("transfer-subscription-row");
    expect(row).toHaveAttribute("data-rule", "TRANSFER_CONVERT_TO_AZURE_PLAN");
    expect(row).toHaveTextContent("Legacy → Azure plan");
    expect(row).toHaveTextContent("The previous offer is converted into the Azure plan as part of the transfer.");
    expect(screen.getByTestId("transfer-reminder")).toHaveTextContent("Contoso Cloud SAS holds no role on the transferred subscriptions yet");

    // The list shows it, completed.
    await user.click(screen.getByTestId("transfer-back"));
    expect(await screen.findByTestId("transfer-row")).toHaveTextContent("Completed");
  });

  it("starts from the customer's page, in French, and shows the command's refusal with its rule", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("fr-FR");
    // jsdom lays nothing out: give the customers list a size so its virtualiser shows the row.
    vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(function (this: HTMLElement) {
      return this.classList.contains("vtable-scroll") ? 440 : 0;
    });
    vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockImplementation(function (this: HTMLElement) {
      return this.classList.contains("vtable-scroll") ? 1000 : 0;
    });
    const refusal = {
      code: "TRANSFER_ALREADY_OPEN",
      message: "subscription s-plan is in request t-0 (pending): The subscription is already in another open transfer.",
      message_fr: "l'abonnement s-plan est dans la demande t-0 (pending) : L'abonnement est déjà dans un autre transfert en cours.",
    };
    const fake = fakeBook({
      overrides: {
        ...subscriptionHandlers([subscription({ id: "s-plan", name: "Northwind production" })]),
        partner_list: () => [office, target],
        transfer_candidates: candidates([subscription({ id: "s-plan", name: "Northwind production" })]),
        transfer_list: () => [],
        customer_search: () => ({ total: 1, offset: 0, rows: [{ id: northwind.id, tenant_id: "x", name: northwind.name, domain: northwind.domain, country: "BE", partners: "", since: null }] }),
        rule_list: () => [{ id: "TRANSFER_ALREADY_OPEN", en: "open", fr: "ouvert" }],
        transfer_create: () => {
          throw refusal;
        },
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("nav-customers"));
    await user.click(await screen.findByTestId("customer-row"));
    await user.click(await screen.findByTestId("customer-transfer"));
    const dialog = await screen.findByTestId("transfer-dialog");
    expect(within(dialog).getByRole("heading")).toHaveTextContent("Transférer des abonnements de Northwind Traders");
    await waitFor(() => expect(screen.getByTestId("transfer-source")).toHaveValue(office.id));
    await user.click(screen.getByTestId("transfer-submit"));
    expect(within(dialog).getByText("Obligatoire")).toBeInTheDocument();
    await user.selectOptions(screen.getByTestId("transfer-target"), target.id);
    await user.click(screen.getByTestId("transfer-submit"));
    const error = await screen.findByTestId("transfer-error");
    expect(error).toHaveTextContent("L'abonnement est déjà dans un autre transfert en cours.");
    expect(error).toHaveTextContent("Règle TRANSFER_ALREADY_OPEN");
    expect(fake.callsTo("transfer_create")).toHaveLength(1);
  });

  it("shows exactly the buttons of the request's allowed actions, whatever its status", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const input = { customer_id: northwind.id, source_partner_id: office.id, target_partner_id: target.id, subscription_ids: ["s-plan"], on: "2026-03-02" };
    const requests = [
      { ...transferFrom(input, "t-1"), allowed_actions: ["reject" as const] },
      { ...transferFrom(input, "t-2"), status: "expired" as const, allowed_actions: [] },
      { ...transferFrom(input, "t-3"), status: "completed" as const, allowed_actions: ["complete" as const, "accept" as const] },
    ];
    fakeBook({
      overrides: {
        ...subscriptionHandlers([subscription({ id: "s-plan", name: "Northwind production" })]),
        partner_list: () => [office, target],
        transfer_list: () => requests,
        transfer_show: ({ id }) => requests.find((r) => r.id === id),
      },
    });
    const user = userEvent.setup();
    render(<App />);
    const shown = async (row: number) => {
      await user.click(await screen.findByTestId("nav-transfers"));
      await user.click((await screen.findAllByTestId("transfer-row"))[row] as HTMLElement);
      const page = await screen.findByTestId("transfer-page");
      return within(page)
        .queryAllByRole("button")
        .map((b) => b.getAttribute("data-testid") ?? "")
        .filter((id) => ["transfer-accept", "transfer-reject", "transfer-complete"].includes(id));
    };
    expect(await shown(0)).toEqual(["transfer-reject"]);
    expect(await shown(1)).toEqual([]);
    expect(await shown(2)).toEqual(["transfer-complete", "transfer-accept"]);
  });

  it("asks which provider bills the moved subscriptions when the target reseller has several", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const input = { customer_id: northwind.id, source_partner_id: office.id, target_partner_id: target.id, subscription_ids: ["s-plan"], on: "2026-03-02" };
    const providers = [
      { id: "p-ingram", name: "Ingram Europe", since: "2019-03-01" },
      { id: "p-td", name: "TD Synnex France", since: "2020-01-06" },
    ];
    let stored: Transfer = { ...transferFrom(input), status: "accepted", accepted_on: "2026-03-03", allowed_actions: ["complete"], target_providers: providers };
    const book = fakeBook({
      overrides: {
        ...subscriptionHandlers([subscription({ id: "s-plan", name: "Northwind production" })]),
        partner_list: () => [office, target],
        transfer_list: () => [stored],
        transfer_show: () => stored,
        transfer_complete: ({ on, providerId }) => {
          if (!providerId) {
            throw {
              code: "VALIDATION",
              message: "this reseller has 2 providers: name the one that bills (--provider): Ingram Europe (p-ingram), TD Synnex France (p-td)",
              message_fr: "ce revendeur a 2 fournisseurs : nommez celui qui facture (--provider) : Ingram Europe (p-ingram), TD Synnex France (p-td)",
            };
          }
          return (stored = { ...stored, status: "completed", completed_on: on as string, allowed_actions: [] });
        },
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("nav-transfers"));
    await user.click(await screen.findByTestId("transfer-row"));
    await user.click(await screen.findByTestId("transfer-complete"));
    const dialog = await screen.findByTestId("transfer-action-dialog");
    expect(dialog).toHaveTextContent("Contoso Cloud SAS has several providers: the one chosen bills the moved subscriptions from the completion date.");
    const options = within(screen.getByTestId("transfer-provider")).getAllByRole("option").map((o) => o.textContent);
    expect(options).toEqual(["Choose a provider", "Ingram Europe", "TD Synnex France"]);
    // Unchosen, the command's refusal lists them; chosen, the transfer completes billed by it.
    await user.click(within(dialog).getByTestId("transfer-action-confirm"));
    expect(await within(dialog).findByText(/name the one that bills/)).toBeInTheDocument();
    await user.selectOptions(screen.getByTestId("transfer-provider"), "p-td");
    await user.click(within(dialog).getByTestId("transfer-action-confirm"));
    await waitFor(() => expect(screen.getByTestId("transfer-status")).toHaveTextContent("Completed"));
    expect(book.callsTo("transfer_complete").at(-1)).toEqual({ id: "t-1", on: "2026-03-02", providerId: "p-td" });
  });
});
