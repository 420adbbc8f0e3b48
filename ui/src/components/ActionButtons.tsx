// The changes the service allows on a document (its `allowed_actions`), as buttons. `prefix` names
// both their labels (`<prefix>.actions.<action>`) and their test IDs (`<prefix>-<action>`).
import { useTranslation } from "react-i18next";

export function ActionButtons<A extends string>({
  prefix,
  actions,
  tone,
  onChoose,
}: {
  prefix: string;
  actions: readonly A[];
  tone: (a: A) => "primary" | "warn" | null;
  onChoose: (a: A) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="hero-actions">
      {actions.map((a) => {
        const look = tone(a);
        return (
          <button key={a} type="button" className={look ? `btn btn-${look}` : "btn"} onClick={() => onChoose(a)} data-testid={`${prefix}-${a}`}>
            {t(`${prefix}.actions.${a}`)}
          </button>
        );
      })}
    </div>
  );
}
