// The views of the window, in toolbar order, each with its label and its shortcut.
import type { MessageKey } from "../../i18n";
import type { ShortcutId } from "../../shortcuts";

export type ViewId = "link" | "transfers";

export interface ViewEntry {
  id: ViewId;
  label: MessageKey;
  shortcut: ShortcutId;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: "link", label: "view.link", shortcut: "view.link" },
  { id: "transfers", label: "view.transfers", shortcut: "view.transfers" },
];
