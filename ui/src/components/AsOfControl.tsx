// The "as of" date in the header: look at the whole book as it stood on any day. It is the
// window's own choice (never stored in the book, never the date of a write in a real book); empty
// means today.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { toApiError } from "../api";
import type { ApiError } from "../bindings/ApiError";
import { formatDate } from "../format";
import { useBook } from "../state/book";
import { DateInput } from "./DateInput";
import { errorText } from "./ErrorNote";
import { CalendarIcon } from "./icons";

export function AsOfControl() {
  const { t } = useTranslation();
  const { info, settings, lang, asOf, setAsOf } = useBook();
  const [draft, setDraft] = useState(info.today);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => setDraft(info.today), [info.today]);

  const apply = async (date: string) => {
    setError(null);
    try {
      await setAsOf(date);
    } catch (e) {
      setError(toApiError(e));
      setDraft(info.today);
    }
  };
  const pinned = asOf;
  const phase1 = settings["program.phase1"] ?? "";
  const phase2 = settings["program.phase2"] ?? "";
  const chip = (date: string, label: string, testid: string) =>
    date && (
      <button
        type="button"
        className={`chip${pinned === date ? " chip-on" : ""}`}
        onClick={() => void apply(date)}
        data-testid={testid}
        aria-pressed={pinned === date}
      >
        {label}
      </button>
    );

  return (
    <div className="asof">
      <label className="asof-label" htmlFor="asof-date" title={t("header.asOfHelp")}>
        <CalendarIcon />
        {t("header.asOf")}
      </label>
      <DateInput
        id="asof-date"
        className="asof-input"
        value={draft}
        onChange={setDraft}
        onBlur={() => draft !== info.today && draft && void apply(draft)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && draft) void apply(draft);
          if (e.key === "Escape") setDraft(info.today);
        }}
        aria-describedby={error ? "asof-error" : undefined}
        data-testid="asof-date"
      />
      {chip(phase1, formatDate(phase1, lang, "medium"), "asof-phase1")}
      {chip(phase2, formatDate(phase2, lang, "medium"), "asof-phase2")}
      {pinned && (
        <button type="button" className="chip chip-reset" onClick={() => void apply("")} data-testid="asof-today">
          {info.demo ? t("header.asOfDemoDate") : t("header.asOfComputer")}
        </button>
      )}
      {error && (
        <span className="asof-error" id="asof-error" role="alert">
          {errorText(error, lang)}
        </span>
      )}
    </div>
  );
}
