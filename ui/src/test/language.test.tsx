import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { chooseLanguage, systemLanguage } from "../i18n";
import { clearMocks, fakeBook } from "./fakeBook";

afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

describe("language", () => {
  it("follows the system until the user chooses", () => {
    expect(systemLanguage({ language: "fr-CA" })).toBe("fr");
    expect(systemLanguage({ language: "de-DE" })).toBe("en");
    expect(chooseLanguage(undefined, { language: "fr-FR" })).toBe("fr");
    expect(chooseLanguage("", { language: "fr-FR" })).toBe("fr");
    expect(chooseLanguage("en", { language: "fr-FR" })).toBe("en");
    expect(chooseLanguage("fr", { language: "en-US" })).toBe("fr");
  });

  it("opens the first run in French on a French system, and switches to English for good", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("fr-FR");
    const book = fakeBook({ operating: null });
    render(<App />);
    expect(await screen.findByRole("heading", { name: "Bienvenue dans CSP Desk" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Créer mon profil de partenaire" })).toBeInTheDocument();

    await userEvent.click(screen.getByTestId("lang-en"));
    expect(await screen.findByRole("heading", { name: "Welcome to CSP Desk" })).toBeInTheDocument();
    expect(screen.getByText("Company name")).toBeInTheDocument();
    expect(book.callsTo("settings_set")).toEqual([{ key: "ui.language", value: "en" }]);
    expect(document.documentElement.lang).toBe("en");
  });

  it("keeps the language the user chose over the system's", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("fr-FR");
    fakeBook({ operating: null, settings: { "ui.language": "en" } });
    render(<App />);
    expect(await screen.findByRole("heading", { name: "Welcome to CSP Desk" })).toBeInTheDocument();
  });

  it("shows dates in the user's language", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("fr-FR");
    fakeBook();
    render(<App />);
    expect(await screen.findByText("21 juillet 2021")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("lang-en"));
    expect(await screen.findByText("21 July 2021")).toBeInTheDocument();
  });
});
