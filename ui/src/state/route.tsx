// Which screen is shown. The app has no URLs to share, so a small typed state replaces a router.
import { createContext, useContext } from "react";

export type Section = "dashboard" | "customers" | "partners" | "subscriptions" | "transfers" | "support" | "usage" | "invoices" | "monthEnd" | "settings";

export type Route =
  | { name: Exclude<Section, "customers" | "partners"> }
  | { name: "customers" }
  /** `edit`: opens the partner's edit form (where an invoice's missing mentions are filled in). */
  | { name: "partners"; edit?: string }
  /** `edit`: opens the customer's edit form. */
  | { name: "customer"; id: string; edit?: boolean }
  | { name: "onboard" }
  /** `back`: where the page's back link returns (the customer, or the subscriptions list). */
  | { name: "subscription"; id: string; back?: Route }
  | { name: "transfer"; id: string; back?: Route }
  | { name: "case"; id: string; back?: Route }
  | { name: "invoice"; id: string }
  | { name: "markups" };

export interface Navigation {
  route: Route;
  go: (r: Route) => void;
}

export const RouteContext = createContext<Navigation>({ route: { name: "dashboard" }, go: () => undefined });

export function useRoute(): Navigation {
  return useContext(RouteContext);
}

/** The sidebar entry a route belongs to. */
export function sectionOf(r: Route): Section {
  if (r.name === "customer" || r.name === "onboard") return "customers";
  if (r.name === "subscription") return r.back ? sectionOf(r.back) : "subscriptions";
  if (r.name === "invoice" || r.name === "markups") return "invoices";
  if (r.name === "transfer") return r.back ? sectionOf(r.back) : "transfers";
  if (r.name === "case") return r.back ? sectionOf(r.back) : "support";
  return r.name;
}
