// The customers list: a virtual list (only the rows in view exist in the page), so 100,000
// customers scroll as smoothly as 100. Header stays on top; columns sort on click or Enter.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { SortIcon } from "../components/icons";
import { localeOf } from "../format";
import { useBook } from "../state/book";
import type { CustomerListQuery } from "./useCustomerPages";
import type { CustomerRow } from "../bindings/CustomerRow";

const ROW_HEIGHT = 44;

type SortKey = CustomerListQuery["sort"];
const columns: { key: keyof CustomerRow; sort?: SortKey }[] = [
  { key: "name", sort: "name" },
  { key: "domain", sort: "domain" },
  { key: "country", sort: "country" },
  { key: "partners" },
  { key: "since", sort: "since" },
];

interface Props {
  total: number;
  row: (i: number) => CustomerRow | undefined;
  ensure: (start: number, end: number) => void;
  query: CustomerListQuery;
  onSort: (key: SortKey) => void;
  onOpen: (id: string) => void;
  stale: boolean;
}

export function CustomerTable({ total, row, ensure, query, onSort, onOpen, stale }: Props) {
  const { t } = useTranslation();
  const { lang, countries } = useBook();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total > 0) ensure(first, last);
  }, [first, last, total, ensure]);

  // A new search starts at the top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [query.text, query.partnerId, query.sort, query.descending]);

  const names = useMemo(() => new Map(countries.map((c) => [c.code, lang === "fr" ? c.name_fr : c.name_en])), [countries, lang]);
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(localeOf(lang), { dateStyle: "medium", timeZone: "UTC" }), [lang]);
  const since = (iso: string | null) => (iso ? dateFormat.format(new Date(`${iso}T00:00:00Z`)) : "");

  return (
    <div className={`vtable${stale ? " vtable-stale" : ""}`} role="table" aria-rowcount={total + 1} data-testid="customer-table">
      <div className="vtable-scroll" ref={scroller} tabIndex={-1}>
        <div className="vtable-head" role="row" aria-rowindex={1}>
          {columns.map((c) => {
            const label = t(`customers.columns.${c.key}`);
            if (!c.sort) {
              return (
                <div key={c.key} role="columnheader" className="vtable-th">
                  {label}
                </div>
              );
            }
            const active = query.sort === c.sort;
            const sortKey = c.sort;
            return (
              <div
                key={c.key}
                role="columnheader"
                className="vtable-th"
                aria-sort={active ? (query.descending ? "descending" : "ascending") : "none"}
              >
                <button type="button" className="th-button" onClick={() => onSort(sortKey)} title={t("customers.sortBy", { column: label })} data-testid={`sort-${c.key}`}>
                  {label}
                  <SortIcon dir={active ? (query.descending ? "desc" : "asc") : "none"} />
                </button>
              </div>
            );
          })}
        </div>
        <div className="vtable-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((v) => {
            const r = row(v.index);
            return (
              <div
                key={v.key}
                role="row"
                aria-rowindex={v.index + 2}
                className={`vtable-row${v.index % 2 ? " vtable-row-alt" : ""}${r ? "" : " vtable-row-loading"}`}
                style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                tabIndex={r ? 0 : -1}
                onClick={() => r && onOpen(r.id)}
                onKeyDown={(e) => {
                  if (r && (e.key === "Enter" || e.key === " ")) {
                    e.preventDefault();
                    onOpen(r.id);
                  }
                  if (e.key === "ArrowDown") (e.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
                  if (e.key === "ArrowUp") (e.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
                }}
                data-testid={r ? "customer-row" : "customer-row-loading"}
              >
                {r ? (
                  <>
                    <div role="cell" className="vtable-td strong" data-testid="customer-row-name">
                      {r.name}
                    </div>
                    <div role="cell" className="vtable-td mono-soft">
                      {r.domain}
                    </div>
                    <div role="cell" className="vtable-td">
                      {names.get(r.country) ?? r.country}
                    </div>
                    <div role="cell" className="vtable-td muted">
                      {r.partners}
                    </div>
                    <div role="cell" className="vtable-td">
                      {since(r.since)}
                    </div>
                  </>
                ) : (
                  <div role="cell" className="vtable-td muted">
                    <span className="skeleton" />
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
