// The book file in Settings: verify its seals, back it up, restore a copy. The commands decide and
// check everything; this section only shows what they say.
import { save } from "@tauri-apps/plugin-dialog";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { BackupResult } from "../bindings/BackupResult";
import type { VerifyResult } from "../bindings/VerifyResult";
import { CancelThen, Dialog } from "../components/Dialog";
import { ErrorNote, errorText, RuleBadge } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { PathField } from "../components/PathField";
import { formatCount } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";

const SQLITE = [{ name: "CSP Desk", extensions: ["sqlite3", "sqlite", "db"] }];

/** The folder of a file path, on any platform's separator. */
function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i > 0 ? path.slice(0, i) : ".";
}

function separatorOf(path: string): string {
  return path.includes("\\") && !path.includes("/") ? "\\" : "/";
}

export function BookSection() {
  const { t } = useTranslation();
  const { info, lang } = useBook();
  const folder = folderOf(info.db_path);
  const sep = separatorOf(info.db_path);

  const verify = useAction();
  const [verified, setVerified] = useState<VerifyResult | null>(null);
  const runVerify = async () => {
    setVerified(null);
    const done = await verify.run(() => api.bookVerify());
    if (done.ok) setVerified(done.value);
  };

  const backup = useAction();
  const [backupPath, setBackupPath] = useState(`${folder}${sep}csp-desk-backup-${info.today}.sqlite3`);
  const [backedUp, setBackedUp] = useState<BackupResult | null>(null);
  const chooseBackup = async () => {
    backup.setError(null);
    try {
      const picked = await save({ defaultPath: backupPath, filters: SQLITE });
      if (typeof picked === "string") setBackupPath(picked);
    } catch (e) {
      backup.setError(toApiError(e));
    }
  };
  const runBackup = async () => {
    setBackedUp(null);
    const done = await backup.run(() => api.bookBackup(backupPath.trim()));
    if (done.ok) setBackedUp(done.value);
  };

  const restore = useAction();
  const [restorePath, setRestorePath] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [restored, setRestored] = useState<string | null>(null);
  const runRestore = async () => {
    setConfirming(false);
    const done = await restore.run(() => api.bookRestore(restorePath.trim()));
    if (done.ok) setRestored(done.value.backup);
  };

  return (
    <section className="card" data-testid="settings-book">
      <h2 className="card-title">{t("settings.book.title")}</h2>
      <p className="muted">{t("settings.book.lead")}</p>

      <div className="stack-tight">
        <div className="toolbar">
          <button type="button" className="btn" onClick={() => void runVerify()} disabled={verify.busy} data-testid="book-verify">
            {verify.busy ? t("settings.book.verifying") : t("settings.book.verify")}
          </button>
        </div>
        {verified && (
          <div className="note note-ok" role="status" data-testid="book-verify-ok">
            <p>{t("settings.book.verified", { count: verified.issued_documents, n: formatCount(verified.issued_documents, lang) })}</p>
          </div>
        )}
        {verify.error && <VerifyFailure error={verify.error} lang={lang} />}

        <h3 className="subtitle">{t("settings.book.backup")}</h3>
        <p className="muted">{t("settings.book.backupLead", { folder: `${folder}${sep}backups` })}</p>
        <Field label={t("settings.book.backupPath")}>
          <div className="input-with-button">
            <input
              type="text"
              value={backupPath}
              onChange={(e) => setBackupPath(e.target.value)}
              spellCheck={false}
              disabled={backup.busy}
              data-testid="book-backup-path"
            />
            <button type="button" className="btn" onClick={() => void chooseBackup()} disabled={backup.busy} data-testid="book-backup-choose">
              {t("settings.book.choose")}
            </button>
          </div>
        </Field>
        <div className="toolbar">
          <button type="button" className="btn btn-primary" onClick={() => void runBackup()} disabled={backup.busy || !backupPath.trim()} data-testid="book-backup">
            {t("settings.book.backupRun")}
          </button>
        </div>
        {backedUp && (
          <div className="note note-ok" role="status" data-testid="book-backup-done">
            <p>{t("settings.book.backedUp", { path: backedUp.path, size: formatCount(Math.ceil(backedUp.bytes / 1024), lang) })}</p>
          </div>
        )}
        {backup.error && <ErrorNote error={backup.error} testid="book-backup-error" />}

        <h3 className="subtitle">{t("settings.book.restore")}</h3>
        <p className="muted">{t("settings.book.restoreLead")}</p>
        <PathField
          label={t("settings.book.restorePath")}
          value={restorePath}
          onChange={setRestorePath}
          placeholder={`${folder}${sep}backups${sep}…`}
          chooseLabel={t("settings.book.choose")}
          pick={{ filters: SQLITE, defaultPath: `${folder}${sep}backups` }}
          onError={restore.setError}
          disabled={restore.busy || restored !== null}
          inputTestid="book-restore-path"
          chooseTestid="book-restore-choose"
        />
        <div className="toolbar">
          <button
            type="button"
            className="btn"
            onClick={() => setConfirming(true)}
            disabled={restore.busy || !restorePath.trim() || restored !== null}
            data-testid="book-restore"
          >
            {t("settings.book.restoreRun")}
          </button>
        </div>
        {restored !== null && (
          <div className="note note-ok" role="status" data-testid="book-restore-done">
            <p>{t("settings.book.restored", { backup: restored })}</p>
          </div>
        )}
        {restore.error && <ErrorNote error={restore.error} testid="book-restore-error" />}
      </div>

      {confirming && (
        <Dialog
          title={t("settings.book.confirmTitle")}
          onCancel={() => setConfirming(false)}
          testid="book-restore-confirm"
          actions={
            <CancelThen onCancel={() => setConfirming(false)}>
              <button type="button" className="btn btn-warn" onClick={() => void runRestore()} data-testid="book-restore-confirm-run">
                {t("settings.book.confirmRun")}
              </button>
            </CancelThen>
          }
        >
          <p>{t("settings.book.confirmText", { file: restorePath.trim() })}</p>
        </Dialog>
      )}
    </section>
  );
}

/** `INTEGRITY`: one line per document or protection that fails. */
function VerifyFailure({ error, lang }: { error: ApiError; lang: "fr" | "en" }) {
  if (error.code !== "INTEGRITY") return <ErrorNote error={error} testid="book-verify-error" />;
  const [head, ...lines] = errorText(error, lang).split("\n");
  return (
    <div className="note note-error" role="alert" data-testid="book-verify-error">
      <div>
        <p>{head}</p>
        <ul className="findings">
          {lines.map((l) => (
            <li key={l} data-testid="book-verify-finding">
              {l}
            </li>
          ))}
        </ul>
        <RuleBadge code={error.code} />
      </div>
    </div>
  );
}
