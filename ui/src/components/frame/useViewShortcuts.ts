import { useShortcut } from "../../shortcuts";
import type { ViewId } from "./views";

/** Binds each view's shortcut to switching to it. */
export function useViewShortcuts(open: (view: ViewId) => void): void {
  useShortcut("view.link", () => open("link"));
  useShortcut("view.rights", () => open("rights"));
  useShortcut("view.transfers", () => open("transfers"));
  useShortcut("view.suggestions", () => open("suggestions"));
  useShortcut("view.activity", () => open("activity"));
  useShortcut("view.settings", () => open("settings"));
}
