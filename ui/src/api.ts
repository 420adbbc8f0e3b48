// The calls the UI makes: one typed function per command, generated from the command table
// (`bindings/commands.ts`), and what a refusal looks like here. No business rule lives in this
// file: the commands decide, the UI shows what they say.
import type { ApiError } from "./bindings/ApiError";
import type { AppInfo } from "./bindings/AppInfo";
import type { RuleText } from "./bindings/RuleText";

export { api, listenTo } from "./bindings/commands";

export type { ApiError };

export type { AppInfo, RuleText };

export type Settings = Record<string, string>;

/** True for the `{code, message, message_fr}` value a failed command rejects with. */
export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as ApiError).code === "string" &&
    typeof (e as ApiError).message === "string"
  );
}

/** Anything thrown by a call, as an ApiError (a lost IPC bridge or a bug becomes `INTERNAL`). */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return { ...e, message_fr: e.message_fr ?? e.message, field: e.field ?? null };
  const text = e instanceof Error ? e.message : String(e);
  return { code: "INTERNAL", message: text, message_fr: text, field: null };
}
