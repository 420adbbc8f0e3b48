// The status the user's approved e-invoicing platform gave an issued invoice, on the date the
// platform gave it. Each one is kept in the invoice's history; the last one shows in the list.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Invoice } from "../bindings/Invoice";
import type { PlatformStatus } from "../bindings/PlatformStatus";
import { DateConfirmDialog } from "../components/DateConfirmDialog";
import { Field } from "../components/Field";
import { useBook } from "../state/book";
import { PLATFORM_STATUSES } from "../bindings/values";

export function PlatformDialog({ invoice, onCancel, onDone }: { invoice: Invoice; onCancel: () => void; onDone: (result: Invoice) => void }) {
  const { t } = useTranslation();
  // A write's date: the computer's in a real book, never the date the book is looked at.
  const { info } = useBook();
  const [status, setStatus] = useState<PlatformStatus>(invoice.platform_status === "deposited" ? "collected" : "deposited");
  return (
    <DateConfirmDialog
      title={t("einvoice.recordTitle", { number: invoice.number ?? "" })}
      lead={<p className="dialog-lead">{t("einvoice.recordLead")}</p>}
      dateLabel={t("einvoice.recordOn")}
      confirmLabel={t("einvoice.recordButton")}
      testid="platform"
      initialDate={info.write_today}
      command={(on) => api.invoicePlatform(invoice.id, status, on)}
      onCancel={onCancel}
      onDone={onDone}
    >
      <Field label={t("einvoice.platformStatus")}>
        <select value={status} onChange={(e) => setStatus(e.target.value as PlatformStatus)} data-testid="platform-status">
          {PLATFORM_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`einvoice.statuses.${s}`)}
            </option>
          ))}
        </select>
      </Field>
    </DateConfirmDialog>
  );
}
