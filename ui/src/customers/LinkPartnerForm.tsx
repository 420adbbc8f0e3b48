// Multi-partner: one more partner for an existing tenant.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { Customer } from "../bindings/Customer";
import type { Partner } from "../bindings/Partner";
import { DateInput } from "../components/DateInput";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { useBook } from "../state/book";

export function LinkPartnerForm({ customer, partners, onLinked }: { customer: Customer; partners: Partner[]; onLinked: (partnerName: string) => void }) {
  const { t } = useTranslation();
  const { info } = useBook();
  const [partner, setPartner] = useState("");
  const [on, setOn] = useState(info.today);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const linked = new Set(customer.relationships.map((r) => r.partner_id));
  const candidates = partners.filter((p) => !linked.has(p.id));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setMissing(!partner);
    if (!partner || !on) return;
    setBusy(true);
    try {
      const rel = await api.customerLink({ customer_id: customer.id, partner_id: partner, on });
      setPartner("");
      onLinked(rel.partner_name);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="form" data-testid="link-form">
      <p className="muted">{t("customer.linkLead")}</p>
      <div className="grid-3">
        <Field label={t("customer.linkPartner")} error={missing ? t("common.required") : null}>
          <select value={partner} onChange={(e) => setPartner(e.target.value)} data-testid="link-partner">
            <option value="">{t("partnerForm.choosePartner")}</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} · {t(`tiers.${p.tier}`)}
              </option>
            ))}
          </select>
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
