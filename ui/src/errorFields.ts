// Puts a refused command's message next to the field it is about. The command names the field
// (`ApiError.field`, one of the stable names in `bindings/Field`); a form only checks that the field
// is one of its own. Deciding what is valid, and which input a refusal is about, stays with the commands.
import type { ApiError } from "./bindings/ApiError";
import type { Field } from "./bindings/Field";

const CUSTOMER_FIELDS = [
  "name",
  "domain",
  "country",
  "email",
  "vat_id",
  "siren",
  "tenant_id",
  "relationship_since",
  "partner_id",
  "address",
  "delivery_address",
  "billing_currency",
] as const satisfies readonly Field[];

const PARTNER_FIELDS = [
  "name",
  "tier",
  "country",
  "currency",
  "enrolled_on",
  "mpn_id",
  "vat_id",
  "email",
  "providers",
  "silver_since",
  "siren",
  "siret",
  "iban",
  "bic",
  "payment_terms_days",
] as const satisfies readonly Field[];

export type CustomerField = (typeof CUSTOMER_FIELDS)[number];
export type PartnerField = (typeof PARTNER_FIELDS)[number];

/** The field of `fields` the refusal names, or null (shown above the form instead). */
function fieldIn<F extends Field>(fields: readonly F[], e: ApiError): F | null {
  const named = e.field;
  return named !== null && (fields as readonly Field[]).includes(named) ? (named as F) : null;
}

export function customerFieldOf(e: ApiError): CustomerField | null {
  return fieldIn(CUSTOMER_FIELDS, e);
}

export function partnerFieldOf(e: ApiError): PartnerField | null {
  return fieldIn(PARTNER_FIELDS, e);
}
