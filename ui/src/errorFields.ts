// Puts a refused command's message next to the field it is about. The commands answer
// `{code, message, message_fr}` without naming the field, so the English message (which always
// names the field, see csp-core's `validate`) is matched against what each form holds. This is
// only about where to show a message; deciding what is valid stays with the commands.
import type { ApiError } from "./bindings/ApiError";

type Matcher<F extends string> = [field: F, test: (e: ApiError, lower: string) => boolean];

function fieldOf<F extends string>(matchers: Matcher<F>[], e: ApiError): F | null {
  const lower = e.message.toLowerCase();
  for (const [field, test] of matchers) {
    if (test(e, lower)) return field;
  }
  return null;
}

export type CustomerField = "name" | "domain" | "country" | "email" | "vat_id" | "siren" | "tenant_id" | "relationship_since" | "partner_id";

const customerMatchers: Matcher<CustomerField>[] = [
  ["country", (e) => e.code === "MARKET_MISMATCH"],
  ["partner_id", (e) => e.code === "TIER_CANNOT_RESELL"],
  ["name", (_e, m) => m.includes("company name")],
  ["domain", (_e, m) => m.includes("tenant domain") || m.startsWith("the domain")],
  ["tenant_id", (_e, m) => m.includes("tenant")],
  ["email", (_e, m) => m.includes("e-mail")],
  ["vat_id", (_e, m) => m.includes("vat id")],
  ["siren", (_e, m) => m.includes("siren")],
  ["country", (_e, m) => m.includes("country")],
  ["relationship_since", (_e, m) => m.includes("date")],
  ["partner_id", (_e, m) => m.includes("partner")],
];

export function customerFieldOf(e: ApiError): CustomerField | null {
  return fieldOf(customerMatchers, e);
}

export type PartnerField =
  | "name"
  | "tier"
  | "country"
  | "currency"
  | "enrolled_on"
  | "mpn_id"
  | "vat_id"
  | "email"
  | "providers"
  | "silver_since";

const partnerMatchers: Matcher<PartnerField>[] = [
  ["name", (_e, m) => m.includes("partner name")],
  ["mpn_id", (_e, m) => m.includes("partner id")],
  ["tier", (_e, m) => m.includes("tier")],
  ["currency", (_e, m) => m.includes("currency")],
  ["enrolled_on", (_e, m) => m.includes("enrolment")],
  ["vat_id", (_e, m) => m.includes("vat id")],
  ["email", (_e, m) => m.includes("e-mail")],
  ["providers", (_e, m) => m.includes("provider")],
  ["country", (_e, m) => m.includes("country")],
];

export function partnerFieldOf(e: ApiError): PartnerField | null {
  return fieldOf(partnerMatchers, e);
}
