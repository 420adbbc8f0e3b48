// A file or folder path: typed in, or picked with the system's dialog. While a command works on
// it, a bar runs under it.
import { open, type OpenDialogOptions } from "@tauri-apps/plugin-dialog";
import type { ReactNode } from "react";
import { toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";
import { Field } from "./Field";

interface Props {
  label: string;
  value: string;
  onChange: (path: string) => void;
  placeholder: string;
  chooseLabel: string;
  /** What the system's dialog offers: a folder, or files of some kinds. */
  pick: OpenDialogOptions;
  /** Null as the system's dialog opens; its failure if it fails. */
  onError: (e: ApiError | null) => void;
  disabled: boolean;
  inputTestid: string;
  chooseTestid: string;
}

export function PathField({ label, value, onChange, placeholder, chooseLabel, pick, onError, disabled, inputTestid, chooseTestid }: Props) {
  const choose = async () => {
    onError(null);
    try {
      const picked = await open({ ...pick, multiple: false });
      if (typeof picked === "string") onChange(picked);
    } catch (e) {
      onError(toApiError(e));
    }
  };
  return (
    <Field label={label}>
      <div className="input-with-button">
        <input type="text" value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} spellCheck={false} disabled={disabled} data-testid={inputTestid} />
        <button type="button" className="btn" onClick={() => void choose()} disabled={disabled} data-testid={chooseTestid} data-autofocus>
          {chooseLabel}
        </button>
      </div>
    </Field>
  );
}

/** A bar that fills up to `done` (0–1) when the work's end is known, and runs while it is not;
 * `children` says how far it got. */
export function WorkingBar({ label, valueText, done, testid, children }: { label: string; valueText?: string; done?: number | null; testid: string; children: ReactNode }) {
  const known = done !== undefined && done !== null && Number.isFinite(done);
  const percent = known ? Math.round(Math.min(1, Math.max(0, done)) * 100) : undefined;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuetext={valueText}
      aria-valuemin={known ? 0 : undefined}
      aria-valuemax={known ? 100 : undefined}
      aria-valuenow={percent}
      data-testid={testid}
    >
      <div className="progress-track">
        {known ? <div className="progress-bar" style={{ width: `${percent}%` }} /> : <div className="progress-bar progress-bar-indeterminate" />}
      </div>
      {children}
    </div>
  );
}
