// Import a Partner Center daily rated usage file: pick it (system dialog or typed path), then a
// bar runs with the rows read so far while the app reads it off the window's thread. A refused
// file stores nothing and its errors are listed.
import { listen } from "@tauri-apps/api/event";
import { open } from "@tauri-apps/plugin-dialog";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { ImportResult } from "../bindings/ImportResult";
import { Dialog } from "../components/Dialog";
import { errorText } from "../components/ErrorNote";
import { Checkbox, Field } from "../components/Field";
import { AlertIcon } from "../components/icons";
import { formatCount } from "../format";
import { useBook } from "../state/book";

/** The problems a refusal names, one per item (the command joins several with "; " or new lines). */
export function errorItems(e: ApiError, lang: string): string[] {
  return errorText(e, lang)
    .split(/\r?\n|;\s+(?=(?:row|ligne|line)\b)/i)
    .map((x) => x.trim())
    .filter(Boolean);
}

export function UsageImportDialog({ onClose, onImported }: { onClose: () => void; onImported: (r: ImportResult) => void }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const [path, setPath] = useState("");
  const [adopt, setAdopt] = useState(true);
  const [busy, setBusy] = useState(false);
  const [rows, setRows] = useState(0);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    void listen<{ rows: number }>("usage-import-progress", (e) => setRows(e.payload.rows)).then((un) => {
      if (live) stop = un;
      else un();
    });
    return () => {
      live = false;
      stop?.();
    };
  }, []);

  const choose = async () => {
    setError(null);
    try {
      const picked = await open({ multiple: false, directory: false, filters: [{ name: "CSV", extensions: ["csv", "CSV"] }] });
      if (typeof picked === "string") setPath(picked);
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const run = async () => {
    setError(null);
    setResult(null);
    setRows(0);
    setBusy(true);
    try {
      const r = await api.usageImport(path.trim(), { adopt, partner_id: null });
      setResult(r);
      onImported(r);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t("usage.import.title")}
      onCancel={busy ? () => undefined : onClose}
      testid="usage-import-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy} data-testid="usage-import-close">
            {result ? t("common.close") : t("common.cancel")}
          </button>
          {!result && (
            <button type="button" className="btn btn-primary" onClick={() => void run()} disabled={busy || !path.trim()} data-testid="usage-import-run">
              {t("usage.import.run")}
            </button>
          )}
        </>
      }
    >
      <p className="dialog-lead">{t("usage.import.lead")}</p>
      <Field label={t("usage.import.file")}>
        <div className="input-with-button">
          <input
            type="text"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder={t("usage.import.fileHint")}
            spellCheck={false}
            disabled={busy}
            data-testid="usage-import-path"
          />
          <button type="button" className="btn" onClick={() => void choose()} disabled={busy} data-testid="usage-import-choose" data-autofocus>
            {t("usage.import.choose")}
          </button>
        </div>
      </Field>
      <Checkbox label={t("usage.import.adopt")} hint={t("usage.import.adoptHint")} checked={adopt} onChange={setAdopt} testid="usage-import-adopt" />
      {busy && (
        <div className="progress" role="progressbar" aria-label={t("usage.import.reading")} aria-valuetext={String(rows)} data-testid="usage-import-progress">
          <div className="progress-track">
            <div className="progress-bar progress-bar-indeterminate" />
          </div>
          <span className="muted" data-testid="usage-import-rows">
            {t("usage.import.rows", { count: rows, n: formatCount(rows, lang) })}
          </span>
        </div>
      )}
      {result && (
        <div className="note note-ok" role="status" data-testid="usage-import-done">
          <div>
            <p className="strong">{t("usage.import.done", { count: result.imported, n: formatCount(result.imported, lang) })}</p>
            {result.skipped_duplicates > 0 && <p>{t("usage.import.skipped", { count: result.skipped_duplicates, n: formatCount(result.skipped_duplicates, lang) })}</p>}
            {(result.adopted_customers > 0 || result.adopted_subscriptions > 0) && (
              <p>
                {t("usage.import.adopted", {
                  customers: formatCount(result.adopted_customers, lang),
                  subscriptions: formatCount(result.adopted_subscriptions, lang),
                })}
              </p>
            )}
          </div>
        </div>
      )}
      {error && (
        <div className="note note-error" role="alert" data-testid="usage-import-error">
          <AlertIcon />
          <div>
            <p className="strong">{t("usage.import.refused")}</p>
            <ul className="plain-list error-list" data-testid="usage-import-errors">
              {errorItems(error, lang).map((x, i) => (
                <li key={i}>{x}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </Dialog>
  );
}
