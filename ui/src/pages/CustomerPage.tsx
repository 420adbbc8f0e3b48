// One customer: identity, reseller relationships, their history, and adding a partner.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { Customer } from "../bindings/Customer";
import type { Partner } from "../bindings/Partner";
import { countryName } from "../components/CountrySelect";
import { ErrorNote } from "../components/ErrorNote";
import { ArrowLeftIcon } from "../components/icons";
import { LinkPartnerForm } from "../customers/LinkPartnerForm";
import { formatDate } from "../format";
import { useBook } from "../state/book";
import { useRoute } from "../state/route";

interface HistoryEvent {
  date: string;
  text: string;
}

export function CustomerPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { lang, countries, info, version } = useBook();
  const { go } = useRoute();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [partners, setPartners] = useState<Partner[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([api.customerShow(id), api.partnerList()])
      .then(([c, p]) => {
        if (!live) return;
        setCustomer(c);
        setPartners(p);
      })
      .catch((e: unknown) => live && setError(toApiError(e)));
    return () => {
      live = false;
    };
  }, [id, version, reloads]);

  const back = (
    <button type="button" className="link back-link" onClick={() => go({ name: "customers" })} data-testid="customer-back">
      <ArrowLeftIcon />
      {t("customer.back")}
    </button>
  );
  if (error)
    return (
      <div className="stack">
        {back}
        <ErrorNote error={error} />
      </div>
    );
  if (!customer) return <p className="muted">{t("common.loading")}</p>;

  const none = t("common.none");
  const facts: [string, string, string?][] = [
    [t("customer.tenantId"), customer.tenant_id, "customer-tenant"],
    [t("customer.domain"), customer.domain, "customer-domain"],
    [t("customer.country"), countryName(countries, customer.country, lang), "customer-country"],
    [t("customer.market"), t(`markets.${customer.market}`, { defaultValue: customer.market })],
    [t("customer.email"), customer.email ?? none],
    [t("customer.vatId"), customer.vat_id ?? none],
    [t("customer.siren"), customer.siren ?? none],
    [t("customer.gcc"), customer.gcc ? t("common.yes") : t("common.no")],
    [t("customer.address"), customer.address ?? none],
  ];
  const history: HistoryEvent[] = customer.relationships
    .flatMap((r) => [
      { date: r.since, text: t("customer.eventRelationship", { partner: r.partner_name }) },
      ...(r.transition_exempt_from ? [{ date: r.transition_exempt_from, text: t("customer.eventExempt", { partner: r.partner_name }) }] : []),
    ])
    .sort((a, b) => b.date.localeCompare(a.date));

  return (
    <div className="stack" data-testid="customer-page">
      {back}
      <section className="card">
        <h2 className="card-title" data-testid="customer-name">
          {customer.name}
        </h2>
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
          onLinked={(name) => {
            setNotice(t("customer.linked", { partner: name }));
            setReloads((n) => n + 1);
          }}
        />
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
    </div>
  );
}
