// Invoice statuses as tags, months as words, money in the user's locale.
import { useTranslation } from "react-i18next";
import type { InvoiceStatus } from "../bindings/InvoiceStatus";
import type { PlatformStatus } from "../bindings/PlatformStatus";
import { localeOf, type Lang } from "../format";

const tone: Record<InvoiceStatus, string> = { draft: "tag-muted", issued: "tag-accent", paid: "tag-ok", voided: "tag-warn" };

export function InvoiceStatusTag({ status, testid }: { status: InvoiceStatus; testid?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`tag ${tone[status]}`} data-status={status} data-testid={testid}>
      {t(`invoiceStatuses.${status}`)}
    </span>
  );
}

/** A draft made from usage Microsoft has not billed yet (its amounts may still change). */
export function ProvisionalTag({ testid }: { testid?: string }) {
  const { t } = useTranslation();
  return (
    <span className="tag tag-warn" title={t("provisional.hint")} data-testid={testid}>
      {t("provisional.tag")}
    </span>
  );
}

/** "October 2026" / "octobre 2026" for "2026-10". */
export function formatMonth(month: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return new Intl.DateTimeFormat(localeOf(lang), { month: "long", year: "numeric", timeZone: "UTC" }).format(d);
}

/** The `count` months up to the one before `today` (YYYY-MM-DD), newest first: billing runs for a closed month. */
export function recentMonths(today: string, count = 24): string[] {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
    out.push(`${y}-${String(m).padStart(2, "0")}`);
  }
  return out;
}

const platformTone: Record<PlatformStatus, string> = { deposited: "tag-accent", rejected: "tag-warn", refused: "tag-warn", collected: "tag-ok" };

export function PlatformStatusTag({ status, testid }: { status: PlatformStatus | null; testid?: string }) {
  const { t } = useTranslation();
  if (!status) return <span className="muted" data-testid={testid}>{t("einvoice.notSent")}</span>;
  return (
    <span className={`tag ${platformTone[status]}`} data-platform={status} data-testid={testid}>
      {t(`einvoice.statuses.${status}`)}
    </span>
  );
}
