// A month's usage: totals, the summary per customer, subscription and meter category, and the PEC
// audit (rows where partner-earned credit should apply but the file says it did not, and the
// reverse, with the amount at stake), and the month's incentives report. Import a Partner Center file from here.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorNote } from "../components/ErrorNote";
import { UsageIcon } from "../components/icons";
import { formatCount, formatDate, formatMoney, localeOf, type Lang } from "../format";
import { formatMonth, recentMonths } from "../invoices/labels";
import { MonthSelect } from "../invoices/MonthSelect";
import { useBook } from "../state/book";
import { together, useCommandQuery } from "../state/queries";
import { IncentivesSection } from "../money/IncentivesSection";
import { UsageImportDialog } from "../usage/ImportDialog";

let lastMonth: string | null = null;

function quantity(q: string, lang: Lang): string {
  const n = Number(q);
  return Number.isFinite(n) ? new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 4 }).format(n) : q;
}

/** "€12.00 · $3.00" for a per-currency map. */
function perCurrency(totals: Record<string, string>, lang: Lang, none: string): string {
  const entries = Object.entries(totals);
  return entries.length ? entries.map(([cur, v]) => formatMoney(v, cur, lang)).join(" · ") : none;
}

export function UsagePage() {
  const { t } = useTranslation();
  const { info, lang } = useBook();
  const [month, setMonthState] = useState<string>(() => lastMonth ?? recentMonths(info.today)[0] ?? "");
  const { data, error } = together(useCommandQuery("usage_summary", [month]), useCommandQuery("pec_audit", [month]));
  const [summary, audit] = data ?? [];
  const [importing, setImporting] = useState(false);

  const setMonth = (m: string) => {
    lastMonth = m;
    setMonthState(m);
  };

  // The audit names customers and subscriptions by ID: the summary knows their names.
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const g of summary?.groups ?? []) {
      if (g.customer_name) m.set(g.customer_id, g.customer_name);
      if (g.subscription_name) m.set(g.subscription_id, g.subscription_name);
    }
    return m;
  }, [summary]);

  const none = t("common.none");
  const importButton = (
    <button type="button" className="btn btn-primary" onClick={() => setImporting(true)} data-testid="usage-import">
      <UsageIcon />
      {t("usage.import.button")}
    </button>
  );

  return (
    <div className="stack" data-testid="usage-page">
      <div className="toolbar">
        <MonthSelect value={month} onChange={setMonth} testid="usage-month" />
        <span className="toolbar-spacer" />
        {importButton}
      </div>
      {error && <ErrorNote error={error} />}
      {!summary || !audit ? (
        !error && <p className="muted">{t("common.loading")}</p>
      ) : (
        <>
          <section className="tiles tiles-4" data-testid="usage-stats">
            <div className="tile">
              <div className="tile-label">{t("usage.stats.rows")}</div>
              <div className="tile-value" data-testid="usage-rows">{formatCount(summary.rows, lang)}</div>
            </div>
            <div className="tile">
              <div className="tile-label">{t("usage.stats.customers")}</div>
              <div className="tile-value">{formatCount(summary.customers, lang)}</div>
            </div>
            <div className="tile">
              <div className="tile-label">{t("usage.stats.subscriptions")}</div>
              <div className="tile-value">{formatCount(summary.subscriptions, lang)}</div>
            </div>
            <div className="tile">
              <div className="tile-label">{t("usage.stats.erp")}</div>
              <div className="tile-value tile-value-small" data-testid="usage-erp">{perCurrency(summary.erp_totals, lang, none)}</div>
            </div>
          </section>

          <section className="card">
            <h2 className="card-title">{t("usage.summaryTitle", { month: formatMonth(month, lang) })}</h2>
            {summary.groups.length === 0 ? (
              <p className="muted" data-testid="usage-empty">
                {t("usage.noneForMonth", { month: formatMonth(month, lang) })}
              </p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="usage-table">
                  <thead>
                    <tr>
                      <th>{t("usage.columns.customer")}</th>
                      <th>{t("usage.columns.subscription")}</th>
                      <th>{t("usage.columns.category")}</th>
                      <th className="num">{t("usage.columns.rows")}</th>
                      <th className="num">{t("usage.columns.quantity")}</th>
                      <th className="num">{t("usage.columns.erp")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.groups.map((g) => (
                      <tr key={`${g.subscription_id}/${g.meter_category}/${g.currency}`} data-testid="usage-row">
                        <td className="strong">{g.customer_name ?? g.customer_id}</td>
                        <td>{g.subscription_name ?? <span className="mono">{g.subscription_id}</span>}</td>
                        <td>{g.meter_category}</td>
                        <td className="num">{formatCount(g.rows, lang)}</td>
                        <td className="num">{quantity(g.quantity, lang)}</td>
                        <td className="num">{formatMoney(g.erp_amount, g.currency, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="card" data-testid="pec-audit">
            <h2 className="card-title">{t("usage.pec.title")}</h2>
            <p className="muted">{t("usage.pec.lead", { n: formatCount(audit.rows_checked, lang) })}</p>
            <dl className="facts">
              <div className="fact">
                <dt>{t("usage.pec.missing")}</dt>
                <dd className="strong" data-testid="pec-missing-total">
                  {perCurrency(audit.missing_total, lang, none)}
                </dd>
              </div>
              <div className="fact">
                <dt>{t("usage.pec.unexpected")}</dt>
                <dd className="strong" data-testid="pec-unexpected-total">
                  {perCurrency(audit.unexpected_total, lang, none)}
                </dd>
              </div>
              <div className="fact">
                <dt>{t("usage.pec.findings")}</dt>
                <dd>{formatCount(audit.rows.length, lang)}</dd>
              </div>
            </dl>
            {audit.rows.length === 0 ? (
              <p className="note note-ok" role="status" data-testid="pec-clean">
                {t("usage.pec.clean")}
              </p>
            ) : (
              <div className="table-wrap" style={{ marginTop: 14 }}>
                <table className="table" data-testid="pec-table">
                  <thead>
                    <tr>
                      <th>{t("usage.pec.columns.date")}</th>
                      <th>{t("usage.columns.customer")}</th>
                      <th>{t("usage.columns.subscription")}</th>
                      <th>{t("usage.pec.columns.meter")}</th>
                      <th>{t("usage.pec.columns.finding")}</th>
                      <th className="num">{t("usage.pec.columns.atStake")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {audit.rows.map((r) => (
                      <tr key={r.usage_id} data-testid="pec-row" data-finding={r.finding}>
                        <td>{formatDate(r.usage_date, lang, "medium")}</td>
                        <td>{names.get(r.customer_id) ?? <span className="mono">{r.customer_id}</span>}</td>
                        <td>{names.get(r.subscription_id) ?? <span className="mono">{r.subscription_id}</span>}</td>
                        <td>{r.meter_name}</td>
                        <td>
                          <span className={`tag ${r.finding === "missing" ? "tag-warn" : "tag-accent"}`}>{t(`usage.pec.finding.${r.finding}`)}</span>
                          <div className="muted">{r.admin_rights ? t("usage.pec.adminYes") : t("usage.pec.adminNo")}</div>
                        </td>
                        <td className="num strong">{formatMoney(r.amount_at_stake, r.currency, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <IncentivesSection month={month} />
        </>
      )}
      {importing && <UsageImportDialog onClose={() => setImporting(false)} />}
    </div>
  );
}
