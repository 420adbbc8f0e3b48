// How the dashboard shows the service's figures: formatting only. The amounts are added by the
// service (`dashboard_summary`), exactly and per currency; a float appears only where a chart
// needs a bar height.
import type { MonthTotals } from "../bindings/MonthTotals";
import { formatMoney, type Lang } from "../format";

/** Per-currency amounts on one line ("€1,200.00 · $30.00"), or a zero in the office's currency. */
export function moneyLine(totals: Record<string, string>, currency: string, lang: Lang): string {
  const entries = Object.entries(totals);
  if (entries.length === 0) return formatMoney("0", currency, lang);
  return entries.map(([cur, v]) => formatMoney(v, cur, lang)).join(" · ");
}

/** One currency's bars for the chart: the exact total as text, and a bar height. */
export function chartSeries(months: MonthTotals[], currency: string): { month: string; total: string; value: number }[] {
  return months.map(({ month, totals }) => {
    const total = totals[currency] ?? "0";
    return { month, total, value: Number(total) };
  });
}
