import { describe, expect, it } from "vitest";
import { formatDate, formatMoney, isoToday } from "../format";

describe("formats", () => {
  it("prints business dates as calendar days, whatever the time zone", () => {
    expect(formatDate("2021-07-21", "fr")).toBe("21 juillet 2021");
    expect(formatDate("2022-02-01", "en")).toBe("1 February 2022");
    expect(formatDate("", "en")).toBe("");
    expect(formatDate("not a date", "en")).toBe("not a date");
  });

  it("prints money strings with the currency's own minor unit", () => {
    expect(formatMoney("1234.5", "EUR", "fr").replace(/\s/g, " ")).toBe("1 234,50 €");
    expect(formatMoney("1234.5", "USD", "en")).toBe("US$1,234.50");
    expect(formatMoney("1234", "JPY", "en")).toBe("JP¥1,234");
  });

  it("gives the computer's date as YYYY-MM-DD", () => {
    expect(isoToday(new Date(2026, 0, 5, 23, 30))).toBe("2026-01-05");
  });
});
