// The live market check: what the command says about this partner selling to this country.
import { useTranslation } from "react-i18next";
import type { ApiError } from "../bindings/ApiError";
import type { MarketCheck } from "../bindings/MarketCheck";
import { ErrorNote, RuleBadge } from "../components/ErrorNote";
import { AlertIcon, CheckIcon } from "../components/icons";
import { useBook } from "../state/book";

export type MarketState = { kind: "idle" } | { kind: "checking" } | { kind: "done"; check: MarketCheck } | { kind: "failed"; error: ApiError };

export function MarketStatus({ state }: { state: MarketState }) {
  const { t } = useTranslation();
  const { lang } = useBook();
  if (state.kind === "idle") return null;
  if (state.kind === "checking")
    return (
      <div className="note" role="status" data-testid="market-status">
        {t("wizard.marketChecking")}
      </div>
    );
  if (state.kind === "failed") return <ErrorNote error={state.error} testid="market-status" />;
  const c = state.check;
  const market = (m: string) => t(`markets.${m}`, { defaultValue: m });
  return (
    <div className={`note ${c.allowed ? "note-ok" : "note-error"}`} role="status" data-testid="market-status" data-allowed={c.allowed}>
      {c.allowed ? <CheckIcon /> : <AlertIcon />}
      <div>
        <p className="strong">{lang === "fr" ? c.message_fr : c.message}</p>
        <p>{t("wizard.marketDetail", { partner: market(c.partner_market), customer: market(c.customer_market) })}</p>
        <p className="muted">{t("wizard.marketExplain")}</p>
        <RuleBadge code={c.rule} />
      </div>
    </div>
  );
}
