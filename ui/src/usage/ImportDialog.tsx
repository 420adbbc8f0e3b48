// Import a Partner Center daily rated usage file: pick it (system dialog or typed path), then a
// bar runs with the rows read so far while the app reads it off the window's thread. A refused
// file stores nothing and its errors are listed.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, listenTo } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { ImportResult } from "../bindings/ImportResult";
import { CsvImportDialog } from "../components/CsvImportDialog";
import { errorText } from "../components/ErrorNote";
import { Checkbox } from "../components/Field";
import { AlertIcon } from "../components/icons";
import { WorkingBar } from "../components/PathField";
import { formatCount } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";

/** The problems a refusal names, one per item (the command joins several with "; " or new lines). */
export function errorItems(e: ApiError, lang: string): string[] {
  return errorText(e, lang)
    .split(/\r?\n|;\s+(?=(?:row|ligne|line)\b)/i)
    .map((x) => x.trim())
    .filter(Boolean);
}

export function UsageImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const [path, setPath] = useState("");
  const [adopt, setAdopt] = useState(true);
  const [rows, setRows] = useState(0);
  // How far into the file, when its size is known: the bar then shows its end.
  const [done, setDone] = useState<number | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const { error, busy, run, setError } = useAction();

  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    void listenTo("usage-import-progress", ({ rows, bytes, total_bytes }) => {
      setRows(rows);
      setDone(total_bytes ? bytes / total_bytes : null);
    }).then((un) => {
      if (live) stop = un;
      else un();
    });
    return () => {
      live = false;
      stop?.();
    };
  }, []);

  const read = async () => {
    setResult(null);
    setRows(0);
    setDone(null);
    const done = await run(() => api.usageImport(path.trim(), { adopt, partner_id: null }));
    if (done.ok) setResult(done.value);
  };

  return (
    <CsvImportDialog
      title={t("usage.import.title")}
      lead={t("usage.import.lead")}
      fileLabel={t("usage.import.file")}
      fileHint={t("usage.import.fileHint")}
      chooseLabel={t("usage.import.choose")}
      runLabel={t("usage.import.run")}
      testid="usage-import"
      path={path}
      onPath={setPath}
      busy={busy}
      done={result !== null}
      onRun={() => void read()}
      onClose={onClose}
      onError={setError}
    >
      <Checkbox label={t("usage.import.adopt")} hint={t("usage.import.adoptHint")} checked={adopt} onChange={setAdopt} testid="usage-import-adopt" />
      {busy && (
        <WorkingBar label={t("usage.import.reading")} valueText={String(rows)} done={done} testid="usage-import-progress">
          <span className="muted" data-testid="usage-import-rows">
            {t("usage.import.rows", { count: rows, n: formatCount(rows, lang) })}
          </span>
        </WorkingBar>
      )}
      {result && (
        <div className="note note-ok" role="status" data-testid="usage-import-done">
          <div>
            <p className="strong">{t("usage.import.done", { count: result.imported, n: formatCount(result.imported, lang) })}</p>
            {result.skipped_duplicates > 0 && <p>{t("usage.import.skipped", { count: result.skipped_duplicates, n: formatCount(result.skipped_duplicates, lang) })}</p>}
            {result.unbilled > 0 && (
              <p data-testid="usage-import-billing">
                {t("usage.import.billing", { billed: formatCount(result.billed, lang), unbilled: formatCount(result.unbilled, lang) })}
              </p>
            )}
            {result.became_billed > 0 && <p>{t("usage.import.becameBilled", { n: formatCount(result.became_billed, lang) })}</p>}
            {result.withdrawn > 0 && (
              <p className="strong" data-testid="usage-import-withdrawn">
                {t("usage.import.withdrawn", { n: formatCount(result.withdrawn, lang) })}
              </p>
            )}
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
    </CsvImportDialog>
  );
}
