// What a screen shows until its reads have answered: "Loading…", or the refusal (under the way
// back, on a detail page).
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../bindings/ApiError";
import { ErrorNote } from "./ErrorNote";

export function Pending({ error, back }: { error: ApiError | null; back?: ReactNode }) {
  const { t } = useTranslation();
  if (!error) return <p className="muted">{t("common.loading")}</p>;
  if (!back) return <ErrorNote error={error} />;
  return (
    <div className="stack">
      {back}
      <ErrorNote error={error} />
    </div>
  );
}
