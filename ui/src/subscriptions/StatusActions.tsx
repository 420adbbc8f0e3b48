// Suspend, reactivate, cancel: each with a date (the book date by default) and a confirmation.
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Subscription } from "../bindings/Subscription";
import { ActionButtons } from "../components/ActionButtons";
import { DateConfirmDialog } from "../components/DateConfirmDialog";
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
  return <ActionButtons prefix="subscription" actions={actionsFor(subscription)} tone={(a) => (a === "cancel" ? "warn" : null)} onChoose={onChoose} />;
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
  const name = subscriptionName(subscription, t);
  return (
    <DateConfirmDialog
      title={t(`subscription.confirm.${action}.title`, { name })}
      lead={<p className="dialog-lead">{t(`subscription.confirm.${action}.text`)}</p>}
      dateLabel={t(`subscription.confirm.${action}.on`)}
      dateHint={t("subscription.onHint")}
      confirmLabel={t(`subscription.confirm.${action}.button`)}
      cancelLabel={action === "cancel" ? t("subscription.keep") : undefined}
      warn={action === "cancel"}
      noDate="flag"
      testid="status"
      command={(on) => call[action](subscription.id, on)}
      onCancel={onCancel}
      onDone={onDone}
    />
  );
}
