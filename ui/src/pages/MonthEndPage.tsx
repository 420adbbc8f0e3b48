// Month-end for a billing partner and month, read top to bottom: a checklist (billed usage
// imported, Microsoft's invoice imported, drafts issued, differences acknowledged, closed) with the
// next action as a button; the differences the tie-outs found, each to acknowledge with a note; the
// margin per customer (or reseller) as a table and a chart; the PEC lost per subscription with its
// days. A closed month reads as it was sealed.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { MarginRow } from "../bindings/MarginRow";
import type { MonthStatus } from "../bindings/MonthStatus";
import type { Step } from "../bindings/Step";
import { DateConfirmDialog } from "../components/DateConfirmDialog";
import { ErrorNote } from "../components/ErrorNote";
import { CheckIcon } from "../components/icons";
import { formatCount, formatDate, formatMoney, localeOf, type Lang } from "../format";
import { formatMonth, recentMonths } from "../invoices/labels";
import { MonthSelect } from "../invoices/MonthSelect";
import { AcknowledgeDialog } from "../monthEnd/AcknowledgeDialog";
import { differenceSubject } from "../monthEnd/labels";
import { MarginChart } from "../monthEnd/MarginChart";
import { MicrosoftImportDialog } from "../monthEnd/MicrosoftImportDialog";
import { useBook } from "../state/book";
import { together, useCommandQuery } from "../state/queries";
import { useRoute } from "../state/route";
import { UsageImportDialog } from "../usage/ImportDialog";

let lastMonth: string | null = null;
let lastIssuer: string | null = null;

function marginPercent(r: MarginRow, lang: Lang): string {
  if (r.margin_percent === null) return "—";
  return `${new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 2 }).format(Number(r.margin_percent))} %`;
}

export function MonthEndPage() {
  const { t } = useTranslation();
  const { info, lang } = useBook();
  const { go } = useRoute();
  const partners = useCommandQuery("partner_list", []);
  // Month-end is a billing partner's: a direct partner or an indirect provider (Microsoft bills them).
  const billers = useMemo(() => (partners.data ?? []).filter((p) => p.tier !== "indirect-reseller"), [partners.data]);
  const [issuerChoice, setIssuer] = useState<string | null>(lastIssuer);
  const issuer = issuerChoice ?? billers.find((p) => p.operating)?.id ?? billers[0]?.id ?? "";
  const [month, setMonthState] = useState<string>(() => lastMonth ?? recentMonths(info.today)[0] ?? "");
  const provider = billers.find((p) => p.id === issuer)?.tier === "indirect-provider";
  const by = provider ? "reseller" : "customer";
  const { data, error } = together(
    useCommandQuery("month_status", [issuer, month], { enabled: issuer !== "" }),
    useCommandQuery("margin_report", [month, issuer, by], { enabled: issuer !== "" }),
    useCommandQuery("pec_audit", [month]),
  );
  const [status, margin, audit] = data ?? [];
  const [dialog, setDialog] = useState<"usage" | "microsoft" | "close" | { ack: number } | null>(null);
  const [sortBy, setSortBy] = useState<"name" | "margin">("margin");

  const setMonth = (m: string) => {
    lastMonth = m;
    setMonthState(m);
  };
  const chooseIssuer = (id: string) => {
    lastIssuer = id;
    setIssuer(id);
  };

  const sorted = useMemo(() => {
    const rows = [...(margin ?? [])];
    return sortBy === "name" ? rows.sort((a, b) => a.name.localeCompare(b.name)) : rows.sort((a, b) => Number(a.margin) - Number(b.margin));
  }, [margin, sortBy]);
  // The chart shows the currency most rows are in (a month rarely mixes; the table shows them all).
  const chartCurrency = sorted[0]?.currency ?? "EUR";
  const lost = (audit?.lost ?? []).filter((l) => l.billing_partner_id === issuer);

  const list = status?.checklist ?? [];
  const next = list.find((s) => !s.done)?.step;
  const nextButton = (step: Step) => {
    switch (step) {
      case "usage":
        return { label: t("monthEnd.next.usage"), act: () => setDialog("usage") };
      case "microsoft":
        return { label: t("monthEnd.next.microsoft"), act: () => setDialog("microsoft") };
      case "drafts":
        return { label: t("monthEnd.next.drafts"), act: () => go({ name: "invoices" }) };
      case "differences": {
        const first = status?.differences.findIndex((d) => !d.acknowledged) ?? -1;
        return { label: t("monthEnd.next.differences"), act: () => setDialog({ ack: Math.max(0, first) }) };
      }
      case "close":
        return { label: t("monthEnd.next.close"), act: () => setDialog("close") };
    }
  };

  return (
    <div className="stack" data-testid="month-end-page">
      <div className="toolbar toolbar-wrap">
        <label className="toolbar-select">
          <span>{t("monthEnd.issuer")}</span>
          <select value={issuer} onChange={(e) => chooseIssuer(e.target.value)} data-testid="month-end-issuer">
            {billers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <MonthSelect value={month} onChange={setMonth} testid="month-end-month" />
        <span className="toolbar-spacer" />
        <button type="button" className="btn" onClick={() => setDialog("microsoft")} data-testid="month-end-microsoft">
          {t("monthEnd.microsoft.button")}
        </button>
      </div>
      {error && <ErrorNote error={error} testid="month-end-error" />}
      {!status || !margin || !audit ? (
        !error && <p className="muted">{t("common.loading")}</p>
      ) : (
        <>
          <section className="card" data-testid="month-end-checklist">
            <div className="hero">
              <div>
                <h2 className="title-with-tag">
                  {t("monthEnd.title", { month: formatMonth(month, lang) })}
                  {status.closed ? (
                    <span className="tag tag-ok" data-testid="month-end-closed">
                      {t("monthEnd.closedOn", { date: formatDate(status.closed_on, lang, "medium") })}
                    </span>
                  ) : (
                    <span className="tag tag-muted">{t("monthEnd.open")}</span>
                  )}
                </h2>
                <p className="muted">{t("monthEnd.lead")}</p>
              </div>
              {next && !status.closed && (
                <div className="hero-actions">
                  <button type="button" className="btn btn-primary" onClick={nextButton(next).act} data-testid="month-end-next" data-step={next}>
                    {nextButton(next).label}
                  </button>
                </div>
              )}
            </div>
            <ol className="checklist">
              {list.map(({ step, done }) => (
                <li key={step} className={done ? "checklist-done" : step === next ? "checklist-next" : ""} data-testid="month-end-step" data-step={step} data-done={done}>
                  <span className="checklist-mark" aria-hidden="true">
                    {done ? <CheckIcon /> : null}
                  </span>
                  <span>
                    <span className="strong">{t(`monthEnd.steps.${step}`)}</span>
                    <span className="muted"> — {stepDetail(step, status, t, lang)}</span>
                  </span>
                </li>
              ))}
            </ol>
          </section>

          <section className="card" data-testid="month-end-differences">
            <h2 className="card-title">{t("monthEnd.differences.title")}</h2>
            {status.differences.length === 0 ? (
              <p className="muted">{t("monthEnd.differences.none")}</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th>{t("monthEnd.differences.code")}</th>
                      <th>{t("monthEnd.differences.about")}</th>
                      <th className="num">{t("monthEnd.differences.amount")}</th>
                      <th>{t("monthEnd.differences.state")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {status.differences.map((d, i) => (
                      <tr key={`${d.code}/${differenceSubject(d)}/${d.meter_id ?? ""}`} data-testid="difference-row" data-code={d.code}>
                        <td>
                          <span className={`tag tag-nowrap ${d.code === "NOT_BILLED" || d.code === "USAGE_WITHDRAWN" ? "tag-warn" : "tag-accent"}`}>{t(`monthEnd.codes.${d.code}`)}</span>
                        </td>
                        <td>
                          {differenceSubject(d)}
                          {(d.meter_name ?? d.meter_id) && <div className="muted">{d.meter_name ?? d.meter_id}</div>}
                        </td>
                        <td className="num strong">{formatMoney(d.amount, d.currency, lang)}</td>
                        <td>
                          {d.acknowledged ? (
                            <span data-testid="difference-acknowledged">
                              <span className="tag tag-ok">{t("monthEnd.differences.acknowledged")}</span>
                              <div className="muted">
                                {formatDate(d.acknowledged_on, lang, "medium")} · {d.note}
                              </div>
                            </span>
                          ) : status.closed ? null : (
                            <button type="button" className="link" onClick={() => setDialog({ ack: i })} data-testid="difference-acknowledge">
                              {t("monthEnd.differences.acknowledge")}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="card" data-testid="month-end-margin">
            <div className="card-head">
              <h2 className="card-title">{t(provider ? "monthEnd.margin.titleResellers" : "monthEnd.margin.title")}</h2>
              <label className="toolbar-select">
                <span>{t("monthEnd.margin.sort")}</span>
                <select value={sortBy} onChange={(e) => setSortBy(e.target.value as "name" | "margin")} data-testid="margin-sort">
                  <option value="margin">{t("monthEnd.margin.byMargin")}</option>
                  <option value="name">{t("monthEnd.margin.byName")}</option>
                </select>
              </label>
            </div>
            {sorted.length === 0 ? (
              <p className="muted">{t("monthEnd.margin.none")}</p>
            ) : (
              <>
                <MarginChart rows={sorted.filter((r) => r.currency === chartCurrency)} currency={chartCurrency} lang={lang} />
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th>{t(provider ? "monthEnd.margin.reseller" : "monthEnd.margin.customer")}</th>
                        <th className="num">{t("monthEnd.margin.revenue")}</th>
                        <th className="num">{t("monthEnd.margin.cost")}</th>
                        <th className="num">{t("monthEnd.margin.margin")}</th>
                        <th className="num">%</th>
                        <th className="num">{t("monthEnd.margin.pecEarned")}</th>
                        <th className="num">{t("monthEnd.margin.pecLost")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {sorted.map((r) => (
                        <tr key={`${r.key}/${r.currency}`} data-testid="margin-row" data-negative={r.negative}>
                          <td className="strong">{r.name}</td>
                          <td className="num">{formatMoney(r.revenue, r.currency, lang)}</td>
                          <td className="num">
                            {formatMoney(r.cost, r.currency, lang)}
                            {r.cost_estimated && (
                              <span className="tag tag-muted tag-inline" title={t("monthEnd.margin.estimatedHint")}>
                                {t("monthEnd.margin.estimated")}
                              </span>
                            )}
                          </td>
                          <td className={`num strong${r.negative ? " text-warn" : ""}`}>
                            {formatMoney(r.margin, r.currency, lang)}
                            {r.negative && <span className="tag tag-warn tag-inline">{t("monthEnd.codes.NEGATIVE_MARGIN")}</span>}
                          </td>
                          <td className="num">{marginPercent(r, lang)}</td>
                          <td className="num">{formatMoney(r.pec_earned, r.currency, lang)}</td>
                          <td className={`num${Number(r.pec_lost) > 0 ? " text-warn strong" : ""}`}>{formatMoney(r.pec_lost, r.currency, lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>

          <section className="card" data-testid="month-end-pec-lost">
            <h2 className="card-title">{t("monthEnd.pecLost.title")}</h2>
            {lost.length === 0 ? (
              <p className="muted">{t("monthEnd.pecLost.none")}</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th>{t("usage.columns.subscription")}</th>
                      <th>{t("monthEnd.pecLost.days")}</th>
                      <th>{t("monthEnd.pecLost.missing")}</th>
                      <th className="num">{t("monthEnd.margin.pecLost")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {lost.map((l) => (
                      <tr key={`${l.subscription_id}/${l.currency}`} data-testid="pec-lost-row">
                        <td>
                          <div className="strong">{l.subscription_name ?? <span className="mono">{l.subscription_id}</span>}</div>
                          {l.customer_name && <div className="muted">{l.customer_name}</div>}
                        </td>
                        <td>
                          {t("monthEnd.pecLost.dayCount", { count: l.days.length, n: formatCount(l.days.length, lang) })}
                          <div className="muted">{l.days.map((d) => formatDate(d, lang, "medium")).join(", ")}</div>
                        </td>
                        <td>{t(`monthEnd.pecLost.roles.${l.missing}`)}</td>
                        <td className="num strong text-warn">{formatMoney(l.pec_lost, l.currency, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
      {dialog === "usage" && <UsageImportDialog onClose={() => setDialog(null)} />}
      {dialog === "microsoft" && <MicrosoftImportDialog onClose={() => setDialog(null)} />}
      {dialog === "close" && status && (
        <DateConfirmDialog
          title={t("monthEnd.close.title", { month: formatMonth(month, lang) })}
          lead={<p className="dialog-lead">{t("monthEnd.close.lead")}</p>}
          dateLabel={t("monthEnd.close.on")}
          confirmLabel={t("monthEnd.close.button")}
          testid="month-close"
          initialDate={info.write_today}
          command={(on) => api.monthClose(status.issuer_id, status.month, on)}
          onCancel={() => setDialog(null)}
          onDone={() => setDialog(null)}
        />
      )}
      {dialog !== null && typeof dialog === "object" && status && (
        <AcknowledgeDialog status={status} index={dialog.ack} onCancel={() => setDialog(null)} onDone={() => setDialog(null)} />
      )}
    </div>
  );
}

function stepDetail(step: Step, s: MonthStatus, t: (k: string, o?: Record<string, unknown>) => string, lang: Lang): string {
  switch (step) {
    case "usage":
      return t("monthEnd.detail.usage", { billed: formatCount(s.microsoft.billed_rows, lang), unbilled: formatCount(s.microsoft.unbilled_rows, lang) });
    case "microsoft":
      return s.microsoft.invoices.length === 0
        ? t("monthEnd.detail.noMicrosoft")
        : s.microsoft.invoices.map((i) => `${i.number} (${formatMoney(i.total, i.currency, lang)})`).join(", ");
    case "drafts":
      return t("monthEnd.detail.drafts", { count: s.drafts, n: formatCount(s.drafts, lang) });
    case "differences": {
      const open = s.differences.filter((d) => !d.acknowledged).length;
      return t("monthEnd.detail.differences", { total: formatCount(s.differences.length, lang), open: formatCount(open, lang) });
    }
    case "close":
      return s.closed ? t("monthEnd.detail.closed") : t("monthEnd.detail.notClosed");
  }
}
