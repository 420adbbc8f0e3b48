// How a support case's status and severity read on screen.
import { useTranslation } from "react-i18next";
import type { CaseStatus } from "../bindings/CaseStatus";
import type { Severity } from "../bindings/Severity";

const statusClass: Record<CaseStatus, string> = {
  open: "tag-accent",
  escalated: "tag-warn",
  resolved: "tag-ok",
  closed: "tag-muted",
};

const severityClass: Record<Severity, string> = {
  critical: "tag-error",
  high: "tag-warn",
  normal: "tag-muted",
};

export function CaseStatusTag({ status, testid }: { status: CaseStatus; testid?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`tag ${statusClass[status]}`} data-testid={testid} data-status={status}>
      {t(`caseStatuses.${status}`)}
    </span>
  );
}

export function SeverityTag({ severity, testid }: { severity: Severity; testid?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`tag ${severityClass[severity]}`} data-testid={testid} data-severity={severity}>
      {t(`severities.${severity}`)}
    </span>
  );
}

export function OverdueTag({ testid }: { testid?: string }) {
  const { t } = useTranslation();
  return (
    <span className="tag tag-error" data-testid={testid}>
      {t("support.overdue")}
    </span>
  );
}
