// The window: sidebar, header (business date, language) and the current screen.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDate } from "../format";
import { useBook } from "../state/book";
import { AsOfControl } from "./AsOfControl";
import { LanguageSwitch } from "./LanguageSwitch";
import { Sidebar } from "./Sidebar";

export function Shell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { info, lang, asOf } = useBook();
  const pinned = asOf;
  return (
    <div className="shell">
      <Sidebar />
      <div className="main">
        <header className="topbar">
          <h1 className="topbar-title" data-testid="page-title">
            {title}
          </h1>
          <AsOfControl />
          <LanguageSwitch />
        </header>
        {pinned && (
          <div className="asof-banner" role="status" data-testid="asof-banner">
            {t(info.demo ? "header.asOfBannerDemo" : "header.asOfBanner", { date: formatDate(info.today, lang) })}
          </div>
        )}
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
