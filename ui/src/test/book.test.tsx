import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { clearMocks, fakeBook } from "./fakeBook";

afterEach(() => {
  cleanup();
  clearMocks();
  vi.restoreAllMocks();
});

const integrity = {
  code: "INTEGRITY",
  message:
    "the book fails verification (2 problem(s)):\nINV-2026-000002 (a1): its stored facts or history no longer match its seal\nprotection invoice_events_no_delete: missing",
  message_fr:
    "le livre échoue à la vérification (2 problème(s)) :\nINV-2026-000002 (a1) : ses données ou son historique ne correspondent plus à son sceau\nprotection invoice_events_no_delete : absente",
  field: null,
};

async function openSettings() {
  render(<App />);
  await userEvent.click(await screen.findByTestId("nav-settings"));
  return screen.findByTestId("settings-book");
}

describe("the book in Settings", () => {
  it("verifies the book and names each document that fails", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    let intact = true;
    const book = fakeBook({
      settings: { "ui.language": "en" },
      overrides: {
        book_verify: () => {
          if (intact) return { ok: true, issued_documents: 13 };
          throw integrity;
        },
      },
    });
    const section = await openSettings();
    await userEvent.click(within(section).getByTestId("book-verify"));
    expect(await screen.findByTestId("book-verify-ok")).toHaveTextContent("The book is intact: 13 issued documents, all sealed");
    expect(book.callsTo("book_verify")).toEqual([{}]);

    intact = false;
    await userEvent.click(within(section).getByTestId("book-verify"));
    const findings = await screen.findAllByTestId("book-verify-finding");
    expect(findings.map((f) => f.textContent)).toEqual([
      "INV-2026-000002 (a1): its stored facts or history no longer match its seal",
      "protection invoice_events_no_delete: missing",
    ]);
    expect(screen.getByTestId("book-verify-error")).toHaveTextContent("the book fails verification");
    expect(screen.queryByTestId("book-verify-ok")).toBeNull();
  });

  it("backs up to the path typed or picked in the save dialog, and shows a refusal", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("fr-FR");
    const book = fakeBook({
      overrides: {
        "plugin:dialog|save": () => "/picked/copie.sqlite3",
        book_backup: ({ out }) => {
          if (out === "/picked/copie.sqlite3") return { path: out, bytes: 460800 };
          throw { code: "CONFLICT", message: `${out as string} already exists`, message_fr: `${out as string} existe déjà`, field: null };
        },
      },
    });
    const section = await openSettings();
    // The suggested copy sits beside the book, named with the book date.
    expect(within(section).getByTestId("book-backup-path")).toHaveValue("/tmp/csp-desk-backup-2026-03-02.sqlite3");
    await userEvent.click(within(section).getByTestId("book-backup"));
    expect(await screen.findByTestId("book-backup-error")).toHaveTextContent("/tmp/csp-desk-backup-2026-03-02.sqlite3 existe déjà");

    await userEvent.click(within(section).getByTestId("book-backup-choose"));
    expect(within(section).getByTestId("book-backup-path")).toHaveValue("/picked/copie.sqlite3");
    await userEvent.click(within(section).getByTestId("book-backup"));
    expect(await screen.findByTestId("book-backup-done")).toHaveTextContent("Copie écrite : /picked/copie.sqlite3 (450 Ko).");
    expect(book.callsTo("book_backup")).toEqual([{ out: "/tmp/csp-desk-backup-2026-03-02.sqlite3" }, { out: "/picked/copie.sqlite3" }]);
  });

  it("restores only after confirmation, and shows a refused copy", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const book = fakeBook({
      settings: { "ui.language": "en" },
      overrides: {
        "plugin:dialog|open": () => "/tmp/backups/book-20260301-120000.000-issue.sqlite3",
        book_restore: ({ file }) => {
          if ((file as string).endsWith("-issue.sqlite3")) return { restored: true, backup: "/tmp/backups/book-20260302-090000.000-restore.sqlite3" };
          throw integrity;
        },
      },
    });
    const section = await openSettings();
    expect(within(section).getByTestId("book-restore")).toBeDisabled();
    await userEvent.type(within(section).getByTestId("book-restore-path"), "/tmp/tampered.sqlite3");
    await userEvent.click(within(section).getByTestId("book-restore"));
    // Cancel leaves the book alone.
    const dialog = await screen.findByTestId("book-restore-confirm");
    expect(dialog).toHaveTextContent("The book will be replaced by /tmp/tampered.sqlite3");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(book.callsTo("book_restore")).toEqual([]);

    await userEvent.click(within(section).getByTestId("book-restore"));
    await userEvent.click(await screen.findByTestId("book-restore-confirm-run"));
    expect(await screen.findByTestId("book-restore-error")).toHaveTextContent("the book fails verification");

    await userEvent.clear(within(section).getByTestId("book-restore-path"));
    await userEvent.click(within(section).getByTestId("book-restore-choose"));
    await userEvent.click(within(section).getByTestId("book-restore"));
    await userEvent.click(await screen.findByTestId("book-restore-confirm-run"));
    expect(await screen.findByTestId("book-restore-done")).toHaveTextContent(
      "Book restored. The previous book was kept as /tmp/backups/book-20260302-090000.000-restore.sqlite3",
    );
    expect(book.callsTo("book_restore")).toEqual([
      { file: "/tmp/tampered.sqlite3" },
      { file: "/tmp/backups/book-20260301-120000.000-issue.sqlite3" },
    ]);
    // Once replaced, the book is reopened: nothing more to restore from this screen.
    expect(within(section).getByTestId("book-restore")).toBeDisabled();
  });
});
