// The frame every CSV import shares: a dialog with its lead, the file (system dialog or typed path),
// Cancel then Close, and the Import button until the file is read. What the import shows while it
// runs and once it is done comes as children. Test IDs: `<testid>-dialog`, `-path`, `-choose`,
// `-close`, `-run`.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../bindings/ApiError";
import { Dialog } from "./Dialog";
import { PathField } from "./PathField";

interface Props {
  title: string;
  lead: string;
  fileLabel: string;
  fileHint: string;
  chooseLabel: string;
  runLabel: string;
  testid: string;
  path: string;
  onPath: (path: string) => void;
  busy: boolean;
  /** The file is read: only Close is left. */
  done: boolean;
  onRun: () => void;
  onClose: () => void;
  onError: (e: ApiError | null) => void;
  children?: ReactNode;
}

export function CsvImportDialog({ title, lead, fileLabel, fileHint, chooseLabel, runLabel, testid, path, onPath, busy, done, onRun, onClose, onError, children }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={title}
      onCancel={busy ? () => undefined : onClose}
      testid={`${testid}-dialog`}
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy} data-testid={`${testid}-close`}>
            {done ? t("common.close") : t("common.cancel")}
          </button>
          {!done && (
            <button type="button" className="btn btn-primary" onClick={onRun} disabled={busy || !path.trim()} data-testid={`${testid}-run`}>
              {runLabel}
            </button>
          )}
        </>
      }
    >
      <p className="dialog-lead">{lead}</p>
      <PathField
        label={fileLabel}
        value={path}
        onChange={onPath}
        placeholder={fileHint}
        chooseLabel={chooseLabel}
        pick={{ directory: false, filters: [{ name: "CSV", extensions: ["csv", "CSV"] }] }}
        onError={onError}
        disabled={busy}
        inputTestid={`${testid}-path`}
        chooseTestid={`${testid}-choose`}
      />
      {children}
    </Dialog>
  );
}
