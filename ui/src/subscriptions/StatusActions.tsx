// Suspend, reactivate, cancel: each with a date (the book date by default) and a confirmation.
// The buttons are the subscription's `allowed_actions`, the list the service also guards with.
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Subscription } from "../bindings/Subscription";
import type { SubscriptionAction } from "../bindings/SubscriptionAction";
import { ActionButtons } from "../components/ActionButtons";
import { DateConfirmDialog } from "../components/DateConfirmDialog";
import { subscriptionName } from "./labels";

export type StatusAction = SubscriptionAction;

const call = { suspend: api.subscriptionSuspend, reactivate: api.subscriptionReactivate, cancel: api.subscriptionCancel };

export function StatusButtons({ subscription, onChoose }: { subscription: Subscription; onChoose: (a: StatusAction) => void }) {
  return <ActionButtons prefix="subscription" actions={subscription.allowed_actions} tone={(a) => (a === "cancel" ? "warn" : null)} onChoose={onChoose} />;
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
