// Direct → indirect reseller: choose the provider and the date, review, confirm.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Partner } from "../bindings/Partner";
import { DateInput } from "../components/DateInput";
import { Dialog } from "../components/Dialog";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { PartnerSelect } from "../components/PartnerSelect";
import { formatDate } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";

export function TransitionCard({ partner, providers, onDone }: { partner: Partner; providers: Partner[]; onDone: (p: Partner) => void }) {
  const { t } = useTranslation();
  const { info, lang } = useBook();
  const [provider, setProvider] = useState("");
  const [on, setOn] = useState(info.write_today);
  const [confirming, setConfirming] = useState(false);
  const { error, busy, run, setError } = useAction();
  const [missing, setMissing] = useState<{ provider?: string; on?: string }>({});
  const providerName = providers.find((p) => p.id === provider)?.name ?? "";

  const review = () => {
    const m: typeof missing = {};
    if (!provider) m.provider = t("common.required");
    if (!on) m.on = t("common.required");
    setMissing(m);
    setError(null);
    if (!m.provider && !m.on) setConfirming(true);
  };

  const confirm = async () => {
    const done = await run(() => api.partnerTransition({ partner_id: partner.id, provider_id: provider, on }));
    setConfirming(false);
    if (done.ok) onDone(done.value);
  };

  return (
    <section className="card" data-testid="transition-card">
      <h2 className="card-title">{t("partners.transition")}</h2>
      <p className="muted">{t("partners.transitionLead")}</p>
      {providers.length === 0 ? (
        <p className="note">{t("partners.transitionNoProvider")}</p>
      ) : (
        <div className="grid-2">
          <Field label={t("partners.transitionProvider")} error={missing.provider}>
            <PartnerSelect value={provider} onChange={setProvider} partners={providers} placeholder={t("partnerForm.chooseProvider")} testid="transition-provider" />
          </Field>
          <Field label={t("partners.transitionOn")} error={missing.on}>
            <DateInput value={on} onChange={setOn} data-testid="transition-on" />
          </Field>
        </div>
      )}
      {error && <ErrorNote error={error} testid="transition-error" />}
      {providers.length > 0 && (
        <div className="form-actions">
          <button type="button" className="btn btn-warn" onClick={review} data-testid="transition-review">
            {t("partners.transitionReview")}
          </button>
        </div>
      )}
      {confirming && (
        <Dialog
          title={t("partners.confirmTitle")}
          onCancel={() => setConfirming(false)}
          testid="transition-dialog"
          actions={
            <>
              <button type="button" className="btn btn-ghost" onClick={() => setConfirming(false)} data-autofocus>
                {t("common.cancel")}
              </button>
              <button type="button" className="btn btn-warn" onClick={() => void confirm()} disabled={busy} data-testid="transition-confirm">
                {t("partners.confirm")}
              </button>
            </>
          }
        >
          <p>{t("partners.confirmText", { name: partner.name, provider: providerName, date: formatDate(on, lang) })}</p>
        </Dialog>
      )}
    </section>
  );
}
