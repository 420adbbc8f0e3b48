// One way to run a command from a dialog: busy while it runs, its refusal kept for display.
import { useCallback, useState } from "react";
import { toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";

export function useAction() {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  /** Runs `call`; resolves to its result, or to undefined when it was refused (then `error` says why). */
  const run = useCallback(async <T,>(call: () => Promise<T>): Promise<T | undefined> => {
    setError(null);
    setBusy(true);
    try {
      return await call();
    } catch (e) {
      setError(toApiError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { error, busy, run };
}
