// How a transfer's status reads on screen.
import { useTranslation } from "react-i18next";
import type { TransferStatus } from "../bindings/TransferStatus";

const statusClass: Record<TransferStatus, string> = {
  pending: "tag-accent",
  accepted: "tag-warn",
  completed: "tag-ok",
  rejected: "tag-muted",
  expired: "tag-error",
};

export function TransferStatusTag({ status, testid }: { status: TransferStatus; testid?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`tag ${statusClass[status]}`} data-testid={testid} data-status={status}>
      {t(`transferStatuses.${status}`)}
    </span>
  );
}
