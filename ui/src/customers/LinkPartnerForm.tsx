// Multi-partner: one more partner for an existing tenant.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Customer } from "../bindings/Customer";
import type { Partner } from "../bindings/Partner";
import { DateInput } from "../components/DateInput";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { PartnerSelect } from "../components/PartnerSelect";
import { useAction } from "../state/action";
import { useBook } from "../state/book";

export function LinkPartnerForm({ customer, partners, onLinked }: { customer: Customer; partners: Partner[]; onLinked: (partnerName: string) => void }) {
  const { t } = useTranslation();
  const { info } = useBook();
  const [partner, setPartner] = useState("");
  const [on, setOn] = useState(info.write_today);
  const { error, busy, run, setError } = useAction();
  const [missing, setMissing] = useState(false);
  const linked = new Set(customer.relationships.map((r) => r.partner_id));
  const candidates = partners.filter((p) => !linked.has(p.id));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setMissing(!partner);
    if (!partner || !on) return;
    const done = await run(() => api.customerLink({ customer_id: customer.id, partner_id: partner, on }));
    if (!done.ok) return;
    setPartner("");
    onLinked(done.value.partner_name);
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="form" data-testid="link-form">
      <p className="muted">{t("customer.linkLead")}</p>
      <div className="grid-3">
        <Field label={t("customer.linkPartner")} error={missing ? t("common.required") : null}>
          <PartnerSelect value={partner} onChange={setPartner} partners={candidates} placeholder={t("partnerForm.choosePartner")} withTier testid="link-partner" />
        </Field>
        <Field label={t("customer.linkOn")}>
          <DateInput value={on} onChange={setOn} data-testid="link-on" />
        </Field>
        <div className="field-align-end">
          <button type="submit" className="btn" disabled={busy} data-testid="link-submit">
            {t("customer.linkSubmit")}
          </button>
        </div>
      </div>
      {error && <ErrorNote error={error} testid="link-error" />}
    </form>
  );
}
