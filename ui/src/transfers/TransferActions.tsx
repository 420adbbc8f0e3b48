// Accept, reject, complete: each on a date (the book date by default), after a confirmation that
// says what will happen. The buttons are the request's `allowed_actions`, the list the service
// also guards with.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Transfer } from "../bindings/Transfer";
import type { TransferAction } from "../bindings/TransferAction";
import { ActionButtons } from "../components/ActionButtons";
import { DateConfirmDialog } from "../components/DateConfirmDialog";
import { Field } from "../components/Field";
import { PartnerSelect } from "../components/PartnerSelect";
import { formatDate } from "../format";
import { useBook } from "../state/book";

export type { TransferAction };

const call = { accept: api.transferAccept, reject: api.transferReject };

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
  // A target reseller with several providers names the one that bills the moved subscriptions;
  // with one, that one does. Left unchosen, the command's refusal lists them.
  const providers = action === "complete" && tr.target_providers.length > 1 ? tr.target_providers : [];
  const [providerId, setProviderId] = useState("");
  return (
    <DateConfirmDialog
      title={t(`transfer.confirm.${action}.title`, names)}
      lead={<p className="dialog-lead">{t(`transfer.confirm.${action}.text`, names)}</p>}
      dateLabel={t(`transfer.confirm.${action}.on`)}
      dateHint={t("subscription.onHint")}
      confirmLabel={t(`transfer.confirm.${action}.button`)}
      warn={action === "reject"}
      testid="transfer-action"
      command={(on) => (action === "complete" ? api.transferComplete(tr.id, on, providerId || null) : call[action](tr.id, on))}
      onCancel={onCancel}
      onDone={onDone}
    >
      {/* What completing does, then the choice it needs (beside the date). */}
      {action === "complete" && (
        <ul className="plain-list">
          <li>{t("transfer.confirm.complete.usage", names)}</li>
          <li>{t("transfer.confirm.complete.phase1", names)}</li>
          <li className="strong">{t("transfer.confirm.complete.access", names)}</li>
        </ul>
      )}
      {providers.length > 0 && (
        <div className="form-section">
          <Field label={t("transfer.confirm.complete.provider", names)} hint={t("transfer.confirm.complete.providerHint", names)}>
            <PartnerSelect value={providerId} onChange={setProviderId} partners={providers} placeholder={t("partnerForm.chooseProvider")} testid="transfer-provider" />
          </Field>
        </div>
      )}
    </DateConfirmDialog>
  );
}
