// A customer with subscriptions behind the fake book: the commands of the subscription screens,
// answering from (and changing) plain data the way the real ones do for these cases.
import type { Customer } from "../bindings/Customer";
import type { Decision } from "../bindings/Decision";
import type { NewSubscription } from "../bindings/NewSubscription";
import type { RoleGrant } from "../bindings/RoleGrant";
import type { RoleRevoke } from "../bindings/RoleRevoke";
import type { Subscription } from "../bindings/Subscription";
import type { SubscriptionAction } from "../bindings/SubscriptionAction";
import type { SubscriptionStatus } from "../bindings/SubscriptionStatus";
import type { Handler } from "./fakeBook";
import { office } from "./fakeBook";

export const northwind: Customer = {
  id: "c-north",
  tenant_id: "5b1f2a8e-6d0c-4c51-9a3e-2f7d1c9b8e40",
  name: "Northwind Traders",
  domain: "northwind.onmicrosoft.com",
  country: "BE",
  market: "EUROPE",
  address: null,
  email: null,
  vat_id: null,
  siren: null,
  delivery_address: null,
  billing_currency: null,
  gcc: false,
  relationships: [{ partner_id: office.id, partner_name: office.name, customer_id: "c-north", since: "2021-09-01", new_customer: true, transition_exempt_from: null }],
};

/** What the real views list as `allowed_actions` for each status (the fake answers the same way). */
export const subscriptionActions: Record<SubscriptionStatus, SubscriptionAction[]> = {
  active: ["suspend", "cancel"],
  suspended: ["reactivate", "cancel"],
  cancelled: [],
};

export function subscription(over: Partial<Subscription> = {}): Subscription {
  const id = over.id ?? "s-1";
  const created = over.created_on ?? "2021-09-02";
  return {
    id,
    customer_id: northwind.id,
    customer_name: northwind.name,
    partner_id: office.id,
    partner_name: office.name,
    billing_partner_id: office.id,
    billing_partner_name: office.name,
    offer: "AZURE_PLAN",
    status: "active",
    created_on: created,
    cancelled_on: null,
    name: "Azure plan",
    roles: [],
    role_history: [
      { subscription_id: id, principal: `partner:${office.id}`, role: "owner", scope: null, since: created, until: null, owner_risk_acknowledged: false },
    ],
    events: [],
    allowed_actions: subscriptionActions[over.status ?? "active"],
    can_grant: (over.status ?? "active") !== "cancelled",
    ...over,
  };
}

const azurePlanOpen: Decision = {
  offer: "AZURE_PLAN",
  allowed: true,
  rule: "AZURE_PLAN_OPEN",
  message: "The Azure plan is open to every customer of the partner.",
  message_fr: "Le plan Azure est ouvert à tous les clients du partenaire.",
};
const apssRefused: Decision = {
  offer: "MS-AZR-0159P",
  allowed: false,
  rule: "APSS_PARTNER_ONLY",
  message: "Azure Partner Shared Services is for the partner's own tenant only, never for a customer.",
  message_fr: "Azure Partner Shared Services est réservé au tenant du partenaire, jamais à un client.",
};

/** What `offer_check_all` answers for Northwind: legacy closed on and after phase 1 (a new customer). */
export function northwindDecisions(on: string): Decision[] {
  const legacy: Decision =
    on < "2021-07-21"
      ? {
          offer: "MS-AZR-0145P",
          allowed: true,
          rule: "LEGACY_BEFORE_PHASE1",
          message: "Before phase 1 (21 July 2021) the previous Azure offer could still be sold.",
          message_fr: "Avant la phase 1 (21 juillet 2021), l'ancienne offre Azure pouvait encore être vendue.",
        }
      : {
          offer: "MS-AZR-0145P",
          allowed: false,
          rule: "LEGACY_NEW_CUSTOMER",
          message: "Customers won on or after 21 July 2021 can only buy the Azure plan.",
          message_fr: "Les clients acquis à partir du 21 juillet 2021 n'achètent que le plan Azure.",
        };
  return [azurePlanOpen, legacy, apssRefused];
}

/** Handlers over a mutable list of subscriptions (current roles derived from the history). */
export function subscriptionHandlers(subs: Subscription[]): Record<string, Handler> {
  const find = (id: unknown) => {
    const s = subs.find((x) => x.id === id);
    if (!s) throw { code: "NOT_FOUND", message: `no subscription with ID '${String(id)}'`, message_fr: `aucun abonnement avec l'ID « ${String(id)} »` };
    return s;
  };
  const view = (s: Subscription): Subscription => ({ ...s, roles: s.role_history.filter((a) => a.until === null) });
  const status = (to: Subscription["status"], event: string) => (args: Record<string, unknown>) => {
    const s = find(args.id);
    s.status = to;
    s.allowed_actions = subscriptionActions[to];
    s.can_grant = to !== "cancelled";
    s.events = [...s.events, { on: args.on as string, event }];
    if (to === "cancelled") s.cancelled_on = args.on as string;
    return view(s);
  };
  return {
    customer_show: () => northwind,
    subscription_list: ({ customerId }) => subs.filter((s) => customerId === null || s.customer_id === customerId).map(view),
    subscription_show: ({ id }) => view(find(id)),
    offer_check_all: ({ on }) => northwindDecisions(on as string),
    transfer_list: () => [],
    subscription_add: ({ input }) => {
      const i = input as NewSubscription;
      const s = subscription({ id: `s-${subs.length + 1}`, offer: i.offer ?? "AZURE_PLAN", created_on: i.on ?? "2026-03-02", name: i.name ?? "Azure plan" });
      subs.push(s);
      return view(s);
    },
    subscription_suspend: status("suspended", "suspended"),
    subscription_reactivate: status("active", "reactivated"),
    subscription_cancel: status("cancelled", "cancelled"),
    role_grant: ({ input }) => {
      const g = input as RoleGrant;
      if (g.principal === "customer" && g.role === "owner" && !g.acknowledge_owner_risk) {
        throw {
          code: "OWNER_RISK_ACK_REQUIRED",
          message: "An owner can change services and manage users: confirm the risk (Contributor is recommended).",
          message_fr: "Un propriétaire peut modifier les services et gérer les utilisateurs : confirmez le risque (Contributeur est recommandé).",
        };
      }
      const s = find(g.subscription_id);
      const a = { subscription_id: s.id, principal: g.principal, role: g.role, scope: g.scope, since: g.on, until: null, owner_risk_acknowledged: g.acknowledge_owner_risk };
      s.role_history = [...s.role_history, a];
      return a;
    },
    role_revoke: ({ input }) => {
      const r = input as RoleRevoke;
      const s = find(r.subscription_id);
      const a = s.role_history.find((x) => x.principal === r.principal && x.role === r.role && x.until === null);
      if (!a) throw { code: "NOT_FOUND", message: "no such role", message_fr: "aucun rôle" };
      a.until = r.on;
      return a;
    },
  };
}
