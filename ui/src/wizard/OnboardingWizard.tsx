// Onboarding a customer: company → tenant and country (market checked live) → relationship →
// review → done. Each step is a form, so Enter goes on; errors sit next to their field, and a
// refusal from the command brings the user back to the step holding the field it names.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Customer } from "../bindings/Customer";
import type { Partner } from "../bindings/Partner";
import { ErrorNote, errorText } from "../components/ErrorNote";
import { customerFieldOf } from "../errorFields";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { CompanyStep } from "./CompanyStep";
import { DoneStep } from "./DoneStep";
import { customerInput, emptyCustomer, missingOn, STEPS, stepOfField, type CustomerDraft, type FieldErrors, type StepId } from "./draft";
import type { MarketState } from "./MarketStatus";
import { RelationshipStep } from "./RelationshipStep";
import { ReviewStep } from "./ReviewStep";
import { Stepper } from "./Stepper";
import { TenantStep } from "./TenantStep";

/** The partner suggested as partner of record: the office itself, unless it is a provider. */
function defaultPartner(operating: Partner | null, partners: Partner[]): string {
  if (operating && operating.tier !== "indirect-provider") return operating.id;
  return partners.find((p) => p.tier !== "indirect-provider")?.id ?? "";
}

export function OnboardingWizard({ onOpenCustomer, onCancel }: { onOpenCustomer: (id: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { operating, info, lang } = useBook();
  const [step, setStep] = useState<StepId>("company");
  const [draft, setDraft] = useState<CustomerDraft>({ ...emptyCustomer, partner_id: operating?.id ?? "", relationship_since: info.write_today });
  const [errors, setErrors] = useState<FieldErrors>({});
  const { error: general, busy, run, setError: setGeneral } = useAction();
  const listed = useCommandQuery("partner_list", []).data;
  const partners = listed ?? (operating ? [operating] : []);
  const [created, setCreated] = useState<Customer | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (listed) setDraft((d) => (d.partner_id && d.partner_id !== operating?.id ? d : { ...d, partner_id: defaultPartner(operating, listed) }));
  }, [listed, operating]);

  // The market check follows the country and the partner as they change.
  const checkable = Boolean(draft.country && draft.partner_id);
  const check = useCommandQuery("market_check", [draft.partner_id, draft.country], { enabled: checkable });
  const market: MarketState = !checkable
    ? { kind: "idle" }
    : check.error
      ? { kind: "failed", error: check.error }
      : check.data
        ? { kind: "done", check: check.data }
        : { kind: "checking" };

  useEffect(() => heading.current?.focus(), [step]);

  const set = <K extends keyof CustomerDraft>(key: K, value: CustomerDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => (key in e ? { ...e, [key]: undefined } : e));
    setGeneral(null);
  };

  const marketRefused = market.kind === "done" && !market.check.allowed;

  const next = async (e: FormEvent) => {
    e.preventDefault();
    const missing = missingOn(step, draft);
    if (missing.length > 0) {
      setErrors(Object.fromEntries(missing.map((f) => [f, t("common.required")])));
      return;
    }
    if ((step === "tenant" || step === "relationship") && marketRefused) {
      setErrors({ country: t("wizard.notAllowed") });
      return;
    }
    if (step === "review") {
      const done = await run(
        () => api.customerOnboard(customerInput(draft)),
        (refusal) => {
          // A refusal about one field brings the user back to the step holding it.
          const field = customerFieldOf(refusal);
          if (field) {
            setErrors({ [field]: errorText(refusal, lang) });
            setStep(stepOfField[field]);
          }
          return field !== null;
        },
      );
      if (done.ok) {
        setCreated(done.value);
        setStep("done");
      }
      return;
    }
    setErrors({});
    setStep(STEPS[STEPS.indexOf(step) + 1] ?? step);
  };

  const back = () => {
    setErrors({});
    setGeneral(null);
    setStep(STEPS[Math.max(0, STEPS.indexOf(step) - 1)] ?? "company");
  };

  const restart = () => {
    setCreated(null);
    setDraft({ ...emptyCustomer, partner_id: defaultPartner(operating, partners), relationship_since: info.write_today });
    setStep("company");
  };

  const index = STEPS.indexOf(step);
  return (
    <div className="wizard" data-testid="wizard">
      <Stepper current={step} />
      <section className="card wizard-card">
        {step === "done" && created ? (
          <DoneStep customer={created} onOpen={() => onOpenCustomer(created.id)} onAnother={restart} />
        ) : (
          <form
            onSubmit={(e) => void next(e)}
            onKeyDown={(e) => {
              if (e.key === "Escape" && step !== "company") {
                e.preventDefault();
                back();
              }
            }}
            noValidate
            data-testid={`wizard-step-${step}`}
          >
            <div className="eyebrow">{t("wizard.stepOf", { n: index + 1, total: STEPS.length - 1 })}</div>
            <h2 className="card-title" tabIndex={-1} ref={heading}>
              {t(`wizard.steps.${step}`)}
            </h2>
            {step === "company" && <CompanyStep draft={draft} set={set} errors={errors} />}
            {step === "tenant" && <TenantStep draft={draft} set={set} errors={errors} market={market} />}
            {step === "relationship" && <RelationshipStep draft={draft} set={set} errors={errors} partners={partners} market={market} />}
            {step === "review" && <ReviewStep draft={draft} partners={partners} edit={setStep} />}
            {general && <ErrorNote error={general} testid="wizard-error" />}
            <div className="form-actions">
              {step === "company" ? (
                <button type="button" className="btn btn-ghost" onClick={onCancel}>
                  {t("common.cancel")}
                </button>
              ) : (
                <button type="button" className="btn btn-ghost" onClick={back} data-testid="wizard-back">
                  {t("common.back")}
                </button>
              )}
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid={step === "review" ? "wizard-submit" : "wizard-next"}>
                {step === "review" ? (busy ? t("wizard.submitting") : t("wizard.submit")) : t("common.next")}
              </button>
            </div>
          </form>
        )}
      </section>
    </div>
  );
}
