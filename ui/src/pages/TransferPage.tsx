// One transfer request: who moves what to whom, its dates, accept / reject / complete, and on
// completion what phase 1 did to each subscription's offer, with the reminder about access.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { RuleBadge } from "../components/ErrorNote";
import { AlertIcon, ArrowLeftIcon } from "../components/icons";
import { LinkTable } from "../components/LinkTable";
import { rowLink } from "../components/ListToolbar";
import { Pending } from "../components/Pending";
import { formatDate } from "../format";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { useRoute, type Route } from "../state/route";
import { TransferStatusTag } from "../transfers/labels";
import { TransferButtons, TransferDialog, type TransferAction } from "../transfers/TransferActions";

export function TransferPage({ id, back }: { id: string; back?: Route }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const { go, route } = useRoute();
  const { data: tr, error } = useCommandQuery("transfer_show", [id]);
  const [action, setAction] = useState<TransferAction | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const backTo: Route = back ?? { name: "transfers" };
  const backLink = (
    <button type="button" className="link back-link" onClick={() => go(backTo)} data-testid="transfer-back">
      <ArrowLeftIcon />
      {backTo.name === "customer" && tr ? t("subscription.backCustomer", { name: tr.customer_name }) : t("transfer.backAll")}
    </button>
  );
  if (error || !tr) return <Pending error={error} back={backLink} />;

  const none = t("common.none");
  const date = (d: string | null) => (d ? formatDate(d, lang) : none);
  const outcome = new Map(tr.outcomes.map((o) => [o.subscription, o]));
  const reminder = lang === "fr" ? tr.reminder_fr : tr.reminder;
  const openSubscription = (sid: string) => go({ name: "subscription", id: sid, back: route });

  return (
    <div className="stack" data-testid="transfer-page">
      {backLink}
      <section className="card">
        <div className="card-head">
          <div>
            <div className="eyebrow">{t("transfer.eyebrow")}</div>
            <h2 className="card-title title-with-tag" data-testid="transfer-title">
              {t("transfer.title", { source: tr.source_partner_name, target: tr.target_partner_name })}
              <TransferStatusTag status={tr.status} testid="transfer-status" />
            </h2>
          </div>
          <TransferButtons transfer={tr} onChoose={(a) => (setAction(a), setNotice(null))} />
        </div>
        {notice && (
          <p className="note note-ok" role="status" data-testid="transfer-notice">
            {notice}
          </p>
        )}
        <dl className="facts">
          <div className="fact">
            <dt>{t("transfers.columns.customer")}</dt>
            <dd>
              <button type="button" className="link" onClick={() => go({ name: "customer", id: tr.customer_id })} data-testid="transfer-customer">
                {tr.customer_name}
              </button>
            </dd>
          </div>
          <div className="fact">
            <dt>{t("transfers.columns.from")}</dt>
            <dd data-testid="transfer-source-name">{tr.source_partner_name}</dd>
          </div>
          <div className="fact">
            <dt>{t("transfers.columns.to")}</dt>
            <dd data-testid="transfer-target-name">{tr.target_partner_name}</dd>
          </div>
          <div className="fact">
            <dt>{t("transfer.requested")}</dt>
            <dd>{date(tr.created_on)}</dd>
          </div>
          <div className="fact">
            <dt>{t("transfer.lastAcceptDay")}</dt>
            <dd data-testid="transfer-last-day">{date(tr.last_accept_day)}</dd>
          </div>
          <div className="fact">
            <dt>{tr.rejected_on ? t("transfer.rejected") : t("transfer.accepted")}</dt>
            <dd>{date(tr.rejected_on ?? tr.accepted_on)}</dd>
          </div>
          <div className="fact">
            <dt>{t("transfer.completed")}</dt>
            <dd data-testid="transfer-completed">{date(tr.completed_on)}</dd>
          </div>
        </dl>
        {reminder && (
          <div className="note note-warn" role="status" data-testid="transfer-reminder">
            <AlertIcon />
            <div>
              <p className="strong">{reminder}</p>
              <p>{t("transfer.reminderHow")}</p>
            </div>
          </div>
        )}
      </section>

      <section className="card">
        <h2 className="card-title">{t("transfers.subscriptions")}</h2>
        <LinkTable columns={[t("subscriptions.columns.name"), t("transfer.outcome")]} testid="transfer-subscriptions">
          {tr.subscriptions.map((s) => {
            const o = outcome.get(s.id);
            return (
              <tr
                key={s.id}
                {...rowLink(() => openSubscription(s.id))}
                data-testid="transfer-subscription-row"
                data-rule={o?.rule}
              >
                <td>
                  <div className="strong">{s.name}</div>
                  <div className="mono mono-soft nowrap">{s.id}</div>
                </td>
                <td>
                  {o ? (
                    <div className="outcome">
                      <span>
                        {t(`offersShort.${o.offer_before}`)}
                        {o.offer_after !== o.offer_before && <> → {t(`offersShort.${o.offer_after}`)}</>}
                      </span>
                      <span className="muted">{lang === "fr" ? o.message_fr : o.message}</span>
                      <RuleBadge code={o.rule} />
                    </div>
                  ) : (
                    <span className="muted">{t("transfer.outcomeOnCompletion")}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </LinkTable>
      </section>

      {action && (
        <TransferDialog
          transfer={tr}
          action={action}
          onCancel={() => setAction(null)}
          onDone={(_, on) => {
            setAction(null);
            setNotice(t(`transfer.done.${action}`, { date: formatDate(on, lang) }));
          }}
        />
      )}
    </div>
  );
}
