// How subscriptions, offers, roles and principals read on screen. Display only: what is allowed
// and what is stored stays with the commands.
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Offer } from "../bindings/Offer";
import type { Partner } from "../bindings/Partner";
import type { Subscription } from "../bindings/Subscription";
import type { SubscriptionStatus } from "../bindings/SubscriptionStatus";
import { formatDate } from "../format";
import { useBook } from "../state/book";

export const OFFERS: Offer[] = ["AZURE_PLAN", "MS-AZR-0145P", "MS-AZR-0159P"];

// The names the core gives a subscription ordered without one (csp-core `Offer::name`): shown in
// the user's language instead, since they are the offer's name rather than a name someone chose.
const DEFAULT_NAMES: Record<Offer, string> = {
  AZURE_PLAN: "Azure plan",
  "MS-AZR-0145P": "Microsoft Azure (MS-AZR-0145P)",
  "MS-AZR-0159P": "Azure Partner Shared Services",
};

export function subscriptionName(s: Pick<Subscription, "name" | "offer">, t: TFunction): string {
  return s.name === DEFAULT_NAMES[s.offer] ? t(`offers.${s.offer}`) : s.name;
}

const statusClass: Record<SubscriptionStatus, string> = { active: "tag-ok", suspended: "tag-warn", cancelled: "tag-muted" };

export function StatusTag({ status, testid }: { status: SubscriptionStatus; testid?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`tag ${statusClass[status]}`} data-testid={testid} data-status={status}>
      {t(`statuses.${status}`)}
    </span>
  );
}

/** `customer`, `partner:ID`, `reseller:ID` as a person reads them. */
export function principalLabel(principal: string, sub: Pick<Subscription, "customer_name">, partners: Map<string, Partner>, t: TFunction): string {
  if (principal === "customer") return t("subscription.principalCustomer", { name: sub.customer_name ?? "" });
  const [kind, id = ""] = principal.split(":", 2);
  const name = partners.get(id)?.name ?? id;
  return kind === "reseller" ? t("subscription.principalReseller", { name }) : t("subscription.principalPartner", { name });
}

/** The status in a list row; "later" while the book date is before the order. */
export function StatusAsOf({ subscription: s }: { subscription: Subscription }) {
  const { t } = useTranslation();
  const { info, lang } = useBook();
  // Looking at the book before the order: not there yet, whatever its status today.
  if (s.created_on > info.today)
    return (
      <span className="tag tag-warn" title={t("subscription.notOrderedAsOf", { date: formatDate(info.today, lang) })}>
        {t("subscriptions.later")}
      </span>
    );
  return <StatusTag status={s.status} />;
}
