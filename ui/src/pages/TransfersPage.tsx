// Transfer requests, newest first, with their status as of the book date; request a new one; a row
// opens the request.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { Transfer } from "../bindings/Transfer";
import type { TransferStatus } from "../bindings/TransferStatus";
import { EmptyState } from "../components/EmptyState";
import { ErrorNote } from "../components/ErrorNote";
import { PlusIcon, SearchIcon, TransfersIcon } from "../components/icons";
import { formatCount, formatDate, localeOf } from "../format";
import { useBook } from "../state/book";
import { useRoute } from "../state/route";
import { TRANSFER_STATUSES, TransferStatusTag } from "../transfers/labels";
import { NewTransferDialog } from "../transfers/NewTransferDialog";

export function TransfersPage() {
  const { t } = useTranslation();
  const { lang, version } = useBook();
  const { go } = useRoute();
  const [all, setAll] = useState<Transfer[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [text, setText] = useState("");
  const [status, setStatus] = useState<TransferStatus | "">("");
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .transferList(null)
      .then((list) => live && setAll(list))
      .catch((e: unknown) => live && setError(toApiError(e)));
    return () => {
      live = false;
    };
  }, [version]);

  const rows = useMemo(() => {
    const needle = text.trim().toLocaleLowerCase(localeOf(lang));
    return (all ?? []).filter(
      (x) =>
        (!status || x.status === status) &&
        (!needle || [x.customer_name, x.source_partner_name, x.target_partner_name, x.id].some((v) => v.toLocaleLowerCase(localeOf(lang)).includes(needle))),
    );
  }, [all, text, status, lang]);

  const request = (
    <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="transfers-new">
      <PlusIcon />
      {t("transfers.new")}
    </button>
  );
  const dialog = creating && (
    <NewTransferDialog onCancel={() => setCreating(false)} onCreated={(x) => go({ name: "transfer", id: x.id })} />
  );

  if (error) return <ErrorNote error={error} />;
  if (!all) return <p className="muted">{t("common.loading")}</p>;
  if (all.length === 0)
    return (
      <>
        <EmptyState icon={<TransfersIcon />} title={t("empty.transfers.title")} text={t("empty.transfers.text")} action={request} testid="empty-transfers" />
        {dialog}
      </>
    );

  return (
    <div className="page-fill" data-testid="transfers-page">
      <div className="toolbar">
        <div className="search">
          <SearchIcon />
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t("transfers.search")}
            aria-label={t("transfers.search")}
            spellCheck={false}
            data-testid="transfer-search"
          />
        </div>
        <label className="toolbar-select toolbar-select-narrow">
          <span>{t("subscriptions.status")}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as TransferStatus | "")} data-testid="transfer-status-filter">
            <option value="">{t("subscriptions.allStatuses")}</option>
            {TRANSFER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`transferStatuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="toolbar-count" role="status" data-testid="transfer-count">
          {rows.length === all.length
            ? t("transfers.count", { count: all.length, n: formatCount(all.length, lang) })
            : t("subscriptions.countOf", { n: formatCount(rows.length, lang), total: formatCount(all.length, lang) })}
        </span>
        <span className="toolbar-spacer" />
        {request}
      </div>
      {rows.length === 0 ? (
        <p className="empty-inline" data-testid="transfers-no-match">
          {t("transfers.noMatch")}
        </p>
      ) : (
        <div className="table-wrap table-wrap-fill">
          <table className="table table-links" data-testid="transfers-table">
            <thead>
              <tr>
                <th>{t("transfers.columns.customer")}</th>
                <th>{t("transfers.columns.from")}</th>
                <th>{t("transfers.columns.to")}</th>
                <th>{t("transfers.columns.subscriptions")}</th>
                <th>{t("transfers.columns.requested")}</th>
                <th>{t("transfers.columns.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((x) => (
                <tr
                  key={x.id}
                  tabIndex={0}
                  onClick={() => go({ name: "transfer", id: x.id })}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" || e.key === " ") {
                      e.preventDefault();
                      go({ name: "transfer", id: x.id });
                    }
                  }}
                  data-testid="transfer-row"
                >
                  <td className="strong">{x.customer_name}</td>
                  <td>{x.source_partner_name}</td>
                  <td>{x.target_partner_name}</td>
                  <td>{formatCount(x.subscriptions.length, lang)}</td>
                  <td>{formatDate(x.created_on, lang)}</td>
                  <td>
                    <TransferStatusTag status={x.status} />
                    {x.status === "pending" && <span className="muted tag-inline">{t("transfers.until", { date: formatDate(x.last_accept_day, lang, "medium") })}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog}
    </div>
  );
}
