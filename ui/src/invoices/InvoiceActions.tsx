// Issue, credit, pay: each on a date (the book date by default), after a confirmation that says
// what cannot be undone. The buttons follow the status; the command still decides.
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Invoice } from "../bindings/Invoice";
import { ActionButtons } from "../components/ActionButtons";
import { DateConfirmDialog } from "../components/DateConfirmDialog";

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
  return <ActionButtons prefix="invoice" actions={invoiceActions(invoice)} tone={(a) => (a === "credit" ? "warn" : "primary")} onChoose={onChoose} />;
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
  return (
    <DateConfirmDialog
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
