// Every subscription of the book: filter by customer (or subscription name, ID, partner), offer
// and status; sort from the headers; a row opens the subscription.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Offer } from "../bindings/Offer";
import type { Subscription } from "../bindings/Subscription";
import type { SubscriptionStatus } from "../bindings/SubscriptionStatus";
import { EmptyState } from "../components/EmptyState";
import { CustomersIcon, SubscriptionsIcon } from "../components/icons";
import { FilterSelect, ListCount, SearchBox, textMatcher } from "../components/ListToolbar";
import { Pending } from "../components/Pending";
import { localeOf } from "../format";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { useRoute } from "../state/route";
import { SUBSCRIPTION_STATUSES } from "../bindings/values";
import { OFFERS, subscriptionName } from "../subscriptions/labels";
import { SubscriptionTable, type SubscriptionSort } from "../subscriptions/SubscriptionTable";

export function SubscriptionsPage() {
  const { t } = useTranslation();
  const { lang } = useBook();
  const { go } = useRoute();
  const { data: all, error } = useCommandQuery("subscription_list", [null]);
  const [text, setText] = useState("");
  const [offer, setOffer] = useState<Offer | "">("");
  const [status, setStatus] = useState<SubscriptionStatus | "">("");
  const [sort, setSort] = useState<SubscriptionSort>("created");
  const [descending, setDescending] = useState(true);

  const rows = useMemo(() => {
    if (!all) return [];
    const matches = textMatcher(text, lang);
    const collator = new Intl.Collator(localeOf(lang));
    const key: Record<SubscriptionSort, (s: Subscription) => string> = {
      name: (s) => subscriptionName(s, t),
      customer: (s) => s.customer_name ?? "",
      offer: (s) => s.offer,
      partner: (s) => s.partner_name,
      created: (s) => s.created_on,
      status: (s) => String(SUBSCRIPTION_STATUSES.indexOf(s.status)),
    };
    const shown = all.filter(
      (s) =>
        (!offer || s.offer === offer) &&
        (!status || s.status === status) &&
        matches([s.customer_name ?? t("subscriptions.ownTenant"), subscriptionName(s, t), s.id, s.partner_name, s.billing_partner_name]),
    );
    const by = key[sort];
    // Ties keep the order ordered-first, so equal keys read the same way every time.
    return shown.sort((a, b) => (descending ? -1 : 1) * (collator.compare(by(a), by(b)) || a.created_on.localeCompare(b.created_on)));
  }, [all, text, offer, status, sort, descending, lang, t]);

  if (error || !all) return <Pending error={error} />;
  if (all.length === 0) {
    return (
      <EmptyState
        icon={<SubscriptionsIcon />}
        title={t("empty.subscriptions.title")}
        text={t("empty.subscriptions.text")}
        testid="empty-subscriptions"
        action={
          <button type="button" className="btn btn-primary" onClick={() => go({ name: "customers" })}>
            <CustomersIcon />
            {t("subscriptions.openCustomers")}
          </button>
        }
      />
    );
  }

  return (
    <div className="page-fill" data-testid="subscriptions-page">
      <div className="toolbar">
        <SearchBox value={text} onChange={setText} label={t("subscriptions.search")} testid="subscription-search" />
        <FilterSelect
          label={t("subscriptions.offer")}
          all={t("subscriptions.allOffers")}
          value={offer}
          options={OFFERS.map((o) => ({ value: o, label: t(`offers.${o}`) }))}
          onChange={setOffer}
          testid="subscription-offer-filter"
        />
        <FilterSelect
          label={t("subscriptions.status")}
          all={t("subscriptions.allStatuses")}
          value={status}
          options={SUBSCRIPTION_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
          onChange={setStatus}
          testid="subscription-status-filter"
        />
        <span className="toolbar-spacer" />
        <ListCount shown={rows.length} total={all.length} countKey="subscriptions.count" testid="subscription-count" />
      </div>
      {rows.length === 0 ? (
        <p className="empty-inline" data-testid="subscriptions-no-match">
          {t("subscriptions.noMatch")}
        </p>
      ) : (
        <SubscriptionTable
          rows={rows}
          sort={sort}
          descending={descending}
          onSort={(k) => {
            setDescending((d) => (k === sort ? !d : k === "created"));
            setSort(k);
          }}
          onOpen={(id) => go({ name: "subscription", id })}
        />
      )}
    </div>
  );
}
