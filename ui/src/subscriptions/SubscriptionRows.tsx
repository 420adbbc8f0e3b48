// A short table of subscriptions inside a card (a customer's, a partner's own tenant's); a row
// opens the subscription.
import { useTranslation } from "react-i18next";
import type { Subscription } from "../bindings/Subscription";
import { LinkTable } from "../components/LinkTable";
import { rowLink } from "../components/ListToolbar";
import { formatDate } from "../format";
import { useBook } from "../state/book";
import { StatusAsOf, subscriptionName } from "./labels";

export function SubscriptionRows({ rows, empty, onOpen, testid }: { rows: Subscription[]; empty: string; onOpen: (id: string) => void; testid: string }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  if (rows.length === 0)
    return (
      <p className="muted" data-testid={`${testid}-empty`}>
        {empty}
      </p>
    );
  return (
    <LinkTable
      columns={[
        t("subscriptions.columns.name"),
        t("subscriptions.columns.offer"),
        t("subscriptions.columns.partner"),
        t("subscriptions.columns.billing"),
        t("subscriptions.columns.created"),
        t("subscriptions.columns.status"),
      ]}
      testid={testid}
    >
      {rows.map((s) => (
        <tr
          key={s.id}
          {...rowLink(() => onOpen(s.id))}
          data-testid="subscription-row"
          data-id={s.id}
        >
          <td className="strong">{subscriptionName(s, t)}</td>
          <td>{t(`offersShort.${s.offer}`)}</td>
          <td>{s.partner_name}</td>
          <td className="muted">{s.billing_partner_name}</td>
          <td>{formatDate(s.created_on, lang)}</td>
          <td>
            <StatusAsOf subscription={s} />
          </td>
        </tr>
      ))}
    </LinkTable>
  );
}
