import { useTranslation } from "react-i18next";
import type { Partner } from "../bindings/Partner";
import { countryName } from "../components/CountrySelect";
import { formatDate } from "../format";
import { useBook } from "../state/book";
import type { CustomerDraft, StepId } from "./draft";

export function ReviewStep({ draft, partners, edit }: { draft: CustomerDraft; partners: Partner[]; edit: (s: StepId) => void }) {
  const { t } = useTranslation();
  const { lang, countries } = useBook();
  const none = t("common.none");
  const groups: [StepId, [string, string][]][] = [
    [
      "company",
      [
        [t("wizard.name"), draft.name],
        [t("wizard.email"), draft.email || none],
        [t("wizard.vatId"), draft.vat_id || none],
        [t("wizard.siren"), draft.siren || none],
        [t("wizard.gcc"), draft.gcc ? t("common.yes") : t("common.no")],
        [t("wizard.address"), draft.address || none],
      ],
    ],
    [
      "tenant",
      [
        [t("wizard.domain"), draft.domain],
        [t("wizard.tenantId"), draft.existingTenant ? draft.tenant_id : none],
        [t("wizard.country"), countryName(countries, draft.country, lang)],
      ],
    ],
    [
      "relationship",
      [
        [t("wizard.partner"), partners.find((p) => p.id === draft.partner_id)?.name ?? none],
        [t("wizard.since"), formatDate(draft.relationship_since, lang)],
      ],
    ],
  ];
  return (
    <div className="review" data-testid="wizard-review">
      <p className="muted">{t("wizard.reviewLead")}</p>
      {groups.map(([step, rows]) => (
        <section key={step} className="review-group">
          <div className="review-head">
            <h3>{t(`wizard.steps.${step}`)}</h3>
            <button type="button" className="link" onClick={() => edit(step)}>
              {t("common.edit")}
            </button>
          </div>
          <dl className="facts">
            {rows.map(([k, v]) => (
              <div key={k} className="fact">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
