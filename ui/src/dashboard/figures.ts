// The dashboard's figures from the book's lists. Money stays exact: decimal strings are added as
// integers of their smallest shown unit (BigInt), never as floats; a float appears only where a
// chart needs a bar height.
import type { Invoice } from "../bindings/Invoice";
import type { InvoiceStatus } from "../bindings/InvoiceStatus";
import type { Offer } from "../bindings/Offer";
import type { Subscription } from "../bindings/Subscription";

const SCALE = 6;

function toUnits(amount: string): bigint {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(amount.trim());
  if (!m) return 0n;
  const frac = (m[3] ?? "").slice(0, SCALE).padEnd(SCALE, "0");
  const v = BigInt((m[2] || "0") + frac);
  return m[1] ? -v : v;
}

function fromUnits(v: bigint): string {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(SCALE + 1, "0");
  const int = s.slice(0, -SCALE);
  const frac = s.slice(-SCALE).replace(/0+$/, "");
  return `${neg ? "-" : ""}${int}${frac ? "." + frac : ""}`;
}

/** Exact sum of decimal strings ("1.10" + "2.205" = "3.305"). */
export function sumDecimal(amounts: string[]): string {
  return fromUnits(amounts.reduce((acc, a) => acc + toUnits(a), 0n));
}

/** Documents that count as invoiced: issued, paid or voided invoices and every credit note (drafts do not). */
export function isInvoiced(i: Invoice): boolean {
  return i.status !== "draft";
}

/** Per currency: the total invoiced by documents matching `keep`. */
export function invoicedTotals(all: Invoice[], keep: (i: Invoice) => boolean): Record<string, string> {
  const by = new Map<string, string[]>();
  for (const i of all) {
    if (!isInvoiced(i) || !keep(i)) continue;
    by.set(i.currency, [...(by.get(i.currency) ?? []), i.total]);
  }
  return Object.fromEntries([...by].map(([cur, list]) => [cur, sumDecimal(list)]));
}

export function countByStatus(all: Invoice[]): Record<InvoiceStatus, number> {
  const out: Record<InvoiceStatus, number> = { draft: 0, issued: 0, paid: 0, voided: 0 };
  for (const i of all) out[i.status] += 1;
  return out;
}

export function activeByOffer(subs: Subscription[]): [Offer, number][] {
  const out = new Map<Offer, number>();
  for (const s of subs) if (s.status === "active") out.set(s.offer, (out.get(s.offer) ?? 0) + 1);
  return [...out].sort((a, b) => b[1] - a[1]);
}

/** The `count` months up to and including `month` (YYYY-MM), oldest first. */
export function monthsUpTo(month: string, count: number): string[] {
  let y = Number(month.slice(0, 4));
  let m = Number(month.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.unshift(`${y}-${String(m).padStart(2, "0")}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

/** Invoiced per usage month in one currency, for the chart: the exact total and the bar height. */
export function invoicedByMonth(all: Invoice[], currency: string, months: string[]): { month: string; total: string; value: number }[] {
  return months.map((month) => {
    const total = invoicedTotals(all, (i) => i.month === month && i.currency === currency)[currency] ?? "0";
    return { month, total, value: Number(total) };
  });
}
