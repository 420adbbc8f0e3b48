// Suspend, reactivate, cancel: each with a date (the book date by default) and a confirmation.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { Subscription } from "../bindings/Subscription";
import { DateInput } from "../components/DateInput";
import { Dialog } from "../components/Dialog";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { useBook } from "../state/book";
import { subscriptionName } from "./labels";

export type StatusAction = "suspend" | "reactivate" | "cancel";

/** What the buttons offer for a status; the command still decides whether the change is allowed. */
export function actionsFor(s: Subscription): StatusAction[] {
  if (s.status === "active") return ["suspend", "cancel"];
  if (s.status === "suspended") return ["reactivate", "cancel"];
  return [];
}

const call = { suspend: api.subscriptionSuspend, reactivate: api.subscriptionReactivate, cancel: api.subscriptionCancel };

export function StatusButtons({ subscription, onChoose }: { subscription: Subscription; onChoose: (a: StatusAction) => void }) {
  const { t } = useTranslation();
  return (
    <div className="hero-actions">
      {actionsFor(subscription).map((a) => (
        <button key={a} type="button" className={`btn${a === "cancel" ? " btn-warn" : ""}`} onClick={() => onChoose(a)} data-testid={`subscription-${a}`}>
          {t(`subscription.actions.${a}`)}
        </button>
      ))}
    </div>
  );
}

export function StatusDialog({
  subscription,
  action,
  onCancel,
  onDone,
}: {
  subscription: Subscription;
  action: StatusAction;
  onCancel: () => void;
  onDone: (s: Subscription, on: string) => void;
}) {
  const { t } = useTranslation();
  const { info } = useBook();
  const [on, setOn] = useState(info.today);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const name = subscriptionName(subscription, t);

  const confirm = async () => {
    setMissing(!on);
    setError(null);
    if (!on) return;
    setBusy(true);
    try {
      onDone(await call[action](subscription.id, on), on);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t(`subscription.confirm.${action}.title`, { name })}
      onCancel={onCancel}
      testid="status-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {action === "cancel" ? t("subscription.keep") : t("common.cancel")}
          </button>
          <button
            type="button"
            className={`btn ${action === "cancel" ? "btn-warn" : "btn-primary"}`}
            onClick={() => void confirm()}
            disabled={busy}
            data-testid="status-confirm"
          >
            {t(`subscription.confirm.${action}.button`)}
          </button>
        </>
      }
    >
      <p className="dialog-lead">{t(`subscription.confirm.${action}.text`)}</p>
      <div className="grid-2">
        <Field label={t(`subscription.confirm.${action}.on`)} hint={t("subscription.onHint")} error={missing ? t("common.required") : null}>
          <DateInput value={on} onChange={setOn} data-testid="status-on" data-autofocus />
        </Field>
      </div>
      {error && <ErrorNote error={error} testid="status-error" />}
    </Dialog>
  );
}
