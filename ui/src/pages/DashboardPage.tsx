// The landing screen: the office, the size of the book, and the program's key dates relative to
// the book date (with a one-click look at the book on each of them).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import { countryName } from "../components/CountrySelect";
import { CustomersIcon, PlusIcon } from "../components/icons";
import { formatCount, formatDate } from "../format";
import { useBook } from "../state/book";
import { useRoute } from "../state/route";

export function DashboardPage() {
  const { t } = useTranslation();
  const { operating, info, settings, lang, countries, version, setAsOf } = useBook();
  const { go } = useRoute();
  const [counts, setCounts] = useState<{ customers: number; partners: number } | null>(null);

  useEffect(() => {
    let live = true;
    void Promise.all([
      api.customerSearch({ text: "", partner_id: null, sort: null, descending: false, offset: 0, limit: 1 }),
      api.partnerList(),
    ]).then(([page, partners]) => live && setCounts({ customers: page.total, partners: partners.length }));
    return () => {
      live = false;
    };
  }, [version]);

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
      <section className="tiles">
        <div className="tile">
          <div className="tile-label">{t("dashboard.customers")}</div>
          <div className="tile-value" data-testid="dashboard-customers">
            {counts ? formatCount(counts.customers, lang) : "…"}
          </div>
        </div>
        <div className="tile">
          <div className="tile-label">{t("dashboard.partners")}</div>
          <div className="tile-value">{counts ? formatCount(counts.partners, lang) : "…"}</div>
        </div>
        <div className="tile">
          <div className="tile-label">{t("dashboard.asOf")}</div>
          <div className="tile-value tile-value-small">{formatDate(info.today, lang)}</div>
        </div>
      </section>
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
