// Generated from csp-domain's error codes and rules (`make bindings`). Do not edit by hand.
import type { ErrorCode } from "./ErrorCode";
import type { Field } from "./Field";

/** What a refused command answers: its code, the message in both languages, and the input it is about. */
export type ApiError = { code: ErrorCode; message: string; message_fr: string; field: Field | null };
