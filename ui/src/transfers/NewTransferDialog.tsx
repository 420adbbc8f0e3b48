// Requesting a transfer: a customer, the source partner (who holds the subscriptions now), the
// target partner, which subscriptions move, and the request date. Which sources, subscriptions and
// targets may be named is the service's answer (`transfer_candidates`, the checks the request
// itself makes); the dialog filters nothing. Refusals come back with their rule.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Subscription } from "../bindings/Subscription";
import type { Transfer } from "../bindings/Transfer";
import { DateInput } from "../components/DateInput";
import { CancelThen, Dialog } from "../components/Dialog";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { formatDate } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { StatusTag, subscriptionName } from "../subscriptions/labels";
import { CustomerPicker } from "./CustomerPicker";

const NONE: Subscription[] = [];

interface Props {
  /** The customer when the request starts from its page; otherwise the dialog asks for one. */
  customerId?: string;
  onCancel: () => void;
  onCreated: (t: Transfer) => void;
}

export function NewTransferDialog({ customerId: preset, onCancel, onCreated }: Props) {
  const { t } = useTranslation();
  const { info, lang } = useBook();
  const [customerId, setCustomerId] = useState(preset ?? "");
  // The source the user picked; until then, the one the service proposes.
  const [sourceChoice, setSourceChoice] = useState<string | null>(null);
  const [target, setTarget] = useState("");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [on, setOn] = useState(info.write_today);
  const picked = useCommandQuery("customer_show", [customerId], { enabled: Boolean(customerId) });
  // Asked as of the request date (the book date while the date field is being cleared).
  const candidatesRead = useCommandQuery("transfer_candidates", [customerId, sourceChoice, on || info.write_today], {
    enabled: Boolean(customerId),
    keepPrevious: true,
  });
  const customer = customerId ? (picked.data ?? null) : null;
  const candidates = customerId && candidatesRead.data?.customer_id === customerId ? candidatesRead.data : undefined;
  const source = sourceChoice ?? candidates?.source_partner_id ?? "";
  // The answer for the source shown (none while another source's is on its way, or none is chosen).
  const forSource = candidates && source && candidates.source_partner_id === source ? candidates : undefined;
  const movable = forSource?.subscriptions ?? NONE;
  const targets = forSource?.targets ?? [];
  const submitting = useAction();
  const error = submitting.error ?? picked.error ?? candidatesRead.error;
  const [missing, setMissing] = useState<{ source?: boolean; target?: boolean; subs?: boolean; on?: boolean }>({});

  // Every movable subscription is proposed when the list changes (not when it is only read again).
  const movableKey = movable.map((s) => s.id).join(" ");
  useEffect(() => setChosen(new Set(movableKey ? movableKey.split(" ") : [])), [movableKey]);
  const chosenTarget = targets.find((p) => p.id === target);
  const targetId = chosenTarget?.id ?? "";

  const submit = async () => {
    const m = { source: !source, target: !targetId, subs: chosen.size === 0, on: !on };
    setMissing(m);
    submitting.setError(null);
    if (m.source || m.target || m.subs || m.on) return;
    const done = await submitting.run(() =>
      api.transferCreate({ customer_id: customerId, source_partner_id: source, target_partner_id: targetId, subscription_ids: [...chosen], on }),
    );
    if (done.ok) onCreated(done.value);
  };

  const pickCustomer = (id: string) => {
    setCustomerId(id);
    setSourceChoice(null);
    setTarget("");
  };

  const toggle = (id: string) =>
    setChosen((c) => {
      const n = new Set(c);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <Dialog
      title={customer ? t("transfers.newTitleFor", { customer: customer.name }) : t("transfers.newTitle")}
      onCancel={onCancel}
      testid="transfer-dialog"
      actions={
        <CancelThen onCancel={onCancel}>
          <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={submitting.busy || !customer} data-testid="transfer-submit">
            {t("transfers.submit")}
          </button>
        </CancelThen>
      }
    >
      <p className="muted dialog-lead">{t("transfers.newLead")}</p>
      {!customerId ? (
        <Field label={t("transfers.columns.customer")}>
          <CustomerPicker onPick={(c) => pickCustomer(c.id)} />
        </Field>
      ) : !customer ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <>
          {!preset && (
            <p className="picked">
              <span className="strong">{customer.name}</span>
              <span className="muted mono-soft">{customer.domain}</span>
              <button type="button" className="link" onClick={() => pickCustomer("")}>
                {t("transfers.otherCustomer")}
              </button>
            </p>
          )}
          <div className="grid-3">
            <Field label={t("transfers.source")} error={missing.source ? t("common.required") : null}>
              <select value={source} onChange={(e) => setSourceChoice(e.target.value)} data-testid="transfer-source">
                <option value="">{t("partnerForm.choosePartner")}</option>
                {(candidates?.sources ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("transfers.target")} error={missing.target ? t("common.required") : null}>
              <select value={targetId} onChange={(e) => setTarget(e.target.value)} data-testid="transfer-target">
                <option value="">{t("partnerForm.choosePartner")}</option>
                {targets.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} · {t(`tiers.${p.tier}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("transfers.on")} hint={t("transfers.onHint")} error={missing.on ? t("common.required") : null}>
              <DateInput value={on} onChange={setOn} data-testid="transfer-on" />
            </Field>
          </div>
          {chosenTarget && !chosenTarget.related && (
            <p className="note" data-testid="transfer-target-hint">
              {t("transfers.targetNoRelationship", { partner: chosenTarget.name })}
            </p>
          )}
          <fieldset className="form-section offer-section">
            <legend>{t("transfers.subscriptions")}</legend>
            {movable.length === 0 ? (
              <p className="muted">{source ? t("transfers.nothingToMove") : t("transfers.chooseSource")}</p>
            ) : (
              <ul className="check-list">
                {movable.map((s) => (
                  <li key={s.id}>
                    <label className="check-row">
                      <input type="checkbox" checked={chosen.has(s.id)} onChange={() => toggle(s.id)} data-testid="transfer-subscription" value={s.id} />
                      <span className="strong">{subscriptionName(s, t)}</span>
                      <span className="muted">{t(`offersShort.${s.offer}`)}</span>
                      <span className="muted">{t("transfers.orderedOn", { date: formatDate(s.created_on, lang) })}</span>
                      <StatusTag status={s.status} />
                    </label>
                  </li>
                ))}
              </ul>
            )}
            {missing.subs && movable.length > 0 && <p className="field-error">{t("transfers.chooseSubscriptions")}</p>}
          </fieldset>
        </>
      )}
      {error && <ErrorNote error={error} testid="transfer-error" />}
    </Dialog>
  );
}
