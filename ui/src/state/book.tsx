// What every screen needs about the open book: app info, its dates, settings, the operating partner,
// countries and rule texts; plus the language and the "as of" date. The "as of" date is the window's
// own state (kept per book file in this window's storage), never a setting of the book: it changes
// what the screens read, and the book's dates as of it say what a write defaults to.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { api, type AppInfo, type RuleText, type Settings } from "../api";
import type { ApiError } from "../bindings/ApiError";
import type { BookDates } from "../bindings/BookDates";
import type { Country } from "../bindings/Country";
import type { Partner } from "../bindings/Partner";
import type { Lang } from "../format";
import { chooseLanguage, initI18n } from "../i18n";
import { AsOfContext, contextQuery, refreshScreens, together } from "./queries";

/** The app and the book's dates as of the window's date (`today`, `write_today`, `demo`). */
export type BookInfo = AppInfo & BookDates;

export interface Book {
  info: BookInfo;
  settings: Settings;
  operating: Partner | null;
  countries: Country[];
  rules: RuleText[];
  lang: Lang;
  setLang: (lang: Lang) => Promise<void>;
  /** The date the screens read the book as of, as chosen ("": today, the book as it is). */
  asOf: string;
  /** Chooses the "as of" date ("" = today); the screens read the book as of it. */
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

const asOfKey = (dbPath: string) => `csp-desk.asOf:${dbPath}`;

/** The "as of" date this window last chose for the book file ("" when none or unreadable). */
export function storedAsOf(dbPath: string): string {
  try {
    const v = window.localStorage.getItem(asOfKey(dbPath)) ?? "";
    return DATE.test(v) ? v : "";
  } catch {
    return "";
  }
}

function storeAsOf(dbPath: string, date: string) {
  try {
    if (date) window.localStorage.setItem(asOfKey(dbPath), date);
    else window.localStorage.removeItem(asOfKey(dbPath));
  } catch {
    // Storage may be unavailable: the date then lasts as long as the window.
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The operating partner as of the window's date, keyed by that date. */
export const operatingQuery = (asOf: string) => ({
  queryKey: ["partner_operating", { asOf }] as const,
  queryFn: () => api.partnerOperating(asOf || null),
});

/** The book's dates as the window reads it (the service decides a write's default date), keyed by that date. */
export const datesQuery = (asOf: string) => ({
  queryKey: ["book_dates", { asOf }] as const,
  queryFn: () => api.bookDates(asOf || null),
});

export type LoadState = { kind: "loading" } | { kind: "failed"; error: ApiError };

export function BookProvider({ children, fallback }: { children: ReactNode; fallback: (s: LoadState, retry: () => void) => ReactNode }) {
  const client = useQueryClient();
  const infoRead = useQuery(contextQuery("app_info"));
  // The date chosen in this window; until one is, the one last chosen for this book file.
  const [chosen, setChosen] = useState<{ db: string; date: string } | null>(null);
  const db = infoRead.data?.db_path ?? "";
  const asOf = chosen && chosen.db === db ? chosen.date : db ? storedAsOf(db) : "";
  const reads = [
    infoRead,
    useQuery(contextQuery("settings_show")),
    useQuery({ ...operatingQuery(asOf), enabled: infoRead.data !== undefined }),
    useQuery(contextQuery("country_list")),
    useQuery(contextQuery("rule_list")),
    useQuery({ ...datesQuery(asOf), enabled: infoRead.data !== undefined }),
  ] as const;
  const loaded = together(...reads);
  // The language picked in this window wins over the stored one until the setting is saved.
  const [picked, setPicked] = useState<Lang | null>(null);

  const [stored, settings, operating, countries, rules, dates] = [reads[0].data, reads[1].data, reads[2].data, reads[3].data, reads[4].data, reads[5].data];

  const value = useMemo<Book | null>(() => {
    if (!stored || !settings || operating === undefined || !countries || !rules || !dates) return null;
    const info: BookInfo = { ...stored, ...dates };
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
      asOf,
      setAsOf: async (date) => {
        const d = date.trim();
        if (d && !DATE.test(d)) {
          throw { code: "VALIDATION", message: `'${d}' is not a date (YYYY-MM-DD)`, message_fr: `« ${d} » n'est pas une date (AAAA-MM-JJ)`, field: "date" } satisfies ApiError;
        }
        // The operating partner and the dates of the new date first: the screens switch once they
        // are known, and a date the book refuses leaves the window where it was.
        await Promise.all([client.fetchQuery(operatingQuery(d)), client.fetchQuery(datesQuery(d))]);
        storeAsOf(stored.db_path, d);
        setChosen({ db: stored.db_path, date: d });
      },
      setOperating: (p) => {
        client.setQueryData(operatingQuery(asOf).queryKey, p);
        void refreshScreens(client);
      },
      reload: () => client.invalidateQueries(),
    };
  }, [stored, dates, asOf, settings, operating, countries, rules, picked, client]);

  if (!value) {
    const retry = () => reads.forEach((r) => void r.refetch());
    return <>{fallback(loaded.error ? { kind: "failed", error: loaded.error } : { kind: "loading" }, retry)}</>;
  }
  return (
    <BookContext.Provider value={value}>
      <AsOfContext.Provider value={value.asOf}>{children}</AsOfContext.Provider>
    </BookContext.Provider>
  );
}
