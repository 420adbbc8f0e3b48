// First run: the book has no operating partner yet; offer to create the office's own profile.
import { useTranslation } from "react-i18next";
import { api } from "../api";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { LogoMark } from "../components/icons";
import { emptyDraft, PartnerForm } from "../partners/PartnerForm";
import { useBook } from "../state/book";

export function FirstRunPage() {
  const { t } = useTranslation();
  const { info, setOperating } = useBook();
  return (
    <div className="firstrun" data-testid="first-run">
      <div className="firstrun-top">
        <div className="brand">
          <LogoMark />
          <div className="brand-name">{t("app.name")}</div>
        </div>
        <LanguageSwitch />
      </div>
      <div className="firstrun-body">
        <section className="firstrun-intro">
          <h1 data-testid="first-run-title">{t("firstRun.title")}</h1>
          <p className="lead">{t("firstRun.lead")}</p>
          <p className="muted">{t("firstRun.privacy")}</p>
          <dl className="firstrun-book">
            <dt>{t("firstRun.book")}</dt>
            <dd>{info.db_path}</dd>
          </dl>
        </section>
        <section className="card firstrun-card">
          <PartnerForm
            mode="setup"
            initial={emptyDraft}
            providers={[]}
            submitLabel={t("firstRun.submit")}
            onSubmit={async (input) => setOperating(await api.partnerSetupOperating(input))}
          />
        </section>
      </div>
    </div>
  );
}
