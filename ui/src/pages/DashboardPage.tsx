// The landing screen: the office, the size of the book, and the program's key dates relative to
// the book date (with a one-click look at the book on each of them).
import type { DashboardSummary } from "../bindings/DashboardSummary";
import { chartSeries, moneyLine } from "../dashboard/figures";
import { FiguresBoundary } from "../dashboard/FiguresBoundary";
import { InvoicedChart } from "../dashboard/InvoicedChart";
import { INVOICE_STATUSES } from "../bindings/values";
import { InvoiceStatusTag, formatMonth } from "../invoices/labels";
import { useTranslation } from "react-i18next";
import { countryName } from "../components/CountrySelect";
import { CustomersIcon, PlusIcon, SupportIcon } from "../components/icons";
import { formatCount, formatDate, type Lang } from "../format";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { useRoute } from "../state/route";

export function DashboardPage() {
  const { t } = useTranslation();
  const { operating, info, settings, lang, countries, setAsOf } = useBook();
  const { go } = useRoute();
  // Figures that cannot be read are left out rather than shown as an error.
  const summary = useCommandQuery("dashboard_summary", [info.today]).data;

  const dates: { key: string; date: string; text: string }[] = [
    { key: "phase1", date: settings["program.phase1"] ?? "", text: t("dashboard.phase1") },
    { key: "silver", date: settings["program.silver_bonus_from"] ?? "", text: t("dashboard.silver") },
    { key: "phase2", date: settings["program.phase2"] ?? "", text: t("dashboard.phase2") },
  ];
  const phase3 = settings["program.phase3"];
  if (phase3) dates.push({ key: "phase3", date: phase3, text: "Phase 3" });
  dates.sort((a, b) => a.date.localeCompare(b.date));

  return (
    <div className="stack" data-testid="dashboard">
      {operating && (
        <section className="card hero">
          <div>
            <h2>{t("dashboard.welcome", { name: operating.name })}</h2>
            <p className="muted">
              {t(`tiers.${operating.tier}`)} · {countryName(countries, operating.country, lang)} · {t("dashboard.market")}{" "}
              {t(`markets.${operating.market}`, { defaultValue: operating.market })}
            </p>
          </div>
          <div className="hero-actions">
            <button type="button" className="btn btn-primary" onClick={() => go({ name: "onboard" })}>
              <PlusIcon />
              {t("dashboard.onboard")}
            </button>
            <button type="button" className="btn" onClick={() => go({ name: "customers" })}>
              <CustomersIcon />
              {t("dashboard.openCustomers")}
            </button>
          </div>
        </section>
      )}
      {summary && (
        <FiguresBoundary
          fallback={(message) => (
            <p className="note note-error" role="alert" data-testid="dashboard-figures-error">
              {t("errors.internal", { message })}
            </p>
          )}
        >
          <BusinessFigures summary={summary} currency={operating?.currency ?? "EUR"} lang={lang} />
        </FiguresBoundary>
      )}
      <section className="card">
        <h2 className="card-title">{t("dashboard.timeline")}</h2>
        <ol className="timeline">
          {dates.map((d) => {
            const past = d.date <= info.today;
            return (
              <li key={d.key} className={past ? "timeline-past" : "timeline-ahead"}>
                <div className="timeline-date">
                  {formatDate(d.date, lang)}
                  <span className={`tag ${past ? "tag-muted" : "tag-accent"}`}>{past ? t("dashboard.past") : t("dashboard.upcoming")}</span>
                </div>
                <p>{d.text}</p>
                <button type="button" className="link" onClick={() => void setAsOf(d.date)}>
                  {t("dashboard.look")}
                </button>
              </li>
            );
          })}
          {!phase3 && (
            <li className="timeline-ahead">
              <div className="timeline-date">Phase 3</div>
              <p>{t("dashboard.phase3")}</p>
            </li>
          )}
        </ol>
      </section>
    </div>
  );
}

function BusinessFigures({ summary, currency, lang }: { summary: DashboardSummary; currency: string; lang: Lang }) {
  const { t } = useTranslation();
  const { go } = useRoute();
  const month = summary.month;
  const statuses = summary.invoices_by_status;
  const chart = chartSeries(summary.invoiced_by_month, currency);
  return (
    <>
      <section className="tiles tiles-4" data-testid="dashboard-figures">
        <div className="tile">
          <div className="tile-label">{t("dashboard.customers")}</div>
          <div className="tile-value" data-testid="dashboard-customers">
            {formatCount(summary.customers, lang)}
          </div>
          <p className="tile-note">{t("dashboard.partnerCount", { count: summary.partners, n: formatCount(summary.partners, lang) })}</p>
        </div>
        <div className="tile">
          <div className="tile-label">{t("dashboard.activeSubscriptions")}</div>
          <div className="tile-value" data-testid="dashboard-active">
            {formatCount(summary.active_subscriptions, lang)}
          </div>
          <ul className="tile-list" data-testid="dashboard-offers">
            {summary.active_by_offer.map(({ offer, count }) => (
              <li key={offer}>
                <span>{t(`offers.${offer}`)}</span>
                <span className="strong">{formatCount(count, lang)}</span>
              </li>
            ))}
          </ul>
        </div>
        <div className="tile">
          <div className="tile-label">{t("dashboard.usageThisMonth", { month: formatMonth(month, lang) })}</div>
          <div className="tile-value tile-value-small" data-testid="dashboard-usage">
            {moneyLine(summary.usage_totals, currency, lang)}
          </div>
          <p className="tile-note">{t("dashboard.usageRows", { count: summary.usage_rows, n: formatCount(summary.usage_rows, lang) })}</p>
        </div>
        <div className="tile">
          <div className="tile-label">{t("dashboard.invoicedThisMonth", { month: formatMonth(month, lang) })}</div>
          <div className="tile-value tile-value-small" data-testid="dashboard-invoiced">
            {moneyLine(summary.invoiced_totals, currency, lang)}
          </div>
          <p className="tile-note">{t("dashboard.invoicedNote")}</p>
        </div>
      </section>
      <section className="card support-strip" data-testid="dashboard-support">
        <SupportIcon />
        <span className="strong" data-testid="dashboard-open-cases">
          {t("support.openCount", { count: summary.open_cases, n: formatCount(summary.open_cases, lang) })}
        </span>
        <span className={summary.overdue_cases > 0 ? "strong text-error" : "muted"} data-testid="dashboard-overdue-cases">
          {t("support.overdueCases", { count: summary.overdue_cases, n: formatCount(summary.overdue_cases, lang) })}
        </span>
        <span className="toolbar-spacer" />
        <button type="button" className="link" onClick={() => go({ name: "support" })} data-testid="dashboard-open-support">
          {t("support.openList")}
        </button>
      </section>
      <section className="card">
        <div className="card-head">
          <h2 className="card-title">{t("dashboard.invoicedByMonth", { currency })}</h2>
          <button type="button" className="link" onClick={() => go({ name: "invoices" })}>
            {t("dashboard.openInvoices")}
          </button>
        </div>
        <div className="dashboard-billing">
          <InvoicedChart data={chart} currency={currency} lang={lang} />
          <div>
            <div className="eyebrow">{t("dashboard.invoicesByStatus")}</div>
            <ul className="status-counts" data-testid="dashboard-statuses">
              {INVOICE_STATUSES.map((s) => (
                <li key={s} data-status={s}>
                  <InvoiceStatusTag status={s} />
                  <span className="strong">{formatCount(statuses[s], lang)}</span>
                </li>
              ))}
            </ul>
          </div>
        </div>
      </section>
    </>
  );
}
