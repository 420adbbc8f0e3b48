// One subscription: status, dates, partner of record, billing partner; suspend, reactivate or
// cancel; who holds which role (grant, revoke); and its dated history.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ArrowLeftIcon, SupportIcon } from "../components/icons";
import { OpenCaseDialog } from "../support/OpenCaseDialog";
import { Pending } from "../components/Pending";
import { formatDate } from "../format";
import { useBook } from "../state/book";
import { together, useCommandQuery } from "../state/queries";
import { useRoute, type Route } from "../state/route";
import { AccessCard } from "../subscriptions/AccessCard";
import { subscriptionHistory } from "../subscriptions/history";
import { principalLabel, StatusTag, subscriptionName } from "../subscriptions/labels";
import { StatusButtons, StatusDialog, type StatusAction } from "../subscriptions/StatusActions";

export function SubscriptionPage({ id, back }: { id: string; back?: Route }) {
  const { t } = useTranslation();
  const { lang, info } = useBook();
  const { go } = useRoute();
  const { data, error } = together(useCommandQuery("subscription_show", [id]), useCommandQuery("partner_list", []));
  const sub = data?.[0];
  const [notice, setNotice] = useState<string | null>(null);
  const [accessNotice, setAccessNotice] = useState<string | null>(null);
  const [action, setAction] = useState<StatusAction | null>(null);
  const [openingCase, setOpeningCase] = useState(false);
  // Each grant or revoke starts the access form afresh.
  const [accessChanges, setAccessChanges] = useState(0);

  const backTo: Route = back ?? { name: "subscriptions" };
  const backLabel =
    backTo.name === "customer" && sub?.customer_name
      ? t("subscription.backCustomer", { name: sub.customer_name })
      : backTo.name === "partners"
        ? t("subscription.backPartners")
        : backTo.name === "transfer"
          ? t("subscription.backTransfer")
          : t("subscription.backAll");
  const backLink = (
    <button type="button" className="link back-link" onClick={() => go(backTo)} data-testid="subscription-back">
      <ArrowLeftIcon />
      {backLabel}
    </button>
  );
  if (error || !data || !sub) return <Pending error={error} back={backLink} />;

  const partners = data[1];
  const none = t("common.none");
  const byId = new Map(partners.map((p) => [p.id, p]));
  const who = (principal: string) => principalLabel(principal, sub, byId, t);
  const history = subscriptionHistory(sub, who, t);
  const customerId = sub.customer_id;

  return (
    <div className="stack" data-testid="subscription-page">
      {backLink}
      <section className="card">
        <div className="card-head">
          <div>
            <div className="eyebrow">{t("subscription.eyebrow")}</div>
            <h2 className="card-title title-with-tag" data-testid="subscription-name">
              {subscriptionName(sub, t)}
              {/* Looking at the book before the order: not there yet, whatever its status today. */}
              {sub.created_on > info.today ? (
                <span className="tag tag-warn" data-testid="subscription-not-yet">
                  {t("subscription.notOrderedAsOf", { date: formatDate(info.today, lang) })}
                </span>
              ) : (
                <StatusTag status={sub.status} testid="subscription-status" />
              )}
            </h2>
          </div>
          <div className="hero-actions">
            {customerId && (
              <button type="button" className="btn" onClick={() => setOpeningCase(true)} data-testid="subscription-open-case">
                <SupportIcon />
                {t("case.openCase")}
              </button>
            )}
            <StatusButtons subscription={sub} onChoose={(a) => (setAction(a), setNotice(null), setAccessNotice(null))} />
          </div>
        </div>
        {notice && (
          <p className="note note-ok" role="status" data-testid="subscription-notice">
            {notice}
          </p>
        )}
        <dl className="facts">
          <div className="fact">
            <dt>{t("subscription.customer")}</dt>
            <dd data-testid="subscription-customer">
              {customerId ? (
                <button type="button" className="link" onClick={() => go({ name: "customer", id: customerId })}>
                  {sub.customer_name}
                </button>
              ) : (
                t("subscription.ownTenant")
              )}
            </dd>
          </div>
          <div className="fact">
            <dt>{t("subscription.partner")}</dt>
            <dd data-testid="subscription-partner">{sub.partner_name}</dd>
          </div>
          <div className="fact">
            <dt>{t("subscription.billing")}</dt>
            <dd data-testid="subscription-billing">{sub.billing_partner_name}</dd>
          </div>
          <div className="fact">
            <dt>{t("subscription.offer")}</dt>
            <dd>
              {t(`offers.${sub.offer}`)} <span className="mono mono-soft">{sub.offer}</span>
            </dd>
          </div>
          <div className="fact">
            <dt>{t("subscription.created")}</dt>
            <dd data-testid="subscription-created">{formatDate(sub.created_on, lang)}</dd>
          </div>
          <div className="fact">
            <dt>{t("subscription.cancelled")}</dt>
            <dd data-testid="subscription-cancelled">{sub.cancelled_on ? formatDate(sub.cancelled_on, lang) : none}</dd>
          </div>
          <div className="fact span-3">
            <dt>{t("subscription.id")}</dt>
            <dd className="mono" data-testid="subscription-id">
              {sub.id}
            </dd>
          </div>
        </dl>
      </section>

      <AccessCard
        key={`${sub.id}-${accessChanges}`}
        subscription={sub}
        partners={partners}
        notice={accessNotice}
        onChanged={(text) => {
          setAccessNotice(text);
          setNotice(null);
          setAccessChanges((n) => n + 1);
        }}
      />

      <section className="card">
        <h2 className="card-title">{t("subscription.history")}</h2>
        <ol className="history" data-testid="subscription-history">
          {history.map((e, i) => (
            <li key={i} data-kind={e.kind}>
              <time dateTime={e.date}>{formatDate(e.date, lang)}</time>
              <span>{e.text}</span>
            </li>
          ))}
        </ol>
      </section>

      {openingCase && customerId && (
        <OpenCaseDialog
          customerId={customerId}
          subscriptionId={sub.id}
          partnerId={sub.partner_id}
          onCancel={() => setOpeningCase(false)}
          onOpened={(c) => go({ name: "case", id: c.id, back: { name: "subscription", id: sub.id, back: backTo } })}
        />
      )}

      {action && (
        <StatusDialog
          subscription={sub}
          action={action}
          onCancel={() => setAction(null)}
          onDone={(_, on) => {
            setAction(null);
            setNotice(t(`subscription.done.${action}`, { date: formatDate(on, lang) }));
          }}
        />
      )}
    </div>
  );
}
