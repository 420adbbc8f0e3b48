// Pages of the customers list, fetched as the virtual list scrolls to them: one read of the book
// per page. A new query keeps the rows on screen until its first page arrives, so typing never
// blanks the list.
import { useQueries, type UseQueryResult } from "@tanstack/react-query";
import { useCallback, useContext, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { CustomerPage } from "../bindings/CustomerPage";
import type { CustomerRow } from "../bindings/CustomerRow";
import type { CustomerSearch } from "../bindings/CustomerSearch";
import { AsOfContext, commandQuery, useCommandQuery } from "../state/queries";

export const PAGE_SIZE = 200;

export interface CustomerListQuery {
  text: string;
  partnerId: string;
  sort: "name" | "domain" | "country" | "since";
  descending: boolean;
}

function search(query: CustomerListQuery, page: number): CustomerSearch {
  return {
    text: query.text,
    partner_id: query.partnerId || null,
    sort: query.sort,
    descending: query.descending,
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
}

const NONE: number[] = [];

/** The further pages' rows, in the order they were asked for, and the first refusal. */
function combinePages(results: UseQueryResult<CustomerPage>[]): { rows: (CustomerRow[] | undefined)[]; error: ApiError | null } {
  return { rows: results.map((r) => r.data?.rows), error: results.find((r) => r.error)?.error ?? null };
}

export function useCustomerPages(query: CustomerListQuery) {
  const key = JSON.stringify(query);
  const asOf = useContext(AsOfContext);
  const first = useCommandQuery("customer_search", [search(query, 0)], { keepPrevious: true });
  // The pages after the first that the list has scrolled to, for this query.
  const [wanted, setWanted] = useState<{ key: string; pages: number[] }>({ key, pages: NONE });
  const pages = wanted.key === key ? wanted.pages : NONE;
  const more = useQueries({ queries: pages.map((p) => commandQuery("customer_search", [search(query, p)], asOf)), combine: combinePages });
  const stale = first.isPlaceholderData;

  /** Asks for the pages holding rows start..end (inclusive) that are not asked for yet. */
  const ensure = useCallback(
    (start: number, end: number) => {
      if (stale) return;
      setWanted((w) => {
        const had = w.key === key ? w.pages : NONE;
        const add: number[] = [];
        for (let p = Math.max(1, Math.floor(start / PAGE_SIZE)); p <= Math.floor(end / PAGE_SIZE); p++) if (!had.includes(p)) add.push(p);
        return add.length === 0 && w.key === key ? w : { key, pages: [...had, ...add] };
      });
    },
    [key, stale],
  );

  const firstRows = first.data?.rows;
  const row = useCallback(
    (i: number): CustomerRow | undefined => {
      const page = Math.floor(i / PAGE_SIZE);
      const rows = page === 0 ? firstRows : stale ? undefined : more.rows[pages.indexOf(page)];
      return rows?.[i % PAGE_SIZE];
    },
    [firstRows, stale, pages, more.rows],
  );

  return {
    total: first.data?.total ?? null,
    /** The shown rows belong to an older query while the new one loads. */
    stale,
    row,
    ensure,
    error: first.error ?? more.error,
  };
}
