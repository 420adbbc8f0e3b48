// What every screen needs about the open book: app info (with the business today), settings,
// the operating partner, countries and rule texts; plus the language and the "as of" date.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { api, type AppInfo, type RuleText, type Settings } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { Country } from "../bindings/Country";
import type { Partner } from "../bindings/Partner";
import type { Lang } from "../format";
import { chooseLanguage, initI18n } from "../i18n";
import { AsOfContext, contextQuery, refreshScreens, together } from "./queries";

export interface Book {
  info: AppInfo;
  settings: Settings;
  operating: Partner | null;
  countries: Country[];
  rules: RuleText[];
  lang: Lang;
  setLang: (lang: Lang) => Promise<void>;
  /** Sets `business.today` ("" = the computer's date); the screens read the book as of it. */
  setAsOf: (date: string) => Promise<void>;
  /** The operating partner as a write answered it; the screens read the book again. */
  setOperating: (p: Partner) => void;
  /** Reads everything again (after the book was filled from outside the screens). */
  reload: () => Promise<void>;
}

const BookContext = createContext<Book | null>(null);

export function useBook(): Book {
  const b = useContext(BookContext);
  if (!b) throw new Error("useBook outside BookProvider");
  return b;
}

export type LoadState = { kind: "loading" } | { kind: "failed"; error: ApiError };

export function BookProvider({ children, fallback }: { children: ReactNode; fallback: (s: LoadState, retry: () => void) => ReactNode }) {
  const client = useQueryClient();
  const reads = [
    useQuery(contextQuery("app_info")),
    useQuery(contextQuery("settings_show")),
    useQuery(contextQuery("partner_operating")),
    useQuery(contextQuery("country_list")),
    useQuery(contextQuery("rule_list")),
  ] as const;
  const loaded = together(...reads);
  // The language picked in this window wins over the stored one until the setting is saved.
  const [picked, setPicked] = useState<Lang | null>(null);

  const [info, settings, operating, countries, rules] = [reads[0].data, reads[1].data, reads[2].data, reads[3].data, reads[4].data];

  const value = useMemo<Book | null>(() => {
    if (!info || !settings || operating === undefined || !countries || !rules) return null;
    const lang = picked ?? chooseLanguage(settings["ui.language"]);
    // Before anything on screen is translated: i18next follows the book's language.
    initI18n(lang);
    return {
      info,
      settings,
      operating,
      countries,
      rules,
      lang,
      setLang: async (l) => {
        initI18n(l);
        setPicked(l);
        client.setQueryData(contextQuery("settings_show").queryKey, await api.settingsSet("ui.language", l));
      },
      setAsOf: async (date) => {
        client.setQueryData(contextQuery("settings_show").queryKey, await api.settingsSet("business.today", date));
        // The new date is in the screens' keys: they read the book as of it once it is known.
        await client.refetchQueries({ queryKey: contextQuery("app_info").queryKey }, { throwOnError: true });
        await client.refetchQueries({ queryKey: contextQuery("partner_operating").queryKey }, { throwOnError: true });
      },
      setOperating: (p) => {
        client.setQueryData(contextQuery("partner_operating").queryKey, p);
        void refreshScreens(client);
      },
      reload: () => client.invalidateQueries(),
    };
  }, [info, settings, operating, countries, rules, picked, client]);

  if (!value) {
    const retry = () => reads.forEach((r) => void r.refetch());
    return <>{fallback(loaded.error ? { kind: "failed", error: loaded.error } : { kind: "loading" }, retry)}</>;
  }
  return (
    <BookContext.Provider value={value}>
      <AsOfContext.Provider value={value.info.today}>{children}</AsOfContext.Provider>
    </BookContext.Provider>
  );
}
