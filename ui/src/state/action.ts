// One way to run a write from a form or a dialog: busy while it runs, its refusal kept for display
// (or handed to the caller that shows it next to a field), and once it is done every screen reads
// the book again, so lists, pages and the dashboard show the new state.
import { useCallback, useState } from "react";
import { toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";
import { useRefreshScreens } from "./queries";

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function useAction() {
  const refresh = useRefreshScreens();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  /**
   * Runs `call`. A refusal is kept in `error`, unless `claim` returns true for it (the caller
   * showed it its own way).
   */
  const run = useCallback(
    async <T,>(call: () => Promise<T>, claim?: (e: ApiError) => boolean): Promise<Outcome<T>> => {
      setError(null);
      setBusy(true);
      try {
        const value = await call();
        await refresh();
        return { ok: true, value };
      } catch (e) {
        const refusal = toApiError(e);
        if (!claim?.(refusal)) setError(refusal);
        return { ok: false, error: refusal };
      } finally {
        setBusy(false);
      }
    },
    [refresh],
  );
  return { error, busy, run, setError };
}
