import { useTranslation } from "react-i18next";
import type { Customer } from "../bindings/Customer";
import { CheckIcon } from "../components/icons";

export function DoneStep({ customer, onOpen, onAnother }: { customer: Customer; onOpen: () => void; onAnother: () => void }) {
  const { t } = useTranslation();
  const rel = customer.relationships[0];
  return (
    <div className="done" data-testid="wizard-done">
      <div className="done-icon">
        <CheckIcon />
      </div>
      <h2 data-testid="wizard-done-title">{t("wizard.doneTitle", { name: customer.name })}</h2>
      <p className="muted">{t("wizard.doneLead")}</p>
      <dl className="facts facts-center">
        <div className="fact">
          <dt>{t("customer.tenantId")}</dt>
          <dd className="mono" data-testid="wizard-done-tenant">
            {customer.tenant_id}
          </dd>
        </div>
        <div className="fact">
          <dt>{t("customer.domain")}</dt>
          <dd>{customer.domain}</dd>
        </div>
      </dl>
      {rel && <p className="tag tag-muted">{t(rel.new_customer ? "wizard.newCustomer" : "wizard.existingCustomer", { partner: rel.partner_name })}</p>}
      <div className="form-actions form-actions-center">
        <button type="button" className="btn" onClick={onAnother}>
          {t("wizard.another")}
        </button>
        <button type="button" className="btn btn-primary" onClick={onOpen} autoFocus data-testid="wizard-open-customer">
          {t("wizard.openCustomer")}
        </button>
      </div>
    </div>
  );
}
