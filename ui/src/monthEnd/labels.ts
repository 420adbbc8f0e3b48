// How the month-end screen names what a difference is about.
import type { Difference } from "../bindings/Difference";

/** "Fabrikam · Azure plan" (names when the book knows them, IDs otherwise). */
export function differenceSubject(d: Difference): string {
  const parts = [
    d.reseller_name ?? d.reseller_id,
    d.customer_name ?? d.customer_id,
    d.subscription_name ?? d.product ?? d.subscription_id,
    d.invoice_number,
  ].filter((x): x is string => Boolean(x));
  return parts.join(" · ");
}
