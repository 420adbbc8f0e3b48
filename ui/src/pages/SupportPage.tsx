// Support cases as they stood on the book date, overdue first (the service's order), filtered by
// status, severity and holder; a row opens the case.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CaseStatus } from "../bindings/CaseStatus";
import type { Severity } from "../bindings/Severity";
import { EmptyState } from "../components/EmptyState";
import { SupportIcon } from "../components/icons";
import { LinkTable } from "../components/LinkTable";
import { FilterSelect, ListCount, rowLink, SearchBox, textMatcher } from "../components/ListToolbar";
import { Pending } from "../components/Pending";
import { formatDate } from "../format";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { useRoute } from "../state/route";
import { CASE_STATUSES, SEVERITIES } from "../bindings/values";
import { CaseStatusTag, OverdueTag, SeverityTag } from "../support/labels";

export function SupportPage() {
  const { t } = useTranslation();
  const { lang, info } = useBook();
  const { go } = useRoute();
  const [status, setStatus] = useState<CaseStatus | "">("");
  const [severity, setSeverity] = useState<Severity | "">("");
  const [holder, setHolder] = useState("");
  const [text, setText] = useState("");
  const filter = { partner_id: null, holder_id: holder || null, customer_id: null, status: status || null, severity: severity || null };
  const { data: rows, error } = useCommandQuery("case_list", [filter, info.today], { keepPrevious: true });
  const { data: partners } = useCommandQuery("partner_list", []);

  const shown = useMemo(() => {
    const matches = textMatcher(text, lang);
    return (rows ?? []).filter((c) => matches([c.title, c.customer_name ?? "", c.reseller_name ?? "", c.holder_name, c.microsoft_reference ?? ""]));
  }, [rows, text, lang]);

  if (error || !rows) return <Pending error={error} />;
  const filtered = status || severity || holder;
  if (rows.length === 0 && !filtered)
    return <EmptyState icon={<SupportIcon />} title={t("empty.support.title")} text={t("empty.support.text")} testid="empty-support" />;

  return (
    <div className="page-fill" data-testid="support-page">
      <div className="toolbar support-toolbar">
        <SearchBox value={text} onChange={setText} label={t("support.search")} testid="case-search" />
        <FilterSelect
          label={t("support.status")}
          all={t("support.allStatuses")}
          value={status}
          options={CASE_STATUSES.map((s) => ({ value: s, label: t(`caseStatuses.${s}`) }))}
          onChange={setStatus}
          testid="case-status-filter"
        />
        <FilterSelect
          label={t("support.severity")}
          all={t("support.allSeverities")}
          value={severity}
          options={SEVERITIES.map((s) => ({ value: s, label: t(`severities.${s}`) }))}
          onChange={setSeverity}
          testid="case-severity-filter"
        />
        <FilterSelect
          label={t("support.holder")}
          all={t("support.allHolders")}
          value={holder}
          options={(partners ?? []).map((p) => ({ value: p.id, label: p.name }))}
          onChange={setHolder}
          testid="case-holder-filter"
        />
        <ListCount shown={shown.length} total={rows.length} countKey="support.count" testid="case-count" />
      </div>
      {shown.length === 0 ? (
        <p className="empty-inline" data-testid="cases-no-match">
          {t("support.noMatch")}
        </p>
      ) : (
        <LinkTable
          columns={[t("support.columns.case"), t("support.columns.raisedBy"), t("support.columns.holder"), t("support.columns.severity"), t("support.columns.due"), t("support.columns.status")]}
          testid="cases-table"
          fill
        >
          {shown.map((c) => (
            <tr key={c.id} {...rowLink(() => go({ name: "case", id: c.id }))} data-testid="case-row" data-overdue={c.overdue}>
              <td>
                <div className="strong">{c.title}</div>
                <div className="muted">{t("support.openedOn", { date: formatDate(c.opened_on, lang) })}</div>
              </td>
              <td>{c.customer_name ?? c.reseller_name}</td>
              <td>
                {c.holder_name}
                {c.with_microsoft && <div className="muted">{t("support.withMicrosoft")}</div>}
              </td>
              <td>
                <SeverityTag severity={c.severity} />
              </td>
              <td className="nowrap">
                {formatDateTime(c.due_by, lang)}
                {c.overdue && (
                  <div>
                    <OverdueTag />
                  </div>
                )}
              </td>
              <td>
                <CaseStatusTag status={c.status} />
              </td>
            </tr>
          ))}
        </LinkTable>
      )}
    </div>
  );
}

/** `2022-03-15T09:00:00` as the user's locale writes a date and time. */
export function formatDateTime(at: string, lang: string): string {
  const d = new Date(`${at}`);
  if (Number.isNaN(d.getTime())) return at;
  return new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "short" }).format(d);
}
