import type { ClientRect, DroppableContainer } from "@dnd-kit/core";
import { describe, expect, it } from "vitest";
import { underPointer } from "./LinkArea";

const rect = (left: number, top: number, width: number, height: number): ClientRect => ({
  left,
  top,
  width,
  height,
  right: left + width,
  bottom: top + height,
});

// Three product rows 52 px high, one under the other, and a dragged card 196 px high that
// covers all three.
const rows = new Map([
  ["row:a", rect(600, 100, 400, 52)],
  ["row:b", rect(600, 152, 400, 52)],
  ["row:c", rect(600, 204, 400, 52)],
]);
const containers = [...rows.keys()].map((id) => ({ id }) as unknown as DroppableContainer);
const card = rect(700, 80, 168, 196);

function hits(pointer: { x: number; y: number } | null) {
  return underPointer({
    active: { id: "asset:1" } as never,
    collisionRect: card,
    droppableRects: rows,
    droppableContainers: containers,
    pointerCoordinates: pointer,
  }).map((c) => c.id);
}

describe("the drop target of a dragged image", () => {
  it("is the product row under the pointer, not the one the card overlaps most", () => {
    expect(hits({ x: 780, y: 230 })).toEqual(["row:c"]);
    expect(hits({ x: 780, y: 120 })).toEqual(["row:a"]);
  });

  it("falls back to the overlap without a pointer (a keyboard drag)", () => {
    expect(hits(null)).toHaveLength(3);
  });

  it("is none when the pointer is over no row and the card overlaps none", () => {
    expect(
      underPointer({
        active: { id: "asset:1" } as never,
        collisionRect: rect(0, 0, 10, 10),
        droppableRects: rows,
        droppableContainers: containers,
        pointerCoordinates: { x: 5, y: 5 },
      }),
    ).toEqual([]);
  });
});
