import { QueryClientProvider, useQuery } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { api } from "../api";
import { useAction } from "../state/action";
import { AsOfContext, contextQuery, newQueryClient, reads, together, useCommandQuery, type ReadCommand } from "../state/queries";
import type { ApiError } from "../bindings/ApiError";

afterEach(() => clearMocks());

/** A book of invoice numbers behind mockIPC, recording each command asked. */
function invoiceBook() {
  const numbers = ["INV-1"];
  const asked: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    asked.push({ cmd, args });
    if (cmd === "invoice_list") return numbers.map((number) => ({ id: number, number }));
    if (cmd === "partner_operating") return { id: "p-office" };
    if (cmd === "invoice_issue") {
      if (args.on === "1999-01-01") throw { code: "VALIDATION", message: "too early", message_fr: "trop tôt" };
      numbers.push(`INV-${numbers.length + 1}`);
      return { id: args.id };
    }
    throw new Error(`unexpected command ${cmd}`);
  });
  return { asked: (cmd: string) => asked.filter((a) => a.cmd === cmd).map((a) => a.args) };
}

function Invoices({ on }: { on: string }) {
  const list = useCommandQuery("invoice_list", ["2026-02", null]);
  const operating = useQuery(contextQuery("partner_operating"));
  const { error, busy, run } = useAction();
  return (
    <div>
      <ul>{list.data?.map((x) => <li key={x.id}>{x.number}</li>)}</ul>
      <p data-testid="operating">{operating.data?.id}</p>
      <button type="button" disabled={busy} onClick={() => void run(() => api.invoiceIssue("inv", on))}>
        issue
      </button>
      {error && <p role="alert">{error.message}</p>}
    </div>
  );
}

function Window({ on = "2026-03-02", asOf = "2026-03-02" }: { on?: string; asOf?: string }) {
  const [client] = useState(newQueryClient);
  return (
    <QueryClientProvider client={client}>
      <AsOfContext.Provider value={asOf}>
        <Invoices on={on} />
      </AsOfContext.Provider>
    </QueryClientProvider>
  );
}

describe("the query cache", () => {
  it("keys each read by the command name api.ts invokes", async () => {
    const invoked: string[] = [];
    mockIPC((cmd) => {
      invoked.push(cmd);
      return null;
    });
    for (const cmd of Object.keys(reads) as ReadCommand[]) {
      invoked.length = 0;
      await (reads[cmd] as (...a: unknown[]) => Promise<unknown>)();
      expect(invoked).toEqual([cmd]);
    }
  });

  it("after a write the list shows the new state; the book context is not read again", async () => {
    const book = invoiceBook();
    render(<Window />);
    expect(await screen.findByText("INV-1")).toBeInTheDocument();
    expect(screen.queryByText("INV-2")).toBeNull();
    await userEvent.click(screen.getByText("issue"));
    expect(await screen.findByText("INV-2")).toBeInTheDocument();
    expect(book.asked("invoice_issue")).toEqual([{ id: "inv", on: "2026-03-02" }]);
    expect(book.asked("invoice_list")).toHaveLength(2);
    expect(book.asked("partner_operating")).toHaveLength(1);
  });

  it("keeps a refusal for display and reads nothing again", async () => {
    const book = invoiceBook();
    render(<Window on="1999-01-01" />);
    await screen.findByText("INV-1");
    await userEvent.click(screen.getByText("issue"));
    expect(await screen.findByRole("alert")).toHaveTextContent("too early");
    expect(book.asked("invoice_list")).toHaveLength(1);
  });

  it("reads the book again when the book date changes, and not otherwise", async () => {
    const book = invoiceBook();
    const { rerender } = render(<Window asOf="2026-03-02" />);
    await screen.findByText("INV-1");
    rerender(<Window asOf="2026-03-02" />);
    expect(book.asked("invoice_list")).toHaveLength(1);
    rerender(<Window asOf="2022-02-01" />);
    await waitFor(() => expect(book.asked("invoice_list")).toHaveLength(2));
  });
});

describe("together", () => {
  const refusal: ApiError = { code: "NOT_FOUND", message: "gone", message_fr: "disparu", field: null };

  it("answers once every read has, with the first refusal", () => {
    expect(together({ data: 1, error: null }, { data: undefined, error: null })).toEqual({ data: undefined, error: null });
    expect(together({ data: 1, error: null }, { data: "a", error: null })).toEqual({ data: [1, "a"], error: null });
    expect(together({ data: undefined, error: refusal }, { data: "a", error: null })).toEqual({ data: undefined, error: refusal });
  });
});
