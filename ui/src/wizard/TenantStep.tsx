import { useTranslation } from "react-i18next";
import { CountrySelect } from "../components/CountrySelect";
import { Checkbox, Field } from "../components/Field";
import { MarketStatus, type MarketState } from "./MarketStatus";
import type { StepProps } from "./stepProps";

export function TenantStep({ draft, set, errors, market }: StepProps & { market: MarketState }) {
  const { t } = useTranslation();
  return (
    <div className="grid-2">
      {/* A tenant created here is name.onmicrosoft.com; one that already exists (its tenant ID
          given) keeps its verified custom domain, the one Partner Center's files name. */}
      <Field
        label={t("wizard.domain")}
        hint={t(draft.existingTenant ? "wizard.domainHintExisting" : "wizard.domainHint")}
        error={errors.domain}
        className="span-2"
        testid="wizard-domain"
      >
        <input
          value={draft.domain}
          onChange={(e) => set("domain", e.target.value)}
          placeholder={draft.existingTenant ? "contoso.com" : "contoso.onmicrosoft.com"}
          autoFocus
          spellCheck={false}
          autoCapitalize="off"
          data-testid="wizard-domain"
        />
      </Field>
      <div className="span-2">
        <Checkbox label={t("wizard.existingTenant")} checked={draft.existingTenant} onChange={(v) => set("existingTenant", v)} testid="wizard-existing" />
      </div>
      {draft.existingTenant && (
        <Field label={t("wizard.tenantId")} hint={t("wizard.tenantIdHint")} error={errors.tenant_id} className="span-2" testid="wizard-tenant">
          <input
            value={draft.tenant_id}
            onChange={(e) => set("tenant_id", e.target.value)}
            placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
            spellCheck={false}
            className="mono"
            data-testid="wizard-tenant"
          />
        </Field>
      )}
      <Field label={t("wizard.country")} error={errors.country} className="span-2" testid="wizard-country">
        <CountrySelect value={draft.country} onChange={(v) => set("country", v)} data-testid="wizard-country" />
      </Field>
      <div className="span-2">
        <MarketStatus state={market} />
      </div>
    </div>
  );
}
