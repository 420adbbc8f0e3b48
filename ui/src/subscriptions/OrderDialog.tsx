// Ordering a subscription for a customer (or a partner's own tenant). Every offer is listed with
// what the eligibility rules say on the chosen date — allowed or refused, the rule ID and its
// one-line reason — asked again whenever the partner or the date changes. Refused offers stay in
// view, disabled, so the user sees why.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { Decision } from "../bindings/Decision";
import type { Offer } from "../bindings/Offer";
import type { Partner } from "../bindings/Partner";
import type { Subscription } from "../bindings/Subscription";
import { DateInput } from "../components/DateInput";
import { CancelThen, Dialog } from "../components/Dialog";
import { ErrorNote, RuleBadge } from "../components/ErrorNote";
import { Checkbox, Field } from "../components/Field";
import { PartnerSelect } from "../components/PartnerSelect";
import { AlertIcon, CheckIcon } from "../components/icons";
import { formatDate } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";

// While asking again, the previous answers stay in view (dimmed) rather than flickering away.
type Check = { kind: "idle" } | { kind: "checking"; previous: Decision[] } | { kind: "done"; decisions: Decision[] } | { kind: "failed"; error: ApiError };

interface Props {
  /** The customer, or null for a partner's own tenant (APSS). */
  customer: { id: string; name: string } | null;
  /** The partners that may be named partner of record, the preferred one first. */
  partners: Partner[];
  onCancel: () => void;
  onOrdered: (s: Subscription) => void;
}

export function OrderDialog({ customer, partners, onCancel, onOrdered }: Props) {
  const { t } = useTranslation();
  const { info, lang } = useBook();
  const [partnerId, setPartnerId] = useState(partners[0]?.id ?? "");
  const [on, setOn] = useState(info.write_today);
  const [offer, setOffer] = useState<Offer | null>(null);
  const [providerId, setProviderId] = useState("");
  const [name, setName] = useState("");
  const [existing, setExisting] = useState(false);
  const [existingId, setExistingId] = useState("");
  const { error, busy, run, setError } = useAction();
  const [missing, setMissing] = useState<{ on?: boolean; offer?: boolean; provider?: boolean }>({});
  const customerId = customer?.id ?? null;
  const partner = partners.find((p) => p.id === partnerId);
  // A reseller with several providers names the one that bills it; with one, that one does.
  const providers = partner?.tier === "indirect-reseller" && partner.providers.length > 1 ? partner.providers : [];

  const checkable = Boolean(partnerId && on);
  const asked = useCommandQuery("offer_check_all", [partnerId, customerId, on], { enabled: checkable, keepPrevious: true });
  const check: Check = !checkable
    ? { kind: "idle" }
    : asked.error
      ? { kind: "failed", error: asked.error }
      : asked.data && !asked.isPlaceholderData
        ? { kind: "done", decisions: asked.data }
        : { kind: "checking", previous: asked.data ?? [] };
  const answered = check.kind === "done" ? check.decisions : null;

  // Keep the user's choice while it stays allowed; otherwise propose the first allowed offer.
  useEffect(() => {
    if (!answered) return;
    const allowed = answered.filter((d) => d.allowed).map((d) => d.offer);
    setOffer((current) => (current && allowed.includes(current) ? current : (allowed[0] ?? null)));
  }, [answered]);

  const submit = async () => {
    const m = { on: !on, offer: !offer, provider: providers.length > 0 && !providerId };
    setMissing(m);
    setError(null);
    if (m.on || m.offer || m.provider || !offer) return;
    const done = await run(() =>
      api.subscriptionAdd({
        partner_id: partnerId,
        customer_id: customerId,
        offer,
        on,
        name: name.trim() || null,
        id: existing ? existingId.trim() || null : null,
        provider_id: providers.length > 0 ? providerId : null,
      }),
    );
    if (done.ok) onOrdered(done.value);
  };

  const decisions = check.kind === "done" ? check.decisions : check.kind === "checking" ? check.previous : [];
  const noneAllowed = check.kind === "done" && !decisions.some((d) => d.allowed);

  return (
    <Dialog
      title={customer ? t("order.titleCustomer", { customer: customer.name }) : t("order.titleOwn")}
      onCancel={onCancel}
      testid="order-dialog"
      actions={
        <CancelThen onCancel={onCancel}>
          <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={busy || check.kind !== "done" || noneAllowed} data-testid="order-submit">
            {busy ? t("order.submitting") : t("order.submit")}
          </button>
        </CancelThen>
      }
    >
      <p className="muted dialog-lead">{customer ? t("order.leadCustomer") : t("order.leadOwn")}</p>
      {partners.length === 0 ? (
        <p className="note" data-testid="order-no-partner">
          {t("order.noPartner")}
        </p>
      ) : (
        <div className={providers.length > 0 ? "grid-3" : "grid-2"}>
          <Field label={t("order.partner")}>
            <PartnerSelect
              value={partnerId}
              onChange={(id) => (setPartnerId(id), setProviderId(""))}
              partners={partners}
              withTier
              testid="order-partner"
              dialogFocus
            />
          </Field>
          {providers.length > 0 && (
            <Field label={t("order.provider")} hint={t("order.providerHint")} error={missing.provider ? t("common.required") : null}>
              <PartnerSelect value={providerId} onChange={setProviderId} partners={providers} placeholder={t("partnerForm.chooseProvider")} testid="order-provider" />
            </Field>
          )}
          <Field label={t("order.on")} hint={t("order.onHint")} error={missing.on ? t("common.required") : null}>
            <DateInput value={on} onChange={setOn} data-testid="order-on" />
          </Field>
        </div>
      )}

      <fieldset className="form-section offer-section">
        <legend>{on ? t("order.offersOn", { date: formatDate(on, lang) }) : t("order.offers")}</legend>
        {check.kind === "failed" && <ErrorNote error={check.error} testid="order-check-error" />}
        {check.kind === "checking" && decisions.length === 0 && (
          <p className="muted" role="status">
            {t("order.checking")}
          </p>
        )}
        <div className={`offer-options${check.kind === "checking" ? " offer-options-stale" : ""}`} role="radiogroup" aria-label={t("order.offers")} aria-busy={check.kind === "checking"}>
          {decisions.map((d) => (
            <OfferOption key={d.offer} decision={d} chosen={offer === d.offer} onChoose={() => setOffer(d.offer)} />
          ))}
        </div>
        {noneAllowed && (
          <p className="note" data-testid="order-none-allowed">
            {t("order.noneAllowed")}
          </p>
        )}
        {missing.offer && !noneAllowed && <p className="field-error">{t("order.chooseOffer")}</p>}
      </fieldset>

      <div className="grid-2">
        <Field label={t("order.name")} optional={t("common.optional")} hint={t("order.nameHint")}>
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="order-name" />
        </Field>
        <div className="field field-group">
          <Checkbox label={t("order.existing")} hint={t("order.existingHint")} checked={existing} onChange={setExisting} testid="order-existing" />
          {existing && (
            <Field label={t("order.existingId")}>
              <input value={existingId} onChange={(e) => setExistingId(e.target.value)} className="mono" spellCheck={false} data-testid="order-existing-id" />
            </Field>
          )}
        </div>
      </div>
      {error && <ErrorNote error={error} testid="order-error" />}
    </Dialog>
  );
}

function OfferOption({ decision: d, chosen, onChoose }: { decision: Decision; chosen: boolean; onChoose: () => void }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const cls = `offer-option${chosen ? " offer-option-on" : ""}${d.allowed ? "" : " offer-option-refused"}`;
  return (
    <label className={cls} data-testid={`order-offer-${d.offer}`} data-allowed={d.allowed} data-rule={d.rule}>
      <input type="radio" name="offer" checked={chosen} disabled={!d.allowed} onChange={onChoose} data-testid={`order-offer-input-${d.offer}`} />
      <span className="offer-option-title">
        {t(`offers.${d.offer}`)}
        <span className="offer-option-id">{d.offer}</span>
      </span>
      <span className={`tag ${d.allowed ? "tag-ok" : "tag-error"}`}>{d.allowed ? t("order.allowed") : t("order.refused")}</span>
      <span className={`offer-verdict${d.allowed ? "" : " offer-verdict-refused"}`} data-testid={`order-offer-reason-${d.offer}`}>
        {d.allowed ? <CheckIcon /> : <AlertIcon />}
        <span>{lang === "fr" ? d.message_fr : d.message}</span>
        <RuleBadge code={d.rule} />
      </span>
    </label>
  );
}
