// Settings → exchange rates: the monthly rates stored (newest month first) and a form to set one.
// The command checks the month, the currencies and the rate (positive, bounded); its refusal is
// shown as it says it.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { localeOf, type Lang } from "../format";
import { formatMonth, recentMonths } from "../invoices/labels";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";

/** A rate as the user reads numbers, every decimal kept (`1,0825` in French). */
export function rateText(rate: string, lang: Lang): string {
  const n = Number(rate);
  if (!Number.isFinite(n)) return rate;
  const decimals = Math.min(20, rate.split(".")[1]?.length ?? 0);
  return new Intl.NumberFormat(localeOf(lang), { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
}

export function ExchangeRatesSection() {
  const { t } = useTranslation();
  const { info, lang } = useBook();
  const rates = useCommandQuery("exchange_rate_list", []);
  const [month, setMonth] = useState(() => recentMonths(info.today)[0] ?? "");
  const [from, setFrom] = useState("EUR");
  const [to, setTo] = useState("USD");
  const [rate, setRate] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const { error, busy, run } = useAction();

  const save = async () => {
    setNotice(null);
    const done = await run(() => api.exchangeRateSet(month.trim(), from.trim(), to.trim(), rate.trim().replace(",", ".")));
    if (done.ok) {
      const r = done.value;
      setNotice(t("money.rates.saved", { month: formatMonth(r.month, lang), from: r.from, to: r.to, rate: rateText(r.rate, lang) }));
      setRate("");
    }
  };

  const list = rates.data ?? [];
  return (
    <section className="card" data-testid="exchange-rates">
      <h2 className="card-title">{t("money.rates.title")}</h2>
      <p className="muted">{t("money.rates.lead")}</p>
      {rates.error && <ErrorNote error={rates.error} />}
      {rates.data && list.length === 0 ? (
        <p className="empty-inline" data-testid="exchange-rates-empty">
          {t("money.rates.none")}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="exchange-rates-table">
            <thead>
              <tr>
                <th>{t("money.rates.columns.month")}</th>
                <th>{t("money.rates.columns.from")}</th>
                <th>{t("money.rates.columns.to")}</th>
                <th className="num">{t("money.rates.columns.rate")}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={`${r.month}/${r.from}/${r.to}`} data-testid="exchange-rate-row">
                  <td>{formatMonth(r.month, lang)}</td>
                  <td>{r.from}</td>
                  <td>{r.to}</td>
                  <td className="num strong">{rateText(r.rate, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="rate-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        noValidate
      >
        <Field label={t("money.rates.month")} hint="YYYY-MM">
          <input type="text" value={month} onChange={(e) => setMonth(e.target.value)} spellCheck={false} data-testid="exchange-rate-month" />
        </Field>
        <Field label={t("money.rates.from")}>
          <input type="text" value={from} onChange={(e) => setFrom(e.target.value)} maxLength={3} spellCheck={false} data-testid="exchange-rate-from" />
        </Field>
        <Field label={t("money.rates.to")}>
          <input type="text" value={to} onChange={(e) => setTo(e.target.value)} maxLength={3} spellCheck={false} data-testid="exchange-rate-to" />
        </Field>
        <Field label={t("money.rates.rate")} hint={t("money.rates.rateHint")}>
          <input type="text" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} data-testid="exchange-rate-rate" />
        </Field>
        <div className="span-4">
          <button type="submit" className="btn btn-primary" disabled={busy || !rate.trim() || !month.trim()} data-testid="exchange-rate-save">
            {t("money.rates.set")}
          </button>
        </div>
      </form>
      {notice && (
        <p className="note note-ok" role="status" data-testid="exchange-rate-notice">
          {notice}
        </p>
      )}
      {error && <ErrorNote error={error} testid="exchange-rate-error" />}
    </section>
  );
}
