// A month's invoices and credit notes, by status; run billing for the month (drafts), export the
// month's PDFs. A row opens the invoice.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { InvoiceStatus } from "../bindings/InvoiceStatus";
import type { PlatformStatus } from "../bindings/PlatformStatus";
import { ErrorNote } from "../components/ErrorNote";
import { InvoicesIcon } from "../components/icons";
import { LinkTable } from "../components/LinkTable";
import { FilterSelect, ListCount, rowLink } from "../components/ListToolbar";
import { formatCount, formatDate, formatMoney } from "../format";
import { ExportDialog } from "../invoices/ExportDialog";
import { FecDialog } from "../invoices/FecDialog";
import { INVOICE_STATUSES, PLATFORM_STATUSES } from "../bindings/values";
import { InvoiceStatusTag, ProvisionalTag, PlatformStatusTag, formatMonth, recentMonths } from "../invoices/labels";
import { MonthSelect } from "../invoices/MonthSelect";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { useRoute } from "../state/route";

/** The month last looked at, kept while the app runs so that coming back from an invoice keeps it. */
let lastMonth: string | null = null;

export function InvoicesPage() {
  const { t } = useTranslation();
  const { info, lang } = useBook();
  const { go } = useRoute();
  const [month, setMonthState] = useState<string>(() => lastMonth ?? recentMonths(info.today)[0] ?? "");
  const [status, setStatus] = useState<InvoiceStatus | "">("");
  // "none": issued documents with no platform status reported yet.
  const [platform, setPlatform] = useState<PlatformStatus | "none" | "">("");
  const [fec, setFec] = useState(false);
  const list = useCommandQuery("invoice_list", [month, null]);
  const all = list.data;
  const billing = useAction();
  const error = billing.error ?? list.error;
  const [notice, setNotice] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const setMonth = (m: string) => {
    lastMonth = m;
    setMonthState(m);
    setNotice(null);
  };

  const rows = useMemo(
    () =>
      (all ?? []).filter(
        (x) =>
          (!status || x.status === status) &&
          (!platform || (platform === "none" ? x.status !== "draft" && !x.platform_status : x.platform_status === platform)),
      ),
    [all, status, platform],
  );

  const run = async () => {
    setNotice(null);
    const done = await billing.run(() => api.billingRun(month, null));
    if (!done.ok) return;
    const r = done.value;
    setNotice(
      t("invoices.runDone", { count: r.invoices.length, n: formatCount(r.invoices.length, lang), month: formatMonth(month, lang) }) +
        (r.replaced_drafts > 0 ? " " + t("invoices.replaced", { count: r.replaced_drafts, n: formatCount(r.replaced_drafts, lang) }) : ""),
    );
  };

  const open = (id: string) => go({ name: "invoice", id });

  return (
    <div className="page-fill" data-testid="invoices-page">
      <div className="toolbar toolbar-wrap">
        <MonthSelect value={month} onChange={setMonth} testid="invoices-month" />
        <FilterSelect
          label={t("subscriptions.status")}
          all={t("subscriptions.allStatuses")}
          value={status}
          options={INVOICE_STATUSES.map((s) => ({ value: s, label: t(`invoiceStatuses.${s}`) }))}
          onChange={setStatus}
          testid="invoices-status"
        />
        <FilterSelect
          label={t("einvoice.platform")}
          all={t("einvoice.allPlatform")}
          value={platform}
          options={[
            ...PLATFORM_STATUSES.map((s) => ({ value: s, label: t(`einvoice.statuses.${s}`) })),
            { value: "none" as const, label: t("einvoice.notSent") },
          ]}
          onChange={setPlatform}
          testid="invoices-platform"
        />
        {all && <ListCount shown={rows.length} total={all.length} countKey="invoices.count" testid="invoices-count" />}
        <span className="toolbar-spacer" />
        <button type="button" className="btn" onClick={() => go({ name: "markups" })} data-testid="invoices-markups">
          {t("markups.button")}
        </button>
        <button type="button" className="btn" onClick={() => setFec(true)} data-testid="invoices-fec">
          {t("einvoice.fec.button")}
        </button>
        <button type="button" className="btn" onClick={() => setExporting(true)} disabled={!all || all.length === 0} data-testid="invoices-export">
          {t("invoices.export.button")}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void run()} disabled={billing.busy} data-testid="billing-run">
          <InvoicesIcon />
          {billing.busy ? t("invoices.running") : t("invoices.run")}
        </button>
      </div>
      {notice && (
        <p className="note note-ok" role="status" data-testid="billing-notice">
          {notice}
        </p>
      )}
      {error && <ErrorNote error={error} testid="invoices-error" />}
      {!all ? (
        <p className="muted">{t("common.loading")}</p>
      ) : all.length === 0 ? (
        <div className="empty-inline" data-testid="invoices-empty">
          <p className="strong">{t("invoices.noneForMonth", { month: formatMonth(month, lang) })}</p>
          <p className="muted">{t("invoices.noneHint")}</p>
        </div>
      ) : rows.length === 0 ? (
        <p className="empty-inline">{t("invoices.noMatch")}</p>
      ) : (
        <LinkTable
          columns={[
            t("invoices.columns.number"),
            t("invoices.columns.recipient"),
            t("invoices.columns.issuer"),
            t("invoices.columns.issued"),
            t("invoices.columns.due"),
            { title: t("invoices.columns.total"), num: true },
            t("invoices.columns.status"),
            t("einvoice.platform"),
          ]}
          testid="invoices-table"
          fill
        >
          {rows.map((x) => (
            <tr
              key={x.id}
              {...rowLink(() => open(x.id))}
              data-testid="invoice-row"
              data-status={x.status}
            >
              <td className="strong nowrap">
                {x.number ?? <span className="muted">{x.kind === "credit_note" ? t("invoice.kinds.credit_note") : t("invoice.draftNumber")}</span>}
              </td>
              <td>{x.recipient_name}</td>
              <td>{x.issuer_name}</td>
              <td>{formatDate(x.issued_on, lang, "medium")}</td>
              <td>{formatDate(x.due_on, lang, "medium")}</td>
              <td className="num">{formatMoney(x.total, x.currency, lang)}</td>
              <td>
                <InvoiceStatusTag status={x.status} />
                {x.provisional && <> <ProvisionalTag testid="invoice-row-provisional" /></>}
              </td>
              <td>{x.status !== "draft" && <PlatformStatusTag status={x.platform_status} testid="invoice-row-platform" />}</td>
            </tr>
          ))}
        </LinkTable>
      )}
      {exporting && <ExportDialog month={month} onClose={() => setExporting(false)} />}
      {fec && <FecDialog month={month} onClose={() => setFec(false)} />}
    </div>
  );
}
