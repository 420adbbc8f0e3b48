// What every screen needs about the open book: app info (with the business today), settings,
// the operating partner, countries and rule texts; plus the language and the "as of" date.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, toApiError, type AppInfo, type RuleText, type Settings } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { Country } from "../bindings/Country";
import type { Partner } from "../bindings/Partner";
import type { Lang } from "../format";
import { chooseLanguage, initI18n } from "../i18n";

export interface Book {
  info: AppInfo;
  settings: Settings;
  operating: Partner | null;
  countries: Country[];
  rules: RuleText[];
  lang: Lang;
  /** Bumped whenever the book changes under the screens (as-of date, new data): they reload. */
  version: number;
  setLang: (lang: Lang) => Promise<void>;
  /** Sets `business.today` ("" = the computer's date). */
  setAsOf: (date: string) => Promise<void>;
  setOperating: (p: Partner) => void;
  reload: () => Promise<void>;
}

const BookContext = createContext<Book | null>(null);

export function useBook(): Book {
  const b = useContext(BookContext);
  if (!b) throw new Error("useBook outside BookProvider");
  return b;
}

/** For tests and previews: a ready book value. */
export const BookValueProvider = BookContext.Provider;

export type LoadState = { kind: "loading" } | { kind: "failed"; error: ApiError } | { kind: "ready"; book: Omit<Book, "setLang" | "setAsOf" | "setOperating" | "reload" | "version"> };

async function loadAll() {
  const [info, settings, operating, countries, rules] = await Promise.all([
    api.appInfo(),
    api.settingsShow(),
    api.partnerOperating(),
    api.countryList(),
    api.ruleList(),
  ]);
  return { info, settings, operating, countries, rules, lang: chooseLanguage(settings["ui.language"]) };
}

export function BookProvider({ children, fallback }: { children: ReactNode; fallback: (s: LoadState, retry: () => void) => ReactNode }) {
  const [state, setState] = useState<LoadState>({ kind: "loading" });
  const [version, setVersion] = useState(0);

  const load = useCallback(async () => {
    try {
      const book = await loadAll();
      initI18n(book.lang);
      setState({ kind: "ready", book });
      setVersion((v) => v + 1);
    } catch (e) {
      setState({ kind: "failed", error: toApiError(e) });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const value = useMemo<Book | null>(() => {
    if (state.kind !== "ready") return null;
    const b = state.book;
    return {
      ...b,
      version,
      setLang: async (lang) => {
        initI18n(lang);
        setState({ kind: "ready", book: { ...b, lang } });
        const settings = await api.settingsSet("ui.language", lang);
        setState({ kind: "ready", book: { ...b, lang, settings } });
      },
      setAsOf: async (date) => {
        const settings = await api.settingsSet("business.today", date);
        const [info, operating] = await Promise.all([api.appInfo(), api.partnerOperating()]);
        setState({ kind: "ready", book: { ...b, settings, info, operating } });
        setVersion((v) => v + 1);
      },
      setOperating: (operating) => {
        setState({ kind: "ready", book: { ...b, operating } });
        setVersion((v) => v + 1);
      },
      reload: load,
    };
  }, [state, version, load]);

  if (!value) return <>{fallback(state, () => void load())}</>;
  return <BookContext.Provider value={value}>{children}</BookContext.Provider>;
}
