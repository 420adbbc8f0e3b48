import { describe, expect, it } from "vitest";
import type { ApiError } from "../bindings/ApiError";
import type { Field } from "../bindings/Field";
import { customerFieldOf, partnerFieldOf } from "../errorFields";

const refusal = (field: Field | null, code: ApiError["code"] = "VALIDATION"): ApiError => ({
  code,
  message: "refused",
  message_fr: "refusé",
  field,
});

describe("where a refusal is shown", () => {
  it("puts a customer refusal next to the field the command names", () => {
    expect(customerFieldOf(refusal("name"))).toBe("name");
    expect(customerFieldOf(refusal("domain", "CONFLICT"))).toBe("domain");
    expect(customerFieldOf(refusal("tenant_id"))).toBe("tenant_id");
    expect(customerFieldOf(refusal("country", "MARKET_MISMATCH"))).toBe("country");
    expect(customerFieldOf(refusal("partner_id", "TIER_CANNOT_RESELL"))).toBe("partner_id");
    expect(customerFieldOf(refusal("siren"))).toBe("siren");
  });

  it("puts a partner refusal next to the field the command names", () => {
    expect(partnerFieldOf(refusal("mpn_id", "CONFLICT"))).toBe("mpn_id");
    expect(partnerFieldOf(refusal("currency"))).toBe("currency");
    expect(partnerFieldOf(refusal("enrolled_on"))).toBe("enrolled_on");
    expect(partnerFieldOf(refusal("providers"))).toBe("providers");
  });

  it("shows above the form a refusal that names no field, or another form's", () => {
    expect(customerFieldOf(refusal(null, "DATABASE"))).toBeNull();
    expect(customerFieldOf(refusal("providers"))).toBeNull();
    expect(partnerFieldOf(refusal("tenant_id"))).toBeNull();
  });
});
