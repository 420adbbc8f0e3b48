// Pages of the customers list, fetched as the virtual list scrolls to them. A new query keeps
// the rows on screen until its first page arrives, so typing never blanks the list.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { CustomerRow } from "../bindings/CustomerRow";

export const PAGE_SIZE = 200;

export interface CustomerListQuery {
  text: string;
  partnerId: string;
  sort: "name" | "domain" | "country" | "since";
  descending: boolean;
}

interface Pages {
  key: string;
  total: number;
  rows: Map<number, CustomerRow[]>;
}

export function useCustomerPages(query: CustomerListQuery, version: number) {
  const key = JSON.stringify([query, version]);
  const [pages, setPages] = useState<Pages | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const inFlight = useRef(new Set<string>());
  const current = useRef(key);
  current.current = key;

  const fetchPage = useCallback(
    (page: number, forKey: string, replace: boolean) => {
      const id = `${forKey}#${page}`;
      if (inFlight.current.has(id)) return;
      inFlight.current.add(id);
      api
        .customerSearch({
          text: query.text,
          partner_id: query.partnerId || null,
          sort: query.sort,
          descending: query.descending,
          offset: page * PAGE_SIZE,
          limit: PAGE_SIZE,
        })
        .then((result) => {
          if (current.current !== forKey) return;
          setError(null);
          setPages((prev) => {
            const rows = replace || !prev || prev.key !== forKey ? new Map<number, CustomerRow[]>() : new Map(prev.rows);
            rows.set(page, result.rows);
            return { key: forKey, total: result.total, rows };
          });
        })
        .catch((e: unknown) => current.current === forKey && setError(toApiError(e)))
        .finally(() => inFlight.current.delete(id));
    },
    // The query is part of `key`; the callback is rebuilt with it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  useEffect(() => {
    fetchPage(0, key, true);
  }, [key, fetchPage]);

  /** Asks for the pages holding rows start..end (inclusive) that are not loaded yet. */
  const ensure = useCallback(
    (start: number, end: number) => {
      if (!pages || pages.key !== key) return;
      for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(end / PAGE_SIZE); p++) {
        if (!pages.rows.has(p)) fetchPage(p, key, false);
      }
    },
    [pages, key, fetchPage],
  );

  const row = useCallback(
    (i: number): CustomerRow | undefined => pages?.rows.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE],
    [pages],
  );

  return {
    total: pages?.total ?? null,
    /** The shown rows belong to an older query while the new one loads. */
    stale: pages !== null && pages.key !== key,
    row,
    ensure,
    error,
  };
}
