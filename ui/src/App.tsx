import { useCommand } from "./backend/useCommand";
import { useReloadOn } from "./backend/useReloadOn";
import { LinkArea } from "./components/link/LinkArea";
import { Problem } from "./components/Problem";
import { StatusBar } from "./components/StatusBar";

export function App() {
  const status = useCommand("app_status", {});
  useReloadOn(["sync_finished"], status.reload);
  const data = status.state === "ready" ? status.data : null;
  return (
    <div className="app">
      {status.state === "failed" ? (
        <Problem error={status.error} onRetry={status.reload} />
      ) : (
        <LinkArea status={data} />
      )}
      <StatusBar status={status} />
    </div>
  );
}
