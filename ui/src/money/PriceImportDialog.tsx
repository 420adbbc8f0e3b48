// Import a price list: pick the CSV (system dialog or typed path), then the command's answer: the
// meters imported, or the refusal naming the row and column (nothing is stored then).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { PriceImportResult } from "../bindings/PriceImportResult";
import { CsvImportDialog } from "../components/CsvImportDialog";
import { AlertIcon } from "../components/icons";
import { WorkingBar } from "../components/PathField";
import { formatCount } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { errorItems } from "../usage/ImportDialog";

export function PriceImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const [path, setPath] = useState("");
  const [result, setResult] = useState<PriceImportResult | null>(null);
  const { error, busy, run, setError } = useAction();

  const read = async () => {
    setResult(null);
    const done = await run(() => api.priceImport(path.trim()));
    if (done.ok) setResult(done.value);
  };

  return (
    <CsvImportDialog
      title={t("money.prices.title")}
      lead={t("money.prices.lead")}
      fileLabel={t("money.prices.file")}
      fileHint={t("money.prices.fileHint")}
      chooseLabel={t("money.prices.choose")}
      runLabel={t("money.prices.run")}
      testid="price-import"
      path={path}
      onPath={(p) => {
        setPath(p);
        setResult(null);
      }}
      busy={busy}
      done={result !== null}
      onRun={() => void read()}
      onClose={onClose}
      onError={setError}
    >
      {busy && (
        <WorkingBar label={t("money.prices.reading")} testid="price-import-progress">
          <span className="muted">{t("money.prices.reading")}</span>
        </WorkingBar>
      )}
      {result && (
        <div className="note note-ok" role="status" data-testid="price-import-done">
          <p className="strong">
            {t("money.prices.done", { count: result.meters, n: formatCount(result.meters, lang), prices: formatCount(result.prices, lang) })}
          </p>
        </div>
      )}
      {error && (
        <div className="note note-error" role="alert" data-testid="price-import-error">
          <AlertIcon />
          <div>
            <p className="strong">{t("money.prices.refused")}</p>
            <ul className="plain-list error-list" data-testid="price-import-errors">
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
