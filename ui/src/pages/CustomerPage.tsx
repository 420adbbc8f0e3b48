// One customer: identity, reseller relationships, subscriptions (and ordering one), their
// history, and adding a partner.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { countryName } from "../components/CountrySelect";
import { ArrowLeftIcon, PlusIcon, SupportIcon, TransfersIcon } from "../components/icons";
import { Pending } from "../components/Pending";
import { CustomerEditForm } from "../customers/CustomerEditForm";
import { LinkPartnerForm } from "../customers/LinkPartnerForm";
import { formatDate } from "../format";
import { useBook } from "../state/book";
import { together, useCommandQuery } from "../state/queries";
import { useRoute } from "../state/route";
import { subscriptionName } from "../subscriptions/labels";
import { OrderDialog } from "../subscriptions/OrderDialog";
import { SubscriptionRows } from "../subscriptions/SubscriptionRows";
import { TransferStatusTag } from "../transfers/labels";
import { NewTransferDialog } from "../transfers/NewTransferDialog";
import { OpenCaseDialog } from "../support/OpenCaseDialog";

interface HistoryEvent {
  date: string;
  text: string;
}

/** `edit`: the edit form opens at once (an invoice's missing mentions link here). */
export function CustomerPage({ id, edit = false }: { id: string; edit?: boolean }) {
  const { t } = useTranslation();
  const { lang, countries, info } = useBook();
  const { go } = useRoute();
  const { data, error } = together(
    useCommandQuery("customer_show", [id]),
    useCommandQuery("partner_list", []),
    useCommandQuery("subscription_list", [id]),
    useCommandQuery("transfer_list", [id]),
  );
  const [ordering, setOrdering] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [openingCase, setOpeningCase] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState(edit);
  const [saved, setSaved] = useState(false);

  const back = (
    <button type="button" className="link back-link" onClick={() => go({ name: "customers" })} data-testid="customer-back">
      <ArrowLeftIcon />
      {t("customer.back")}
    </button>
  );
  if (error || !data) return <Pending error={error} back={back} />;
  const [customer, partners, subscriptions, transfers] = data;

  const none = t("common.none");
  const facts: [string, string, string?][] = [
    [t("customer.tenantId"), customer.tenant_id, "customer-tenant"],
    [t("customer.domain"), customer.domain, "customer-domain"],
    [t("customer.country"), countryName(countries, customer.country, lang), "customer-country"],
    [t("customer.market"), t(`markets.${customer.market}`, { defaultValue: customer.market })],
    [t("customer.email"), customer.email ?? none],
    [t("customer.vatId"), customer.vat_id ?? none],
    [t("customer.siren"), customer.siren ?? none],
    [t("money.billingCurrency"), customer.billing_currency ?? t("money.usageCurrency"), "customer-billing-currency"],
    [t("customer.gcc"), customer.gcc ? t("common.yes") : t("common.no")],
    [t("customer.address"), customer.address ?? none, "customer-address"],
    [t("customer.deliveryAddress"), customer.delivery_address ?? none, "customer-delivery"],
  ];
  const history: HistoryEvent[] = [
    ...customer.relationships.flatMap((r) => [
      { date: r.since, text: t("customer.eventRelationship", { partner: r.partner_name }) },
      ...(r.transition_exempt_from ? [{ date: r.transition_exempt_from, text: t("customer.eventExempt", { partner: r.partner_name }) }] : []),
    ]),
    ...subscriptions.flatMap((s) => [
      {
        date: s.created_on,
        text: s.events.some((e) => e.event === "transferred")
          ? t("customer.eventOrderedMoved", { name: subscriptionName(s, t) })
          : t("customer.eventOrdered", { name: subscriptionName(s, t), partner: s.partner_name }),
      },
      ...s.events.filter((e) => e.event === "transferred").map((e) => ({ date: e.on, text: t("customer.eventTransferred", { name: subscriptionName(s, t) }) })),
      ...(s.cancelled_on ? [{ date: s.cancelled_on, text: t("customer.eventCancelled", { name: subscriptionName(s, t) }) }] : []),
    ]),
  ].sort((a, b) => b.date.localeCompare(a.date));
  // Who may be partner of record: the partners holding a relationship with this customer, the
  // office first.
  const related = new Set(customer.relationships.map((r) => r.partner_id));
  const orderPartners = partners.filter((p) => related.has(p.id)).sort((a, b) => Number(b.operating) - Number(a.operating));

  return (
    <div className="stack" data-testid="customer-page">
      {back}
      <section className="card">
        <div className="card-head">
          <h2 className="card-title" data-testid="customer-name">
            {customer.name}
          </h2>
          {!editing && (
            <button type="button" className="btn" onClick={() => (setEditing(true), setSaved(false))} data-testid="customer-edit">
              {t("customer.edit")}
            </button>
          )}
        </div>
        {saved && (
          <p className="note note-ok" role="status" data-testid="customer-saved">
            {t("customer.saved")}
          </p>
        )}
        {editing ? (
          <CustomerEditForm
            customer={customer}
            onCancel={() => setEditing(false)}
            onSaved={() => (setEditing(false), setSaved(true))}
          />
        ) : (
          <dl className="facts">
            {facts.map(([k, v, testid]) => (
              <div key={k} className="fact">
                <dt>{k}</dt>
                <dd data-testid={testid} className={testid === "customer-tenant" ? "mono" : undefined}>
                  {v}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      <section className="card">
        <h2 className="card-title">{t("customer.relationships")}</h2>
        {notice && (
          <p className="note note-ok" role="status">
            {notice}
          </p>
        )}
        <div className="table-wrap">
          <table className="table" data-testid="relationships-table">
            <thead>
              <tr>
                <th>{t("customer.partner")}</th>
                <th>{t("customer.since")}</th>
                <th>{t("customer.status")}</th>
              </tr>
            </thead>
            <tbody>
              {customer.relationships.map((r) => (
                <tr key={r.partner_id}>
                  <td className="strong">{r.partner_name}</td>
                  <td>{formatDate(r.since, lang)}</td>
                  <td>
                    <span className={`tag ${r.new_customer ? "tag-accent" : "tag-muted"}`}>
                      {r.new_customer ? t("customer.newCustomer") : t("customer.existingCustomer")}
                    </span>
                    {r.transition_exempt_from && (
                      <span className="tag tag-ok tag-inline">{t("customer.exemptFrom", { date: formatDate(r.transition_exempt_from, lang) })}</span>
                    )}
                    {r.since > info.today && <span className="tag tag-warn tag-inline">{t("customer.notAsOf", { date: formatDate(info.today, lang) })}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3 className="subtitle">{t("customer.link")}</h3>
        <LinkPartnerForm
          customer={customer}
          partners={partners}
          onLinked={(name) => setNotice(t("customer.linked", { partner: name }))}
        />
      </section>

      <section className="card">
        <div className="card-head">
          <h2 className="card-title">{t("customer.subscriptions")}</h2>
          <div className="hero-actions">
            <button type="button" className="btn" onClick={() => setOpeningCase(true)} data-testid="customer-open-case">
              <SupportIcon />
              {t("case.openCase")}
            </button>
            {subscriptions.length > 0 && (
              <button type="button" className="btn" onClick={() => setTransferring(true)} data-testid="customer-transfer">
                <TransfersIcon />
                {t("customer.transfer")}
              </button>
            )}
            <button type="button" className="btn btn-primary" onClick={() => setOrdering(true)} data-testid="customer-order">
              <PlusIcon />
              {t("customer.order")}
            </button>
          </div>
        </div>
        <SubscriptionRows
          rows={subscriptions}
          empty={t("customer.noSubscriptions")}
          onOpen={(sid) => go({ name: "subscription", id: sid, back: { name: "customer", id } })}
          testid="customer-subscriptions"
        />
        {transfers.length > 0 && (
          <>
            <h3 className="subtitle">{t("customer.transfers")}</h3>
            <ul className="link-list" data-testid="customer-transfers">
              {transfers.map((x) => (
                <li key={x.id}>
                  <button type="button" className="link" onClick={() => go({ name: "transfer", id: x.id, back: { name: "customer", id } })}>
                    {t("transfer.title", { source: x.source_partner_name, target: x.target_partner_name })}
                  </button>
                  <span>
                    <span className="muted">{formatDate(x.created_on, lang)}</span> <TransferStatusTag status={x.status} />
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="card">
        <h2 className="card-title">{t("customer.history")}</h2>
        <ol className="history">
          {history.map((e, i) => (
            <li key={i}>
              <time dateTime={e.date}>{formatDate(e.date, lang)}</time>
              <span>{e.text}</span>
            </li>
          ))}
        </ol>
      </section>

      {transferring && (
        <NewTransferDialog
          customerId={customer.id}
          onCancel={() => setTransferring(false)}
          onCreated={(x) => go({ name: "transfer", id: x.id, back: { name: "customer", id } })}
        />
      )}

      {openingCase && (
        <OpenCaseDialog customerId={customer.id} onCancel={() => setOpeningCase(false)} onOpened={(c) => go({ name: "case", id: c.id, back: { name: "customer", id } })} />
      )}

      {ordering && (
        <OrderDialog
          customer={{ id: customer.id, name: customer.name }}
          partners={orderPartners}
          onCancel={() => setOrdering(false)}
          onOrdered={(s) => go({ name: "subscription", id: s.id, back: { name: "customer", id } })}
        />
      )}
    </div>
  );
}
