// Sends the webview's uncaught errors to the app's log file (through the log plugin).
import { error } from "@tauri-apps/plugin-log";

export function forwardUncaughtErrors(target: Window = window): void {
  target.addEventListener("error", (event) => {
    void error(`uncaught error in the UI: ${event.message}`);
  });
  target.addEventListener("unhandledrejection", (event) => {
    const reason: unknown = event.reason;
    void error(`unhandled rejection in the UI: ${reason instanceof Error ? reason.message : String(reason)}`);
  });
}
