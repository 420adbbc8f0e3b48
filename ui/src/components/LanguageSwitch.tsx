// FR | EN, saved in the `ui.language` setting so the choice outlives the session.
import { useTranslation } from "react-i18next";
import type { Lang } from "../format";
import { useBook } from "../state/book";

export function LanguageSwitch() {
  const { lang, setLang } = useBook();
  const { t } = useTranslation();
  const option = (l: Lang) => (
    <button
      type="button"
      role="radio"
      aria-checked={lang === l}
      className={`segment${lang === l ? " segment-on" : ""}`}
      onClick={() => void setLang(l)}
      data-testid={`lang-${l}`}
      lang={l}
      title={t(`lang.${l}`)}
    >
      {l.toUpperCase()}
    </button>
  );
  return (
    <div className="segmented" role="radiogroup" aria-label={t("lang.label")}>
      {option("fr")}
      {option("en")}
    </div>
  );
}
