import { lazy, Suspense } from "react";
import { useT } from "../../i18n";
import type { ViewId } from "./views";

// Not on the first screen (the Link view is): each view's code loads when it is first
// opened, so the page the app starts with parses less.
const RightsView = lazy(() => import("../rights/RightsView").then((m) => ({ default: m.RightsView })));
const TransfersView = lazy(() => import("../transfers/TransfersView").then((m) => ({ default: m.TransfersView })));
const SuggestionsView = lazy(() =>
  import("../suggestions/SuggestionsView").then((m) => ({ default: m.SuggestionsView })),
);
const ActivityView = lazy(() => import("../activity/ActivityView").then((m) => ({ default: m.ActivityView })));
const SettingsView = lazy(() => import("../settings/SettingsView").then((m) => ({ default: m.SettingsView })));

/** Every view but Link, full width. */
export function OtherView({ view }: { view: Exclude<ViewId, "link"> }) {
  const t = useT();
  return (
    <main className="view" data-testid={`view-body-${view}`}>
      <Suspense fallback={<p className="view__loading">{t("app.loading")}</p>}>
        {view === "rights" ? <RightsView /> : null}
        {view === "transfers" ? <TransfersView /> : null}
        {view === "suggestions" ? <SuggestionsView /> : null}
        {view === "activity" ? <ActivityView /> : null}
        {view === "settings" ? <SettingsView /> : null}
      </Suspense>
    </main>
  );
}
