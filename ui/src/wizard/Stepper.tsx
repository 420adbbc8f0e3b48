import { useTranslation } from "react-i18next";
import { CheckIcon } from "../components/icons";
import { STEPS, type StepId } from "./draft";

export function Stepper({ current }: { current: StepId }) {
  const { t } = useTranslation();
  const at = STEPS.indexOf(current);
  return (
    <ol className="stepper" aria-label={t("wizard.title")}>
      {STEPS.map((s, i) => (
        <li key={s} className={i < at ? "step-done" : i === at ? "step-current" : "step-todo"} aria-current={i === at ? "step" : undefined}>
          <span className="step-dot">{i < at ? <CheckIcon /> : i + 1}</span>
          <span className="step-name">{t(`wizard.steps.${s}`)}</span>
        </li>
      ))}
    </ol>
  );
}
