// Issue, credit, pay: each on a date (the book date by default), after a confirmation that says
// what cannot be undone. The buttons are the invoice's `allowed_actions`, the list the service
// also guards with.
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Invoice } from "../bindings/Invoice";
import type { InvoiceAction } from "../bindings/InvoiceAction";
import { ActionButtons } from "../components/ActionButtons";
import { DateConfirmDialog } from "../components/DateConfirmDialog";

export type { InvoiceAction };

const call: Record<InvoiceAction, (id: string, on: string) => Promise<Invoice>> = { issue: api.invoiceIssue, credit: api.invoiceCredit, pay: api.invoicePay };

export function InvoiceButtons({ invoice, onChoose }: { invoice: Invoice; onChoose: (a: InvoiceAction) => void }) {
  return <ActionButtons prefix="invoice" actions={invoice.allowed_actions} tone={(a) => (a === "credit" ? "warn" : "primary")} onChoose={onChoose} />;
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
