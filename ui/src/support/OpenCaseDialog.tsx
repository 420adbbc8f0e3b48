// Opens a support case for a customer (from its page, or a subscription's): the partner holding it
// is one related to the customer; the service decides whether it may (`NO_RELATIONSHIP`).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Severity } from "../bindings/Severity";
import type { SupportCase } from "../bindings/SupportCase";
import { DateInput } from "../components/DateInput";
import { CancelThen, Dialog } from "../components/Dialog";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { PartnerSelect } from "../components/PartnerSelect";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { SEVERITIES } from "../bindings/values";

export function OpenCaseDialog({
  customerId,
  subscriptionId,
  partnerId,
  onCancel,
  onOpened,
}: {
  customerId: string;
  subscriptionId?: string;
  /** The partner proposed as holder (a subscription's partner of record). */
  partnerId?: string;
  onCancel: () => void;
  onOpened: (c: SupportCase) => void;
}) {
  const { t } = useTranslation();
  const { info } = useBook();
  const customer = useCommandQuery("customer_show", [customerId]).data;
  const related = (customer?.relationships ?? []).map((r) => ({ id: r.partner_id, name: r.partner_name }));
  const [partner, setPartner] = useState(partnerId ?? "");
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState<Severity>("normal");
  const [on, setOn] = useState(info.write_today);
  const { error, busy, run } = useAction();
  const holder = partner || related[0]?.id || "";

  const submit = async () => {
    const done = await run(() =>
      api.caseOpen({ partner_id: holder, customer_id: customerId, reseller_id: null, title, severity, subscription_id: subscriptionId ?? null, on: on || null }),
    );
    if (done.ok) onOpened(done.value);
  };

  return (
    <Dialog
      title={t("case.openTitle", { name: customer?.name ?? "" })}
      onCancel={onCancel}
      testid="case-open-dialog"
      actions={
        <CancelThen onCancel={onCancel}>
          <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={busy || !holder} data-testid="case-open-submit">
            {t("case.open")}
          </button>
        </CancelThen>
      }
    >
      <p className="dialog-lead">{t("case.openLead")}</p>
      <Field label={t("case.title")}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} data-testid="case-title-input" data-autofocus />
      </Field>
      <div className="grid-2">
        <Field label={t("case.holder")} hint={t("case.holderHint")}>
          <PartnerSelect value={holder} onChange={setPartner} partners={related} testid="case-partner" />
        </Field>
        <Field label={t("case.severity")} hint={t(`case.target.${severity}`)}>
          <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)} data-testid="case-severity">
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`severities.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("case.openedOn")}>
          <DateInput value={on} onChange={setOn} data-testid="case-on" />
        </Field>
      </div>
      {error && <ErrorNote error={error} testid="case-open-error" />}
    </Dialog>
  );
}
