import { describe, expect, it } from "vitest";
import { reordered } from "./ProductDetail";

const rect = { width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0 };
const sort = (asset: string, product = "P1") => ({
  kind: "product-link",
  product,
  asset,
  target: { id: product, sku: "SKU-1", name: "Jacket", links: 4 },
});
const drop = (from: object, to: object | null) => ({
  active: { id: "a", data: { current: from }, rect: { current: { initial: null, translated: null } } },
  over: to ? { id: "b", data: { current: to }, rect, disabled: false } : null,
});

describe("reordering a product's images by drag", () => {
  const order = ["I1", "I2", "I3", "I4"];

  it("moves the dragged image to the place of the one it was dropped on", () => {
    expect(reordered(drop(sort("I4"), sort("I1")), order)).toEqual(["I4", "I1", "I2", "I3"]);
    expect(reordered(drop(sort("I1"), sort("I3")), order)).toEqual(["I2", "I3", "I1", "I4"]);
  });

  it("ignores a drop on itself, outside the list, or on another product", () => {
    expect(reordered(drop(sort("I2"), sort("I2")), order)).toBeNull();
    expect(reordered(drop(sort("I2"), null), order)).toBeNull();
    expect(reordered(drop(sort("I2"), sort("I3", "P9")), order)).toBeNull();
    expect(reordered(drop({ kind: "assets", ids: ["I7"] }, sort("I3")), order)).toBeNull();
  });
});
