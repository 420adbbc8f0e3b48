import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { Invoice } from "../bindings/Invoice";
import type { InvoiceAction } from "../bindings/InvoiceAction";
import type { PartnerPatch } from "../bindings/PartnerPatch";
import { clearMocks, fakeBook, office } from "./fakeBook";
import { northwind } from "./fakeSubscriptions";

afterEach(() => {
  // Unmount first: the export dialog stops listening to the app's events while they still exist.
  cleanup();
  clearMocks();
  vi.restoreAllMocks();
});

/** What the real views list as `allowed_actions` (the fake answers the same way). */
function actionsOf(kind: Invoice["kind"], status: Invoice["status"]): InvoiceAction[] {
  if (kind === "credit_note") return [];
  return status === "draft" ? ["issue"] : status === "issued" ? ["pay", "credit"] : status === "paid" ? ["credit"] : [];
}

function invoice(over: Partial<Invoice> = {}): Invoice {
  return {
    id: "inv-1",
    kind: "invoice",
    status: "draft",
    number: null,
    issuer_id: "p-office",
    issuer_name: "Fabrikam Conseil",
    customer_id: "c-1",
    reseller_id: null,
    recipient_name: "Litware Logistique",
    month: "2026-02",
    currency: "EUR",
    issued_on: null,
    due_on: null,
    paid_on: null,
    voided_on: null,
    subtotal: "1234.5",
    tax: "246.9",
    total: "1481.4",
    taxes: [{ rate: "0.2", base: "1234.5", amount: "246.9" }],
    tax_mention: "none",
    exchange_rate: null,
    exchange_from: null,
    credits: null,
    credits_number: null,
    credited_by: null,
    refund_due: false,
    platform_status: null,
    platform_on: null,
    provisional: false,
    line_count: 1,
    lines: [
      {
        position: 1,
        subscription_id: "s-1",
        subscription_name: "Litware ERP",
        meter_id: "vm",
        meter_name: "D2s v5",
        meter_category: "Virtual Machines",
        unit: "1 Hour",
        quantity: "12345",
        unit_price: "0.1",
        markup_percent: "10",
        tax_rate: "0.2",
        amount: "1234.5",
        usage_month: null,
        withdrawn: false,
      },
    ],
    events: [],
    allowed_actions: actionsOf(over.kind ?? "invoice", over.status ?? "draft"),
    ...over,
  };
}

/** The invoice commands over stored invoices, moving through their states like the real ones. */
function invoiceBook(start: Invoice[]) {
  const store = new Map(start.map((i) => [i.id, i]));
  const stored = (id: unknown): Invoice => {
    const x = store.get(id as string);
    if (!x) throw { code: "NOT_FOUND", message: `no invoice ${String(id)}`, message_fr: `pas de facture ${String(id)}` };
    return x;
  };
  const book = fakeBook({
    overrides: {
      invoice_list: () => [...store.values()],
      invoice_show: ({ id }) => store.get(id as string),
      billing_run: () => {
        store.set("inv-1", invoice());
        store.set("inv-2", invoice({ id: "inv-2", recipient_name: "Northwind Traders", total: "12" }));
        return { invoices: ["inv-1", "inv-2"], replaced_drafts: 0 };
      },
      invoice_issue: ({ id, on }) => {
        const x = { ...stored(id), status: "issued" as const, number: "INV-2026-000007", issued_on: on as string, due_on: "2026-04-01", allowed_actions: actionsOf("invoice", "issued") };
        store.set(x.id, x);
        return x;
      },
      invoice_pay: ({ id, on }) => {
        const x = { ...stored(id), status: "paid" as const, paid_on: on as string, allowed_actions: [] };
        store.set(x.id, x);
        return x;
      },
      invoice_platform: ({ id, status, on }) => {
        const x = { ...stored(id), platform_status: status as Invoice["platform_status"], platform_on: on as string };
        store.set(x.id, x);
        return x;
      },
      invoice_credit: ({ id, on }) => {
        const inv = { ...stored(id), status: "voided" as const, voided_on: on as string, credited_by: "cn-1", allowed_actions: [] };
        store.set(inv.id, inv);
        const cn = invoice({ id: "cn-1", kind: "credit_note", status: "issued", number: "CN-2026-000001", credits: inv.id, credits_number: inv.number, total: "-1481.4" });
        store.set(cn.id, cn);
        return cn;
      },
    },
  });
  return book;
}

async function openInvoices() {
  render(<App />);
  await userEvent.click(await screen.findByTestId("nav-invoices"));
}

describe("invoices", () => {
  it("records a platform status on an issued invoice and filters the list by it", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const book = invoiceBook([
      invoice({ id: "inv-1", status: "issued", number: "INV-2026-000001", issued_on: "2026-03-01" }),
      invoice({ id: "inv-2", status: "issued", number: "INV-2026-000002", platform_status: "deposited", platform_on: "2026-03-02" }),
      invoice({ id: "inv-3" }),
    ]);
    await openInvoices();
    const cells = await screen.findAllByTestId("invoice-row-platform");
    expect(cells.map((c) => c.textContent)).toEqual(["Not reported", "Deposited"]);
    await userEvent.selectOptions(screen.getByTestId("invoices-platform"), "deposited");
    expect(screen.getAllByTestId("invoice-row")).toHaveLength(1);
    await userEvent.selectOptions(screen.getByTestId("invoices-platform"), "none");
    const rows = screen.getAllByTestId("invoice-row");
    expect(rows).toHaveLength(1);
    await userEvent.click(rows[0] as HTMLElement);
    await screen.findByTestId("invoice-page");
    expect(screen.getByTestId("invoice-platform-status")).toHaveTextContent("Not reported");
    await userEvent.click(screen.getByTestId("invoice-platform"));
    await userEvent.selectOptions(screen.getByTestId("platform-status"), "rejected");
    await userEvent.click(screen.getByTestId("platform-confirm"));
    await waitFor(() => expect(book.callsTo("invoice_platform")).toEqual([{ id: "inv-1", status: "rejected", on: "2026-03-02" }]));
  });

  it("marks a draft made from usage Microsoft has not billed yet as provisional, in the list and on its page", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("fr-FR");
    const [line] = invoice({}).lines;
    if (!line) throw new Error("the fixture has a line");
    const late = { ...line, position: 2, usage_month: "2026-09" };
    invoiceBook([invoice({ id: "inv-1", provisional: true, lines: [line, late] }), invoice({ id: "inv-2" })]);
    await openInvoices();
    const tags = await screen.findAllByTestId("invoice-row-provisional");
    expect(tags).toHaveLength(1);
    expect(tags[0]).toHaveTextContent("Provisoire");
    await userEvent.click(tags[0] as HTMLElement);
    expect(await screen.findByTestId("invoice-provisional")).toHaveTextContent("Provisoire");
    expect(screen.getByTestId("invoice-page")).toHaveTextContent("relancez la facturation avant d'émettre");
    // A line of late usage says which month it belongs to.
    expect(screen.getByTestId("invoice-line-late")).toHaveTextContent("période d’utilisation : septembre 2026");
  });

  it("runs billing for the last closed month and lists the drafts, amounts in the user's locale", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const book = invoiceBook([]);
    await openInvoices();
    expect(await screen.findByTestId("invoices-empty")).toHaveTextContent("No invoices for February 2026");
    await userEvent.click(screen.getByTestId("billing-run"));
    expect(await screen.findByTestId("billing-notice")).toHaveTextContent("2 draft invoices for February 2026.");
    expect(book.callsTo("billing_run")).toEqual([{ month: "2026-02", issuerId: null }]);
    const rows = await screen.findAllByTestId("invoice-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("€1,481.40");
    expect(rows[0]).toHaveTextContent("Draft");
  });

  it("writes the FEC for the period the service gives the month, or the dates the user types", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const book = fakeBook({
      overrides: {
        invoice_list: () => [invoice()],
        // Not computed here: whatever the service answers is what the dialog starts with.
        accounting_period: ({ month }) => ({ from: `${String(month)}-03`, to: `${String(month)}-27` }),
        accounting_export: () => ({ entries: 4, path: "/tmp/fec/732829320FEC20260227.txt" }),
      },
    });
    await openInvoices();
    await screen.findAllByTestId("invoice-row");
    await userEvent.click(screen.getByTestId("invoices-fec"));
    await waitFor(() => expect(screen.getByTestId("fec-from")).toHaveValue("2026-02-03"));
    expect(screen.getByTestId("fec-to")).toHaveValue("2026-02-27");
    expect(book.callsTo("accounting_period")).toEqual([{ month: "2026-02" }]);
    await userEvent.type(screen.getByTestId("fec-dir"), "/tmp/fec");
    await userEvent.click(screen.getByTestId("fec-run"));
    expect(await screen.findByTestId("fec-done")).toBeInTheDocument();
    expect(book.callsTo("accounting_export")).toEqual([{ from: "2026-02-03", to: "2026-02-27", dir: "/tmp/fec" }]);
  });

  it("exports the month's PDFs with a bar that fills as the app reports documents written", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    let finish: (files: string[]) => void = () => undefined;
    fakeBook({
      overrides: {
        invoice_list: () => [invoice()],
        invoice_export: () =>
          new Promise<string[]>((resolve) => {
            finish = resolve;
          }),
      },
    });
    await openInvoices();
    await screen.findAllByTestId("invoice-row");
    await userEvent.click(screen.getByTestId("invoices-export"));
    await userEvent.type(screen.getByTestId("export-dir"), "/tmp/pdf");
    await userEvent.click(screen.getByTestId("export-run"));
    expect(await screen.findByTestId("export-progress")).toBeInTheDocument();
    await act(() => emit("invoice-export-progress", { done: 250, total: 1000 }));
    await waitFor(() => expect(screen.getByTestId("export-count")).toHaveTextContent("250 of 1,000 PDFs written"));
    expect(screen.getByTestId("export-progress")).toHaveAttribute("aria-valuenow", "25");
    await act(async () => finish(["/tmp/pdf/draft-inv-1.pdf"]));
    expect(await screen.findByTestId("export-done")).toHaveTextContent("draft-inv-1.pdf");
  });

  it("offers what each status allows: issue a draft (its number shown), then pay or credit it", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const book = invoiceBook([invoice()]);
    await openInvoices();
    await userEvent.click((await screen.findAllByTestId("invoice-row"))[0] as HTMLElement);
    await screen.findByTestId("invoice-page");
    expect(screen.getByTestId("invoice-number")).toHaveTextContent("Draft");
    expect(screen.getByTestId("invoice-issue")).toBeInTheDocument();
    expect(screen.queryByTestId("invoice-pay")).toBeNull();
    expect(screen.queryByTestId("invoice-credit")).toBeNull();
    expect(within(screen.getByTestId("invoice-totals")).getByText("€1,481.40")).toBeInTheDocument();

    await userEvent.click(screen.getByTestId("invoice-issue"));
    expect(screen.getByTestId("invoice-action-on")).toHaveValue("2026-03-02");
    await userEvent.click(screen.getByTestId("invoice-action-confirm"));
    await waitFor(() => expect(screen.getByTestId("invoice-status")).toHaveAttribute("data-status", "issued"));
    expect(screen.getByTestId("invoice-number")).toHaveTextContent("INV-2026-000007");
    expect(book.callsTo("invoice_issue")).toEqual([{ id: "inv-1", on: "2026-03-02" }]);
    expect(screen.queryByTestId("invoice-issue")).toBeNull();
    expect(screen.getByTestId("invoice-pay")).toBeInTheDocument();
    expect(screen.getByTestId("invoice-credit")).toBeInTheDocument();

    await userEvent.click(screen.getByTestId("invoice-credit"));
    expect(screen.getByTestId("invoice-action-dialog")).toHaveTextContent("Cancel INV-2026-000007 with a credit note?");
    await userEvent.click(screen.getByTestId("invoice-action-confirm"));
    // The credit note is shown: it names the invoice it cancels and offers nothing more.
    await waitFor(() => expect(screen.getByTestId("invoice-number")).toHaveTextContent("CN-2026-000001"));
    expect(screen.getByTestId("invoice-credits")).toHaveTextContent("INV-2026-000007");
    expect(screen.queryByTestId("invoice-pay")).toBeNull();
    expect(screen.queryByTestId("invoice-credit")).toBeNull();
  });

  it("a paid invoice offers only a credit note (a refund is then due); a refusal is shown in the dialog", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    fakeBook({
      overrides: {
        invoice_list: () => [invoice({ status: "paid", number: "INV-2026-000003" }), invoice({ id: "inv-9", status: "issued", number: "INV-2026-000009" })],
        invoice_show: ({ id }) => (id === "inv-1" ? invoice({ status: "paid", number: "INV-2026-000003" }) : invoice({ id: "inv-9", status: "issued", number: "INV-2026-000009", issued_on: "2026-03-01" })),
        invoice_pay: () => {
          throw { code: "VALIDATION", message: "the payment date is before the issue date", message_fr: "la date de paiement précède l'émission" };
        },
      },
    });
    await openInvoices();
    const rows = await screen.findAllByTestId("invoice-row");
    await userEvent.click(rows[0] as HTMLElement);
    await screen.findByTestId("invoice-page");
    expect(screen.getByTestId("invoice-status")).toHaveAttribute("data-status", "paid");
    expect(screen.queryByTestId("invoice-pay")).toBeNull();
    expect(screen.getByTestId("invoice-credit")).toBeInTheDocument();
    expect(screen.queryByTestId("invoice-issue")).toBeNull();

    await userEvent.click(screen.getByTestId("invoice-back"));
    await userEvent.click((await screen.findAllByTestId("invoice-row"))[1] as HTMLElement);
    await userEvent.click(await screen.findByTestId("invoice-pay"));
    await userEvent.click(screen.getByTestId("invoice-action-confirm"));
    expect(await screen.findByTestId("invoice-action-error")).toHaveTextContent("the payment date is before the issue date");
    expect(screen.getByTestId("invoice-status")).toHaveAttribute("data-status", "issued");
  });

  it("shows exactly the buttons of the invoice's allowed actions, whatever its status", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const docs = [
      invoice({ id: "inv-1", status: "issued", number: "INV-2026-000001", allowed_actions: ["credit"] }),
      invoice({ id: "inv-2", status: "draft", allowed_actions: [] }),
      invoice({ id: "inv-3", status: "paid", number: "INV-2026-000003", allowed_actions: ["pay", "issue"] }),
    ];
    fakeBook({ overrides: { invoice_list: () => docs, invoice_show: ({ id }) => docs.find((d) => d.id === id) } });
    await openInvoices();
    const shown = async (row: number) => {
      await userEvent.click((await screen.findAllByTestId("invoice-row"))[row] as HTMLElement);
      const page = await screen.findByTestId("invoice-page");
      const ids = within(page)
        .queryAllByRole("button")
        .map((b) => b.getAttribute("data-testid") ?? "")
        .filter((id) => ["invoice-issue", "invoice-pay", "invoice-credit"].includes(id));
      await userEvent.click(screen.getByTestId("invoice-back"));
      return ids;
    };
    expect(await shown(0)).toEqual(["invoice-credit"]);
    expect(await shown(1)).toEqual([]);
    expect(await shown(2)).toEqual(["invoice-pay", "invoice-issue"]);
  });
});

describe("missing mentions", () => {
  const refusal = (field: "issuer" | "recipient") => ({
    code: "INVOICE_MENTIONS_MISSING",
    message: field === "issuer" ? "Fabrikam Conseil cannot issue this invoice: missing the issuer's share capital" : "Fabrikam Conseil cannot issue this invoice: missing the customer's billing address",
    message_fr: "il manque",
    field,
  });

  it("links a refusal about the issuer to its partner form, where the legal identity is saved", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const book = fakeBook({
      overrides: {
        invoice_list: () => [invoice()],
        invoice_show: () => invoice(),
        invoice_issue: () => {
          throw refusal("issuer");
        },
        partner_update: ({ input }) => {
          const patch = input as PartnerPatch;
          return { ...office, legal: { ...office.legal, share_capital: patch.share_capital ?? null, payment_terms_days: patch.payment_terms_days ?? 30 } };
        },
      },
    });
    await openInvoices();
    await userEvent.click((await screen.findAllByTestId("invoice-row"))[0] as HTMLElement);
    await userEvent.click(await screen.findByTestId("invoice-issue"));
    // A real book proposes the computer's date, not the book's "as of" date.
    expect(screen.getByTestId("invoice-action-on")).toHaveValue("2026-03-02");
    await userEvent.click(screen.getByTestId("invoice-action-confirm"));
    expect(await screen.findByTestId("invoice-action-error")).toHaveTextContent("missing the issuer's share capital");
    const link = screen.getByTestId("mentions-link");
    expect(link).toHaveTextContent("Complete the legal identity of Fabrikam Conseil");
    await userEvent.click(link);

    const legal = await screen.findByTestId("partner-legal");
    const capital = within(legal).getByTestId("partner-share_capital");
    await userEvent.clear(capital);
    await userEvent.type(capital, "50 000 €");
    await userEvent.clear(within(legal).getByTestId("partner-payment_terms_days"));
    await userEvent.type(within(legal).getByTestId("partner-payment_terms_days"), "45");
    await userEvent.click(screen.getByTestId("partner-submit"));
    await waitFor(() => expect(book.callsTo("partner_update")).toHaveLength(1));
    const sent = book.callsTo("partner_update")[0] as { id: string; input: PartnerPatch };
    expect(sent.id).toBe(office.id);
    expect(sent.input).toMatchObject({ legal_form: "SAS", share_capital: "50 000 €", siren: "732829320", payment_terms_days: 45 });
    // An edit never names the tier or the providers: they change only by a transition.
    expect(sent.input.tier).toBeNull();
    expect(sent.input.providers).toBeNull();
  });

  it("links a refusal about the customer to its edit form, which shows a refusal under its field", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const book = fakeBook({
      overrides: {
        invoice_list: () => [invoice({ customer_id: northwind.id, recipient_name: northwind.name })],
        invoice_show: () => invoice({ customer_id: northwind.id, recipient_name: northwind.name }),
        invoice_issue: () => {
          throw refusal("recipient");
        },
        customer_show: () => northwind,
        partner_list: () => [office],
        transfer_list: () => [],
        customer_update: ({ input }) => {
          const i = input as { vat_id: string; address: string };
          if (i.vat_id === "BE0") throw { code: "VALIDATION", message: "VAT ID 'BE0' does not match the form of BE", message_fr: "n° de TVA invalide", field: "vat_id" };
          return { ...northwind, address: i.address };
        },
      },
    });
    await openInvoices();
    await userEvent.click((await screen.findAllByTestId("invoice-row"))[0] as HTMLElement);
    await userEvent.click(await screen.findByTestId("invoice-issue"));
    await userEvent.click(screen.getByTestId("invoice-action-confirm"));
    await userEvent.click(await screen.findByTestId("mentions-link"));

    const form = await screen.findByTestId("customer-edit-form");
    await userEvent.type(within(form).getByTestId("customer-edit-address"), "Rue Neuve 1, 1000 Bruxelles");
    await userEvent.type(within(form).getByTestId("customer-edit-vat_id"), "BE0");
    await userEvent.click(within(form).getByTestId("customer-edit-submit"));
    expect(await screen.findByTestId("customer-edit-vat_id-error")).toHaveTextContent("does not match the form of BE");

    await userEvent.clear(within(form).getByTestId("customer-edit-vat_id"));
    await userEvent.click(within(form).getByTestId("customer-edit-submit"));
    expect(await screen.findByTestId("customer-saved")).toHaveTextContent("Customer saved.");
    expect(book.callsTo("customer_update").at(-1)).toEqual({
      id: northwind.id,
      input: { name: "Northwind Traders", address: "Rue Neuve 1, 1000 Bruxelles", delivery_address: "", email: "", vat_id: "", siren: "", billing_currency: "" },
    });
  });
});
