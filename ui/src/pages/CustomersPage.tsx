// Customers: search as you type over name, domain and tenant ID; sort; filter by partner.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorNote } from "../components/ErrorNote";
import { EmptyState } from "../components/EmptyState";
import { CustomersIcon, PlusIcon } from "../components/icons";
import { FilterSelect, SearchBox } from "../components/ListToolbar";
import { CustomerTable } from "../customers/CustomerTable";
import { useCustomerPages, type CustomerListQuery } from "../customers/useCustomerPages";
import { formatCount } from "../format";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";
import { useSettled } from "../state/settled";
import { useRoute } from "../state/route";

/** How long typing pauses before the list asks again (keeps a fast typist from queueing queries). */
const SEARCH_PAUSE_MS = 150;

export function CustomersPage() {
  const { t } = useTranslation();
  const { lang } = useBook();
  const { go } = useRoute();
  const [text, setText] = useState("");
  const [filters, setFilters] = useState<Omit<CustomerListQuery, "text">>({ partnerId: "", sort: "name", descending: false });
  const settled = useSettled(text, SEARCH_PAUSE_MS);
  const query = useMemo<CustomerListQuery>(() => ({ ...filters, text: settled }), [filters, settled]);
  const partners = useCommandQuery("partner_list", []).data ?? [];
  const list = useCustomerPages(query);

  const bookEmpty = list.total === 0 && !query.text && !query.partnerId && !list.stale;
  const onboard = (
    <button type="button" className="btn btn-primary" onClick={() => go({ name: "onboard" })} data-testid="customers-onboard">
      <PlusIcon />
      {t("customers.onboard")}
    </button>
  );

  if (bookEmpty) {
    return <EmptyState icon={<CustomersIcon />} title={t("customers.emptyTitle")} text={t("customers.emptyText")} action={onboard} testid="customers-empty" />;
  }

  return (
    <div className="page-fill" data-testid="customers-page">
      <div className="toolbar">
        <SearchBox value={text} onChange={setText} label={t("customers.search")} testid="customer-search" autoFocus />
        <FilterSelect
          label={t("customers.partnerFilter")}
          all={t("customers.allPartners")}
          value={query.partnerId}
          options={partners.filter((p) => p.tier !== "indirect-provider").map((p) => ({ value: p.id, label: p.name }))}
          onChange={(partnerId) => setFilters((q) => ({ ...q, partnerId }))}
          testid="customer-partner-filter"
          wide
        />
        <span className="toolbar-count" role="status" data-testid="customer-count">
          {list.total === null ? t("common.loading") : t("customers.count", { count: list.total, n: formatCount(list.total, lang) })}
        </span>
        <span className="toolbar-spacer" />
        {onboard}
      </div>
      {list.error && <ErrorNote error={list.error} />}
      {list.total === 0 ? (
        <p className="empty-inline" data-testid="customers-no-match">
          {t("customers.noMatch", { text: query.text })}
        </p>
      ) : (
        list.total !== null && (
          <CustomerTable
            total={list.total}
            row={list.row}
            ensure={list.ensure}
            query={query}
            stale={list.stale}
            onSort={(sort) => setFilters((q) => ({ ...q, sort, descending: q.sort === sort ? !q.descending : false }))}
            onOpen={(id) => go({ name: "customer", id })}
          />
        )
      )}
    </div>
  );
}
