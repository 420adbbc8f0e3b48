// The accountant's FEC: the operating partner's sales journal and payments between two dates,
// written into a folder as `<SIREN>FEC<YYYYMMDD>.txt`.
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

/** The first and last days of a `YYYY-MM` month. */
function bounds(month: string): [string, string] {
  const [y, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(y ?? 1970, m ?? 1, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, "0")}`];
}

export function FecDialog({ month, onClose }: { month: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const [first, last] = bounds(month);
  const [from, setFrom] = useState(first);
  const [to, setTo] = useState(last);
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
