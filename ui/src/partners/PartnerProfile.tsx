// A partner's profile as read-only facts.
import { useTranslation } from "react-i18next";
import type { Partner } from "../bindings/Partner";
import { countryName } from "../components/CountrySelect";
import { formatDate } from "../format";
import { useBook } from "../state/book";

export function PartnerProfile({ partner }: { partner: Partner }) {
  const { t } = useTranslation();
  const { lang, countries } = useBook();
  const none = t("common.none");
  const rows: [string, string, string?][] = [
    [t("partnerForm.tier"), t(`tiers.${partner.tier}`), "profile-tier"],
    [t("partnerForm.mpnId"), partner.mpn_id ?? none, "profile-mpn"],
    [t("partnerForm.country"), countryName(countries, partner.country, lang), "profile-country"],
    [t("partners.market"), t(`markets.${partner.market}`, { defaultValue: partner.market })],
    [t("partnerForm.currency"), partner.currency ?? none, "profile-currency"],
    [t("partnerForm.enrolledOn"), formatDate(partner.enrolled_on, lang), "profile-enrolled"],
    [t("partnerForm.mci"), partner.mci ? t("common.yes") : t("common.no")],
    [t("partnerForm.silverSince"), partner.silver_since ? formatDate(partner.silver_since, lang) : none],
    [t("partnerForm.email"), partner.email ?? none],
    [t("partnerForm.vatId"), partner.vat_id ?? none],
    [t("partnerForm.address"), partner.address ?? none],
    [t("partnerForm.legalForm"), [partner.legal.legal_form, partner.legal.share_capital].filter(Boolean).join(" – ") || none, "profile-legal-form"],
    [t("partnerForm.siren"), partner.legal.siret ?? partner.legal.siren ?? none],
    [t("partnerForm.rcs"), partner.legal.rcs ?? none],
    [t("partnerForm.iban"), partner.legal.iban ?? none],
    [t("partnerForm.paymentTermsDays"), String(partner.legal.payment_terms_days)],
  ];
  return (
    <>
      <p>
        <span className={`tag ${partner.new_partner ? "tag-accent" : "tag-muted"}`} data-testid="profile-new-partner">
          {partner.new_partner ? t("partners.newPartner") : t("partners.existingPartner")}
        </span>
      </p>
      <dl className="facts">
        {rows.map(([label, value, testid]) => (
          <div key={label} className="fact">
            <dt>{label}</dt>
            <dd data-testid={testid}>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
