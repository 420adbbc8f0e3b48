// Every subscription of the book in a virtual list (like the customers list: only the rows in
// view exist in the page), sortable from the column headers; a row opens the subscription.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { Subscription } from "../bindings/Subscription";
import { SortIcon } from "../components/icons";
import { formatDate } from "../format";
import { useBook } from "../state/book";
import { StatusAsOf, subscriptionName } from "./labels";

const ROW_HEIGHT = 44;

export type SubscriptionSort = "name" | "customer" | "offer" | "partner" | "created" | "status";
const columns: SubscriptionSort[] = ["name", "customer", "offer", "partner", "created", "status"];

interface Props {
  rows: Subscription[];
  sort: SubscriptionSort;
  descending: boolean;
  onSort: (key: SubscriptionSort) => void;
  onOpen: (id: string) => void;
}

export function SubscriptionTable({ rows, sort, descending, onSort, onOpen }: Props) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  // A new filter or order starts at the top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [rows]);

  return (
    <div className="vtable vtable-subscriptions" role="table" aria-rowcount={rows.length + 1} data-testid="subscription-table">
      <div className="vtable-scroll" ref={scroller} tabIndex={-1}>
        <div className="vtable-head" role="row" aria-rowindex={1}>
          {columns.map((c) => {
            const label = t(`subscriptions.columns.${c}`);
            const active = sort === c;
            return (
              <div key={c} role="columnheader" className="vtable-th" aria-sort={active ? (descending ? "descending" : "ascending") : "none"}>
                <button type="button" className="th-button" onClick={() => onSort(c)} title={t("customers.sortBy", { column: label })} data-testid={`subscription-sort-${c}`}>
                  {label}
                  <SortIcon dir={active ? (descending ? "desc" : "asc") : "none"} />
                </button>
              </div>
            );
          })}
        </div>
        <div className="vtable-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const s = rows[v.index];
            if (!s) return null;
            return (
              <div
                key={s.id}
                role="row"
                aria-rowindex={v.index + 2}
                className={`vtable-row${v.index % 2 ? " vtable-row-alt" : ""}`}
                style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                tabIndex={0}
                onClick={() => onOpen(s.id)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    onOpen(s.id);
                  }
                  if (e.key === "ArrowDown") (e.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
                  if (e.key === "ArrowUp") (e.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
                }}
                data-testid="subscription-list-row"
                data-id={s.id}
              >
                <div role="cell" className="vtable-td strong" data-testid="subscription-list-name">
                  {subscriptionName(s, t)}
                </div>
                <div role="cell" className={`vtable-td${s.customer_name ? "" : " muted"}`}>
                  {s.customer_name ?? t("subscriptions.ownTenant")}
                </div>
                <div role="cell" className="vtable-td" title={`${t(`offers.${s.offer}`)} · ${s.offer}`}>
                  {t(`offersShort.${s.offer}`)}
                </div>
                <div role="cell" className="vtable-td" title={t("subscriptions.billedTo", { name: s.billing_partner_name })}>
                  {s.partner_name}
                  {/* A reseller's subscriptions are billed to its provider: say so beside it. */}
                  {s.billing_partner_id !== s.partner_id && <span className="muted"> · {t("subscriptions.billedTo", { name: s.billing_partner_name })}</span>}
                </div>
                <div role="cell" className="vtable-td">
                  {formatDate(s.created_on, lang, "medium")}
                </div>
                <div role="cell" className="vtable-td">
                  <StatusAsOf subscription={s} />
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
