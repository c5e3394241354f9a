import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../backend/Backend";
import type { AssetQuery } from "../../bindings/AssetQuery";
import type { GalleryTree } from "../../bindings/GalleryTree";
import type { FakeHandlers } from "../../backend/fake";
import { appStatus, renderApp } from "../../test/render";
import { CELL_HEIGHT } from "./AssetGrid";
import { assetDetail, assetHit, assetPages, productPages, withLayout } from "../link/testing";

withLayout();

const tree = (): GalleryTree => ({
  galleries: 2,
  roots: [
    {
      id: "C1",
      name: "Spring 2026",
      kind: "collection",
      image_count: 3,
      children: [
        { id: "G1", name: "Jackets", kind: "gallery", image_count: 2, children: [] },
        { id: "G2", name: "Shoes", kind: "gallery", image_count: 1, children: [] },
      ],
    },
  ],
});

function handlers(overrides: FakeHandlers = {}): FakeHandlers {
  const images = Array.from({ length: 12 }, (_, i) => assetHit(i + 1));
  return {
    app_status: () => appStatus({ counts: { galleries: 2, images: 12, products: 0, links: 0 } }),
    gallery_tree: tree,
    search_assets: assetPages(images),
    search_products: productPages([]),
    asset_detail: ({ id }) => assetDetail({ id, file_name: `${id}.jpg` }),
    ...overrides,
  };
}

const assetQueries = (calls: { command: string; request: unknown }[]) =>
  calls.filter((c) => c.command === "search_assets").map((c) => c.request as AssetQuery);

describe("the image grid", () => {
  it("shows loading until the first page arrives", async () => {
    renderApp(handlers({ search_assets: () => new Promise(() => {}) }));

    const grid = await screen.findByTestId("asset-grid");
    expect(grid.getAttribute("aria-busy")).toBe("true");
    expect(screen.getByTestId("asset-count").textContent).toBe("Loading…");
  });

  it("shows each image of the page with its file name, verdict and thumbnail URL", async () => {
    const images = [
      assetHit(1),
      assetHit(2, { verdict: "expired", file_name: "old_campaign.jpg" }),
      assetHit(3, { thumb_base: null }),
    ];
    renderApp(handlers({ search_assets: assetPages(images) }));

    const cell = await screen.findByTestId("asset-cell-I00002");
    expect(cell.getAttribute("data-file-name")).toBe("old_campaign.jpg");
    expect(screen.getByTestId("asset-verdict-I00002").textContent).toBe("Expired");
    expect(screen.getByTestId("asset-count").textContent).toBe("3 images");
    const img = screen.getByTestId("asset-cell-I00001").querySelector("img");
    expect(img?.getAttribute("src")).toBe("thumb://localhost/ps/I00001/160?v=fp1");
    expect(img?.getAttribute("srcset")).toBe(
      "thumb://localhost/ps/I00001/160?v=fp1 1x, thumb://localhost/ps/I00001/320?v=fp1 2x",
    );
    expect(img?.getAttribute("loading")).toBe("lazy");
    expect(img?.getAttribute("decoding")).toBe("async");
    expect(screen.getByTestId("asset-cell-I00003").querySelector("img")).toBeNull();
  });

  it("fetches further pages only as their rows come into view", async () => {
    const images = Array.from({ length: 1000 }, (_, i) => assetHit(i + 1));
    const { backend } = renderApp(handlers({ search_assets: assetPages(images) }));

    await screen.findByTestId("asset-cell-I00001");
    expect(screen.getByTestId("asset-count").textContent).toBe("1000 images");
    const offsets = assetQueries(backend.calls).map((q) => q.offset);
    expect(offsets).toEqual([0]);
    expect(screen.queryByTestId("asset-cell-I00900")).toBeNull();
  });

  it("shows placeholders for the cells it is flung past, and their thumbnails once the scroll stops", async () => {
    const images = Array.from({ length: 1000 }, (_, i) => assetHit(i + 1));
    renderApp(handlers({ search_assets: assetPages(images) }));
    await screen.findByTestId("asset-cell-I00001");
    const thumbOf = (id: string) => screen.getByTestId(`asset-cell-${id}`).querySelector("img");
    expect(thumbOf("I00001")).not.toBeNull();

    // Four columns in the 700 px grid: row 200 starts with image 801, far beyond a screen.
    const grid = screen.getByTestId("asset-grid");
    grid.scrollTop = 200 * CELL_HEIGHT;
    fireEvent.scroll(grid);

    await screen.findByTestId("asset-cell-I00801");
    expect(thumbOf("I00801")).toBeNull();
    await waitFor(() => expect(thumbOf("I00801")).not.toBeNull());
    expect(thumbOf("I00801")?.getAttribute("src")).toMatch(/^thumb:\/\/localhost\/ps\/I00801\/160/);
  });

  it("says when nothing matches, and what to do", async () => {
    renderApp(handlers({ search_assets: assetPages([]) }));

    expect(await screen.findByText("No images to show")).toBeTruthy();
  });

  it("shows the core's error and tries again", async () => {
    let fail = true;
    const images = [assetHit(1)];
    renderApp(
      handlers({
        search_assets: (q) => {
          if (fail) throw new BackendError({ code: "internal", message: "the cache is locked: close the other Shelflink" });
          return assetPages(images)(q);
        },
      }),
    );

    const alert = await screen.findByTestId("asset-grid-error");
    expect(alert.textContent).toContain("the cache is locked: close the other Shelflink");
    fail = false;
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("asset-cell-I00001")).toBeTruthy();
  });

  it("searches as the user stops typing, and filters by approval, rights and links", async () => {
    const { backend } = renderApp(handlers());
    await screen.findByTestId("asset-cell-I00001");

    fireEvent.change(screen.getByTestId("asset-search"), { target: { value: "jac" } });
    fireEvent.change(screen.getByTestId("asset-search"), { target: { value: "jacket" } });
    await waitFor(() => expect(assetQueries(backend.calls).at(-1)?.text).toBe("jacket"));
    expect(assetQueries(backend.calls).some((q) => q.text === "jac")).toBe(false);

    fireEvent.change(screen.getByTestId("filter-approval"), { target: { value: "approved" } });
    fireEvent.change(screen.getByTestId("filter-verdict"), { target: { value: "expiring" } });
    fireEvent.change(screen.getByTestId("filter-linked"), { target: { value: "unlinked" } });
    await waitFor(() =>
      expect(assetQueries(backend.calls).at(-1)).toMatchObject({
        text: "jacket",
        approval: "approved",
        verdict: "expiring",
        linked: false,
        sort: "relevance",
        offset: 0,
      }),
    );
  });

  it("limits the grid to the gallery chosen in the tree", async () => {
    const { backend } = renderApp(handlers());
    fireEvent.click(await screen.findByTestId("gallery-G1"));

    await waitFor(() =>
      expect(assetQueries(backend.calls).at(-1)).toMatchObject({ gallery: "G1", sort: "gallery_order" }),
    );
    expect(screen.getByTestId("gallery-G1").closest("li")?.getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("collection-C1").textContent).toContain("3");
  });

  it("selects with click, shift-click, ctrl-click, arrows and ctrl+A", async () => {
    renderApp(handlers());
    fireEvent.click(await screen.findByTestId("asset-cell-I00002"));
    fireEvent.click(screen.getByTestId("asset-cell-I00005"), { shiftKey: true });

    const selected = () =>
      screen
        .getAllByRole("option", { selected: true })
        .map((o) => o.getAttribute("data-testid"))
        .filter((id) => id?.startsWith("asset-cell-"));
    expect(selected()).toEqual(["asset-cell-I00002", "asset-cell-I00003", "asset-cell-I00004", "asset-cell-I00005"]);
    expect(screen.getByTestId("asset-count").textContent).toBe("12 images · 4 selected");

    fireEvent.click(screen.getByTestId("asset-cell-I00003"), { ctrlKey: true });
    expect(selected()).toEqual(["asset-cell-I00002", "asset-cell-I00004", "asset-cell-I00005"]);

    fireEvent.keyDown(screen.getByTestId("asset-grid"), { key: "ArrowRight" });
    expect(selected()).toEqual(["asset-cell-I00004"]);

    fireEvent.keyDown(screen.getByTestId("asset-grid"), { key: "a", ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("asset-count").textContent).toBe("12 images · 12 selected"));
  });
});

describe("the asset panel", () => {
  it("shows IPTC, the rights with the verdict and its reason, and the linked products with their states", async () => {
    renderApp(
      handlers({
        asset_detail: () =>
          assetDetail({
            links: [
              {
                link_id: 7,
                product: "P1",
                sku: "SKU-1",
                name: "Trail jacket",
                role: "hero",
                position: 0,
                state: "failed",
                state_reason: "4ALLPORTAL refused the file: it is larger than 50 MB",
                origin: "user",
                flag: null,
                flag_reason: null,
              },
            ],
          }),
      }),
    );
    fireEvent.click(await screen.findByTestId("asset-cell-I00001"));

    await screen.findByTestId("asset-panel-name");
    const panel = screen.getByTestId("asset-panel");
    expect(within(panel).getByTestId("asset-verdict").textContent).toBe("Expiring");
    expect(within(panel).getByTestId("asset-verdict-reason").textContent).toBe(
      "the licence ends in 6 days (on 2026-12-10)",
    );
    const iptc = within(panel).getByTestId("asset-iptc").textContent;
    expect(iptc).toContain("Trail jacket, front");
    expect(iptc).toContain("Jonas Berg");
    expect(iptc).toContain("jacket, outdoor");
    expect(within(panel).getByTestId("asset-rights").textContent).toContain("Licence until2026-12-10");
    const link = within(panel).getByTestId("asset-link-SKU-1");
    expect(link.textContent).toContain("Trail jacket");
    expect(link.textContent).toContain("Hero");
    expect(link.textContent).toContain("Failed");
    expect(link.textContent).toContain("4ALLPORTAL refused the file: it is larger than 50 MB");
  });

  it("shows the version strip with the current version marked, and opens another version", async () => {
    const versions = {
      group: "SKU-1_front",
      by_hand: false,
      members: [
        { asset: "I00001", file_name: "SKU-1_front_v1.jpg", version: 1, view: "front", current: true },
        { asset: "I00009", file_name: "SKU-1_front_v2.jpg", version: 2, view: "front", current: false },
      ],
    };
    const { backend } = renderApp(handlers({ asset_detail: ({ id }) => assetDetail({ id, versions }) }));
    fireEvent.click(await screen.findByTestId("asset-cell-I00001"));

    const strip = await screen.findByTestId("version-strip");
    expect(within(strip).getByTestId("version-I00001").textContent).toContain("Current");
    expect(within(strip).getByTestId("version-I00009").textContent).not.toContain("Current");
    fireEvent.click(within(strip).getByTestId("version-I00009"));
    await waitFor(() =>
      expect(backend.calls.filter((c) => c.command === "asset_detail").at(-1)?.request).toEqual({ id: "I00009" }),
    );
  });

  it("is loading until the core answers, and shows its error", async () => {
    renderApp(
      handlers({
        asset_detail: () => {
          throw new BackendError({ code: "not_found", message: "the image I00001 is not in the cache: sync, then look again" });
        },
      }),
    );
    fireEvent.click(await screen.findByTestId("asset-cell-I00001"));

    expect((await screen.findByTestId("asset-panel-error")).textContent).toContain(
      "the image I00001 is not in the cache: sync, then look again",
    );
  });

  it("says an image is not linked yet and how to link it, in German too", async () => {
    renderApp(handlers(), "de");
    fireEvent.click(await screen.findByTestId("asset-cell-I00001"));

    expect((await screen.findByTestId("asset-links-none")).textContent).toContain("Noch mit keinem Produkt verknüpft");
  });
});
