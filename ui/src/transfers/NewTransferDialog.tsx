// Requesting a transfer: a customer, the source partner (who holds the subscriptions now), the
// target partner, which subscriptions move, and the request date. The command decides; refusals
// come back with their rule.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Subscription } from "../bindings/Subscription";
import type { Transfer } from "../bindings/Transfer";
import { DateInput } from "../components/DateInput";
import { Dialog } from "../components/Dialog";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { formatDate } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { together, useCommandQuery } from "../state/queries";
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
  const partners = useCommandQuery("partner_list", []).data ?? [];
  const picked = together(
    useCommandQuery("customer_show", [customerId], { enabled: Boolean(customerId) }),
    useCommandQuery("subscription_list", [customerId], { enabled: Boolean(customerId) }),
  );
  const customer = customerId ? (picked.data?.[0] ?? null) : null;
  const subs = customerId ? picked.data?.[1] : undefined;
  const [source, setSource] = useState("");
  const [target, setTarget] = useState("");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [on, setOn] = useState(info.today);
  const submitting = useAction();
  const error = submitting.error ?? picked.error;
  const [missing, setMissing] = useState<{ source?: boolean; target?: boolean; subs?: boolean; on?: boolean }>({});

  useEffect(() => {
    if (!subs) return;
    // Propose the partner holding most of the customer's subscriptions as the source.
    const holders = subs.filter((x) => x.status !== "cancelled").map((x) => x.partner_id);
    const first = holders.sort((a, b) => holders.filter((h) => h === b).length - holders.filter((h) => h === a).length)[0];
    setSource(first ?? "");
  }, [subs]);

  // The source's subscriptions for this customer (cancelled ones cannot move).
  const movable = useMemo(() => (subs ?? NONE).filter((s) => s.partner_id === source && s.status !== "cancelled"), [subs, source]);
  useEffect(() => setChosen(new Set(movable.map((s) => s.id))), [movable]);

  const holders = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of subs ?? NONE) if (s.status !== "cancelled") m.set(s.partner_id, s.partner_name);
    return [...m.entries()];
  }, [subs]);
  // A target holds customers: a direct partner or an indirect reseller.
  const targets = partners.filter((p) => p.id !== source && p.tier !== "indirect-provider");
  const targetRelated = customer?.relationships.some((r) => r.partner_id === target) ?? false;

  const submit = async () => {
    const m = { source: !source, target: !target, subs: chosen.size === 0, on: !on };
    setMissing(m);
    submitting.setError(null);
    if (m.source || m.target || m.subs || m.on) return;
    const done = await submitting.run(() =>
      api.transferCreate({ customer_id: customerId, source_partner_id: source, target_partner_id: target, subscription_ids: [...chosen], on }),
    );
    if (done.ok) onCreated(done.value);
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
        <>
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t("common.cancel")}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={submitting.busy || !customer} data-testid="transfer-submit">
            {t("transfers.submit")}
          </button>
        </>
      }
    >
      <p className="muted dialog-lead">{t("transfers.newLead")}</p>
      {!customerId ? (
        <Field label={t("transfers.columns.customer")}>
          <CustomerPicker onPick={(c) => setCustomerId(c.id)} />
        </Field>
      ) : !customer ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <>
          {!preset && (
            <p className="picked">
              <span className="strong">{customer.name}</span>
              <span className="muted mono-soft">{customer.domain}</span>
              <button type="button" className="link" onClick={() => setCustomerId("")}>
                {t("transfers.otherCustomer")}
              </button>
            </p>
          )}
          <div className="grid-3">
            <Field label={t("transfers.source")} error={missing.source ? t("common.required") : null}>
              <select value={source} onChange={(e) => setSource(e.target.value)} data-testid="transfer-source">
                <option value="">{t("partnerForm.choosePartner")}</option>
                {holders.map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("transfers.target")} error={missing.target ? t("common.required") : null}>
              <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="transfer-target">
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
          {target && !targetRelated && (
            <p className="note" data-testid="transfer-target-hint">
              {t("transfers.targetNoRelationship", { partner: partners.find((p) => p.id === target)?.name ?? "" })}
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
