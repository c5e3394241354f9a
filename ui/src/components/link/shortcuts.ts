// The Link area's keyboard shortcuts, in one list for the app's shortcut registry and help
// overlay. `Mod` is Ctrl (⌘ on macOS).
import type { MessageKey } from "../../i18n";

export interface LinkShortcut {
  keys: readonly string[];
  description: MessageKey;
  scope: "grid" | "products" | "link";
}

export const LINK_SHORTCUTS: readonly LinkShortcut[] = [
  { keys: ["L"], description: "link.shortcut.link", scope: "link" },
  { keys: ["Mod+Z"], description: "link.shortcut.undo", scope: "link" },
  { keys: ["Mod+A"], description: "link.shortcut.selectAll", scope: "grid" },
  { keys: ["Shift+Click", "Shift+Arrow"], description: "link.shortcut.range", scope: "grid" },
  { keys: ["Mod+Click"], description: "link.shortcut.toggle", scope: "grid" },
  { keys: ["Arrow"], description: "link.shortcut.move", scope: "grid" },
  { keys: ["Escape"], description: "link.shortcut.clear", scope: "grid" },
  { keys: ["ArrowUp", "ArrowDown"], description: "link.shortcut.products", scope: "products" },
  { keys: ["Enter"], description: "link.shortcut.open", scope: "products" },
];

/** True when the key goes to a text field, where single-key shortcuts must not fire. */
export function typing(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target || typeof target.closest !== "function") return false;
  return target.closest("input, textarea, select, [contenteditable='true']") !== null;
}

/** Whether `event` is the link key (`L`, no modifier) outside a text field. */
export function isLinkKey(event: KeyboardEvent): boolean {
  return event.key.toLowerCase() === "l" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event);
}

/** Whether `event` is undo (Ctrl+Z, ⌘Z) outside a text field (which keeps its own undo). */
export function isUndoKey(event: KeyboardEvent): boolean {
  return (
    (event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z" && !typing(event)
  );
}
