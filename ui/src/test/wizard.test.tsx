import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { Customer } from "../bindings/Customer";
import type { NewCustomer } from "../bindings/NewCustomer";
import { clearMocks, fakeBook, office } from "./fakeBook";

afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

const marketCheck = ({ country }: Record<string, unknown>) =>
  country === "US"
    ? {
        allowed: false,
        rule: "MARKET_MISMATCH",
        message: "The customer's country is outside the partner's market: the partner may not sell there.",
        message_fr: "Le pays du client est hors du marché du partenaire : il ne peut pas y vendre.",
        partner_market: "EUROPE",
        customer_market: "NORTH_AMERICA",
      }
    : {
        allowed: true,
        rule: "MARKET_OK",
        message: "The customer's country is in the partner's market.",
        message_fr: "Le pays du client est dans le marché du partenaire.",
        partner_market: "EUROPE",
        customer_market: "EUROPE",
      };

function onboardedFrom(input: NewCustomer): Customer {
  return {
    id: "c-1",
    tenant_id: "8c1c7f0e-2d4b-4a8e-9d55-0f0c2b7d9a11",
    name: input.name,
    domain: input.domain,
    country: input.country,
    market: "EUROPE",
    address: null,
    email: input.email,
    vat_id: null,
    siren: null,
    delivery_address: null,
    billing_currency: null,
    gcc: false,
    relationships: [
      { partner_id: office.id, partner_name: office.name, customer_id: "c-1", since: input.relationship_since ?? "2026-03-02", new_customer: true, transition_exempt_from: null },
    ],
  };
}

describe("onboarding wizard", () => {
  it("checks each step, explains the market live, and brings a refusal back to its field in French", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("fr-FR");
    const sent: NewCustomer[] = [];
    const book = fakeBook({
      overrides: {
        market_check: marketCheck,
        customer_onboard: ({ input }) => {
          const c = input as NewCustomer;
          sent.push(c);
          if (c.domain === "north wind") {
            throw {
              code: "VALIDATION",
              message: "'north wind' is not a tenant domain: expected name.onmicrosoft.com (letters, digits, hyphens)",
              message_fr: "« north wind » n'est pas un domaine de tenant : attendu nom.onmicrosoft.com (lettres, chiffres, tirets)",
              field: "domain",
            };
          }
          return onboardedFrom(c);
        },
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole("button", { name: "Intégrer un client" }));

    // Company: the name is required; Enter submits the step like the Next button.
    await screen.findByTestId("wizard-step-company");
    await user.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-name-error")).toHaveTextContent("Obligatoire");
    await user.type(screen.getByTestId("wizard-name"), "Northwind Traders{Enter}");

    // Tenant and country: the market check answers as the country changes.
    await screen.findByTestId("wizard-step-tenant");
    await user.type(screen.getByTestId("wizard-domain"), "north wind");
    await user.selectOptions(screen.getByTestId("wizard-country"), "US");
    const refused = await screen.findByText("Le pays du client est hors du marché du partenaire : il ne peut pas y vendre.");
    expect(refused.closest("[data-testid=market-status]")).toHaveAttribute("data-allowed", "false");
    expect(screen.getByText("Règle MARKET_MISMATCH")).toBeInTheDocument();
    await user.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-country-error")).toHaveTextContent("Ce partenaire ne peut pas vendre dans ce pays.");
    expect(screen.getByTestId("wizard-step-tenant")).toBeInTheDocument();

    await user.selectOptions(screen.getByTestId("wizard-country"), "BE");
    await screen.findByText("Le pays du client est dans le marché du partenaire.");
    expect(book.callsTo("market_check")).toContainEqual({ partnerId: office.id, country: "BE" });
    await user.click(screen.getByTestId("wizard-next"));

    // Relationship: the office and the book date are proposed.
    await screen.findByTestId("wizard-step-relationship");
    expect(screen.getByTestId("wizard-partner")).toHaveValue(office.id);
    expect(screen.getByTestId("wizard-since")).toHaveValue("2026-03-02");
    await user.click(screen.getByTestId("wizard-next"));

    // Review, submit: the command refuses the domain; the wizard goes back to it, message in French.
    await screen.findByTestId("wizard-review");
    await user.click(screen.getByTestId("wizard-submit"));
    const domainError = await screen.findByTestId("wizard-domain-error");
    expect(domainError).toHaveTextContent("« north wind » n'est pas un domaine de tenant");
    expect(screen.getByTestId("wizard-domain")).toHaveAttribute("aria-invalid", "true");

    await user.clear(screen.getByTestId("wizard-domain"));
    await user.type(screen.getByTestId("wizard-domain"), "northwind.onmicrosoft.com{Enter}");
    await screen.findByTestId("wizard-step-relationship");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(await screen.findByTestId("wizard-submit"));
    expect(await screen.findByTestId("wizard-done-title")).toHaveTextContent("Northwind Traders est intégré");
    expect(sent.at(-1)).toMatchObject({ partner_id: office.id, name: "Northwind Traders", domain: "northwind.onmicrosoft.com", country: "BE", relationship_since: "2026-03-02", tenant_id: null });
  });

  it("takes a custom domain for a tenant that already exists, and says why a new one is name.onmicrosoft.com", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-US");
    const sent: NewCustomer[] = [];
    fakeBook({
      overrides: {
        market_check: marketCheck,
        customer_onboard: ({ input }) => {
          sent.push(input as NewCustomer);
          return onboardedFrom(input as NewCustomer);
        },
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole("button", { name: "Onboard a customer" }));
    await user.type(await screen.findByTestId("wizard-name"), "Fabrikam SAS{Enter}");
    await screen.findByTestId("wizard-step-tenant");
    const domainField = () => screen.getByTestId("wizard-domain").closest(".field") ?? document.body;
    expect(domainField()).toHaveTextContent("A tenant created here is name.onmicrosoft.com. A tenant that already exists in Partner Center may keep its verified custom domain (contoso.com)");
    await user.click(screen.getByTestId("wizard-existing"));
    expect(domainField()).toHaveTextContent("its verified custom domain (contoso.com) or name.onmicrosoft.com, as Partner Center shows it");
    expect(screen.getByTestId("wizard-domain")).toHaveAttribute("placeholder", "contoso.com");
    await user.type(screen.getByTestId("wizard-domain"), "fabrikam.fr");
    await user.type(screen.getByTestId("wizard-tenant"), "4f2c3a1e-8b7d-4c5e-9a1f-2b3c4d5e6f70");
    await user.selectOptions(screen.getByTestId("wizard-country"), "BE");
    await screen.findByText("The customer's country is in the partner's market.");
    await user.click(screen.getByTestId("wizard-next"));
    await screen.findByTestId("wizard-step-relationship");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(await screen.findByTestId("wizard-submit"));
    await screen.findByTestId("wizard-done-title");
    expect(sent).toEqual([expect.objectContaining({ domain: "fabrikam.fr", tenant_id: "4f2c3a1e-8b7d-4c5e-9a1f-2b3c4d5e6f70", country: "BE" })]);
    // Four steps typed through: more than the default 5 s on a loaded machine.
  }, 15_000);

  it("goes back a step with Escape", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-US");
    fakeBook({ overrides: { market_check: marketCheck } });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole("button", { name: "Onboard a customer" }));
    await user.type(await screen.findByTestId("wizard-name"), "Litware{Enter}");
    await user.type(await screen.findByTestId("wizard-domain"), "{Escape}");
    expect(await screen.findByTestId("wizard-step-company")).toBeInTheDocument();
    expect(screen.getByTestId("wizard-name")).toHaveValue("Litware");
  });
});
