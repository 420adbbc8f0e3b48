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

/** A bar that runs while the work has no known end; `children` says how far it got. */
export function WorkingBar({ label, valueText, testid, children }: { label: string; valueText?: string; testid: string; children: ReactNode }) {
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuetext={valueText} data-testid={testid}>
      <div className="progress-track">
        <div className="progress-bar progress-bar-indeterminate" />
      </div>
      {children}
    </div>
  );
}
