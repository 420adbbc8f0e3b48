// The operating partner's profile (editable), its providers or resellers, the partners' own
// tenants (APSS), the direct → indirect transition, and every partner of the book.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { PartnerLink } from "../bindings/PartnerLink";
import type { Partner } from "../bindings/Partner";
import { countryName } from "../components/CountrySelect";
import { Dialog } from "../components/Dialog";
import { PlusIcon } from "../components/icons";
import { formatDate } from "../format";
import { draftOf, emptyDraft, PartnerForm } from "../partners/PartnerForm";
import { PartnerProfile } from "../partners/PartnerProfile";
import { TransitionCard } from "../partners/TransitionCard";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { useRoute } from "../state/route";
import { OrderDialog } from "../subscriptions/OrderDialog";
import { SubscriptionRows } from "../subscriptions/SubscriptionRows";

function Links({ links, empty }: { links: PartnerLink[]; empty: string }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  if (links.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="link-list">
      {links.map((l) => (
        <li key={l.id}>
          <span className="strong">{l.name}</span>
          <span className="muted">{t("partners.since", { date: formatDate(l.since, lang) })}</span>
        </li>
      ))}
    </ul>
  );
}

/** `edit`: a partner whose edit form opens at once (an invoice's missing mentions link here). */
export function PartnersPage({ edit }: { edit?: string }) {
  const { t } = useTranslation();
  const { operating, setOperating, reload, lang, countries } = useBook();
  const [editing, setEditing] = useState(edit !== undefined && edit === operating?.id);
  // Another partner being edited (its legal identity as an issuer, its profile).
  const [editingOther, setEditingOther] = useState<string | null>(edit !== undefined && edit !== operating?.id ? edit : null);
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const all = useCommandQuery("partner_list", []).data ?? [];
  // Own-tenant subscriptions are the ones without a customer.
  const ownTenant = (useCommandQuery("subscription_list", [null]).data ?? []).filter((s) => s.customer_id === null);
  const [ordering, setOrdering] = useState(false);
  const { go } = useRoute();

  if (!operating) return null;
  const providers = all.filter((p) => p.tier === "indirect-provider");
  const otherPartner = editingOther === null ? undefined : all.find((p) => p.id === editingOther);

  return (
    <div className="stack" data-testid="partners-page">
      <section className="card">
        <div className="card-head">
          <div>
            <div className="eyebrow">{t("partners.operating")}</div>
            <h2 className="card-title" data-testid="operating-name">
              {operating.name}
            </h2>
          </div>
          {!editing && (
            <button type="button" className="btn" onClick={() => (setEditing(true), setSaved(null))} data-testid="partner-edit">
              {t("partners.editProfile")}
            </button>
          )}
        </div>
        {saved && (
          <p className="note note-ok" role="status">
            {saved}
          </p>
        )}
        {editing ? (
          <PartnerForm
            mode="edit"
            initial={draftOf(operating)}
            providers={providers}
            submitLabel={t("common.save")}
            onCancel={() => setEditing(false)}
            onSubmit={async (_input, patch) => {
              const p = await api.partnerUpdate(operating.id, patch);
              setEditing(false);
              setSaved(t("partners.saved"));
              setOperating(p);
            }}
          />
        ) : (
          <PartnerProfile partner={operating} />
        )}
      </section>

      <div className="grid-2 grid-gap">
        <section className="card">
          <h2 className="card-title">{operating.tier === "indirect-provider" ? t("partners.resellers") : t("partners.providers")}</h2>
          {operating.tier === "indirect-provider" ? (
            <Links links={operating.resellers} empty={t("partners.noResellers")} />
          ) : (
            <Links links={operating.providers} empty={t("partners.noProviders")} />
          )}
        </section>
        <section className="card">
          <h2 className="card-title">{t("partners.tierHistory")}</h2>
          <ol className="link-list">
            {operating.tier_history.map((h) => (
              <li key={`${h.tier}-${h.since}`}>
                <span className="strong">{t(`tiers.${h.tier}`)}</span>
                <span className="muted">{t("partners.since", { date: formatDate(h.since, lang) })}</span>
              </li>
            ))}
          </ol>
        </section>
      </div>

      <section className="card" data-testid="own-tenant-card">
        <div className="card-head">
          <div>
            <h2 className="card-title">{t("partners.ownTenant")}</h2>
          </div>
          <button type="button" className="btn" onClick={() => setOrdering(true)} data-testid="own-tenant-order">
            <PlusIcon />
            {t("partners.ownTenantOrder")}
          </button>
        </div>
        <p className="muted">{t("partners.ownTenantLead")}</p>
        <SubscriptionRows
          rows={ownTenant}
          empty={t("partners.ownTenantEmpty")}
          onOpen={(id) => go({ name: "subscription", id, back: { name: "partners" } })}
          testid="own-tenant-subscriptions"
        />
      </section>

      {operating.tier === "direct" && (
        <TransitionCard
          partner={operating}
          providers={providers}
          onDone={(p) => {
            setSaved(t("partners.transitioned", { name: p.name, provider: p.providers[0]?.name ?? "" }));
            setOperating(p);
          }}
        />
      )}

      <section className="card">
        <div className="card-head">
          <h2 className="card-title">{t("partners.all")}</h2>
          <button type="button" className="btn" onClick={() => setAdding(true)} data-testid="partner-add">
            <PlusIcon />
            {t("partners.add")}
          </button>
        </div>
        <div className="table-wrap">
          <table className="table" data-testid="partners-table">
            <thead>
              <tr>
                <th>{t("partners.columns.name")}</th>
                <th>{t("partners.columns.tier")}</th>
                <th>{t("partners.columns.links")}</th>
                <th>{t("partners.columns.country")}</th>
                <th>{t("partners.columns.mpn")}</th>
                <th>{t("partners.columns.currency")}</th>
                <th>{t("partners.columns.enrolled")}</th>
                <th aria-label={t("partners.edit")} />
              </tr>
            </thead>
            <tbody>
              {all.map((p) => (
                <tr key={p.id}>
                  <td className="strong">
                    {p.name}
                    {p.operating && <span className="tag tag-accent tag-inline">{t("partners.you")}</span>}
                  </td>
                  <td>{t(`tiers.${p.tier}`)}</td>
                  <td data-testid={`partner-links-${p.id}`}>{linksOf(p) || t("common.none")}</td>
                  <td>{countryName(countries, p.country, lang)}</td>
                  <td className="mono">{p.mpn_id ?? t("common.none")}</td>
                  <td>{p.currency ?? t("common.none")}</td>
                  <td>{formatDate(p.enrolled_on, lang, "medium")}</td>
                  <td className="num">
                    <button
                      type="button"
                      className="btn btn-ghost"
                      onClick={() => (p.operating ? (setEditing(true), setSaved(null)) : setEditingOther(p.id))}
                      data-testid={`partner-edit-${p.id}`}
                    >
                      {t("partners.edit")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {ordering && (
        <OrderDialog
          customer={null}
          partners={[...all].sort((a, b) => Number(b.operating) - Number(a.operating))}
          onCancel={() => setOrdering(false)}
          onOrdered={(s) => go({ name: "subscription", id: s.id, back: { name: "partners" } })}
        />
      )}

      {otherPartner && (
        <Dialog
          title={t("partners.editTitle", { name: otherPartner.name })}
          onCancel={() => setEditingOther(null)}
          actions={null}
          testid="partner-edit-dialog"
        >
          <PartnerForm
            mode="edit"
            initial={draftOf(otherPartner)}
            providers={providers}
            submitLabel={t("common.save")}
            onCancel={() => setEditingOther(null)}
            onSubmit={async (_input, patch) => {
              const p = await api.partnerUpdate(otherPartner.id, patch);
              setEditingOther(null);
              setSaved(t("partners.savedOther", { name: p.name }));
            }}
          />
        </Dialog>
      )}

      {adding && (
        <Dialog title={t("partners.addTitle")} onCancel={() => setAdding(false)} actions={null} testid="partner-add-dialog">
          <p className="muted">{t("partners.addLead")}</p>
          <PartnerForm
            mode="add"
            initial={{ ...emptyDraft, tier: "indirect-provider" }}
            providers={providers}
            submitLabel={t("partners.add")}
            onCancel={() => setAdding(false)}
            onSubmit={async (input) => {
              await api.partnerAdd(input);
              setAdding(false);
              // A new provider or reseller may be linked to the office: read the book again.
              await reload();
            }}
          />
        </Dialog>
      )}
    </div>
  );
}

/** A reseller's providers, or a provider's resellers, as linked on the date viewed. */
function linksOf(p: Partner): string {
  const links = p.tier === "indirect-reseller" ? p.providers : p.tier === "indirect-provider" ? p.resellers : [];
  return links.map((l) => l.name).join(", ");
}
