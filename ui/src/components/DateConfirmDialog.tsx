// A change that happens on a date (the book date by default), after a confirmation that says what
// it does: issue or pay an invoice, accept a transfer, suspend a subscription, revoke a role.
// The command decides; its refusal stays in the dialog.
import { useState, type ReactNode } from "react";
import type { ApiError } from "../bindings/ApiError";
import { useTranslation } from "react-i18next";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { DateInput } from "./DateInput";
import { CancelThen, Dialog } from "./Dialog";
import { ErrorNote } from "./ErrorNote";
import { Field } from "./Field";

interface Props<T> {
  title: string;
  lead: ReactNode;
  /** More to read before confirming, under the lead. */
  children?: ReactNode;
  dateLabel: string;
  dateHint?: string;
  confirmLabel: string;
  cancelLabel?: string;
  warn?: boolean;
  /**
   * Without a date: "disable" greys the confirm button out; "flag" keeps it and says the date is
   * required when it is pressed.
   */
  noDate?: "disable" | "flag";
  /** Prefix of the test IDs: `-dialog`, `-confirm`, `-on`, `-error`. */
  testid: string;
  /** The date proposed first (default: the book date). */
  initialDate?: string;
  /** More under a refusal: where to go to put it right. */
  errorHelp?: (error: ApiError) => ReactNode;
  command: (on: string) => Promise<T>;
  onCancel: () => void;
  onDone: (result: T, on: string) => void;
}

export function DateConfirmDialog<T>({
  title,
  lead,
  children,
  dateLabel,
  dateHint,
  confirmLabel,
  cancelLabel,
  warn,
  noDate = "disable",
  testid,
  initialDate,
  errorHelp,
  command,
  onCancel,
  onDone,
}: Props<T>) {
  const { t } = useTranslation();
  const { info } = useBook();
  const [on, setOn] = useState(initialDate ?? info.write_today);
  const [missing, setMissing] = useState(false);
  const { error, busy, run, setError } = useAction();

  const confirm = async () => {
    setMissing(!on);
    if (!on) return setError(null);
    const done = await run(() => command(on));
    if (done.ok) onDone(done.value, on);
  };

  return (
    <Dialog
      title={title}
      onCancel={onCancel}
      testid={`${testid}-dialog`}
      actions={
        <CancelThen onCancel={onCancel} cancelLabel={cancelLabel}>
          <button
            type="button"
            className={`btn ${warn ? "btn-warn" : "btn-primary"}`}
            onClick={() => void confirm()}
            disabled={busy || (noDate === "disable" && !on)}
            data-testid={`${testid}-confirm`}
          >
            {confirmLabel}
          </button>
        </CancelThen>
      }
    >
      {lead}
      {children}
      <div className="grid-2">
        <Field label={dateLabel} hint={dateHint} error={missing ? t("common.required") : null}>
          <DateInput value={on} onChange={setOn} data-testid={`${testid}-on`} data-autofocus />
        </Field>
      </div>
      {error && <ErrorNote error={error} testid={`${testid}-error`} />}
      {error && errorHelp?.(error)}
    </Dialog>
  );
}
