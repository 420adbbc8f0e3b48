// Transfer requests, newest first, with their status as of the book date; request a new one; a row
// opens the request.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TransferStatus } from "../bindings/TransferStatus";
import { EmptyState } from "../components/EmptyState";
import { PlusIcon, TransfersIcon } from "../components/icons";
import { LinkTable } from "../components/LinkTable";
import { FilterSelect, ListCount, rowLink, SearchBox, textMatcher } from "../components/ListToolbar";
import { Pending } from "../components/Pending";
import { formatCount, formatDate } from "../format";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { useRoute } from "../state/route";
import { TRANSFER_STATUSES } from "../bindings/values";
import { TransferStatusTag } from "../transfers/labels";
import { NewTransferDialog } from "../transfers/NewTransferDialog";

export function TransfersPage() {
  const { t } = useTranslation();
  const { lang } = useBook();
  const { go } = useRoute();
  const { data: all, error } = useCommandQuery("transfer_list", [null]);
  const [text, setText] = useState("");
  const [status, setStatus] = useState<TransferStatus | "">("");
  const [creating, setCreating] = useState(false);

  const rows = useMemo(() => {
    const matches = textMatcher(text, lang);
    return (all ?? []).filter((x) => (!status || x.status === status) && matches([x.customer_name, x.source_partner_name, x.target_partner_name, x.id]));
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

  if (error || !all) return <Pending error={error} />;
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
        <SearchBox value={text} onChange={setText} label={t("transfers.search")} testid="transfer-search" />
        <FilterSelect
          label={t("subscriptions.status")}
          all={t("subscriptions.allStatuses")}
          value={status}
          options={TRANSFER_STATUSES.map((s) => ({ value: s, label: t(`transferStatuses.${s}`) }))}
          onChange={setStatus}
          testid="transfer-status-filter"
        />
        <ListCount shown={rows.length} total={all.length} countKey="transfers.count" testid="transfer-count" />
        <span className="toolbar-spacer" />
        {request}
      </div>
      {rows.length === 0 ? (
        <p className="empty-inline" data-testid="transfers-no-match">
          {t("transfers.noMatch")}
        </p>
      ) : (
        <LinkTable
          columns={[
            t("transfers.columns.customer"),
            t("transfers.columns.from"),
            t("transfers.columns.to"),
            t("transfers.columns.subscriptions"),
            t("transfers.columns.requested"),
            t("transfers.columns.status"),
          ]}
          testid="transfers-table"
          fill
        >
          {rows.map((x) => (
            <tr
              key={x.id}
              {...rowLink(() => go({ name: "transfer", id: x.id }))}
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
        </LinkTable>
      )}
      {dialog}
    </div>
  );
}
