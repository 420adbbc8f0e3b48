// One setting, saved when the field is left or Enter is pressed; the command checks the value
// and its refusal appears under the field.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Settings } from "../api";
import { errorText } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { useAction } from "../state/action";
import { useBook } from "../state/book";

export type SettingKind = "text" | "date" | "optionalDate" | "rate" | "whole";

interface Props {
  settingKey: string;
  kind: SettingKind;
  value: string;
  onSaved: (all: Settings) => void;
  /** Replaces the plain save (e.g. the book date, which the whole window follows). */
  save?: (value: string) => Promise<void>;
}

export function SettingField({ settingKey, kind, value, onSaved, save }: Props) {
  const { t } = useTranslation();
  const { lang } = useBook();
  const [draft, setDraft] = useState(value);
  const { error, run } = useAction();
  const [saved, setSaved] = useState(false);
  useEffect(() => setDraft(value), [value]);

  const commit = async () => {
    if (draft === value) return;
    setSaved(false);
    const done = await run(async () => {
      if (save) await save(draft);
      else onSaved(await api.settingsSet(settingKey, draft));
    });
    setSaved(done.ok);
  };

  const hint =
    kind === "rate" ? t("settings.rateHint") : kind === "optionalDate" ? t("settings.emptyDateHint") : undefined;
  const label = (
    <>
      {t(`settings.keys.${settingKey.replace(/\./g, "_")}`, { defaultValue: settingKey })}
      {saved && <span className="saved-mark"> · {t("common.saved")}</span>}
    </>
  );
  return (
    <Field label={label} hint={hint} error={error && errorText(error, lang)} testid={`setting-${settingKey}`}>
      <input
        type={kind === "date" || kind === "optionalDate" ? "date" : "text"}
        inputMode={kind === "rate" ? "decimal" : kind === "whole" ? "numeric" : undefined}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          setSaved(false);
        }}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === "Enter") void commit();
          if (e.key === "Escape") setDraft(value);
        }}
        data-testid={`setting-${settingKey}`}
      />
    </Field>
  );
}
