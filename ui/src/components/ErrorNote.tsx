// A refused command's message in the user's language, with the rule ID when a rule decided.
import { useTranslation } from "react-i18next";
import type { ApiError } from "../bindings/ApiError";
import { useBook } from "../state/book";
import { AlertIcon } from "./icons";

export function errorText(e: ApiError, lang: string): string {
  return lang === "fr" ? e.message_fr || e.message : e.message;
}

export function RuleBadge({ code }: { code: string }) {
  const { t } = useTranslation();
  return <span className="rule-badge">{t("common.rule", { code })}</span>;
}

export function ErrorNote({ error, testid }: { error: ApiError; testid?: string }) {
  const { lang, rules } = useBook();
  const isRule = rules.some((r) => r.id === error.code);
  return (
    <div className="note note-error" role="alert" data-testid={testid}>
      <AlertIcon />
      <div>
        <p>{errorText(error, lang)}</p>
        {isRule && <RuleBadge code={error.code} />}
      </div>
    </div>
  );
}
