// Dates and money in the user's locale, through Intl. Business dates are calendar days
// (YYYY-MM-DD) with no time zone: they are read and printed as UTC so that no offset moves them.

export type Lang = "fr" | "en";

const locales: Record<Lang, string> = { fr: "fr-FR", en: "en-GB" };

export function localeOf(lang: Lang): string {
  return locales[lang];
}

function utcDate(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** "21 July 2021" / "21 juillet 2021". */
export function formatDate(iso: string | null | undefined, lang: Lang, style: "long" | "medium" = "long"): string {
  if (!iso) return "";
  const d = utcDate(iso);
  if (!d) return iso;
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: style, timeZone: "UTC" }).format(d);
}

/** Money arrives as a decimal string; Intl prints it with the currency's own minor unit. */
export function formatMoney(amount: string, currency: string, lang: Lang): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return `${amount} ${currency}`;
  return new Intl.NumberFormat(localeOf(lang), { style: "currency", currency }).format(n);
}

export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(localeOf(lang)).format(n);
}

/** The computer's date as YYYY-MM-DD (local calendar day). */
export function isoToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/** An unrounded unit price ("0.10752") with the currency, keeping its digits (up to 6). */
export function formatUnitPrice(amount: string, currency: string, lang: Lang): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return `${amount} ${currency}`;
  return new Intl.NumberFormat(localeOf(lang), { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 6 }).format(n);
}
