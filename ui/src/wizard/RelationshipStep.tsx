import { useTranslation } from "react-i18next";
import type { Partner } from "../bindings/Partner";
import { DateInput } from "../components/DateInput";
import { Field } from "../components/Field";
import { PartnerSelect } from "../components/PartnerSelect";
import { MarketStatus, type MarketState } from "./MarketStatus";
import type { StepProps } from "./stepProps";

export function RelationshipStep({ draft, set, errors, partners, market }: StepProps & { partners: Partner[]; market: MarketState }) {
  const { t } = useTranslation();
  return (
    <div className="grid-2">
      <Field label={t("wizard.partner")} hint={t("wizard.partnerHint")} error={errors.partner_id} className="span-2" testid="wizard-partner">
        <PartnerSelect
          value={draft.partner_id}
          onChange={(id) => set("partner_id", id)}
          partners={partners}
          placeholder={t("partnerForm.choosePartner")}
          withTier
          testid="wizard-partner"
          autoFocus
        />
      </Field>
      <Field label={t("wizard.since")} hint={t("wizard.sinceHint")} error={errors.relationship_since} testid="wizard-since">
        <DateInput value={draft.relationship_since} onChange={(v) => set("relationship_since", v)} data-testid="wizard-since" />
      </Field>
      <div className="span-2">
        <MarketStatus state={market} />
      </div>
    </div>
  );
}
