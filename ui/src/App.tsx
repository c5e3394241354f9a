import { type ReactNode, Suspense, useMemo, useState } from "react";
import { useCommand } from "./backend/useCommand";
import { useReloadOn } from "./backend/useReloadOn";
import { type ToolbarAction, TOOLBAR_ACTIONS } from "./components/frame/actions";
import { DemoBanner } from "./components/frame/DemoBanner";
import { FrameContext } from "./components/frame/FrameContext";
import { HelpOverlay } from "./components/frame/HelpOverlay";
import { OtherView } from "./components/frame/OtherView";
import { SplitPanes } from "./components/frame/SplitPanes";
import { Toolbar } from "./components/frame/Toolbar";
import { TransferIndicator } from "./components/frame/TransferIndicator";
import { useViewShortcuts } from "./components/frame/useViewShortcuts";
import type { ViewId } from "./components/frame/views";
import { LinkArea, type PaneLayout } from "./components/link/LinkArea";
import { Problem } from "./components/Problem";
import { StatusBar } from "./components/StatusBar";
import { useShortcut } from "./shortcuts";

/** The Link view's two panes in the frame's resizable, remembered split. */
const resizable: PaneLayout = (left, right) => <SplitPanes left={left} right={right} />;

export function App() {
  const status = useCommand("app_status", {});
  useReloadOn(["sync_finished"], status.reload);
  const data = status.state === "ready" ? status.data : null;
  const [view, setView] = useState<ViewId>("link");
  const [help, setHelp] = useState(false);
  const [action, setAction] = useState<ToolbarAction | null>(null);
  const frame = useMemo(() => ({ view, openView: setView }), [view]);
  useViewShortcuts(setView);
  useShortcut("help", () => setHelp(true), !help);

  let body: ReactNode;
  if (status.state === "failed") body = <Problem error={status.error} onRetry={status.reload} />;
  else if (view === "link") body = <LinkArea status={data} layout={resizable} />;
  else body = <OtherView view={view} />;

  return (
    <FrameContext.Provider value={frame}>
      <div className="app">
        <Toolbar
          view={view}
          onSelect={setView}
          actions={TOOLBAR_ACTIONS}
          onAction={setAction}
          onHelp={() => setHelp(true)}
        />
        {data?.workspace === "demo" ? <DemoBanner onConnect={() => setView("settings")} /> : null}
        {body}
        <StatusBar status={status} transfers={<TransferIndicator onOpen={() => setView("transfers")} />} />
        {help ? <HelpOverlay onClose={() => setHelp(false)} /> : null}
        {action ? (
          // A dialog's code loads when it is first opened (see actions.tsx).
          <Suspense fallback={null}>
            <action.Dialog onClose={() => setAction(null)} />
          </Suspense>
        ) : null}
      </div>
    </FrameContext.Provider>
  );
}
