// Accept, reject, complete: each on a date (the book date by default), after a confirmation that
// says what will happen. The buttons are the request's `allowed_actions`, the list the service
// also guards with.
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Transfer } from "../bindings/Transfer";
import type { TransferAction } from "../bindings/TransferAction";
import { ActionButtons } from "../components/ActionButtons";
import { DateConfirmDialog } from "../components/DateConfirmDialog";
import { formatDate } from "../format";
import { useBook } from "../state/book";

export type { TransferAction };

const call = { accept: api.transferAccept, reject: api.transferReject, complete: api.transferComplete };

export function TransferButtons({ transfer, onChoose }: { transfer: Transfer; onChoose: (a: TransferAction) => void }) {
  return (
    <ActionButtons prefix="transfer" actions={transfer.allowed_actions} tone={(a) => (a === "reject" ? "warn" : a === "complete" ? "primary" : null)} onChoose={onChoose} />
  );
}

export function TransferDialog({
  transfer: tr,
  action,
  onCancel,
  onDone,
}: {
  transfer: Transfer;
  action: TransferAction;
  onCancel: () => void;
  onDone: (t: Transfer, on: string) => void;
}) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const names = { source: tr.source_partner_name, target: tr.target_partner_name, customer: tr.customer_name, last: formatDate(tr.last_accept_day, lang) };
  return (
    <DateConfirmDialog
      title={t(`transfer.confirm.${action}.title`, names)}
      lead={<p className="dialog-lead">{t(`transfer.confirm.${action}.text`, names)}</p>}
      dateLabel={t(`transfer.confirm.${action}.on`)}
      dateHint={t("subscription.onHint")}
      confirmLabel={t(`transfer.confirm.${action}.button`)}
      warn={action === "reject"}
      testid="transfer-action"
      command={(on) => call[action](tr.id, on)}
      onCancel={onCancel}
      onDone={onDone}
    >
      {action === "complete" && (
        <ul className="plain-list">
          <li>{t("transfer.confirm.complete.usage", names)}</li>
          <li>{t("transfer.confirm.complete.phase1", names)}</li>
          <li className="strong">{t("transfer.confirm.complete.access", names)}</li>
        </ul>
      )}
    </DateConfirmDialog>
  );
}
