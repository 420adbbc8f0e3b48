// i18next set-up: French and English, French by default when the system speaks French, until
// the user picks a language (stored in the `ui.language` setting).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./locales/en";
import { fr } from "./locales/fr";
import type { Lang } from "./format";

export function systemLanguage(nav: { language?: string } = globalThis.navigator ?? {}): Lang {
  return (nav.language ?? "").toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** The language to show: the stored choice if any, else the system's. */
export function chooseLanguage(stored: string | undefined, nav?: { language?: string }): Lang {
  if (stored === "fr" || stored === "en") return stored;
  return systemLanguage(nav);
}

export function initI18n(lang: Lang = systemLanguage()) {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { en: { translation: en }, fr: { translation: fr } },
      lng: lang,
      fallbackLng: "en",
      // React escapes what it renders; values stay data, never markup.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  } else if (i18n.language !== lang) {
    void i18n.changeLanguage(lang);
  }
  document.documentElement.lang = lang;
  return i18n;
}

export function currentLang(): Lang {
  return i18n.language === "fr" ? "fr" : "en";
}

export default i18n;
