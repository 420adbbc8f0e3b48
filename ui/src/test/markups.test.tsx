import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { MarkupInput } from "../bindings/MarkupInput";
import type { MarkupView } from "../bindings/MarkupView";
import type { PricePreviewInput } from "../bindings/PricePreviewInput";
import { clearMocks, fakeBook, office } from "./fakeBook";

afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

const litware = { id: "c-1", tenant_id: "t-1", name: "Litware Logistique", domain: "litware.onmicrosoft.com", country: "FR", partners: office.name, since: "2020-01-01" };

describe("markups", () => {
  it("sets a customer's rule and previews the price the most specific rule gives", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const rules: MarkupView[] = [{ scope: "default", issuer_id: office.id, customer_id: null, category: null, reseller_id: null, percent: "10" }];
    const book = fakeBook({
      overrides: {
        customer_search: () => ({ total: 1, offset: 0, rows: [litware] }),
        markup_list: () => rules,
        markup_set: ({ input }) => {
          const i = input as MarkupInput;
          const v: MarkupView = { scope: i.customer_id ? "customer" : "default", ...i };
          rules.push(v);
          return v;
        },
        // The real rule: the customer's rule if any, else the default (ERP 0.096).
        price_preview: ({ input }) => {
          const i = input as PricePreviewInput;
          const own = rules.find((r) => r.customer_id && r.customer_id === i.customer_id);
          return own ? { percent: own.percent, scope: "customer", unit_price: "0.0912" } : { percent: "10", scope: "default", unit_price: "0.1056" };
        },
      },
    });
    render(<App />);
    await userEvent.click(await screen.findByTestId("nav-invoices"));
    await userEvent.click(await screen.findByTestId("invoices-markups"));
    expect(await screen.findByTestId("markup-row")).toHaveTextContent("+10 %");
    expect(await screen.findByTestId("preview-price")).toHaveTextContent("Selling unit price: €0.1056");
    expect(screen.getByTestId("preview-rule")).toHaveTextContent("+10 % — rule: Default.");

    await userEvent.selectOptions(screen.getByTestId("markup-scope"), "customer");
    await userEvent.selectOptions(screen.getByTestId("markup-customer"), "c-1");
    await userEvent.type(screen.getByTestId("markup-percent"), "-5");
    await userEvent.click(screen.getByTestId("markup-save"));
    expect(await screen.findByTestId("markup-notice")).toHaveTextContent("Rule saved.");
    expect(book.callsTo("markup_set")).toEqual([{ input: { issuer_id: office.id, customer_id: "c-1", category: null, reseller_id: null, percent: "-5" } }]);
    await waitFor(() => expect(screen.getAllByTestId("markup-row")).toHaveLength(2));

    await userEvent.selectOptions(screen.getByTestId("preview-customer"), "c-1");
    await waitFor(() => expect(screen.getByTestId("preview-price")).toHaveTextContent("€0.0912"));
    expect(screen.getByTestId("preview-rule")).toHaveAttribute("data-scope", "customer");
    expect(screen.getByTestId("preview-rule")).toHaveTextContent("-5 % — rule: A customer.");
  });
});
