// Sections whose data other parts of CSP Desk fill: an honest empty state, saying what will be here.
import { useTranslation } from "react-i18next";
import { EmptyState } from "../components/EmptyState";
import { InvoicesIcon, SubscriptionsIcon, TransfersIcon, UsageIcon } from "../components/icons";

const icons = { subscriptions: SubscriptionsIcon, transfers: TransfersIcon, usage: UsageIcon, invoices: InvoicesIcon };

export function EmptySectionPage({ section }: { section: keyof typeof icons }) {
  const { t } = useTranslation();
  const Icon = icons[section];
  return <EmptyState icon={<Icon />} title={t(`empty.${section}.title`)} text={t(`empty.${section}.text`)} testid={`empty-${section}`} />;
}
