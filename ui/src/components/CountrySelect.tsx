// Countries by their name in the user's language, sorted the way that language sorts.
import { useMemo, type SelectHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import type { Country } from "../bindings/Country";
import { localeOf, type Lang } from "../format";
import { useBook } from "../state/book";

export function countryName(countries: Country[], code: string, lang: Lang): string {
  const c = countries.find((x) => x.code === code);
  if (!c) return code;
  return lang === "fr" ? c.name_fr : c.name_en;
}

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "value" | "onChange"> & {
  value: string;
  onChange: (code: string) => void;
};

export function CountrySelect({ value, onChange, ...rest }: Props) {
  const { countries, lang } = useBook();
  const { t } = useTranslation();
  const sorted = useMemo(() => {
    const collator = new Intl.Collator(localeOf(lang));
    return [...countries].sort((a, b) => collator.compare(lang === "fr" ? a.name_fr : a.name_en, lang === "fr" ? b.name_fr : b.name_en));
  }, [countries, lang]);
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} {...rest}>
      <option value="">{t("partnerForm.chooseCountry")}</option>
      {sorted.map((c) => (
        <option key={c.code} value={c.code}>
          {lang === "fr" ? c.name_fr : c.name_en}
        </option>
      ))}
    </select>
  );
}
