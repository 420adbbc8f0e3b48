import { useTranslation } from "react-i18next";
import { Checkbox, Field } from "../components/Field";
import type { StepProps } from "./stepProps";

export function CompanyStep({ draft, set, errors }: StepProps) {
  const { t } = useTranslation();
  const opt = t("common.optional");
  return (
    <div className="grid-2">
      <Field label={t("wizard.name")} error={errors.name} className="span-2" testid="wizard-name">
        <input value={draft.name} onChange={(e) => set("name", e.target.value)} autoFocus autoComplete="organization" data-testid="wizard-name" />
      </Field>
      <Field label={t("wizard.email")} optional={opt} error={errors.email} testid="wizard-email">
        <input type="email" value={draft.email} onChange={(e) => set("email", e.target.value)} data-testid="wizard-email" />
      </Field>
      <Field label={t("wizard.vatId")} optional={opt} error={errors.vat_id} testid="wizard-vat">
        <input value={draft.vat_id} onChange={(e) => set("vat_id", e.target.value)} data-testid="wizard-vat" />
      </Field>
      <Field label={t("wizard.siren")} optional={opt} error={errors.siren} testid="wizard-siren">
        <input value={draft.siren} onChange={(e) => set("siren", e.target.value)} inputMode="numeric" data-testid="wizard-siren" />
      </Field>
      <div className="field-align-end">
        <Checkbox label={t("wizard.gcc")} checked={draft.gcc} onChange={(v) => set("gcc", v)} testid="wizard-gcc" />
      </div>
      <Field label={t("wizard.address")} optional={opt} className="span-2">
        <textarea rows={2} value={draft.address} onChange={(e) => set("address", e.target.value)} data-testid="wizard-address" />
      </Field>
    </div>
  );
}
