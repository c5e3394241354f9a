import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../backend/Backend";
import type { FakeHandlers } from "../../backend/fake";
import type { LinkRequest } from "../../bindings/LinkRequest";
import type { ProductLink } from "../../bindings/ProductLink";
import { appStatus, renderApp } from "../../test/render";
import { dropped } from "./LinkArea";
import { assetDetail, assetHit, assetPages, productDetail, productHit, productLink, productPages, withLayout } from "./testing";

withLayout();

const images = [
  assetHit(1, { file_name: "MH02_front.jpg" }),
  assetHit(2, { file_name: "MH02_old.jpg", verdict: "expired" }),
  assetHit(3, { file_name: "MH02_back.jpg" }),
];
const expiredReason =
  "cannot link: MH02_old.jpg: the licence expired: it ended on 2026-01-31. Renew the licence (and update its end date in PhotoShelter) or choose another image";

function handlers(overrides: FakeHandlers = {}): FakeHandlers {
  return {
    app_status: () => appStatus(),
    gallery_tree: () => ({ galleries: 0, roots: [] }),
    search_assets: assetPages(images),
    search_products: productPages([productHit(1, { links: 2 }), productHit(2)]),
    asset_detail: ({ id }) => assetDetail({ id }),
    product_detail: ({ id }) => productDetail({ id, sku: `SKU-${id.slice(1)}` }),
    link_asset: ({ asset }) => {
      if (asset === "I00002") throw new BackendError({ code: "refused", message: expiredReason });
      return { link_id: Number(asset.slice(1)), jobs: [1, 2, 3], already_linked: false, warning: null };
    },
    unlink_asset: () => ({ removed: true, cancelled: [1, 2, 3], job: null }),
    ...overrides,
  };
}

const linkCalls = (calls: { command: string; request: unknown }[]) =>
  calls.filter((c) => c.command === "link_asset").map((c) => c.request as LinkRequest);

async function selectAll3() {
  fireEvent.click(await screen.findByTestId("asset-cell-I00001"));
  fireEvent.click(screen.getByTestId("asset-cell-I00003"), { shiftKey: true });
}

describe("linking images to a product", () => {
  it("links the selection to the picked product with L, one call per image, after its images", async () => {
    const { backend } = renderApp(handlers());
    await selectAll3();
    fireEvent.click(await screen.findByTestId("product-row-SKU-1"));

    fireEvent.keyDown(window, { key: "l" });

    await screen.findByTestId("link-feedback");
    expect(linkCalls(backend.calls)).toEqual([
      { asset: "I00001", product: "P1", role: "gallery", position: 2, from_suggestion: false },
      { asset: "I00002", product: "P1", role: "gallery", position: 3, from_suggestion: false },
      { asset: "I00003", product: "P1", role: "gallery", position: 3, from_suggestion: false },
    ]);
    expect(screen.getByTestId("link-done").textContent).toBe("Linked 2 images to SKU-1. They are queued for 4ALLPORTAL.");
  });

  it("refuses a blocked image on the spot with the core's reason and links the others", async () => {
    renderApp(handlers());
    await selectAll3();
    fireEvent.click(await screen.findByTestId("product-row-SKU-1"));
    fireEvent.keyDown(window, { key: "L" });

    const refusal = await screen.findByTestId("link-refusal");
    expect(refusal.textContent).toContain("1 images could not be linked to SKU-1:");
    expect(within(refusal).getByTestId("link-refusal-I00002").textContent).toBe(expiredReason);
    expect(screen.getByTestId("link-feedback").getAttribute("role")).toBe("alert");
  });

  it("makes the first image of a product without images its hero", async () => {
    const { backend } = renderApp(handlers());
    fireEvent.click(await screen.findByTestId("asset-cell-I00001"));
    fireEvent.click(screen.getByTestId("asset-cell-I00003"), { ctrlKey: true });
    fireEvent.click(await screen.findByTestId("product-row-SKU-2"));

    fireEvent.click(await screen.findByTestId("link-selected"));

    await screen.findByTestId("link-done");
    expect(linkCalls(backend.calls).map((r) => [r.asset, r.role, r.position])).toEqual([
      ["I00001", "hero", 0],
      ["I00003", "gallery", 1],
    ]);
  });

  it("does not link with L while the user types in a search box", async () => {
    const { backend } = renderApp(handlers());
    await selectAll3();
    fireEvent.click(await screen.findByTestId("product-row-SKU-1"));

    fireEvent.keyDown(screen.getByTestId("product-search"), { key: "l" });

    expect(linkCalls(backend.calls)).toEqual([]);
  });

  it("undoes the last link action with Ctrl+Z, unlinking only what it linked, and says so", async () => {
    const { backend } = renderApp(handlers());
    await selectAll3();
    fireEvent.click(await screen.findByTestId("product-row-SKU-1"));
    fireEvent.keyDown(window, { key: "l" });
    await screen.findByTestId("link-done");

    fireEvent.keyDown(window, { key: "z", ctrlKey: true });

    expect((await screen.findByTestId("link-undone")).textContent).toBe("Undid the link of 2 images to SKU-1.");
    expect(backend.calls.filter((c) => c.command === "unlink_asset").map((c) => c.request)).toEqual([
      { asset: "I00001", product: "P1" },
      { asset: "I00003", product: "P1" },
    ]);
  });

  it("undoes from the Undo button of the message too", async () => {
    const { backend } = renderApp(handlers());
    fireEvent.click(await screen.findByTestId("asset-cell-I00003"));
    fireEvent.click(await screen.findByTestId("product-row-SKU-2"));
    fireEvent.keyDown(window, { key: "l" });

    fireEvent.click(await screen.findByTestId("link-undo"));

    await screen.findByTestId("link-undone");
    expect(backend.calls.filter((c) => c.command === "unlink_asset").map((c) => c.request)).toEqual([
      { asset: "I00003", product: "P2" },
    ]);
  });

  it("a drop of dragged images on a product links them", () => {
    const product = { id: "P7", sku: "SKU-7", name: "Boot", links: 0 };
    const drop = dropped({
      active: { id: "asset:I1", data: { current: { kind: "assets", ids: ["I1", "I2"] } }, rect: { current: { initial: null, translated: null } } },
      over: { id: "product-row:P7", data: { current: { kind: "product", product } }, rect: { width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0 }, disabled: false },
    });
    expect(drop).toEqual({ assets: ["I1", "I2"], product });
    const onItsImages = dropped({
      active: { id: "asset:I1", data: { current: { kind: "assets", ids: ["I1"] } }, rect: { current: { initial: null, translated: null } } },
      over: { id: "link:I9", data: { current: { kind: "product-link", product: "P7", asset: "I9", target: product } }, rect: { width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0 }, disabled: false },
    });
    expect(onItsImages).toEqual({ assets: ["I1"], product });
    expect(
      dropped({
        active: { id: "asset:I1", data: { current: { kind: "assets", ids: ["I1"] } }, rect: { current: { initial: null, translated: null } } },
        over: null,
      }),
    ).toBeNull();
  });

  it("shows each link's state and follows it live as its jobs move", async () => {
    let state: ProductLink["state"] = "queued";
    const { backend } = renderApp(
      handlers({ product_detail: () => productDetail({ links: [productLink("I00001", { role: "hero", state })] }) }),
    );
    fireEvent.click(await screen.findByTestId("product-row-SKU-1"));
    expect((await screen.findByTestId("product-link-state-I00001")).getAttribute("data-state")).toBe("queued");

    state = "confirmed";
    backend.emit("job_changed", {
      job: {
        id: 3,
        kind: "write_back",
        state: "done",
        summary: "Write the PhotoShelter link of MH02_front.jpg onto SKU-1",
        attempts: 1,
        max_attempts: 5,
        next_try_at: null,
        last_error: null,
        attention_reason: null,
        depends_on: [2],
        link_id: 1,
        created_at: "2026-12-04T01:00:00Z",
        updated_at: "2026-12-04T01:00:05Z",
      },
    });

    await waitFor(() =>
      expect(screen.getByTestId("product-link-state-I00001").getAttribute("data-state")).toBe("confirmed"),
    );
    expect(screen.getByTestId("product-link-state-I00001").textContent).toBe("Confirmed");
  });

  it("unlinks one image from the product detail", async () => {
    const { backend } = renderApp(
      handlers({ product_detail: () => productDetail({ links: [productLink("I00001", { role: "hero" })] }) }),
    );
    fireEvent.click(await screen.findByTestId("product-row-SKU-1"));

    fireEvent.click(await screen.findByTestId("product-link-unlink-I00001"));

    await waitFor(() =>
      expect(backend.calls.filter((c) => c.command === "unlink_asset").map((c) => c.request)).toEqual([
        { asset: "I00001", product: "P1" },
      ]),
    );
  });
});

describe("approving a version", () => {
  const versions = {
    group: "mh02|black|main",
    by_hand: false,
    members: [
      { asset: "I00001", file_name: "MH02-black_main.jpg", version: 1, view: "main", current: true },
      { asset: "I00003", file_name: "MH02-black_main_v2.jpg", version: 2, view: "main", current: false },
    ],
  };

  it("lists the products that will change, from the core's preview, and approves on confirm", async () => {
    const { backend } = renderApp(
      handlers({
        asset_detail: ({ id }) => assetDetail({ id, file_name: "MH02-black_main_v2.jpg", approval: "open", versions }),
        approve_preview: ({ asset }) => ({
          asset,
          file_name: "MH02-black_main_v2.jpg",
          already_approved: false,
          group: "mh02|black|main",
          current_file: "MH02-black_main.jpg",
          products: [
            { product: "p2", sku: "MH02-S-Black", name: "Hoodie S", change: "replace", from_file: "MH02-black_main.jpg", role: "detail", position: 2, reason: null },
            { product: "p1", sku: "MH02-XS-Black", name: "Hoodie XS", change: "held", from_file: "MH02-black_main.jpg", role: "hero", position: 0, reason: "the licence is restricted to DE" },
          ],
          owners_told: 2,
        }),
        approve_version: () => ({ group: "mh02|black|main", replaced: ["MH02-S-Black"], unlinked: [], held: [{ product: "MH02-XS-Black", reason: "restricted" }], notified_owners: 2, jobs: [9] }),
      }),
    );
    fireEvent.click(await screen.findByTestId("asset-cell-I00003"));

    fireEvent.click(await screen.findByTestId("approve-button"));

    const dialog = await screen.findByTestId("approve-confirm-dialog");
    expect(backend.calls.filter((c) => c.command === "approve_version")).toEqual([]);
    expect(within(dialog).getByTestId("approve-preview-MH02-S-Black").textContent).toBe(
      "MH02-S-Black Hoodie S — MH02-black_main.jpg (Detail) is replaced by this version",
    );
    expect(within(dialog).getByTestId("approve-preview-MH02-XS-Black").textContent).toContain(
      "keeps MH02-black_main.jpg (Hero): this version may not be used there the licence is restricted to DE",
    );
    expect(dialog.textContent).toContain("It becomes the current version instead of MH02-black_main.jpg.");
    expect(dialog.textContent).toContain("2 product owners will be told.");

    fireEvent.click(within(dialog).getByTestId("approve-confirm"));

    expect((await screen.findByTestId("approve-done")).textContent).toBe(
      "Approved MH02-black_main_v2.jpg: 1 products switch to it, 1 held.",
    );
    expect(backend.calls.filter((c) => c.command === "approve_version").map((c) => c.request)).toEqual([
      { asset: "I00003" },
    ]);
  });

  it("cancelling the confirmation approves nothing", async () => {
    const { backend } = renderApp(
      handlers({
        asset_detail: ({ id }) => assetDetail({ id, approval: "open" }),
        approve_preview: ({ asset }) => ({ asset, file_name: "x.jpg", already_approved: false, group: null, current_file: null, products: [], owners_told: 0 }),
      }),
    );
    fireEvent.click(await screen.findByTestId("asset-cell-I00001"));
    fireEvent.click(await screen.findByTestId("approve-button"));

    expect((await screen.findByTestId("approve-preview-none")).textContent).toBe(
      "No product shows another version of this shot: no product changes.",
    );
    fireEvent.click(screen.getByTestId("approve-cancel"));

    expect(screen.queryByTestId("approve-confirm-dialog")).toBeNull();
    expect(backend.calls.filter((c) => c.command === "approve_version")).toEqual([]);
  });

  it("offers no Approve for the approved current version", async () => {
    renderApp(handlers({ asset_detail: ({ id }) => assetDetail({ id, approval: "approved", versions }) }));
    fireEvent.click(await screen.findByTestId("asset-cell-I00001"));

    await screen.findByTestId("asset-panel-name");
    expect(screen.queryByTestId("approve-button")).toBeNull();
  });
});
