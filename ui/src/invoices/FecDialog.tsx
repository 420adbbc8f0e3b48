// The accountant's FEC: the operating partner's sales journal and payments between two dates,
// written into a folder as `<SIREN>FEC<YYYYMMDD>.txt`. The dates start as the month's period, as
// the service gives it.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { FecExport } from "../bindings/FecExport";
import { DateInput } from "../components/DateInput";
import { Dialog } from "../components/Dialog";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { PathField, WorkingBar } from "../components/PathField";
import { formatCount } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { useCommandQuery } from "../state/queries";

export function FecDialog({ month, onClose }: { month: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const period = useCommandQuery("accounting_period", [month]).data;
  // What the user typed, else the month's period once it has come.
  const [fromTyped, setFrom] = useState<string | null>(null);
  const [toTyped, setTo] = useState<string | null>(null);
  const from = fromTyped ?? period?.from ?? "";
  const to = toTyped ?? period?.to ?? "";
  const [dir, setDir] = useState("");
  const [result, setResult] = useState<FecExport | null>(null);
  const { error, busy, run, setError } = useAction();

  const write = async () => {
    setResult(null);
    const done = await run(() => api.accountingExport(from, to, dir.trim()));
    if (done.ok) setResult(done.value);
  };

  return (
    <Dialog
      title={t("einvoice.fec.title")}
      onCancel={onClose}
      testid="fec-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} data-testid="fec-close">
            {result ? t("common.close") : t("common.cancel")}
          </button>
          {!result && (
            <button type="button" className="btn btn-primary" onClick={() => void write()} disabled={busy || !dir.trim() || !from || !to} data-testid="fec-run">
              {t("einvoice.fec.run")}
            </button>
          )}
        </>
      }
    >
      <p className="dialog-lead">{t("einvoice.fec.lead")}</p>
      <div className="grid-2">
        <Field label={t("einvoice.fec.from")}>
          <DateInput value={from} onChange={setFrom} data-testid="fec-from" />
        </Field>
        <Field label={t("einvoice.fec.to")}>
          <DateInput value={to} onChange={setTo} data-testid="fec-to" />
        </Field>
      </div>
      <PathField
        label={t("invoices.export.folder")}
        value={dir}
        onChange={setDir}
        placeholder={t("invoices.export.folderHint")}
        chooseLabel={t("invoices.export.choose")}
        pick={{ directory: true, title: t("invoices.export.choose") }}
        onError={setError}
        disabled={busy}
        inputTestid="fec-dir"
        chooseTestid="fec-choose"
      />
      {busy && (
        <WorkingBar label={t("einvoice.fec.run")} testid="fec-progress">
          <span className="muted">{t("einvoice.fec.run")}</span>
        </WorkingBar>
      )}
      {result && (
        <p className="note note-ok" role="status" data-testid="fec-done">
          {t("einvoice.fec.done", { count: result.entries, n: formatCount(result.entries, lang), path: result.path })}
        </p>
      )}
      {error && <ErrorNote error={error} testid="fec-error" />}
    </Dialog>
  );
}
