// Import Microsoft's invoice reconciliation file: kept as it is, once. The same file again changes
// nothing; a different file for an invoice number already held is refused, and so is a bad cell
// (named by row and column), with nothing stored.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { MicrosoftImportResult } from "../bindings/MicrosoftImportResult";
import { CsvImportDialog } from "../components/CsvImportDialog";
import { ErrorNote } from "../components/ErrorNote";
import { formatCount, formatMoney } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";

export function MicrosoftImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const [path, setPath] = useState("");
  const [result, setResult] = useState<MicrosoftImportResult | null>(null);
  const { error, busy, run, setError } = useAction();

  const read = async () => {
    setResult(null);
    const done = await run(() => api.microsoftImport(path.trim()));
    if (done.ok) setResult(done.value);
  };

  return (
    <CsvImportDialog
      title={t("monthEnd.microsoft.title")}
      lead={t("monthEnd.microsoft.lead")}
      fileLabel={t("usage.import.file")}
      fileHint={t("usage.import.fileHint")}
      chooseLabel={t("usage.import.choose")}
      runLabel={t("monthEnd.microsoft.run")}
      testid="microsoft-import"
      path={path}
      onPath={setPath}
      busy={busy}
      done={result !== null}
      onRun={() => void read()}
      onClose={onClose}
      onError={setError}
    >
      {result && (
        <div className="note note-ok" role="status" data-testid="microsoft-import-done">
          <div>
            {result.invoices.map((i) => (
              <p key={i.number} className="strong">
                {t("monthEnd.microsoft.kept", { count: i.lines, number: i.number, total: formatMoney(i.total, i.currency, lang), n: formatCount(i.lines, lang) })}
              </p>
            ))}
            {result.unknown_subscriptions > 0 && (
              <p>{t("monthEnd.microsoft.unknown", { n: formatCount(result.unknown_subscriptions, lang) })}</p>
            )}
          </div>
        </div>
      )}
      {error && <ErrorNote error={error} testid="microsoft-import-error" />}
    </CsvImportDialog>
  );
}
