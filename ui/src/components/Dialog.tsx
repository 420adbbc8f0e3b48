// A modal dialog: focus moves into it, Escape cancels, focus returns where it was on close.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

interface DialogProps {
  title: ReactNode;
  children: ReactNode;
  actions: ReactNode;
  onCancel: () => void;
  testid?: string;
}

export function Dialog({ title, children, actions, onCancel, testid }: DialogProps) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    // The control marked `data-autofocus` if any, else the first one (in document order).
    const first =
      box.current?.querySelector<HTMLElement>("[data-autofocus]") ?? box.current?.querySelector<HTMLElement>("button, input, select, textarea");
    first?.focus();
    return () => before?.focus();
  }, []);
  return (
    <div
      className="dialog-backdrop"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onCancel();
        }
        if (e.key === "Tab" && box.current) {
          // Keep Tab inside the dialog.
          const items = Array.from(box.current.querySelectorAll<HTMLElement>("button, input, select, textarea, a[href]")).filter(
            (el) => !el.hasAttribute("disabled"),
          );
          const first = items[0];
          const last = items[items.length - 1];
          if (first && last) {
            if (e.shiftKey && document.activeElement === first) {
              e.preventDefault();
              last.focus();
            } else if (!e.shiftKey && document.activeElement === last) {
              e.preventDefault();
              first.focus();
            }
          }
        }
      }}
    >
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={box} data-testid={testid}>
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>
  );
}

/** A dialog's buttons: Cancel first, then the dialog's own (the last one is its main action). */
export function CancelThen({ onCancel, cancelLabel, children }: { onCancel: () => void; cancelLabel?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" className="btn btn-ghost" onClick={onCancel}>
        {cancelLabel ?? t("common.cancel")}
      </button>
      {children}
    </>
  );
}
