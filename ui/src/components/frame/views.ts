// The views of the window, in toolbar order, each with its label and its shortcut.
import type { MessageKey } from "../../i18n";
import type { ShortcutId } from "../../shortcuts";

export type ViewId = "link" | "rights" | "transfers" | "suggestions" | "activity" | "settings";

export interface ViewEntry {
  id: ViewId;
  label: MessageKey;
  shortcut: ShortcutId;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: "link", label: "view.link", shortcut: "view.link" },
  { id: "rights", label: "view.rights", shortcut: "view.rights" },
  { id: "transfers", label: "view.transfers", shortcut: "view.transfers" },
  { id: "suggestions", label: "view.suggestions", shortcut: "view.suggestions" },
  { id: "activity", label: "view.activity", shortcut: "view.activity" },
  { id: "settings", label: "view.settings", shortcut: "view.settings" },
];
