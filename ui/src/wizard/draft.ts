// What the wizard collects, step by step, and the command input it becomes.
import type { NewCustomer } from "../bindings/NewCustomer";
import type { CustomerField } from "../errorFields";

export interface CustomerDraft {
  name: string;
  address: string;
  email: string;
  vat_id: string;
  siren: string;
  gcc: boolean;
  domain: string;
  existingTenant: boolean;
  tenant_id: string;
  country: string;
  partner_id: string;
  relationship_since: string;
}

export const emptyCustomer: CustomerDraft = {
  name: "",
  address: "",
  email: "",
  vat_id: "",
  siren: "",
  gcc: false,
  domain: "",
  existingTenant: false,
  tenant_id: "",
  country: "",
  partner_id: "",
  relationship_since: "",
};

export type StepId = "company" | "tenant" | "relationship" | "review" | "done";
export const STEPS: StepId[] = ["company", "tenant", "relationship", "review", "done"];

/** The step where the user fixes a field. */
export const stepOfField: Record<CustomerField, StepId> = {
  name: "company",
  email: "company",
  vat_id: "company",
  siren: "company",
  address: "company",
  delivery_address: "company",
  billing_currency: "company",
  domain: "tenant",
  tenant_id: "tenant",
  country: "tenant",
  partner_id: "relationship",
  relationship_since: "relationship",
};

export type FieldErrors = Partial<Record<CustomerField, string>>;

const blankToNull = (s: string) => (s.trim() === "" ? null : s.trim());

export function customerInput(d: CustomerDraft): NewCustomer {
  return {
    partner_id: d.partner_id,
    name: d.name,
    domain: d.domain,
    country: d.country,
    gcc: d.gcc,
    vat_id: blankToNull(d.vat_id),
    email: blankToNull(d.email),
    address: blankToNull(d.address),
    siren: blankToNull(d.siren),
    delivery_address: null,
    relationship_since: blankToNull(d.relationship_since),
    tenant_id: d.existingTenant ? blankToNull(d.tenant_id) : null,
    // Set on the customer's page when it is billed in another currency than its usage's.
    billing_currency: null,
  };
}

/** Fields a step cannot go on without (their form is the commands' to judge). */
export function missingOn(step: StepId, d: CustomerDraft): (keyof FieldErrors)[] {
  switch (step) {
    case "company":
      return d.name.trim() ? [] : ["name"];
    case "tenant":
      return [
        ...(d.domain.trim() ? [] : (["domain"] as const)),
        ...(d.existingTenant && !d.tenant_id.trim() ? (["tenant_id"] as const) : []),
        ...(d.country ? [] : (["country"] as const)),
      ];
    case "relationship":
      return [...(d.partner_id ? [] : (["partner_id"] as const)), ...(d.relationship_since ? [] : (["relationship_since"] as const))];
    default:
      return [];
  }
}
