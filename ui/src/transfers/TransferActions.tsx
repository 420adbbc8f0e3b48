// Accept, reject, complete: each on a date (the book date by default), after a confirmation that
// says what will happen.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Transfer } from "../bindings/Transfer";
import { DateInput } from "../components/DateInput";
import { Dialog } from "../components/Dialog";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { formatDate } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";

export type TransferAction = "accept" | "reject" | "complete";

/** What the buttons offer for a status; the command still decides. */
export function transferActions(tr: Transfer): TransferAction[] {
  if (tr.status === "pending") return ["accept", "reject"];
  if (tr.status === "accepted") return ["complete"];
  return [];
}

const call = { accept: api.transferAccept, reject: api.transferReject, complete: api.transferComplete };

export function TransferButtons({ transfer, onChoose }: { transfer: Transfer; onChoose: (a: TransferAction) => void }) {
  const { t } = useTranslation();
  return (
    <div className="hero-actions">
      {transferActions(transfer).map((a) => (
        <button
          key={a}
          type="button"
          className={`btn${a === "reject" ? " btn-warn" : a === "complete" ? " btn-primary" : ""}`}
          onClick={() => onChoose(a)}
          data-testid={`transfer-${a}`}
        >
          {t(`transfer.actions.${a}`)}
        </button>
      ))}
    </div>
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
  const { info, lang } = useBook();
  const [on, setOn] = useState(info.today);
  const { error, busy, run } = useAction();
  const names = { source: tr.source_partner_name, target: tr.target_partner_name, customer: tr.customer_name, last: formatDate(tr.last_accept_day, lang) };

  const confirm = async () => {
    const result = await run(() => call[action](tr.id, on));
    if (result !== undefined) onDone(result, on);
  };

  return (
    <Dialog
      title={t(`transfer.confirm.${action}.title`, names)}
      onCancel={onCancel}
      testid="transfer-action-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t("common.cancel")}
          </button>
          <button
            type="button"
            className={`btn ${action === "reject" ? "btn-warn" : "btn-primary"}`}
            onClick={() => void confirm()}
            disabled={busy || !on}
            data-testid="transfer-action-confirm"
          >
            {t(`transfer.confirm.${action}.button`)}
          </button>
        </>
      }
    >
      <p className="dialog-lead">{t(`transfer.confirm.${action}.text`, names)}</p>
      {action === "complete" && (
        <ul className="plain-list">
          <li>{t("transfer.confirm.complete.usage", names)}</li>
          <li>{t("transfer.confirm.complete.phase1", names)}</li>
          <li className="strong">{t("transfer.confirm.complete.access", names)}</li>
        </ul>
      )}
      <div className="grid-2">
        <Field label={t(`transfer.confirm.${action}.on`)} hint={t("subscription.onHint")}>
          <DateInput value={on} onChange={setOn} data-testid="transfer-action-on" data-autofocus />
        </Field>
      </div>
      {error && <ErrorNote error={error} testid="transfer-action-error" />}
    </Dialog>
  );
}
