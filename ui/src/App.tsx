// The window's content: loading, the first run, or the shell with the current screen.
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Shell } from "./components/Shell";
import { CustomerPage } from "./pages/CustomerPage";
import { CustomersPage } from "./pages/CustomersPage";
import { DashboardPage } from "./pages/DashboardPage";
import { FirstRunPage } from "./pages/FirstRunPage";
import { InvoicePage } from "./pages/InvoicePage";
import { InvoicesPage } from "./pages/InvoicesPage";
import { MarkupsPage } from "./pages/MarkupsPage";
import { PartnersPage } from "./pages/PartnersPage";
import { SettingsPage } from "./pages/SettingsPage";
import { SubscriptionPage } from "./pages/SubscriptionPage";
import { SubscriptionsPage } from "./pages/SubscriptionsPage";
import { TransferPage } from "./pages/TransferPage";
import { CasePage } from "./pages/CasePage";
import { SupportPage } from "./pages/SupportPage";
import { TransfersPage } from "./pages/TransfersPage";
import { UsagePage } from "./pages/UsagePage";
import { MonthEndPage } from "./pages/MonthEndPage";
import { BookProvider, useBook, type LoadState } from "./state/book";
import { newQueryClient } from "./state/queries";
import { RouteContext, sectionOf, type Route } from "./state/route";
import { OnboardingWizard } from "./wizard/OnboardingWizard";
import { errorText } from "./components/ErrorNote";
import { systemLanguage } from "./i18n";

/** The current screen's title and content. */
function useScreen(route: Route, go: (r: Route) => void): { title: string; body: ReactNode } {
  const { t } = useTranslation();
  switch (route.name) {
    case "dashboard":
      return { title: t("nav.dashboard"), body: <DashboardPage /> };
    case "customers":
      return { title: t("nav.customers"), body: <CustomersPage /> };
    case "customer":
      return { title: t("nav.customers"), body: <CustomerPage key={`${route.id}-${String(route.edit)}`} id={route.id} edit={route.edit} /> };
    case "onboard":
      return {
        title: t("wizard.title"),
        body: <OnboardingWizard onOpenCustomer={(id) => go({ name: "customer", id })} onCancel={() => go({ name: "customers" })} />,
      };
    case "partners":
      return { title: t("nav.partners"), body: <PartnersPage key={route.edit ?? ""} edit={route.edit} /> };
    case "settings":
      return { title: t("nav.settings"), body: <SettingsPage /> };
    case "subscriptions":
      return { title: t("nav.subscriptions"), body: <SubscriptionsPage /> };
    case "subscription":
      return { title: t(`nav.${sectionOf(route)}`), body: <SubscriptionPage key={route.id} id={route.id} back={route.back} /> };
    case "support":
      return { title: t("nav.support"), body: <SupportPage /> };
    case "case":
      return { title: t(`nav.${sectionOf(route)}`), body: <CasePage key={route.id} id={route.id} back={route.back} /> };
    case "transfers":
      return { title: t("nav.transfers"), body: <TransfersPage /> };
    case "transfer":
      return { title: t(`nav.${sectionOf(route)}`), body: <TransferPage key={route.id} id={route.id} back={route.back} /> };
    case "invoices":
      return { title: t("nav.invoices"), body: <InvoicesPage /> };
    case "invoice":
      return { title: t("nav.invoices"), body: <InvoicePage key={route.id} id={route.id} /> };
    case "markups":
      return { title: t("nav.invoices"), body: <MarkupsPage /> };
    case "usage":
      return { title: t("nav.usage"), body: <UsagePage /> };
    case "monthEnd":
      return { title: t("nav.monthEnd"), body: <MonthEndPage /> };
  }
}

function Screens() {
  const { operating } = useBook();
  const [route, setRoute] = useState<Route>({ name: "dashboard" });
  const screen = useScreen(route, setRoute);
  if (!operating) return <FirstRunPage />;
  return (
    <RouteContext.Provider value={{ route, go: setRoute }}>
      <Shell title={screen.title}>{screen.body}</Shell>
    </RouteContext.Provider>
  );
}

function Loading({ state, retry }: { state: LoadState; retry: () => void }) {
  // Before the book is read the language setting is unknown: the system's language is used.
  const fr = systemLanguage() === "fr";
  if (state.kind === "failed") {
    return (
      <div className="splash" data-testid="load-failed">
        <h1>{fr ? "Le portefeuille n'a pas pu être lu." : "The book could not be read."}</h1>
        <p>{errorText(state.error, fr ? "fr" : "en")}</p>
        <button type="button" className="btn" onClick={retry}>
          {fr ? "Réessayer" : "Try again"}
        </button>
      </div>
    );
  }
  return <div className="splash splash-loading" aria-busy="true" />;
}

/** `client`: the query cache to use; by default the window gets a fresh one. */
export function App({ client }: { client?: QueryClient } = {}) {
  const [queries] = useState(() => client ?? newQueryClient());
  return (
    <QueryClientProvider client={queries}>
      <BookProvider fallback={(state, retry) => <Loading state={state} retry={retry} />}>
        <Screens />
      </BookProvider>
    </QueryClientProvider>
  );
}
