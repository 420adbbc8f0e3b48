// Margin per customer (or reseller) as horizontal bars, drawn by Chart.js on a canvas: revenue and
// Microsoft's cost side by side. Heights come from the amounts as numbers: display only; the exact
// figures are in the table beside it.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { MarginRow } from "../bindings/MarginRow";
import { localeOf, type Lang } from "../format";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** The colours of the app's palette (styles.css), as Chart.js takes them. */
const REVENUE = "#1d5fa8";
const COST = "#a9b4c2";

export function MarginChart({ rows, currency, lang }: { rows: MarginRow[]; currency: string; lang: Lang }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    const money = new Intl.NumberFormat(localeOf(lang), { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 });
    const chart = new Chart(ctx, {
      type: "bar",
      data: {
        labels: rows.map((r) => r.name),
        datasets: [
          { label: t("monthEnd.margin.revenue"), data: rows.map((r) => Number(r.revenue)), backgroundColor: REVENUE, borderRadius: 3 },
          { label: t("monthEnd.margin.cost"), data: rows.map((r) => Number(r.cost)), backgroundColor: COST, borderRadius: 3 },
        ],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12, font: { family: "Inter Variable, system-ui, sans-serif" } } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ""}: ${money.format(Number(c.raw))}` } },
        },
        scales: {
          x: { beginAtZero: true, ticks: { callback: (v) => money.format(Number(v)) } },
          y: { ticks: { font: { family: "Inter Variable, system-ui, sans-serif" } } },
        },
      },
    });
    return () => chart.destroy();
  }, [rows, currency, lang, t]);
  return (
    <div className="chart-box" style={{ height: `${String(Math.max(140, 56 + rows.length * 34))}px` }} data-testid="margin-chart">
      <canvas ref={canvas} role="img" aria-label={t("monthEnd.margin.chartLabel")} />
    </div>
  );
}
