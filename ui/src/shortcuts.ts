// Every keyboard shortcut of the app, in one registry: the help overlay lists exactly these,
// and `useShortcut(id, handler)` binds one. Adding a shortcut is one line here (plus its
// label in the i18n files). `keys` uses `Mod` for Ctrl (⌘ on macOS); several combos may
// trigger the same shortcut.
import { useEffect, useRef } from "react";
import type { MessageKey } from "./i18n";

export type ShortcutGroup = "general" | "views" | "link" | "transfers" | "suggestions";

export interface Shortcut {
  id: string;
  keys: readonly string[];
  group: ShortcutGroup;
  label: MessageKey;
}

export const SHORTCUTS = [
  { id: "help", keys: ["?", "F1"], group: "general", label: "shortcut.help" },
  { id: "close", keys: ["Escape"], group: "general", label: "shortcut.close" },
  { id: "view.link", keys: ["Mod+1"], group: "views", label: "shortcut.view.link" },
  { id: "view.rights", keys: ["Mod+2"], group: "views", label: "shortcut.view.rights" },
  { id: "view.transfers", keys: ["Mod+3"], group: "views", label: "shortcut.view.transfers" },
  { id: "view.suggestions", keys: ["Mod+4"], group: "views", label: "shortcut.view.suggestions" },
  { id: "view.activity", keys: ["Mod+5"], group: "views", label: "shortcut.view.activity" },
  { id: "view.settings", keys: ["Mod+6", "Mod+,"], group: "views", label: "shortcut.view.settings" },
  { id: "transfers.pause", keys: ["Mod+Shift+P"], group: "transfers", label: "shortcut.transfers.pause" },
  { id: "transfers.retryAll", keys: ["Mod+Shift+R"], group: "transfers", label: "shortcut.transfers.retryAll" },
  { id: "suggestions.accept", keys: ["A"], group: "suggestions", label: "shortcut.suggestions.accept" },
  { id: "suggestions.reject", keys: ["X"], group: "suggestions", label: "shortcut.suggestions.reject" },
  { id: "suggestions.selectAll", keys: ["Mod+A"], group: "suggestions", label: "shortcut.suggestions.selectAll" },
] as const satisfies readonly Shortcut[];

export type ShortcutId = (typeof SHORTCUTS)[number]["id"];

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = ["general", "views", "link", "transfers", "suggestions"];

export function shortcut(id: ShortcutId): Shortcut {
  const found = SHORTCUTS.find((s) => s.id === id);
  if (!found) throw new Error(`no shortcut ${id} in the registry`);
  return found;
}

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** A combo as people read it: `Mod+1` → `Ctrl+1` (`⌘+1` on macOS). */
export function displayCombo(combo: string): string {
  return combo.replace(/^Mod\+|\+Mod\+/, (m) => m.replace("Mod", isMac() ? "⌘" : "Ctrl"));
}

/** Whether `event` is the combo `combo` (e.g. `Mod+Shift+Z`, `?`, `F1`). */
export function matchesCombo(combo: string, event: KeyboardEvent): boolean {
  const parts = combo.split("+");
  const key = parts.pop() ?? "";
  const mods = new Set(parts);
  const mod = isMac() ? event.metaKey : event.ctrlKey;
  if (mods.has("Mod") !== mod) return false;
  if (mods.has("Alt") !== event.altKey) return false;
  if (!isMac() && !mods.has("Mod") && event.metaKey) return false;
  const printable = key.length === 1 && !/[a-z0-9]/i.test(key);
  if (!printable && mods.has("Shift") !== event.shiftKey) return false;
  return event.key.toLowerCase() === key.toLowerCase();
}

/** True when the key goes to a text field (single keys must not fire there). */
function typing(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target || typeof target.closest !== "function") return false;
  return target.closest("input, textarea, select, [contenteditable='true']") !== null;
}

/** Whether `event` triggers the registry's shortcut `id`. */
export function triggers(id: ShortcutId, event: KeyboardEvent): boolean {
  return shortcut(id).keys.some((combo) => {
    const plain = !combo.includes("Mod+") && !/^F\d+$/.test(combo) && combo !== "Escape";
    if (plain && typing(event)) return false;
    return matchesCombo(combo, event);
  });
}

/** Calls `handler` when the shortcut `id` is pressed, while `enabled`. */
export function useShortcut(id: ShortcutId, handler: (event: KeyboardEvent) => void, enabled = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !triggers(id, event)) return;
      event.preventDefault();
      latest.current(event);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [id, enabled]);
}
