// The month's invoices and credit notes as PDFs, into a folder the user picks: the system's folder
// dialog, or the path typed in. While the files are written a bar runs; then the list of files.
import { open } from "@tauri-apps/plugin-dialog";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";
import { Dialog } from "../components/Dialog";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { formatCount } from "../format";
import { useBook } from "../state/book";
import { formatMonth } from "./labels";

export function ExportDialog({ month, onClose }: { month: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { lang, settings } = useBook();
  const [dir, setDir] = useState("");
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<string[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const choose = async () => {
    setError(null);
    try {
      const picked = await open({ directory: true, multiple: false, title: t("invoices.export.choose") });
      if (typeof picked === "string") setDir(picked);
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const run = async () => {
    setError(null);
    setFiles(null);
    setBusy(true);
    try {
      // The invoice language setting decides; the window's language when it is not set.
      setFiles(await api.invoiceExport(month, dir.trim(), settings["invoice.language"] || lang));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t("invoices.export.title", { month: formatMonth(month, lang) })}
      onCancel={onClose}
      testid="export-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} data-testid="export-close">
            {files ? t("common.close") : t("common.cancel")}
          </button>
          {!files && (
            <button type="button" className="btn btn-primary" onClick={() => void run()} disabled={busy || !dir.trim()} data-testid="export-run">
              {t("invoices.export.run")}
            </button>
          )}
        </>
      }
    >
      <p className="dialog-lead">{t("invoices.export.lead")}</p>
      <Field label={t("invoices.export.folder")}>
        <div className="input-with-button">
          <input
            type="text"
            value={dir}
            onChange={(e) => setDir(e.target.value)}
            placeholder={t("invoices.export.folderHint")}
            spellCheck={false}
            disabled={busy}
            data-testid="export-dir"
          />
          <button type="button" className="btn" onClick={() => void choose()} disabled={busy} data-testid="export-choose" data-autofocus>
            {t("invoices.export.choose")}
          </button>
        </div>
      </Field>
      {busy && (
        <div className="progress" role="progressbar" aria-label={t("invoices.export.writing")} data-testid="export-progress">
          <div className="progress-track">
            <div className="progress-bar progress-bar-indeterminate" />
          </div>
          <span className="muted">{t("invoices.export.writing")}</span>
        </div>
      )}
      {files && (
        <div className="note note-ok" role="status" data-testid="export-done">
          <div>
            <p className="strong">{t("invoices.export.done", { count: files.length, n: formatCount(files.length, lang) })}</p>
            <ul className="plain-list file-list" data-testid="export-files">
              {files.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {error && <ErrorNote error={error} testid="export-error" />}
    </Dialog>
  );
}
