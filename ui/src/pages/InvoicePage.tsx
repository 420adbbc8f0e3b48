// One invoice or credit note: who bills whom, its dates, lines, taxes and totals, the legal tax
// mention, its history; issue, pay or credit according to its status.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Invoice } from "../bindings/Invoice";
import { ArrowLeftIcon } from "../components/icons";
import { Pending } from "../components/Pending";
import { formatDate, formatMoney, formatUnitPrice, localeOf } from "../format";
import { InvoiceButtons, InvoiceDialog, type InvoiceAction } from "../invoices/InvoiceActions";
import { InvoiceStatusTag, PlatformStatusTag, ProvisionalTag, formatMonth } from "../invoices/labels";
import { PlatformDialog } from "../invoices/PlatformDialog";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { useRoute } from "../state/route";

/** A decimal string as a percentage ("0.2" → "20 %"), for display only. */
function percent(rate: string, lang: "fr" | "en"): string {
  const n = Number(rate);
  if (!Number.isFinite(n)) return rate;
  return new Intl.NumberFormat(localeOf(lang), { style: "percent", maximumFractionDigits: 2 }).format(n);
}

function quantity(q: string, lang: "fr" | "en"): string {
  const n = Number(q);
  return Number.isFinite(n) ? new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 6 }).format(n) : q;
}

export function InvoicePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const { go } = useRoute();
  const { data: inv, error } = useCommandQuery("invoice_show", [id]);
  const [action, setAction] = useState<InvoiceAction | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [platform, setPlatform] = useState(false);

  const backLink = (
    <button type="button" className="link back-link" onClick={() => go({ name: "invoices" })} data-testid="invoice-back">
      <ArrowLeftIcon />
      {t("invoice.backAll")}
    </button>
  );
  if (error || !inv) return <Pending error={error} back={backLink} />;

  const money = (a: string) => formatMoney(a, inv.currency, lang);
  const date = (d: string | null) => (d ? formatDate(d, lang) : t("common.none"));
  const done = (result: Invoice) => {
    const a = action;
    setAction(null);
    if (a === "credit") {
      // The credit note is a document of its own: show it.
      setNotice(null);
      go({ name: "invoice", id: result.id });
      return;
    }
    setNotice(t(`invoice.done.${a ?? "issue"}`, { number: result.number ?? "" }));
  };

  return (
    <div className="stack" data-testid="invoice-page">
      {backLink}
      <section className="card">
        <div className="card-head">
          <div>
            <div className="eyebrow">
              {t(`invoice.kinds.${inv.kind}`)} · {formatMonth(inv.month, lang)}
            </div>
            <h2 className="card-title title-with-tag">
              <span data-testid="invoice-number">{inv.number ?? t("invoice.draftNumber")}</span>
              <InvoiceStatusTag status={inv.status} testid="invoice-status" />
              {inv.provisional && <ProvisionalTag testid="invoice-provisional" />}
            </h2>
            {inv.provisional && <p className="muted">{t("provisional.hint")}</p>}
          </div>
          <div className="hero-actions">
            {inv.status !== "draft" && (
              <button type="button" className="btn" onClick={() => (setPlatform(true), setNotice(null))} data-testid="invoice-platform">
                {t("einvoice.record")}
              </button>
            )}
            <InvoiceButtons invoice={inv} onChoose={(a) => (setAction(a), setNotice(null))} />
          </div>
        </div>
        {notice && (
          <p className="note note-ok" role="status" data-testid="invoice-notice">
            {notice}
          </p>
        )}
        {inv.status === "draft" && <p className="muted">{t("invoice.draftHint")}</p>}
        <dl className="facts">
          <div className="fact">
            <dt>{t("invoices.columns.issuer")}</dt>
            <dd>{inv.issuer_name}</dd>
          </div>
          <div className="fact">
            <dt>{t("invoices.columns.recipient")}</dt>
            <dd data-testid="invoice-recipient">
              {inv.customer_id ? (
                <button type="button" className="link" onClick={() => go({ name: "customer", id: inv.customer_id ?? "" })}>
                  {inv.recipient_name}
                </button>
              ) : (
                inv.recipient_name
              )}
            </dd>
          </div>
          <div className="fact">
            <dt>{t("invoices.columns.total")}</dt>
            <dd className="strong" data-testid="invoice-total">
              {money(inv.total)}
            </dd>
          </div>
          <div className="fact">
            <dt>{t("invoices.columns.issued")}</dt>
            <dd>{date(inv.issued_on)}</dd>
          </div>
          <div className="fact">
            <dt>{t("invoices.columns.due")}</dt>
            <dd>{date(inv.due_on)}</dd>
          </div>
          <div className="fact">
            <dt>{t("invoice.paid")}</dt>
            <dd>{date(inv.paid_on)}</dd>
          </div>
          {inv.voided_on && (
            <div className="fact">
              <dt>{t("invoice.voided")}</dt>
              <dd>{date(inv.voided_on)}</dd>
            </div>
          )}
          {inv.refund_due && (
            <div className="fact">
              <dt>{t("invoice.refund")}</dt>
              <dd className="strong" data-testid="invoice-refund-due">
                {t("invoice.refundDue", { amount: money(inv.total.replace(/^-/, "")) })}
              </dd>
            </div>
          )}
          {inv.credits && (
            <div className="fact">
              <dt>{t("invoice.credits")}</dt>
              <dd>
                <button type="button" className="link" onClick={() => go({ name: "invoice", id: inv.credits ?? "" })} data-testid="invoice-credits">
                  {inv.credits_number ?? inv.credits}
                </button>
              </dd>
            </div>
          )}
          {inv.credited_by && (
            <div className="fact">
              <dt>{t("invoice.creditedBy")}</dt>
              <dd>
                <button type="button" className="link" onClick={() => go({ name: "invoice", id: inv.credited_by ?? "" })} data-testid="invoice-credited-by">
                  {t("invoice.openCreditNote")}
                </button>
              </dd>
            </div>
          )}
          {inv.status !== "draft" && (
            <div className="fact">
              <dt>{t("einvoice.platformStatus")}</dt>
              <dd>
                <PlatformStatusTag status={inv.platform_status} testid="invoice-platform-status" />
                {inv.platform_on && <span className="muted"> · {date(inv.platform_on)}</span>}
              </dd>
            </div>
          )}
          {inv.exchange_rate && (
            <div className="fact">
              <dt>{t("invoice.exchange")}</dt>
              <dd>
                1 {inv.exchange_from} = {inv.exchange_rate} {inv.currency}
              </dd>
            </div>
          )}
        </dl>
        {inv.tax_mention !== "none" && (
          <p className="note" data-testid="invoice-tax-mention">
            {t(`invoice.mentions.${inv.tax_mention}`)}
          </p>
        )}
      </section>

      <section className="card">
        <h2 className="card-title">{t("invoice.lines", { count: inv.line_count })}</h2>
        <div className="table-wrap">
          <table className="table" data-testid="invoice-lines">
            <thead>
              <tr>
                <th>{t("invoice.columns.subscription")}</th>
                <th>{t("invoice.columns.meter")}</th>
                <th className="num">{t("invoice.columns.quantity")}</th>
                <th className="num">{t("invoice.columns.unitPrice")}</th>
                <th className="num">{t("invoice.columns.markup")}</th>
                <th className="num">{t("invoice.columns.tax")}</th>
                <th className="num">{t("invoice.columns.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {inv.lines.map((l) => (
                <tr key={l.position} data-testid="invoice-line">
                  <td>{l.subscription_name ?? l.subscription_id}</td>
                  <td>
                    <div>{l.meter_name}</div>
                    <div className="muted">
                      {l.meter_category}
                      {l.usage_month && (
                        <span data-testid="invoice-line-late">
                          {" · "}
                          {t(l.withdrawn ? "invoice.withdrawnOf" : "invoice.usageOf", { month: formatMonth(l.usage_month, lang) })}
                        </span>
                      )}
                    </div>
                  </td>
                  <td className="num">
                    {quantity(l.quantity, lang)} <span className="muted">{l.unit}</span>
                  </td>
                  <td className="num">{formatUnitPrice(l.unit_price, inv.currency, lang)}</td>
                  <td className="num">{percent(String(Number(l.markup_percent) / 100), lang)}</td>
                  <td className="num">{percent(l.tax_rate, lang)}</td>
                  <td className="num">{money(l.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="totals" data-testid="invoice-totals">
          <div>
            <dt>{t("invoice.subtotal")}</dt>
            <dd>{money(inv.subtotal)}</dd>
          </div>
          {inv.taxes.map((x) => (
            <div key={x.rate}>
              <dt>{t("invoice.taxLine", { rate: percent(x.rate, lang), base: money(x.base) })}</dt>
              <dd>{money(x.amount)}</dd>
            </div>
          ))}
          <div className="totals-grand">
            <dt>{t("invoice.total")}</dt>
            <dd>{money(inv.total)}</dd>
          </div>
        </dl>
      </section>

      {inv.events.length > 0 && (
        <section className="card">
          <h2 className="card-title">{t("invoice.history")}</h2>
          <ul className="timeline" data-testid="invoice-history">
            {inv.events.map((e, i) => (
              <li key={i}>
                <span className="muted">{formatDate(e.on_date ?? e.at.slice(0, 10), lang)}</span>{" "}
                {e.event === "platform" ? (
                  t("einvoice.event", { status: t(`einvoice.statuses.${e.detail ?? ""}`, { defaultValue: e.detail ?? "" }) })
                ) : (
                  <>
                    {t(`invoice.events.${e.event}`, { defaultValue: e.event })}
                    {e.detail && <span className="muted"> · {e.detail}</span>}
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {platform && (
        <PlatformDialog
          invoice={inv}
          onCancel={() => setPlatform(false)}
          onDone={(result) => {
            setPlatform(false);
            setNotice(t("einvoice.recorded", { number: result.number ?? "" }));
          }}
        />
      )}
      {action && <InvoiceDialog invoice={inv} action={action} onCancel={() => setAction(null)} onDone={done} />}
    </div>
  );
}
