// The partner profile form: first run (the office's own profile), editing it, adding a partner.
// Presence of the required fields is checked here; every other check is the command's, and its
// message is shown next to the field it names.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { LegalIdentity } from "../bindings/LegalIdentity";
import type { NewPartner } from "../bindings/NewPartner";
import type { Partner } from "../bindings/Partner";
import type { PartnerPatch } from "../bindings/PartnerPatch";
import type { Tier } from "../bindings/Tier";
import { CountrySelect } from "../components/CountrySelect";
import { DateInput } from "../components/DateInput";
import { ErrorNote, errorText } from "../components/ErrorNote";
import { Checkbox, Field } from "../components/Field";
import { PartnerSelect } from "../components/PartnerSelect";
import { partnerFieldOf, type PartnerField } from "../errorFields";
import { useAction } from "../state/action";
import { useBook } from "../state/book";

export interface PartnerDraft {
  name: string;
  tier: Tier | "";
  country: string;
  currency: string;
  enrolled_on: string;
  mpn_id: string;
  mci: boolean;
  silver_since: string;
  provider: string;
  vat_id: string;
  address: string;
  email: string;
  /** The issuer's legal identity, printed on its invoices (edited with the profile). */
  legal_form: string;
  share_capital: string;
  siren: string;
  siret: string;
  rcs: string;
  iban: string;
  bic: string;
  payment_terms_days: string;
  late_payment_rate: string;
  early_payment_discount: string;
}

export const emptyDraft: PartnerDraft = {
  name: "",
  tier: "direct",
  country: "",
  currency: "",
  enrolled_on: "",
  mpn_id: "",
  mci: false,
  silver_since: "",
  provider: "",
  vat_id: "",
  address: "",
  email: "",
  legal_form: "",
  share_capital: "",
  siren: "",
  siret: "",
  rcs: "",
  iban: "",
  bic: "",
  payment_terms_days: "30",
  late_payment_rate: "",
  early_payment_discount: "",
};

export function draftOf(p: Partner): PartnerDraft {
  return {
    name: p.name,
    tier: p.tier,
    country: p.country,
    currency: p.currency ?? "",
    enrolled_on: p.enrolled_on,
    mpn_id: p.mpn_id ?? "",
    mci: p.mci,
    silver_since: p.silver_since ?? "",
    provider: p.providers[0]?.id ?? "",
    vat_id: p.vat_id ?? "",
    address: p.address ?? "",
    email: p.email ?? "",
    legal_form: p.legal.legal_form ?? "",
    share_capital: p.legal.share_capital ?? "",
    siren: p.legal.siren ?? "",
    siret: p.legal.siret ?? "",
    rcs: p.legal.rcs ?? "",
    iban: p.legal.iban ?? "",
    bic: p.legal.bic ?? "",
    payment_terms_days: String(p.legal.payment_terms_days),
    late_payment_rate: p.legal.late_payment_rate ?? "",
    early_payment_discount: p.legal.early_payment_discount ?? "",
  };
}

const blankToNull = (s: string) => (s.trim() === "" ? null : s.trim());

/** The legal identity of the draft; a term that is not a whole number is sent as is for the command to refuse. */
export function legalOf(d: PartnerDraft): LegalIdentity {
  const days = Number(d.payment_terms_days.trim());
  return {
    legal_form: blankToNull(d.legal_form),
    share_capital: blankToNull(d.share_capital),
    siren: blankToNull(d.siren),
    siret: blankToNull(d.siret),
    rcs: blankToNull(d.rcs),
    iban: blankToNull(d.iban),
    bic: blankToNull(d.bic),
    payment_terms_days: Number.isInteger(days) && days >= 0 ? days : -1,
    late_payment_rate: blankToNull(d.late_payment_rate),
    early_payment_discount: blankToNull(d.early_payment_discount),
  };
}

/** `withLegal`: the edit form sends the legal identity; first run and adding a partner do not. */
export function inputOf(d: PartnerDraft, withLegal = false): NewPartner {
  return {
    name: d.name,
    tier: d.tier === "" ? null : d.tier,
    country: d.country,
    currency: d.tier === "indirect-reseller" ? null : blankToNull(d.currency.toUpperCase()),
    enrolled_on: blankToNull(d.enrolled_on),
    mpn_id: blankToNull(d.mpn_id),
    mci: d.mci,
    silver_since: blankToNull(d.silver_since),
    providers: d.tier === "indirect-reseller" && d.provider ? [d.provider] : [],
    vat_id: blankToNull(d.vat_id),
    address: blankToNull(d.address),
    email: blankToNull(d.email),
    legal: withLegal ? legalOf(d) : null,
  };
}

/** An edit: every field the form shows, an emptied text clearing it; never the tier or the providers,
 * which change only by a transition. */
export function patchOf(d: PartnerDraft): PartnerPatch {
  return {
    name: d.name,
    tier: null,
    country: d.country,
    currency: d.tier === "indirect-reseller" ? null : d.currency.trim().toUpperCase(),
    enrolled_on: blankToNull(d.enrolled_on),
    mpn_id: d.mpn_id.trim(),
    mci: d.mci,
    silver_since: d.silver_since.trim(),
    providers: null,
    vat_id: d.vat_id.trim(),
    address: d.address.trim(),
    email: d.email.trim(),
    legal_form: d.legal_form.trim(),
    share_capital: d.share_capital.trim(),
    siren: d.siren.trim(),
    siret: d.siret.trim(),
    rcs: d.rcs.trim(),
    iban: d.iban.trim(),
    bic: d.bic.trim(),
    payment_terms_days: legalOf(d).payment_terms_days,
    late_payment_rate: d.late_payment_rate.trim(),
    early_payment_discount: d.early_payment_discount.trim(),
  };
}

/** The legal identity's text fields, in the order an invoice prints them. */
type LegalKey = "legal_form" | "share_capital" | "siren" | "siret" | "rcs" | "iban" | "bic" | "late_payment_rate" | "early_payment_discount";
const legalText: [LegalKey, string][] = [
  ["legal_form", "partnerForm.legalForm"],
  ["share_capital", "partnerForm.shareCapital"],
  ["siren", "partnerForm.siren"],
  ["siret", "partnerForm.siret"],
  ["rcs", "partnerForm.rcs"],
  ["iban", "partnerForm.iban"],
  ["bic", "partnerForm.bic"],
  ["late_payment_rate", "partnerForm.latePaymentRate"],
  ["early_payment_discount", "partnerForm.earlyPaymentDiscount"],
];

const CURRENCY_SUGGESTIONS = ["EUR", "USD", "GBP", "CHF", "CAD", "SEK", "NOK", "DKK", "PLN", "AUD", "JPY"];

interface Props {
  mode: "setup" | "edit" | "add";
  initial: PartnerDraft;
  /** Indirect providers a reseller may name. */
  providers: Partner[];
  submitLabel: string;
  /** `patch`: the same draft as an edit of the stored partner. */
  onSubmit: (input: NewPartner, patch: PartnerPatch) => Promise<void>;
  onCancel?: () => void;
}

export function PartnerForm({ mode, initial, providers, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const [d, setD] = useState<PartnerDraft>(initial);
  const [errors, setErrors] = useState<Partial<Record<PartnerField, string>>>({});
  const { error: general, busy, run, setError: setGeneral } = useAction();

  const set = <K extends keyof PartnerDraft>(k: K, v: PartnerDraft[K]) => {
    setD((prev) => ({ ...prev, [k]: v }));
    const field = (k === "provider" ? "providers" : k) as PartnerField;
    if (errors[field]) setErrors((prev) => ({ ...prev, [field]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setGeneral(null);
    const missing: Partial<Record<PartnerField, string>> = {};
    if (!d.name.trim()) missing.name = t("common.required");
    if (!d.country) missing.country = t("common.required");
    if (!d.enrolled_on) missing.enrolled_on = t("common.required");
    if (d.tier === "indirect-reseller" && !d.provider) missing.providers = t("common.required");
    if (mode === "edit" && legalOf(d).payment_terms_days < 0) missing.payment_terms_days = t("partnerForm.termsWhole");
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    await run(
      () => onSubmit(inputOf(d, mode === "edit"), patchOf(d)),
      (refusal) => {
        // A refusal about one field is shown under it.
        const field = partnerFieldOf(refusal);
        if (field) setErrors({ [field]: errorText(refusal, lang) });
        return field !== null;
      },
    );
  };

  const reseller = d.tier === "indirect-reseller";
  const tiers: Tier[] = ["direct", "indirect-provider", "indirect-reseller"];

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="partner-form">
      <fieldset className="form-section">
        <legend>{t("partnerForm.identity")}</legend>
        <div className="grid-2">
          <Field label={t("partnerForm.name")} error={errors.name} testid="partner-name" className="span-2">
            <input value={d.name} onChange={(e) => set("name", e.target.value)} autoComplete="organization" data-testid="partner-name" />
          </Field>
          <Field label={t("partnerForm.country")} error={errors.country} testid="partner-country">
            <CountrySelect value={d.country} onChange={(v) => set("country", v)} data-testid="partner-country" />
          </Field>
          <Field label={t("partnerForm.mpnId")} hint={t("partnerForm.mpnHint")} optional={t("common.optional")} error={errors.mpn_id} testid="partner-mpn">
            <input value={d.mpn_id} onChange={(e) => set("mpn_id", e.target.value)} inputMode="numeric" data-testid="partner-mpn" />
          </Field>
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("partnerForm.program")}</legend>
        {mode === "edit" ? (
          <p className="readonly-tier">
            <span className="field-label">{t("partnerForm.tier")}</span>
            <span className="tag">{d.tier && t(`tiers.${d.tier}`)}</span>
          </p>
        ) : (
          <div className="tier-options" role="radiogroup" aria-label={t("partnerForm.tier")}>
            {tiers.map((tier) => {
              const disabled = tier === "indirect-reseller" && providers.length === 0;
              return (
                <label key={tier} className={`tier-option${d.tier === tier ? " tier-option-on" : ""}${disabled ? " tier-option-disabled" : ""}`}>
                  <input
                    type="radio"
                    name="tier"
                    value={tier}
                    checked={d.tier === tier}
                    disabled={disabled}
                    onChange={() => set("tier", tier)}
                    data-testid={`partner-tier-${tier}`}
                  />
                  <span className="tier-option-title">{t(`tiers.${tier}`)}</span>
                  <span className="tier-option-help">{disabled ? t("partnerForm.noProvider") : t(`tierHelp.${tier}`)}</span>
                </label>
              );
            })}
          </div>
        )}
        {errors.tier && <p className="field-error" role="alert">{errors.tier}</p>}
        <div className="grid-2">
          {reseller && mode !== "edit" && (
            <Field label={t("partnerForm.provider")} error={errors.providers} className="span-2" testid="partner-provider">
              <PartnerSelect value={d.provider} onChange={(id) => set("provider", id)} partners={providers} placeholder={t("partnerForm.chooseProvider")} testid="partner-provider" />
            </Field>
          )}
          <Field label={t("partnerForm.enrolledOn")} error={errors.enrolled_on} testid="partner-enrolled">
            <DateInput value={d.enrolled_on} onChange={(v) => set("enrolled_on", v)} data-testid="partner-enrolled" />
          </Field>
          {reseller ? (
            <div className="field">
              <span className="field-label">{t("partnerForm.currency")}</span>
              <p className="field-hint">{t("partnerForm.currencyReseller")}</p>
            </div>
          ) : (
            <Field label={t("partnerForm.currency")} hint={t("partnerForm.currencyHint")} error={errors.currency} testid="partner-currency">
              <input
                value={d.currency}
                onChange={(e) => set("currency", e.target.value.toUpperCase())}
                list="currency-suggestions"
                maxLength={3}
                data-testid="partner-currency"
              />
            </Field>
          )}
          <datalist id="currency-suggestions">
            {CURRENCY_SUGGESTIONS.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <Field label={t("partnerForm.silverSince")} optional={t("common.optional")} error={errors.silver_since}>
            <DateInput value={d.silver_since} onChange={(v) => set("silver_since", v)} data-testid="partner-silver" />
          </Field>
          <div className="field-align-end">
            <Checkbox label={t("partnerForm.mci")} checked={d.mci} onChange={(v) => set("mci", v)} testid="partner-mci" />
          </div>
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("partnerForm.contact")}</legend>
        <div className="grid-2">
          <Field label={t("partnerForm.email")} optional={t("common.optional")} error={errors.email} testid="partner-email">
            <input type="email" value={d.email} onChange={(e) => set("email", e.target.value)} autoComplete="email" data-testid="partner-email" />
          </Field>
          <Field label={t("partnerForm.vatId")} optional={t("common.optional")} error={errors.vat_id} testid="partner-vat">
            <input value={d.vat_id} onChange={(e) => set("vat_id", e.target.value)} data-testid="partner-vat" />
          </Field>
          <Field label={t("partnerForm.address")} optional={t("common.optional")} className="span-2">
            <textarea value={d.address} onChange={(e) => set("address", e.target.value)} rows={2} autoComplete="street-address" data-testid="partner-address" />
          </Field>
        </div>
      </fieldset>

      {mode === "edit" && (
        <fieldset className="form-section" data-testid="partner-legal">
          <legend>{t("partnerForm.legal")}</legend>
          <p className="muted">{t("partnerForm.legalLead")}</p>
          <div className="grid-2">
            {legalText.map(([k, label]) => (
              <Field key={k} label={t(label)} optional={t("common.optional")} error={errors[k as PartnerField]} testid={`partner-${k}`}>
                <input value={d[k]} onChange={(e) => set(k, e.target.value)} data-testid={`partner-${k}`} />
              </Field>
            ))}
            <Field label={t("partnerForm.paymentTermsDays")} hint={t("partnerForm.paymentTermsHint")} error={errors.payment_terms_days} testid="partner-payment_terms_days">
              <input
                value={d.payment_terms_days}
                onChange={(e) => set("payment_terms_days", e.target.value)}
                inputMode="numeric"
                data-testid="partner-payment_terms_days"
              />
            </Field>
          </div>
        </fieldset>
      )}

      {general && <ErrorNote error={general} testid="partner-form-error" />}
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="partner-submit">
          {busy ? t("common.saving") : submitLabel}
        </button>
      </div>
    </form>
  );
}
