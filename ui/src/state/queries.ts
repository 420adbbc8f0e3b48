// Reads of the book through one query cache: an entry per command and its arguments, keyed by the
// command's name as the command table declares it (`["invoice_list", month, status, { asOf }]`). The reads of
// dated facts are asked as of the window's "as of" date (passed as their last argument), so a
// screen's read carries that date in its key too. After a write,
// every screen's read is asked again (what a write changes is the commands' business, not the UI's).
import { keepPreviousData, QueryClient, queryOptions, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { createContext, useCallback, useContext } from "react";
import { toApiError, type ApiError } from "../api";
import { DATED_READS as DATED, reads } from "../bindings/commands";

export { reads };

declare module "@tanstack/react-query" {
  interface Register {
    defaultError: ApiError;
  }
}

type Reads = typeof reads;
export type ReadCommand = keyof Reads;
type DatedRead = (typeof DATED)[number];
type WithoutLast<A extends unknown[]> = A extends [...infer Head, unknown] ? Head : A;
/** What a screen passes a read: its arguments, but the "as of" date of a dated read (the cache adds it). */
export type ReadArgs<C extends ReadCommand> = C extends DatedRead ? WithoutLast<Parameters<Reads[C]>> : Parameters<Reads[C]>;
export type ReadResult<C extends ReadCommand> = Awaited<ReturnType<Reads[C]>>;

/**
 * What the book itself is (app info, its dates, settings, the operating partner, countries, rule
 * texts): read once, and changed only through the book's own setters, never by a screen's write.
 */
const BOOK_CONTEXT: readonly ReadCommand[] = ["app_info", "book_dates", "settings_show", "partner_operating", "country_list", "rule_list"];

/** The reads that take the "as of" date as their last argument (null: the book as it is today). */
export const DATED_READS: ReadonlySet<ReadCommand> = new Set<ReadCommand>(DATED);

function read<C extends ReadCommand>(cmd: C, args: ReadArgs<C>, asOf?: string): Promise<ReadResult<C>> {
  const f = reads[cmd] as (...a: unknown[]) => Promise<ReadResult<C>>;
  let all: unknown[] = [...args];
  if (DATED_READS.has(cmd)) all = [...args, asOf || null];
  // The customers list is asked with its query object: the date goes into it.
  if (asOf !== undefined && cmd === "customer_search") all = [{ ...(args[0] as object), as_of: asOf || null }];
  return f(...all).catch((e: unknown) => {
    throw toApiError(e);
  });
}

/** A read of the book context, keyed by the command alone. */
export function contextQuery<C extends ReadCommand>(cmd: C) {
  return queryOptions({ queryKey: [cmd] as const, queryFn: () => read(cmd, [] as unknown as ReadArgs<C>) });
}

/** A screen's read: the command, its arguments, and the book date it is read as of. */
export function commandQuery<C extends ReadCommand>(cmd: C, args: ReadArgs<C>, asOf: string) {
  return queryOptions({ queryKey: [cmd, ...args, { asOf }] as const, queryFn: () => read(cmd, args, asOf) });
}

export interface ReadOptions {
  /** False: not asked yet (its arguments are not all known). */
  enabled?: boolean;
  /** Keep the previous answer on screen while the one for new arguments is on its way. */
  keepPrevious?: boolean;
}

/** The "as of" date the screens read the book at ("": today; the book provides it). */
export const AsOfContext = createContext("");

/** Reads `cmd(...args)` as of the book date. */
export function useCommandQuery<C extends ReadCommand>(cmd: C, args: ReadArgs<C>, options: ReadOptions = {}) {
  const asOf = useContext(AsOfContext);
  return useQuery({
    ...commandQuery(cmd, args, asOf),
    enabled: options.enabled ?? true,
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}

const isContext = (key: QueryKey) => BOOK_CONTEXT.includes(key[0] as ReadCommand);

/** Asks every screen's read again (the book context stays). */
export function refreshScreens(client: QueryClient): Promise<void> {
  return client.invalidateQueries({ predicate: (q) => !isContext(q.queryKey) });
}

export function useRefreshScreens(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(() => refreshScreens(client), [client]);
}

/**
 * The window's cache. A command that fails fails the same way when asked again, so nothing is
 * retried; a screen reads again when it opens, not when the window gets the focus back.
 */
export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

interface Answer<T> {
  data: T | undefined;
  error: ApiError | null;
}

/** Several reads as one answer: all their data once each has come, or the first refusal. */
export function together<const Q extends readonly Answer<unknown>[]>(
  ...answers: Q
): { data: { [K in keyof Q]: Q[K] extends Answer<infer T> ? T : never } | undefined; error: ApiError | null } {
  const error = answers.find((a) => a.error)?.error ?? null;
  if (answers.some((a) => a.data === undefined)) return { data: undefined, error };
  return { data: answers.map((a) => a.data) as { [K in keyof Q]: Q[K] extends Answer<infer T> ? T : never }, error };
}
