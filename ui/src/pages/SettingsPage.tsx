// Settings: language, the book date, program dates and rates, the invoice issuer's mentions, the
// monthly exchange rates.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Settings } from "../api";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import type { Lang } from "../format";
import { ExchangeRatesSection } from "../money/ExchangeRatesSection";
import { BookSection } from "../settings/BookSection";
import { SettingField, type SettingKind } from "../settings/SettingField";
import { useAction } from "../state/action";
import { useBook } from "../state/book";

const program: [string, SettingKind][] = [
  ["program.phase1", "date"],
  ["program.phase2", "date"],
  ["program.phase3", "optionalDate"],
  ["program.silver_bonus_from", "date"],
  ["program.mci_rate", "rate"],
  ["program.silver_rate", "rate"],
];

const issuer: [string, SettingKind][] = [
  ["issuer.legal_form", "text"],
  ["issuer.share_capital", "text"],
  ["issuer.siren", "text"],
  ["issuer.siret", "text"],
  ["issuer.rcs", "text"],
  ["issuer.iban", "text"],
  ["issuer.bic", "text"],
  ["issuer.payment_terms_days", "whole"],
  ["issuer.late_payment_rate", "text"],
  ["issuer.early_payment_discount", "text"],
  ["issuer.logo_path", "text"],
  ["issuer.tax_rate", "rate"],
  ["issuer.vat_on_debits", "text"],
];

export function SettingsPage() {
  const { t } = useTranslation();
  const book = useBook();
  const [settings, setSettings] = useState<Settings>(book.settings);
  const { error, run } = useAction();
  const value = (k: string) => settings[k] ?? "";

  const setInvoiceLanguage = async (lang: string) => {
    const done = await run(() => api.settingsSet("invoice.language", lang));
    if (done.ok) setSettings(done.value);
  };

  return (
    <div className="stack settings" data-testid="settings-page">
      <section className="card">
        <h2 className="card-title">{t("settings.display")}</h2>
        <p className="muted">{t("settings.displayLead")}</p>
        <div className="grid-3">
          <Field label={t("settings.keys.ui_language")}>
            <select value={book.lang} onChange={(e) => void book.setLang(e.target.value as Lang)} data-testid="setting-ui.language">
              <option value="fr">{t("lang.fr")}</option>
              <option value="en">{t("lang.en")}</option>
            </select>
          </Field>
          <Field label={t("settings.keys.invoice_language")}>
            <select value={value("invoice.language")} onChange={(e) => void setInvoiceLanguage(e.target.value)} data-testid="setting-invoice.language">
              {!value("invoice.language") && <option value="">{t("common.none")}</option>}
              <option value="fr">{t("lang.fr")}</option>
              <option value="en">{t("lang.en")}</option>
            </select>
          </Field>
        </div>
        {error && <ErrorNote error={error} />}
      </section>

      <section className="card">
        <h2 className="card-title">{t("settings.program")}</h2>
        <p className="muted">{t("settings.programLead")}</p>
        <div className="grid-3">
          {program.map(([k, kind]) => (
            <SettingField key={k} settingKey={k} kind={kind} value={value(k)} onSaved={setSettings} />
          ))}
        </div>
      </section>

      <section className="card">
        <h2 className="card-title">{t("settings.issuer")}</h2>
        <p className="muted">{t("settings.issuerLead")}</p>
        <div className="grid-3">
          {issuer.map(([k, kind]) => (
            <SettingField key={k} settingKey={k} kind={kind} value={value(k)} onSaved={setSettings} />
          ))}
        </div>
      </section>

      <ExchangeRatesSection />

      <BookSection />

      <section className="card">
        <h2 className="card-title">{t("settings.about")}</h2>
        <dl className="facts">
          <div className="fact">
            <dt>{t("settings.version")}</dt>
            <dd>{book.info.version}</dd>
          </div>
          <div className="fact">
            <dt>{t("settings.dbPath")}</dt>
            <dd className="mono">{book.info.db_path}</dd>
          </div>
          <div className="fact">
            <dt>{t("settings.logDir")}</dt>
            <dd className="mono">{book.info.log_dir}</dd>
          </div>
        </dl>
      </section>
    </div>
  );
}
