// Every subscription of the book: filter by customer (or subscription name, ID, partner), offer
// and status; sort from the headers; a row opens the subscription.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { Offer } from "../bindings/Offer";
import type { Subscription } from "../bindings/Subscription";
import type { SubscriptionStatus } from "../bindings/SubscriptionStatus";
import { ErrorNote } from "../components/ErrorNote";
import { EmptyState } from "../components/EmptyState";
import { CustomersIcon, SearchIcon, SubscriptionsIcon } from "../components/icons";
import { formatCount, localeOf } from "../format";
import { useBook } from "../state/book";
import { useRoute } from "../state/route";
import { OFFERS, STATUSES, subscriptionName } from "../subscriptions/labels";
import { SubscriptionTable, type SubscriptionSort } from "../subscriptions/SubscriptionTable";

export function SubscriptionsPage() {
  const { t } = useTranslation();
  const { lang, version } = useBook();
  const { go } = useRoute();
  const [all, setAll] = useState<Subscription[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [text, setText] = useState("");
  const [offer, setOffer] = useState<Offer | "">("");
  const [status, setStatus] = useState<SubscriptionStatus | "">("");
  const [sort, setSort] = useState<SubscriptionSort>("created");
  const [descending, setDescending] = useState(true);

  useEffect(() => {
    let live = true;
    api
      .subscriptionList(null)
      .then((list) => live && setAll(list))
      .catch((e: unknown) => live && setError(toApiError(e)));
    return () => {
      live = false;
    };
  }, [version]);

  const rows = useMemo(() => {
    if (!all) return [];
    const needle = text.trim().toLocaleLowerCase(localeOf(lang));
    const collator = new Intl.Collator(localeOf(lang));
    const key: Record<SubscriptionSort, (s: Subscription) => string> = {
      name: (s) => subscriptionName(s, t),
      customer: (s) => s.customer_name ?? "",
      offer: (s) => s.offer,
      partner: (s) => s.partner_name,
      created: (s) => s.created_on,
      status: (s) => String(STATUSES.indexOf(s.status)),
    };
    const shown = all.filter(
      (s) =>
        (!offer || s.offer === offer) &&
        (!status || s.status === status) &&
        (!needle ||
          [s.customer_name ?? t("subscriptions.ownTenant"), subscriptionName(s, t), s.id, s.partner_name, s.billing_partner_name].some((v) =>
            v.toLocaleLowerCase(localeOf(lang)).includes(needle),
          )),
    );
    const by = key[sort];
    // Ties keep the order ordered-first, so equal keys read the same way every time.
    return shown.sort((a, b) => (descending ? -1 : 1) * (collator.compare(by(a), by(b)) || a.created_on.localeCompare(b.created_on)));
  }, [all, text, offer, status, sort, descending, lang, t]);

  if (error) return <ErrorNote error={error} />;
  if (!all) return <p className="muted">{t("common.loading")}</p>;
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
        <div className="search">
          <SearchIcon />
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t("subscriptions.search")}
            aria-label={t("subscriptions.search")}
            spellCheck={false}
            data-testid="subscription-search"
          />
        </div>
        <label className="toolbar-select toolbar-select-narrow">
          <span>{t("subscriptions.offer")}</span>
          <select value={offer} onChange={(e) => setOffer(e.target.value as Offer | "")} data-testid="subscription-offer-filter">
            <option value="">{t("subscriptions.allOffers")}</option>
            {OFFERS.map((o) => (
              <option key={o} value={o}>
                {t(`offers.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-select toolbar-select-narrow">
          <span>{t("subscriptions.status")}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as SubscriptionStatus | "")} data-testid="subscription-status-filter">
            <option value="">{t("subscriptions.allStatuses")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="toolbar-spacer" />
        <span className="toolbar-count" role="status" data-testid="subscription-count">
          {rows.length === all.length
            ? t("subscriptions.count", { count: all.length, n: formatCount(all.length, lang) })
            : t("subscriptions.countOf", { n: formatCount(rows.length, lang), total: formatCount(all.length, lang) })}
        </span>
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
