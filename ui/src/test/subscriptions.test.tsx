import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { CustomerRow } from "../bindings/CustomerRow";
import type { Subscription } from "../bindings/Subscription";
import { clearMocks, fakeBook, office } from "./fakeBook";
import { northwind, subscription, subscriptionHandlers } from "./fakeSubscriptions";

const row: CustomerRow = {
  id: northwind.id,
  tenant_id: northwind.tenant_id,
  name: northwind.name,
  domain: northwind.domain,
  country: "BE",
  partners: office.name,
  since: "2021-09-01",
};

const ownerRule = {
  id: "OWNER_RISK_ACK_REQUIRED",
  en: "An owner can change services and manage users: confirm the risk (Contributor is recommended).",
  fr: "Un propriétaire peut modifier les services et gérer les utilisateurs : confirmez le risque (Contributeur est recommandé).",
};

function book(subs: Subscription[]) {
  return fakeBook({
    overrides: {
      ...subscriptionHandlers(subs),
      customer_search: () => ({ total: 1, offset: 0, rows: [row] }),
      rule_list: () => [ownerRule, { id: "LEGACY_NEW_CUSTOMER", en: "new", fr: "nouveau" }],
    },
  });
}

// jsdom lays nothing out: give the lists' scrolling boxes a size so the virtualiser shows rows.
beforeEach(() => {
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

async function openSubscription(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(await screen.findByTestId("nav-subscriptions"));
  const rows = await screen.findAllByTestId("subscription-list-row");
  const target = rows.find((r) => within(r).getByTestId("subscription-list-name").textContent === name);
  if (!target) throw new Error(`no row ${name}`);
  await user.click(target);
  return screen.findByTestId("subscription-page");
}

describe("order dialog", () => {
  it("lists every offer with its rule on the chosen date, keeps refused ones in view but disabled, and orders the Azure plan", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("fr-FR");
    const subs = [subscription({ name: "Northwind production" })];
    const fake = book(subs);
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("nav-customers"));
    await user.click(await screen.findByTestId("customer-row"));
    expect(await screen.findByText("Northwind production")).toBeInTheDocument();
    await user.click(screen.getByTestId("customer-order"));

    // On the book date (after phase 1) the previous offer is refused for this new customer: it
    // stays listed, disabled, with the rule and its reason in French.
    const legacy = await screen.findByTestId("order-offer-MS-AZR-0145P");
    expect(legacy).toHaveAttribute("data-allowed", "false");
    expect(within(legacy).getByRole("radio")).toBeDisabled();
    expect(within(legacy).getByText("Les clients acquis à partir du 21 juillet 2021 n'achètent que le plan Azure.")).toBeInTheDocument();
    expect(within(legacy).getByText("Règle LEGACY_NEW_CUSTOMER")).toBeInTheDocument();
    expect(within(legacy).getByText("Refusée")).toBeInTheDocument();
    const plan = screen.getByTestId("order-offer-AZURE_PLAN");
    expect(within(plan).getByRole("radio")).toBeChecked();
    expect(within(plan).getByText("Règle AZURE_PLAN_OPEN")).toBeInTheDocument();
    expect(within(screen.getByTestId("order-offer-MS-AZR-0159P")).getByRole("radio")).toBeDisabled();
    expect(fake.callsTo("offer_check_all")).toContainEqual({ partnerId: office.id, customerId: northwind.id, on: "2026-03-02" });

    // Before phase 1 the same offer is allowed: the dialog asks again when the date changes.
    fireEvent.change(screen.getByTestId("order-on"), { target: { value: "2021-07-01" } });
    await waitFor(() => expect(screen.getByTestId("order-offer-MS-AZR-0145P")).toHaveAttribute("data-allowed", "true"));
    expect(screen.getByText("Règle LEGACY_BEFORE_PHASE1")).toBeInTheDocument();
    expect(screen.getByText("Offres au 1 juillet 2021")).toBeInTheDocument();
    await user.click(within(screen.getByTestId("order-offer-MS-AZR-0145P")).getByRole("radio"));

    // Back to the book date: the chosen offer is refused again, so the choice falls back to the plan.
    fireEvent.change(screen.getByTestId("order-on"), { target: { value: "2026-03-02" } });
    await waitFor(() => expect(screen.getByTestId("order-offer-MS-AZR-0145P")).toHaveAttribute("data-allowed", "false"));
    expect(within(screen.getByTestId("order-offer-AZURE_PLAN")).getByRole("radio")).toBeChecked();

    await user.click(screen.getByTestId("order-submit"));
    expect(await screen.findByTestId("subscription-page")).toBeInTheDocument();
    expect(fake.callsTo("subscription_add")).toEqual([
      { input: { partner_id: office.id, customer_id: northwind.id, offer: "AZURE_PLAN", on: "2026-03-02", name: null, id: null, provider_id: null } },
    ]);
    expect(screen.getByTestId("subscription-back")).toHaveTextContent("Retour à Northwind Traders");
    expect(screen.getByTestId("subscription-name")).toHaveTextContent("Plan Azure");
  });

  it("orders APSS for the office's own tenant from the Partners screen, with no customer", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const own = subscription({ id: "s-own", customer_id: null, customer_name: null, offer: "MS-AZR-0159P", name: "Fabrikam labs" });
    const fake = book([own]);
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("nav-partners"));
    expect(await within(await screen.findByTestId("own-tenant-card")).findByText("Fabrikam labs")).toBeInTheDocument();
    await user.click(screen.getByTestId("own-tenant-order"));
    await screen.findByTestId("order-offer-MS-AZR-0159P");
    expect(fake.callsTo("offer_check_all")).toContainEqual({ partnerId: office.id, customerId: null, on: "2026-03-02" });
  });
});

describe("subscription page", () => {
  it("shows status, dates, partner of record and billing partner, and suspends then cancels on chosen dates", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const subs = [
      subscription({
        id: "s-7",
        name: "Northwind production",
        partner_id: "p-res",
        partner_name: "Adatum Revente",
        billing_partner_id: "p-dist",
        billing_partner_name: "Tailspin Distribution",
        role_history: [
          { subscription_id: "s-7", principal: "partner:p-res", role: "owner", scope: null, since: "2021-09-02", until: null, owner_risk_acknowledged: false },
          { subscription_id: "s-7", principal: "customer", role: "reader", scope: null, since: "2021-09-03", until: "2022-01-10", owner_risk_acknowledged: false },
        ],
      }),
    ];
    const fake = book(subs);
    const user = userEvent.setup();
    render(<App />);
    await openSubscription(user, "Northwind production");

    expect(screen.getByTestId("subscription-status")).toHaveTextContent("Active");
    expect(screen.getByTestId("subscription-partner")).toHaveTextContent("Adatum Revente");
    expect(screen.getByTestId("subscription-billing")).toHaveTextContent("Tailspin Distribution");
    expect(screen.getByTestId("subscription-customer")).toHaveTextContent("Northwind Traders");
    expect(screen.getByTestId("subscription-created")).toHaveTextContent("2 September 2021");
    expect(screen.getByTestId("subscription-cancelled")).toHaveTextContent("—");

    // Current roles only in the table; the revoked one stays, dated, in the history.
    const roles = screen.getAllByTestId("role-row");
    expect(roles).toHaveLength(1);
    expect(roles[0]).toHaveTextContent("p-res");
    const history = screen.getByTestId("subscription-history");
    expect(within(history).getByText("Reader revoked from Northwind Traders (customer)")).toBeInTheDocument();
    expect(within(history).getByText("10 January 2022")).toBeInTheDocument();

    // Suspend on the book date (proposed), after a confirmation.
    await user.click(screen.getByTestId("subscription-suspend"));
    const dialog = await screen.findByTestId("status-dialog");
    expect(within(dialog).getByTestId("status-on")).toHaveValue("2026-03-02");
    await user.click(within(dialog).getByTestId("status-confirm"));
    await waitFor(() => expect(screen.getByTestId("subscription-status")).toHaveTextContent("Suspended"));
    expect(fake.callsTo("subscription_suspend")).toEqual([{ id: "s-7", on: "2026-03-02" }]);
    expect(screen.getByTestId("subscription-notice")).toHaveTextContent("Suspended from 2 March 2026.");
    expect(screen.queryByTestId("subscription-suspend")).not.toBeInTheDocument();
    expect(screen.getByTestId("subscription-reactivate")).toBeInTheDocument();

    // Cancel on another date; nothing is sent until the user confirms.
    await user.click(screen.getByTestId("subscription-cancel"));
    fireEvent.change(await screen.findByTestId("status-on"), { target: { value: "2026-03-31" } });
    expect(fake.callsTo("subscription_cancel")).toHaveLength(0);
    await user.click(screen.getByTestId("status-confirm"));
    await waitFor(() => expect(screen.getByTestId("subscription-status")).toHaveTextContent("Cancelled"));
    expect(fake.callsTo("subscription_cancel")).toEqual([{ id: "s-7", on: "2026-03-31" }]);
    expect(screen.getByTestId("subscription-cancelled")).toHaveTextContent("31 March 2026");
    expect(screen.queryByTestId("subscription-reactivate")).not.toBeInTheDocument();
  });

  it("shows exactly the buttons of the subscription's allowed actions, whatever its status", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    book([
      subscription({ id: "s-a", name: "Only cancel", allowed_actions: ["cancel"] }),
      subscription({ id: "s-b", name: "Nothing", allowed_actions: [] }),
      subscription({ id: "s-c", name: "Cancelled yet listed", status: "cancelled", cancelled_on: "2022-03-31", allowed_actions: ["reactivate", "suspend"] }),
    ]);
    const user = userEvent.setup();
    render(<App />);
    const shown = async (name: string) => {
      const page = await openSubscription(user, name);
      return within(page)
        .queryAllByRole("button")
        .map((b) => b.getAttribute("data-testid") ?? "")
        .filter((id) => ["subscription-suspend", "subscription-reactivate", "subscription-cancel"].includes(id));
    };
    expect(await shown("Only cancel")).toEqual(["subscription-cancel"]);
    expect(await shown("Nothing")).toEqual([]);
    expect(await shown("Cancelled yet listed")).toEqual(["subscription-reactivate", "subscription-suspend"]);
  });

  it("shows the grant form exactly when the subscription's view says a role may be granted", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    book([
      subscription({ id: "s-a", name: "Active, closed to grants", can_grant: false }),
      subscription({ id: "s-b", name: "Cancelled, open to grants", status: "cancelled", cancelled_on: "2022-03-31", can_grant: true }),
    ]);
    const user = userEvent.setup();
    render(<App />);
    let page = await openSubscription(user, "Active, closed to grants");
    expect(within(page).queryByTestId("grant-form")).toBeNull();
    page = await openSubscription(user, "Cancelled, open to grants");
    expect(within(page).getByTestId("grant-form")).toBeInTheDocument();
  });

  it("shows the owner risk before making the customer an owner, and needs an explicit confirmation", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const fake = book([subscription()]);
    const user = userEvent.setup();
    render(<App />);
    await openSubscription(user, "Azure plan");

    // Contributor is proposed for the customer.
    expect(screen.getByTestId("grant-principal")).toHaveValue("customer");
    expect(screen.getByTestId("grant-role")).toHaveValue("contributor");
    expect(screen.getByRole("option", { name: "Contributor (recommended)" })).toBeInTheDocument();

    await user.selectOptions(screen.getByTestId("grant-role"), "owner");
    expect(screen.getByTestId("owner-risk-hint")).toHaveTextContent("Contributor is recommended");
    await user.click(screen.getByTestId("grant-submit"));
    const dialog = await screen.findByTestId("owner-risk-dialog");
    expect(within(dialog).getByText(ownerRule.en)).toBeInTheDocument();
    expect(within(dialog).getByText("Rule OWNER_RISK_ACK_REQUIRED")).toBeInTheDocument();
    expect(fake.callsTo("role_grant")).toHaveLength(0);

    // Owner stays out of reach until the risk is acknowledged.
    const owner = within(dialog).getByTestId("owner-risk-confirm");
    expect(owner).toBeDisabled();
    await user.click(within(dialog).getByTestId("owner-risk-ack"));
    expect(owner).toBeEnabled();
    await user.click(owner);
    await waitFor(() => expect(screen.queryByTestId("owner-risk-dialog")).not.toBeInTheDocument());
    expect(fake.callsTo("role_grant")).toEqual([
      { input: { subscription_id: "s-1", principal: "customer", role: "owner", on: "2026-03-02", scope: null, acknowledge_owner_risk: true } },
    ]);
    const granted = await screen.findByText("Northwind Traders (customer)", { selector: "td" });
    expect(granted.closest("tr")).toHaveTextContent("risk acknowledged");
    expect(screen.getByTestId("access-notice")).toHaveTextContent("Owner granted to Northwind Traders (customer) from 2 March 2026.");
  });

  it("grants Contributor instead when the user takes the suggestion", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("fr-FR");
    const fake = book([subscription()]);
    const user = userEvent.setup();
    render(<App />);
    await openSubscription(user, "Plan Azure");
    await user.selectOptions(screen.getByTestId("grant-role"), "owner");
    await user.click(screen.getByTestId("grant-submit"));
    const dialog = await screen.findByTestId("owner-risk-dialog");
    expect(within(dialog).getByText(ownerRule.fr)).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Attribuer Contributeur à la place" }));
    expect(await screen.findByTestId("access-notice")).toHaveTextContent("Contributeur attribué à Northwind Traders (client) à partir du 2 mars 2026.");
    expect(fake.callsTo("role_grant")).toEqual([
      { input: { subscription_id: "s-1", principal: "customer", role: "contributor", on: "2026-03-02", scope: null, acknowledge_owner_risk: false } },
    ]);
  });

  it("revokes a role on a date, keeping it in the history", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const sub = subscription();
    sub.role_history.push({ subscription_id: "s-1", principal: "customer", role: "contributor", scope: "rg-web", since: "2021-09-03", until: null, owner_risk_acknowledged: false });
    const fake = book([sub]);
    const user = userEvent.setup();
    render(<App />);
    await openSubscription(user, "Azure plan");
    const customerRow = screen.getAllByTestId("role-row").find((r) => r.getAttribute("data-principal") === "customer");
    expect(customerRow).toHaveTextContent("Resource group rg-web");
    await user.click(within(customerRow as HTMLElement).getByTestId("role-revoke"));
    fireEvent.change(await screen.findByTestId("revoke-on"), { target: { value: "2025-12-31" } });
    await user.click(screen.getByTestId("revoke-confirm"));
    expect(await screen.findByTestId("access-notice")).toHaveTextContent("Contributor revoked from Northwind Traders (customer) on 31 December 2025.");
    expect(fake.callsTo("role_revoke")).toEqual([{ input: { subscription_id: "s-1", principal: "customer", role: "contributor", on: "2025-12-31", scope: "rg-web" } }]);
    expect(screen.getAllByTestId("role-row")).toHaveLength(1);
    expect(within(screen.getByTestId("subscription-history")).getByText("Contributor revoked from Northwind Traders (customer) on resource group rg-web")).toBeInTheDocument();
  });
});

describe("subscriptions list", () => {
  it("lists every subscription and filters by status, offer and customer", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    book([
      subscription({ id: "s-1", name: "Northwind production" }),
      subscription({ id: "s-2", name: "Contoso R&D", offer: "MS-AZR-0145P", customer_id: "c-contoso", customer_name: "Contoso Pharma", created_on: "2020-04-01" }),
      subscription({ id: "s-3", name: "Old lab", status: "cancelled", cancelled_on: "2022-03-31", customer_id: "c-contoso", customer_name: "Contoso Pharma", created_on: "2019-01-01" }),
      subscription({ id: "s-4", name: "Fabrikam labs", offer: "MS-AZR-0159P", customer_id: null, customer_name: null }),
    ]);
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("nav-subscriptions"));
    expect(await screen.findByTestId("subscription-count")).toHaveTextContent("4 subscriptions");
    const names = () => screen.getAllByTestId("subscription-list-name").map((e) => e.textContent);
    // Newest first.
    expect(names()).toEqual(["Northwind production", "Fabrikam labs", "Contoso R&D", "Old lab"]);
    expect(screen.getByText("Own tenant")).toBeInTheDocument();

    await user.selectOptions(screen.getByTestId("subscription-status-filter"), "cancelled");
    expect(names()).toEqual(["Old lab"]);
    expect(screen.getByTestId("subscription-count")).toHaveTextContent("1 of 4");
    await user.selectOptions(screen.getByTestId("subscription-status-filter"), "");

    await user.selectOptions(screen.getByTestId("subscription-offer-filter"), "MS-AZR-0145P");
    expect(names()).toEqual(["Contoso R&D"]);
    await user.selectOptions(screen.getByTestId("subscription-offer-filter"), "");

    await user.type(screen.getByTestId("subscription-search"), "contoso");
    expect(names()).toEqual(["Contoso R&D", "Old lab"]);
    await user.type(screen.getByTestId("subscription-search"), " nothing");
    expect(screen.getByTestId("subscriptions-no-match")).toBeInTheDocument();
    await user.clear(screen.getByTestId("subscription-search"));

    await user.click(screen.getByTestId("subscription-sort-name"));
    expect(names()).toEqual(["Contoso R&D", "Fabrikam labs", "Northwind production", "Old lab"]);

    await user.click(screen.getAllByTestId("subscription-list-row")[0] as HTMLElement);
    expect(await screen.findByTestId("subscription-name")).toHaveTextContent("Contoso R&D");
    await user.click(screen.getByTestId("subscription-back"));
    expect(await screen.findByTestId("subscriptions-page")).toBeInTheDocument();
  });

  it("says where subscriptions come from when there are none", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    book([]);
    render(<App />);
    await userEvent.click(await screen.findByTestId("nav-subscriptions"));
    expect(await screen.findByTestId("empty-subscriptions")).toHaveTextContent("Order one from a customer's page.");
  });
});
