// A case's moves: the buttons are its `allowed_actions` (the list the service also guards with);
// the escalations the rules refuse its holder are shown beside them with their rule. Each move is
// made on a date (the book date by default) after a confirmation; a note and a Microsoft case
// number are typed in the same dialog.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { CaseAction } from "../bindings/CaseAction";
import type { SupportCase } from "../bindings/SupportCase";
import { ActionButtons } from "../components/ActionButtons";
import { DateConfirmDialog } from "../components/DateConfirmDialog";
import { RuleBadge } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { useBook } from "../state/book";

export type { CaseAction };

export function CaseButtons({ supportCase, onChoose }: { supportCase: SupportCase; onChoose: (a: CaseAction) => void }) {
  return (
    <ActionButtons
      prefix="case"
      actions={supportCase.allowed_actions}
      tone={(a) => (a === "escalate_to_microsoft" || a === "escalate_to_provider" ? "primary" : a === "close" ? "warn" : null)}
      onChoose={onChoose}
    />
  );
}

/** The escalations refused to this holder, each with its rule and why, in the user's language. */
export function CaseRefusals({ supportCase }: { supportCase: SupportCase }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  if (supportCase.refusals.length === 0) return null;
  return (
    <ul className="plain-list case-refusals" data-testid="case-refusals">
      {supportCase.refusals.map((r) => (
        <li key={r.action} className="case-refusal" data-testid={`case-refusal-${r.action}`} data-rule={r.rule}>
          <span className="muted">{t("support.refused")}</span>
          <span className="strong">{t(`case.actions.${r.action}`)}</span>
          <RuleBadge code={r.rule} />
          <span className="muted">{lang === "fr" ? r.message_fr : r.message}</span>
        </li>
      ))}
    </ul>
  );
}

export function CaseDialog({
  supportCase: c,
  action,
  onCancel,
  onDone,
}: {
  supportCase: SupportCase;
  action: CaseAction;
  onCancel: () => void;
  onDone: (c: SupportCase, on: string) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [reference, setReference] = useState("");
  const command = (on: string): Promise<SupportCase> => {
    switch (action) {
      case "escalate_to_microsoft":
        return api.caseEscalate(c.id, "microsoft", on, reference.trim() || null);
      case "escalate_to_provider":
        return api.caseEscalate(c.id, "provider", on, null);
      case "note":
        return api.caseNote(c.id, text, on);
      case "resolve":
        return api.caseResolve(c.id, on);
      case "reopen":
        return api.caseReopen(c.id, on);
      case "close":
        return api.caseClose(c.id, on);
    }
  };
  const names = { holder: c.holder_name, title: c.title };
  return (
    <DateConfirmDialog
      title={t(`case.confirm.${action}.title`, names)}
      lead={<p className="dialog-lead">{t(`case.confirm.${action}.text`, names)}</p>}
      dateLabel={t("case.on")}
      dateHint={t("subscription.onHint")}
      confirmLabel={t(`case.confirm.${action}.button`)}
      warn={action === "close"}
      testid="case-action"
      command={command}
      onCancel={onCancel}
      onDone={onDone}
    >
      {action === "note" && (
        <Field label={t("case.noteText")}>
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={4} maxLength={4000} data-testid="case-note-text" />
        </Field>
      )}
      {action === "escalate_to_microsoft" && (
        <Field label={t("case.reference")} hint={t("case.referenceHint")} optional={t("common.optional")}>
          <input value={reference} onChange={(e) => setReference(e.target.value)} maxLength={64} spellCheck={false} data-testid="case-reference" />
        </Field>
      )}
    </DateConfirmDialog>
  );
}
