// The pieces of a list's toolbar: the search box, a filter, and the count of rows shown.
import type { KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { formatCount, localeOf, type Lang } from "../format";
import { useBook } from "../state/book";
import { SearchIcon } from "./icons";

export function SearchBox({ value, onChange, label, testid, autoFocus }: { value: string; onChange: (v: string) => void; label: string; testid: string; autoFocus?: boolean }) {
  return (
    <div className="search">
      <SearchIcon />
      <input
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={label}
        aria-label={label}
        autoFocus={autoFocus}
        spellCheck={false}
        data-testid={testid}
      />
    </div>
  );
}

export interface FilterOption<T extends string> {
  value: T;
  label: string;
}

/** A select whose empty value means "all". */
export function FilterSelect<T extends string>({
  label,
  all,
  value,
  options,
  onChange,
  testid,
  wide,
}: {
  label: string;
  all: string;
  value: T | "";
  options: readonly FilterOption<T>[];
  onChange: (v: T | "") => void;
  testid: string;
  wide?: boolean;
}) {
  return (
    <label className={wide ? "toolbar-select" : "toolbar-select toolbar-select-narrow"}>
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as T | "")} data-testid={testid}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "12 invoices", or "3 of 12" while a filter hides some. `countKey` is the plural message for all. */
export function ListCount({ shown, total, countKey, testid }: { shown: number; total: number; countKey: string; testid: string }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  return (
    <span className="toolbar-count" role="status" data-testid={testid}>
      {shown === total
        ? t(countKey, { count: total, n: formatCount(total, lang) })
        : t("subscriptions.countOf", { n: formatCount(shown, lang), total: formatCount(total, lang) })}
    </span>
  );
}

/** Whether any of `values` contains the typed text, ignoring case the way the user's language does. */
export function textMatcher(text: string, lang: Lang): (values: string[]) => boolean {
  const locale = localeOf(lang);
  const needle = text.trim().toLocaleLowerCase(locale);
  return (values) => !needle || values.some((v) => v.toLocaleLowerCase(locale).includes(needle));
}

/** What makes a table row open something on a click, Enter or Space. */
export function rowLink(open: () => void) {
  return {
    tabIndex: 0,
    onClick: open,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        open();
      }
    },
  };
}
