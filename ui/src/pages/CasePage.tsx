// One support case as it stood on the book date: who raised it, who holds it, its due time, the
// moves its rules allow (and the escalations they refuse, with the rule), and its dated timeline.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ArrowLeftIcon } from "../components/icons";
import { Pending } from "../components/Pending";
import { formatDate } from "../format";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { useRoute, type Route } from "../state/route";
import { CaseButtons, CaseDialog, CaseRefusals, type CaseAction } from "../support/CaseActions";
import { CaseStatusTag, OverdueTag, SeverityTag } from "../support/labels";
import { formatDateTime } from "./SupportPage";

export function CasePage({ id, back }: { id: string; back?: Route }) {
  const { t } = useTranslation();
  const { lang, info } = useBook();
  const { go } = useRoute();
  const { data: c, error } = useCommandQuery("case_show", [id, info.today]);
  const [action, setAction] = useState<CaseAction | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const backTo: Route = back ?? { name: "support" };
  const backLink = (
    <button type="button" className="link back-link" onClick={() => go(backTo)} data-testid="case-back">
      <ArrowLeftIcon />
      {t("case.backAll")}
    </button>
  );
  if (error || !c) return <Pending error={error} back={backLink} />;
  const none = t("common.none");

  return (
    <div className="stack" data-testid="case-page">
      {backLink}
      <section className="card">
        <div className="card-head">
          <div>
            <div className="eyebrow">{t("case.eyebrow")}</div>
            <h2 className="card-title title-with-tag" data-testid="case-title">
              {c.title}
              <CaseStatusTag status={c.status} testid="case-status" />
              <SeverityTag severity={c.severity} />
              {c.overdue && <OverdueTag testid="case-overdue" />}
            </h2>
          </div>
          <CaseButtons supportCase={c} onChoose={(a) => (setAction(a), setNotice(null))} />
        </div>
        {notice && (
          <p className="note note-ok" role="status" data-testid="case-notice">
            {notice}
          </p>
        )}
        <CaseRefusals supportCase={c} />
        <dl className="facts">
          <div className="fact">
            <dt>{t("case.raisedBy")}</dt>
            <dd>
              {c.customer_id ? (
                <button type="button" className="link" onClick={() => go({ name: "customer", id: c.customer_id ?? "" })} data-testid="case-customer">
                  {c.customer_name}
                </button>
              ) : (
                <span data-testid="case-reseller">{t("case.reseller", { name: c.reseller_name })}</span>
              )}
            </dd>
          </div>
          <div className="fact">
            <dt>{t("case.holder")}</dt>
            <dd data-testid="case-holder">
              {c.holder_name} <span className="muted">· {t(`tiers.${c.holder_tier}`)}</span>
            </dd>
          </div>
          <div className="fact">
            <dt>{t("case.subscription")}</dt>
            <dd>
              {c.subscription_id ? (
                <button type="button" className="link" onClick={() => go({ name: "subscription", id: c.subscription_id ?? "", back: { name: "case", id: c.id } })}>
                  {c.subscription_name ?? c.subscription_id}
                </button>
              ) : (
                none
              )}
            </dd>
          </div>
          <div className="fact">
            <dt>{t("case.openedAt")}</dt>
            <dd>{formatDateTime(c.opened_at, lang)}</dd>
          </div>
          <div className="fact">
            <dt>{t("case.dueBy")}</dt>
            <dd data-testid="case-due">{formatDateTime(c.due_by, lang)}</dd>
          </div>
          <div className="fact">
            <dt>{t("case.microsoft")}</dt>
            <dd data-testid="case-microsoft">{c.with_microsoft ? (c.microsoft_reference ?? t("case.noReference")) : none}</dd>
          </div>
        </dl>
      </section>

      <section className="card">
        <h2 className="card-title">{t("case.timeline")}</h2>
        <ol className="history case-timeline" data-testid="case-history">
          {c.history.map((h, i) => (
            <li key={i} data-action={h.action}>
              <time dateTime={h.at}>{formatDateTime(h.at, lang)}</time>
              <span>
                <span className="strong">{t(`case.events.${h.action}`, { by: h.by_name, holder: h.holder_name ?? "" })}</span>
                {h.reference && <span className="muted"> · {t("case.referenceShort", { reference: h.reference })}</span>}
                {h.text && <span className="case-note">{h.text}</span>}
              </span>
            </li>
          ))}
        </ol>
      </section>

      {action && (
        <CaseDialog
          supportCase={c}
          action={action}
          onCancel={() => setAction(null)}
          onDone={(_, on) => {
            setAction(null);
            setNotice(t(`case.done.${action}`, { date: formatDate(on, lang) }));
          }}
        />
      )}
    </div>
  );
}
