// Acknowledge a difference of the month: a note saying why it is accepted, on a date. The
// acknowledgement holds for this difference and this amount (a changed amount is a new difference).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Difference } from "../bindings/Difference";
import type { MonthStatus } from "../bindings/MonthStatus";
import { DateConfirmDialog } from "../components/DateConfirmDialog";
import { Field } from "../components/Field";
import { formatMoney } from "../format";
import { useBook } from "../state/book";
import { differenceSubject } from "./labels";

export function AcknowledgeDialog({
  status,
  index,
  onCancel,
  onDone,
}: {
  status: MonthStatus;
  index: number;
  onCancel: () => void;
  onDone: (s: MonthStatus) => void;
}) {
  const { t } = useTranslation();
  const { info, lang } = useBook();
  const [note, setNote] = useState("");
  const d: Difference | undefined = status.differences[index];
  if (!d) return null;
  return (
    <DateConfirmDialog
      title={t("monthEnd.ack.title")}
      lead={
        <p className="dialog-lead">
          <span className="strong">{t(`monthEnd.codes.${d.code}`)}</span> · {differenceSubject(d)} ·{" "}
          <span className="strong">{formatMoney(d.amount, d.currency, lang)}</span>
        </p>
      }
      dateLabel={t("monthEnd.ack.on")}
      confirmLabel={t("monthEnd.ack.button")}
      testid="acknowledge"
      initialDate={info.write_today}
      command={(on) => api.monthAcknowledge(status.issuer_id, status.month, index, note, on)}
      onCancel={onCancel}
      onDone={onDone}
    >
      <Field label={t("monthEnd.ack.note")} hint={t("monthEnd.ack.noteHint")}>
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={1000} data-testid="acknowledge-note" />
      </Field>
    </DateConfirmDialog>
  );
}
