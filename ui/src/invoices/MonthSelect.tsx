// A month picker for billing: the closed months before the book date, newest first.
import { useTranslation } from "react-i18next";
import { useBook } from "../state/book";
import { formatMonth, recentMonths } from "./labels";

export function MonthSelect({ value, onChange, testid }: { value: string; onChange: (m: string) => void; testid: string }) {
  const { t } = useTranslation();
  const { info, lang } = useBook();
  const months = recentMonths(info.today);
  if (value && !months.includes(value)) months.unshift(value);
  return (
    <label className="toolbar-select toolbar-select-narrow">
      <span>{t("invoices.month")}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testid}>
        {months.map((m) => (
          <option key={m} value={m}>
            {formatMonth(m, lang)}
          </option>
        ))}
      </select>
    </label>
  );
}
