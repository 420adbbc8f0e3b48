// A subscription's dated history, newest first: the order, status changes, every role granted
// and revoked.
import type { TFunction } from "i18next";
import type { Subscription } from "../bindings/Subscription";

export interface HistoryEvent {
  date: string;
  text: string;
  kind: "ordered" | "status" | "granted" | "revoked";
}

export function subscriptionHistory(s: Subscription, who: (principal: string) => string, t: TFunction): HistoryEvent[] {
  // After a transfer the partner of record (and maybe the offer) is no longer the one that ordered.
  const moved = s.events.some((e) => e.event === "transferred");
  const ordered = moved ? t("subscription.eventOrderedPlain") : t("subscription.eventOrdered", { offer: t(`offers.${s.offer}`), partner: s.partner_name });
  const events: HistoryEvent[] = [{ date: s.created_on, kind: "ordered", text: ordered }];
  for (const e of s.events) {
    events.push({ date: e.on, kind: "status", text: t(`subscription.events.${e.event}`, { defaultValue: e.event }) });
  }
  for (const a of s.role_history) {
    const role = t(`roles.${a.role}`);
    const where = a.scope ? t("subscription.onResourceGroup", { rg: a.scope }) : "";
    events.push({ date: a.since, kind: "granted", text: t("subscription.eventGranted", { role, who: who(a.principal), where }) });
    if (a.until) events.push({ date: a.until, kind: "revoked", text: t("subscription.eventRevoked", { role, who: who(a.principal), where }) });
  }
  // Newest first; on the same day, what happened later (in the order above) comes first.
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.date.localeCompare(a.e.date) || b.i - a.i)
    .map(({ e }) => e);
}
