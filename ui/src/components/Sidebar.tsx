// The app's sections, always in view.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useBook } from "../state/book";
import { sectionOf, useRoute, type Section } from "../state/route";
import {
  CustomersIcon,
  DashboardIcon,
  InvoicesIcon,
  LogoMark,
  MonthEndIcon,
  PartnersIcon,
  SettingsIcon,
  SubscriptionsIcon,
  SupportIcon,
  TransfersIcon,
  UsageIcon,
} from "./icons";

const entries: [Section, () => ReactNode][] = [
  ["dashboard", DashboardIcon],
  ["customers", CustomersIcon],
  ["partners", PartnersIcon],
  ["subscriptions", SubscriptionsIcon],
  ["transfers", TransfersIcon],
  ["support", SupportIcon],
  ["usage", UsageIcon],
  ["invoices", InvoicesIcon],
  ["monthEnd", MonthEndIcon],
];

export function Sidebar() {
  const { t } = useTranslation();
  const { route, go } = useRoute();
  const { operating } = useBook();
  const current = sectionOf(route);
  const item = (section: Section, icon: () => ReactNode) => (
    <li key={section}>
      <button
        type="button"
        className={`nav-item${current === section ? " nav-item-active" : ""}`}
        aria-current={current === section ? "page" : undefined}
        onClick={() => go({ name: section })}
        data-testid={`nav-${section}`}
      >
        {icon()}
        <span>{t(`nav.${section}`)}</span>
      </button>
    </li>
  );
  return (
    <aside className="sidebar">
      <div className="brand">
        <LogoMark />
        <div>
          <div className="brand-name">{t("app.name")}</div>
          <div className="brand-tagline">{t("app.tagline")}</div>
        </div>
      </div>
      <nav aria-label={t("nav.main")}>
        <ul className="nav-list">{entries.map(([s, icon]) => item(s, icon))}</ul>
        <ul className="nav-list nav-list-bottom">{item("settings", SettingsIcon)}</ul>
      </nav>
      {operating && (
        <div className="sidebar-office" title={operating.name}>
          <span className="avatar" aria-hidden="true">
            {operating.name.trim().charAt(0).toUpperCase()}
          </span>
          <div className="sidebar-office-text">
            <div className="sidebar-office-name">{operating.name}</div>
            <div className="sidebar-office-tier">{t(`tiers.${operating.tier}`)}</div>
          </div>
        </div>
      )}
    </aside>
  );
}
