import { describe, expect, it } from "vitest";
import { customerFieldOf, partnerFieldOf } from "../errorFields";

const v = (message: string, code = "VALIDATION") => ({ code, message, message_fr: message });

describe("where a refusal is shown", () => {
  it("puts customer errors next to the field their message names", () => {
    expect(customerFieldOf(v("the company name is required"))).toBe("name");
    expect(customerFieldOf(v("'x y' is not a tenant domain: expected name.onmicrosoft.com"))).toBe("domain");
    expect(customerFieldOf(v("the domain a.onmicrosoft.com already belongs to A: link that tenant instead", "CONFLICT"))).toBe("domain");
    expect(customerFieldOf(v("the tenant 1234 already belongs to A: link that tenant instead", "CONFLICT"))).toBe("tenant_id");
    expect(customerFieldOf(v("the tenant ID 'zz' is not a GUID"))).toBe("tenant_id");
    expect(customerFieldOf(v("anything", "MARKET_MISMATCH"))).toBe("country");
    expect(customerFieldOf(v("unknown country 'XX': give an ISO 3166-1 alpha-2 code"))).toBe("country");
    expect(customerFieldOf(v("'a@' is not a valid e-mail address"))).toBe("email");
    expect(customerFieldOf(v("VAT ID 'FR1' does not match the form of FR"))).toBe("vat_id");
    expect(customerFieldOf(v("SIREN '123' must be 9 digits with a valid check digit"))).toBe("siren");
    expect(customerFieldOf(v("database is locked", "DATABASE"))).toBeNull();
  });

  it("puts partner errors next to the field their message names", () => {
    expect(partnerFieldOf(v("the partner name is required"))).toBe("name");
    expect(partnerFieldOf(v("Partner ID '4-5' must be digits only (at most 10)"))).toBe("mpn_id");
    expect(partnerFieldOf(v("Partner ID 123 already belongs to Contoso", "CONFLICT"))).toBe("mpn_id");
    expect(partnerFieldOf(v("the contract currency is required (e.g. EUR)"))).toBe("currency");
    expect(partnerFieldOf(v("unknown currency 'EUX': give an ISO 4217 code"))).toBe("currency");
    expect(partnerFieldOf(v("the CSP enrolment date is required"))).toBe("enrolled_on");
    expect(partnerFieldOf(v("an indirect reseller names at least one indirect provider"))).toBe("providers");
  });
});
