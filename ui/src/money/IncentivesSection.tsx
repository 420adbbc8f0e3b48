// The month's incentives report: per partner and currency, the partner cost that earns incentives,
// MCI, the Cloud Platform Silver bonus and their total, as the service computes them.
import { useTranslation } from "react-i18next";
import { ErrorNote } from "../components/ErrorNote";
import { formatMoney } from "../format";
import { formatMonth } from "../invoices/labels";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";

export function IncentivesSection({ month }: { month: string }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const { data, error } = useCommandQuery("incentives_report", [month], { keepPrevious: true });
  return (
    <section className="card" data-testid="incentives">
      <h2 className="card-title">{t("money.incentives.title", { month: formatMonth(month, lang) })}</h2>
      <p className="muted">{t("money.incentives.lead")}</p>
      {error && <ErrorNote error={error} />}
      {data &&
        (data.partners.length === 0 ? (
          <p className="empty-inline" data-testid="incentives-empty">
            {t("money.incentives.none")}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="incentives-table">
              <thead>
                <tr>
                  <th>{t("money.incentives.columns.partner")}</th>
                  <th>{t("money.incentives.columns.currency")}</th>
                  <th className="num">{t("money.incentives.columns.eligible")}</th>
                  <th className="num">{t("money.incentives.columns.mci")}</th>
                  <th className="num">{t("money.incentives.columns.silver")}</th>
                  <th className="num">{t("money.incentives.columns.total")}</th>
                </tr>
              </thead>
              <tbody>
                {data.partners.map((r) => (
                  <tr key={`${r.partner_id}/${r.currency}`} data-testid="incentive-row">
                    <td className="strong">{r.partner_name}</td>
                    <td>{r.currency}</td>
                    <td className="num">{formatMoney(r.eligible_cost, r.currency, lang)}</td>
                    <td className="num">{formatMoney(r.mci, r.currency, lang)}</td>
                    <td className="num">{formatMoney(r.silver, r.currency, lang)}</td>
                    <td className="num strong">{formatMoney(r.total, r.currency, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
