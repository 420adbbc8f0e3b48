// First run: the book has no operating partner yet; offer to create the office's own profile, or
// to fill the empty book with the sales demo (then the book is read again).
import { useTranslation } from "react-i18next";
import { api } from "../api";
import { ErrorNote } from "../components/ErrorNote";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { LogoMark } from "../components/icons";
import { emptyDraft, PartnerForm } from "../partners/PartnerForm";
import { useAction } from "../state/action";
import { useBook } from "../state/book";

export function FirstRunPage() {
  const { t } = useTranslation();
  const { info, setOperating, reload } = useBook();
  const { error, busy: seeding, run } = useAction();

  // Then the whole book is read again: the demo has its own office.
  const seedDemo = () => run(() => api.demoSeed(null).then(() => reload()));
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
          <div className="firstrun-demo" data-testid="first-run-demo">
            <h2>{t("firstRun.demoTitle")}</h2>
            <p className="muted">{t("firstRun.demoText")}</p>
            <button type="button" className="btn" onClick={() => void seedDemo()} disabled={seeding} data-testid="first-run-demo-button">
              {seeding ? t("firstRun.demoSeeding") : t("firstRun.demoButton")}
            </button>
            {error && <ErrorNote error={error} testid="first-run-demo-error" />}
          </div>
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
