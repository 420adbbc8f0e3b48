import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { NewPartner } from "../bindings/NewPartner";
import { clearMocks, dashboardSummary, fakeBook, office } from "./fakeBook";

afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

describe("first run", () => {
  it("says what is missing next to each field, then creates the operating partner", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const sent: NewPartner[] = [];
    fakeBook({
      operating: null,
      overrides: {
        partner_setup_operating: ({ input }) => {
          const p = input as NewPartner;
          sent.push(p);
          if (p.mpn_id === "12-3") {
            throw { code: "VALIDATION", message: "Partner ID '12-3' must be digits only (at most 10)", message_fr: "le Partner ID « 12-3 » ne doit contenir que des chiffres (10 au plus)", field: "mpn_id" };
          }
          return { ...office, name: p.name };
        },
        customer_search: () => ({ total: 0, offset: 0, rows: [] }),
        partner_list: () => [office],
      },
    });
    render(<App />);
    await screen.findByTestId("first-run");
    await userEvent.click(screen.getByTestId("partner-submit"));
    expect(screen.getByTestId("partner-name-error")).toHaveTextContent("Required");
    expect(screen.getByTestId("partner-country-error")).toHaveTextContent("Required");
    expect(sent).toHaveLength(0);

    await userEvent.type(screen.getByTestId("partner-name"), "Contoso Cloud SAS");
    expect(screen.queryByTestId("partner-name-error")).toBeNull();
    await userEvent.selectOptions(screen.getByTestId("partner-country"), "FR");
    await userEvent.type(screen.getByTestId("partner-enrolled"), "2019-03-01");
    await userEvent.type(screen.getByTestId("partner-currency"), "eur");
    await userEvent.type(screen.getByTestId("partner-mpn"), "12-3");
    await userEvent.click(screen.getByTestId("partner-submit"));

    // The command's refusal lands under the field it is about, and the field is marked invalid.
    expect(await screen.findByTestId("partner-mpn-error")).toHaveTextContent("must be digits only");
    expect(screen.getByTestId("partner-mpn")).toHaveAttribute("aria-invalid", "true");

    await userEvent.clear(screen.getByTestId("partner-mpn"));
    await userEvent.type(screen.getByTestId("partner-mpn"), "4512345");
    await userEvent.click(screen.getByTestId("partner-submit"));
    const nav = await screen.findByRole("navigation");
    expect(within(nav).getByText("Customers")).toBeInTheDocument();
    expect(sent[1]).toMatchObject({ name: "Contoso Cloud SAS", tier: "direct", country: "FR", currency: "EUR", enrolled_on: "2019-03-01", mpn_id: "4512345", providers: [] });
  });
});

describe("first run: the demo book", () => {
  it("fills the empty book with the demo, then shows the book it holds", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    let seeded = false;
    const book = fakeBook({
      operating: null,
      overrides: {
        demo_seed: () => {
          seeded = true;
          return { partners: 4, customers: 6, subscriptions: 9, transfers: 2, as_of: "2022-03-15" };
        },
        // The book is read again after seeding: now it has an operating partner.
        partner_operating: () => (seeded ? office : null),
        dashboard_summary: ({ on }) => dashboardSummary(on as string, { customers: seeded ? 6 : 0, partners: seeded ? 4 : 0 }),
      },
    });
    render(<App />);
    await screen.findByTestId("first-run");
    await userEvent.click(screen.getByTestId("first-run-demo-button"));
    await screen.findByTestId("dashboard");
    expect(book.callsTo("demo_seed")).toEqual([{ asOf: null }]);
    expect(await screen.findByTestId("dashboard-customers")).toHaveTextContent("6");
  });

  it("says why when the book is not empty, and stays on the first run", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    fakeBook({
      operating: null,
      overrides: {
        demo_seed: () => {
          throw { code: "CONFLICT", message: "the demo goes into an empty book", message_fr: "la démo se crée dans un registre vide" };
        },
      },
    });
    render(<App />);
    await userEvent.click(await screen.findByTestId("first-run-demo-button"));
    expect(await screen.findByTestId("first-run-demo-error")).toHaveTextContent("the demo goes into an empty book");
    expect(screen.getByTestId("first-run")).toBeInTheDocument();
  });
});
