// Multi-selection in the image grid as pure functions: click, shift-click (range from the
// anchor), ctrl/cmd-click (toggle), arrow keys (with shift to extend) and select all.
// Positions are indexes in the current result list; `idAt` names the image at an index
// (undefined while its page is not loaded).

export interface Selection {
  /** Selected image ids, in the order they were added. */
  readonly ids: readonly string[];
  /** Where a shift-click or shift-arrow range starts. */
  readonly anchor: number | null;
  /** The cell with the keyboard focus. */
  readonly focus: number | null;
}

export type IdAt = (index: number) => string | undefined;

export interface ClickModifiers {
  /** Shift: select the range from the anchor to here. */
  shift: boolean;
  /** Ctrl (Cmd on macOS): add or remove this one. */
  toggle: boolean;
}

export const emptySelection: Selection = { ids: [], anchor: null, focus: null };

function range(from: number, to: number, idAt: IdAt): string[] {
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  const out: string[] = [];
  for (let i = lo; i <= hi; i += 1) {
    const id = idAt(i);
    if (id !== undefined) out.push(id);
  }
  return out;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Set(a);
  return [...a, ...b.filter((id) => !seen.has(id))];
}

/** The selection after a click on the cell at `index`. */
export function clickAt(selection: Selection, index: number, idAt: IdAt, mods: ClickModifiers): Selection {
  const id = idAt(index);
  if (id === undefined) return selection;
  if (mods.shift && selection.anchor !== null) {
    const span = range(selection.anchor, index, idAt);
    return { ids: mods.toggle ? union(selection.ids, span) : span, anchor: selection.anchor, focus: index };
  }
  if (mods.toggle) {
    const ids = selection.ids.includes(id) ? selection.ids.filter((x) => x !== id) : [...selection.ids, id];
    return { ids, anchor: index, focus: index };
  }
  return { ids: [id], anchor: index, focus: index };
}

/** The selection after moving the focus by `delta` cells (an arrow key; ±columns for up and
 * down), clamped to the `count` results. With `extend` (shift) the range from the anchor
 * follows the focus; without, the focused cell alone is selected. */
export function moveFocus(
  selection: Selection,
  delta: number,
  count: number,
  idAt: IdAt,
  extend: boolean,
): Selection {
  if (count === 0) return selection;
  const next = selection.focus === null ? 0 : Math.min(count - 1, Math.max(0, selection.focus + delta));
  if (extend) {
    const anchor = selection.anchor ?? selection.focus ?? next;
    return { ids: range(anchor, next, idAt), anchor, focus: next };
  }
  const id = idAt(next);
  return { ids: id === undefined ? [] : [id], anchor: next, focus: next };
}

/** Every one of the `count` results. */
export function selectAll(selection: Selection, count: number, idAt: IdAt): Selection {
  if (count === 0) return emptySelection;
  return { ids: range(0, count - 1, idAt), anchor: selection.anchor ?? 0, focus: selection.focus ?? 0 };
}

/** The images a drag of the cell `id` carries: the whole selection when the cell is in it,
 * else that cell alone. */
export function dragged(selection: Selection, id: string): string[] {
  return selection.ids.includes(id) ? [...selection.ids] : [id];
}
