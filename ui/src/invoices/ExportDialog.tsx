// The month's invoices and credit notes as PDFs, into a folder the user picks: the system's folder
// dialog, or the path typed in. While the files are written a bar fills (documents written of how
// many, from `invoice-export-progress` events); then the list of files.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, listenTo } from "../api";
import type { ExportProgress } from "../bindings/ExportProgress";
import { Dialog } from "../components/Dialog";
import { ErrorNote } from "../components/ErrorNote";
import { PathField, WorkingBar } from "../components/PathField";
import { formatCount } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { formatMonth } from "./labels";

export function ExportDialog({ month, onClose }: { month: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { lang, settings } = useBook();
  const [dir, setDir] = useState("");
  const [files, setFiles] = useState<string[] | null>(null);
  const { error, busy, run, setError } = useAction();
  const [progress, setProgress] = useState<ExportProgress | null>(null);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    void listenTo("invoice-export-progress", setProgress).then((un) => {
      if (live) stop = un;
      else un();
    });
    return () => {
      live = false;
      stop?.();
    };
  }, []);

  const write = async () => {
    setFiles(null);
    setProgress(null);
    // The invoice language setting decides; the window's language when it is not set.
    const done = await run(() => api.invoiceExport(null, month, dir.trim(), settings["invoice.language"] || lang));
    if (done.ok) setFiles(done.value);
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
            <button type="button" className="btn btn-primary" onClick={() => void write()} disabled={busy || !dir.trim()} data-testid="export-run">
              {t("invoices.export.run")}
            </button>
          )}
        </>
      }
    >
      <p className="dialog-lead">{t("invoices.export.lead")}</p>
      <PathField
        label={t("invoices.export.folder")}
        value={dir}
        onChange={setDir}
        placeholder={t("invoices.export.folderHint")}
        chooseLabel={t("invoices.export.choose")}
        pick={{ directory: true, title: t("invoices.export.choose") }}
        onError={setError}
        disabled={busy}
        inputTestid="export-dir"
        chooseTestid="export-choose"
      />
      {busy && (
        <WorkingBar
          label={t("invoices.export.writing")}
          valueText={progress ? `${progress.done} / ${progress.total}` : undefined}
          done={progress && progress.total > 0 ? progress.done / progress.total : null}
          testid="export-progress"
        >
          <span className="muted" data-testid="export-count">
            {progress ? t("invoices.export.progress", { done: formatCount(progress.done, lang), total: formatCount(progress.total, lang) }) : t("invoices.export.writing")}
          </span>
        </WorkingBar>
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
