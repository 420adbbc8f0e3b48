// Issue, credit, pay: each on a date (the computer's date by default in a real book, the demo's
// date in the demo), after a confirmation that says what cannot be undone. The buttons are the invoice's `allowed_actions`, the list the service
// also guards with.
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Invoice } from "../bindings/Invoice";
import type { InvoiceAction } from "../bindings/InvoiceAction";
import { ActionButtons } from "../components/ActionButtons";
import { DateConfirmDialog } from "../components/DateConfirmDialog";
import { useBook } from "../state/book";
import { useRoute } from "../state/route";
import type { ApiError } from "../bindings/ApiError";

export type { InvoiceAction };

const call: Record<InvoiceAction, (id: string, on: string) => Promise<Invoice>> = { issue: api.invoiceIssue, credit: api.invoiceCredit, pay: api.invoicePay };

export function InvoiceButtons({ invoice, onChoose }: { invoice: Invoice; onChoose: (a: InvoiceAction) => void }) {
  return <ActionButtons prefix="invoice" actions={invoice.allowed_actions} tone={(a) => (a === "credit" ? "warn" : "primary")} onChoose={onChoose} />;
}

/**
 * Under an `INVOICE_MENTIONS_MISSING` refusal: a link to the form where the missing mentions are
 * filled in — the issuer's legal identity (its partner form; for the office, also in Settings), or
 * the customer's (or reseller's) details.
 */
export function MentionsHelp({ error, invoice }: { error: ApiError; invoice: Invoice }) {
  const { t } = useTranslation();
  const { go } = useRoute();
  if (error.code !== "INVOICE_MENTIONS_MISSING") return null;
  const toRecipient = error.field === "recipient";
  const open = () => {
    if (!toRecipient) go({ name: "partners", edit: invoice.issuer_id });
    else if (invoice.customer_id) go({ name: "customer", id: invoice.customer_id, edit: true });
    else if (invoice.reseller_id) go({ name: "partners", edit: invoice.reseller_id });
  };
  return (
    <p className="note" data-testid="mentions-help">
      <button type="button" className="link" onClick={open} data-testid="mentions-link">
        {toRecipient ? t("invoice.mentionsLink.recipient", { name: invoice.recipient_name }) : t("invoice.mentionsLink.issuer", { name: invoice.issuer_name })}
      </button>
    </p>
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
  const names = { number: invoice.number ?? "", recipient: invoice.recipient_name };
  const { info } = useBook();
  return (
    <DateConfirmDialog
      initialDate={info.write_today}
      errorHelp={(e) => <MentionsHelp error={e} invoice={invoice} />}
      title={t(`invoice.confirm.${action}.title`, names)}
      lead={<p className="dialog-lead">{t(`invoice.confirm.${action}.text`, names)}</p>}
      dateLabel={t(`invoice.confirm.${action}.on`)}
      confirmLabel={t(`invoice.confirm.${action}.button`)}
      warn={action === "credit"}
      testid="invoice-action"
      command={(on) => call[action](invoice.id, on)}
      onCancel={onCancel}
      onDone={onDone}
    />
  );
}
