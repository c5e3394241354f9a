import { describe, expect, it } from "vitest";
import { clickAt, dragged, emptySelection, moveFocus, selectAll } from "./selection";

const ids = ["I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8"];
const idAt = (i: number) => ids[i];
const plain = { shift: false, toggle: false };
const shift = { shift: true, toggle: false };
const ctrl = { shift: false, toggle: true };

describe("selecting images in the grid", () => {
  it("a click selects that image alone and sets the anchor", () => {
    const one = clickAt(emptySelection, 2, idAt, plain);
    expect(one).toEqual({ ids: ["I3"], anchor: 2, focus: 2 });
    expect(clickAt(one, 5, idAt, plain).ids).toEqual(["I6"]);
  });

  it("shift-click selects the range from the anchor, either direction", () => {
    const start = clickAt(emptySelection, 2, idAt, plain);
    expect(clickAt(start, 5, idAt, shift)).toEqual({ ids: ["I3", "I4", "I5", "I6"], anchor: 2, focus: 5 });
    const back = clickAt(clickAt(start, 5, idAt, shift), 0, idAt, shift);
    expect(back.ids).toEqual(["I1", "I2", "I3"]);
  });

  it("ctrl-click adds and removes single images", () => {
    let s = clickAt(emptySelection, 1, idAt, plain);
    s = clickAt(s, 4, idAt, ctrl);
    s = clickAt(s, 6, idAt, ctrl);
    expect(s.ids).toEqual(["I2", "I5", "I7"]);
    s = clickAt(s, 4, idAt, ctrl);
    expect(s.ids).toEqual(["I2", "I7"]);
    expect(s.anchor).toBe(4);
  });

  it("ctrl-shift-click adds a range to what is selected", () => {
    let s = clickAt(emptySelection, 0, idAt, plain);
    s = clickAt(s, 5, idAt, ctrl);
    s = clickAt(s, 7, idAt, { shift: true, toggle: true });
    expect(s.ids).toEqual(["I1", "I6", "I7", "I8"]);
  });

  it("a range skips images whose page is not loaded yet", () => {
    const sparse = (i: number) => (i === 3 ? undefined : ids[i]);
    const s = clickAt(clickAt(emptySelection, 1, sparse, plain), 4, sparse, shift);
    expect(s.ids).toEqual(["I2", "I3", "I5"]);
  });

  it("arrow keys move the focus and select, shift-arrows extend from the anchor", () => {
    let s = moveFocus(emptySelection, 1, ids.length, idAt, false);
    expect(s).toEqual({ ids: ["I1"], anchor: 0, focus: 0 });
    s = moveFocus(s, 4, ids.length, idAt, false);
    expect(s.ids).toEqual(["I5"]);
    s = moveFocus(s, 1, ids.length, idAt, true);
    s = moveFocus(s, 1, ids.length, idAt, true);
    expect(s).toEqual({ ids: ["I5", "I6", "I7"], anchor: 4, focus: 6 });
    s = moveFocus(s, 10, ids.length, idAt, false);
    expect(s.ids).toEqual(["I8"]);
    expect(moveFocus(s, -20, ids.length, idAt, false).ids).toEqual(["I1"]);
  });

  it("ctrl+A selects every result", () => {
    expect(selectAll(emptySelection, ids.length, idAt).ids).toEqual(ids);
    expect(selectAll(emptySelection, 0, idAt)).toEqual(emptySelection);
  });

  it("dragging a selected image carries the selection, an unselected one only itself", () => {
    const s = clickAt(clickAt(emptySelection, 0, idAt, plain), 2, idAt, shift);
    expect(dragged(s, "I2")).toEqual(["I1", "I2", "I3"]);
    expect(dragged(s, "I7")).toEqual(["I7"]);
  });
});
