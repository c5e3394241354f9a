import { ActivityView } from "../activity/ActivityView";
import { RightsView } from "../rights/RightsView";
import { SettingsView } from "../settings/SettingsView";
import { SuggestionsView } from "../suggestions/SuggestionsView";
import { TransfersView } from "../transfers/TransfersView";
import type { ViewId } from "./views";

/** Every view but Link, full width. */
export function OtherView({ view }: { view: Exclude<ViewId, "link"> }) {
  return (
    <main className="view" data-testid={`view-body-${view}`}>
      {view === "rights" ? <RightsView /> : null}
      {view === "transfers" ? <TransfersView /> : null}
      {view === "suggestions" ? <SuggestionsView /> : null}
      {view === "activity" ? <ActivityView /> : null}
      {view === "settings" ? <SettingsView /> : null}
    </main>
  );
}
