// Invoiced amounts by month, as bars, in the office's currency: a small SVG drawn here. (Charting
// packages tried — recharts — assign over built-in prototype methods, which the window's frozen
// prototypes refuse, so the app would not start.) Heights come from the amounts as numbers:
// display only; the exact totals are shown as text.
import { formatMoney, localeOf, type Lang } from "../format";
import { formatMonth } from "../invoices/labels";

const W = 640;
const H = 220;
const PAD = { top: 12, right: 8, bottom: 26, left: 64 };

/** A round axis maximum at or above `max` (1, 2, 2.5 or 5 × a power of ten). */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 2.5, 5, 10].find((m) => m * p >= max) ?? 10) * p;
}

export function InvoicedChart({ data, currency, lang }: { data: { month: string; total: string; value: number }[]; currency: string; lang: Lang }) {
  const top = niceMax(Math.max(0, ...data.map((d) => d.value)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const step = innerW / Math.max(1, data.length);
  const barW = Math.min(36, step * 0.6);
  const y = (v: number) => PAD.top + innerH - (Math.max(0, v) / top) * innerH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  const axisMoney = (v: number) =>
    new Intl.NumberFormat(localeOf(lang), { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(v);
  const short = (m: string) =>
    new Intl.DateTimeFormat(localeOf(lang), { month: "short", timeZone: "UTC" }).format(new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1)));
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={data.map((d) => `${formatMonth(d.month, lang)}: ${formatMoney(d.total, currency, lang)}`).join(", ")} data-testid="invoiced-chart">
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
          <text x={PAD.left - 8} y={y(v)} className="chart-axis" textAnchor="end" dominantBaseline="middle">
            {axisMoney(v)}
          </text>
        </g>
      ))}
      {data.map((d, i) => {
        const x = PAD.left + step * i + (step - barW) / 2;
        return (
          <g key={d.month} data-testid="chart-bar" data-month={d.month} data-total={d.total}>
            <title>{`${formatMonth(d.month, lang)} · ${formatMoney(d.total, currency, lang)}`}</title>
            {d.value > 0 && <rect x={x} y={y(d.value)} width={barW} height={y(0) - y(d.value)} rx={3} className="chart-bar" />}
            <text x={x + barW / 2} y={H - 8} className="chart-axis" textAnchor="middle">
              {short(d.month)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
