// Editing a customer: name, billing and delivery addresses, e-mail, VAT ID, SIREN, the currency it
// is billed in. Issued invoices
// keep what they printed; drafts show the new details. Every check is the command's, and its message
// is shown next to the field it names.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Customer } from "../bindings/Customer";
import { ErrorNote, errorText } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { customerFieldOf, type CustomerField } from "../errorFields";
import { useAction } from "../state/action";
import { useBook } from "../state/book";

interface Draft {
  name: string;
  address: string;
  delivery_address: string;
  email: string;
  vat_id: string;
  siren: string;
  billing_currency: string;
}

const draftOf = (c: Customer): Draft => ({
  name: c.name,
  address: c.address ?? "",
  delivery_address: c.delivery_address ?? "",
  email: c.email ?? "",
  vat_id: c.vat_id ?? "",
  siren: c.siren ?? "",
  billing_currency: c.billing_currency ?? "",
});

export function CustomerEditForm({ customer, onSaved, onCancel }: { customer: Customer; onSaved: (c: Customer) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const [d, setD] = useState<Draft>(draftOf(customer));
  const [errors, setErrors] = useState<Partial<Record<CustomerField, string>>>({});
  const { error, busy, run } = useAction();

  const set = (k: keyof Draft, v: string) => {
    setD((prev) => ({ ...prev, [k]: v }));
    if (errors[k]) setErrors((prev) => ({ ...prev, [k]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!d.name.trim()) return setErrors({ name: t("common.required") });
    setErrors({});
    // Every field is sent: an empty one clears it.
    const done = await run(
      () => api.customerUpdate(customer.id, { ...d }),
      (refusal) => {
        const field = customerFieldOf(refusal);
        if (field) setErrors({ [field]: errorText(refusal, lang) });
        return field !== null;
      },
    );
    if (done.ok) onSaved(done.value);
  };

  const text = (k: keyof Draft, label: string, optional = true) => (
    <Field label={t(label)} optional={optional ? t("common.optional") : undefined} error={errors[k]} testid={`customer-edit-${k}`}>
      <input value={d[k]} onChange={(e) => set(k, e.target.value)} data-testid={`customer-edit-${k}`} />
    </Field>
  );

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="customer-edit-form">
      <p className="muted">{t("customer.editLead")}</p>
      <div className="grid-2">
        <div className="span-2">{text("name", "customer.name", false)}</div>
        <Field label={t("customer.address")} optional={t("common.optional")} error={errors.address} testid="customer-edit-address">
          <textarea value={d.address} onChange={(e) => set("address", e.target.value)} rows={2} data-testid="customer-edit-address" />
        </Field>
        <Field
          label={t("customer.deliveryAddress")}
          hint={t("customer.deliveryHint")}
          optional={t("common.optional")}
          error={errors.delivery_address}
          testid="customer-edit-delivery_address"
        >
          <textarea value={d.delivery_address} onChange={(e) => set("delivery_address", e.target.value)} rows={2} data-testid="customer-edit-delivery_address" />
        </Field>
        {text("email", "customer.email")}
        {text("vat_id", "customer.vatId")}
        {text("siren", "customer.siren")}
        <Field
          label={t("money.billingCurrency")}
          hint={t("money.billingCurrencyHint")}
          optional={t("common.optional")}
          error={errors.billing_currency}
          testid="customer-edit-billing_currency"
        >
          <input
            value={d.billing_currency}
            onChange={(e) => set("billing_currency", e.target.value)}
            placeholder={t("money.usageCurrency")}
            maxLength={3}
            spellCheck={false}
            data-testid="customer-edit-billing_currency"
          />
        </Field>
      </div>
      {error && <ErrorNote error={error} testid="customer-edit-error" />}
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="customer-edit-submit">
          {busy ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </form>
  );
}
