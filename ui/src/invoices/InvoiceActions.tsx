// Issue, credit, pay: each on a date (the book date by default), after a confirmation that says
// what cannot be undone. The buttons follow the status; the command still decides.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Invoice } from "../bindings/Invoice";
import { DateInput } from "../components/DateInput";
import { Dialog } from "../components/Dialog";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { useAction } from "../state/action";
import { useBook } from "../state/book";

export type InvoiceAction = "issue" | "credit" | "pay";

/** Draft → issued → paid; an issued invoice (not yet paid) is cancelled by a credit note. */
export function invoiceActions(inv: Invoice): InvoiceAction[] {
  if (inv.kind === "credit_note") return [];
  if (inv.status === "draft") return ["issue"];
  if (inv.status === "issued") return ["pay", "credit"];
  return [];
}

const call = { issue: api.invoiceIssue, credit: api.invoiceCredit, pay: api.invoicePay };

export function InvoiceButtons({ invoice, onChoose }: { invoice: Invoice; onChoose: (a: InvoiceAction) => void }) {
  const { t } = useTranslation();
  return (
    <div className="hero-actions">
      {invoiceActions(invoice).map((a) => (
        <button
          key={a}
          type="button"
          className={`btn${a === "credit" ? " btn-warn" : " btn-primary"}`}
          onClick={() => onChoose(a)}
          data-testid={`invoice-${a}`}
        >
          {t(`invoice.actions.${a}`)}
        </button>
      ))}
    </div>
  );
}

export function InvoiceDialog({
  invoice,
  action,
  onCancel,
  onDone,
}: {
  invoice: Invoice;
  action: InvoiceAction;
  onCancel: () => void;
  onDone: (result: Invoice) => void;
}) {
  const { t } = useTranslation();
  const { info } = useBook();
  const [on, setOn] = useState(info.today);
  const { error, busy, run } = useAction();
  const names = { number: invoice.number ?? "", recipient: invoice.recipient_name };

  const confirm = async () => {
    const result = await run(() => call[action](invoice.id, on));
    if (result !== undefined) onDone(result);
  };

  return (
    <Dialog
      title={t(`invoice.confirm.${action}.title`, names)}
      onCancel={onCancel}
      testid="invoice-action-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t("common.cancel")}
          </button>
          <button
            type="button"
            className={`btn ${action === "credit" ? "btn-warn" : "btn-primary"}`}
            onClick={() => void confirm()}
            disabled={busy || !on}
            data-testid="invoice-action-confirm"
          >
            {t(`invoice.confirm.${action}.button`)}
          </button>
        </>
      }
    >
      <p className="dialog-lead">{t(`invoice.confirm.${action}.text`, names)}</p>
      <div className="grid-2">
        <Field label={t(`invoice.confirm.${action}.on`)}>
          <DateInput value={on} onChange={setOn} data-testid="invoice-action-on" data-autofocus />
        </Field>
      </div>
      {error && <ErrorNote error={error} testid="invoice-action-error" />}
    </Dialog>
  );
}
