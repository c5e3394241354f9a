import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../backend/Backend";
import type { FakeHandlers } from "../../backend/fake";
import type { ProductQuery } from "../../bindings/ProductQuery";
import { appStatus, renderApp } from "../../test/render";
import { assetPages, productDetail, productHit, productLink, productPages, withLayout } from "../link/testing";

withLayout();

function handlers(overrides: FakeHandlers = {}): FakeHandlers {
  const products = Array.from({ length: 8 }, (_, i) => productHit(i + 1));
  return {
    app_status: () => appStatus({ workspace: "demo" }),
    gallery_tree: () => ({ galleries: 0, roots: [] }),
    search_assets: assetPages([]),
    search_products: productPages(products),
    product_detail: ({ id }) => productDetail({ id, sku: `SKU-${id.slice(1)}` }),
    ...overrides,
  };
}

const productQueries = (calls: { command: string; request: unknown }[]) =>
  calls.filter((c) => c.command === "search_products").map((c) => c.request as ProductQuery);

describe("the product list", () => {
  it("shows loading until the first page arrives", async () => {
    renderApp(handlers({ search_products: () => new Promise(() => {}) }));

    expect((await screen.findByTestId("product-list")).getAttribute("aria-busy")).toBe("true");
    expect(screen.getByTestId("product-count").textContent).toBe("Loading…");
  });

  it("shows SKU, name, category, campaign, image count and a rights warning", async () => {
    renderApp(
      handlers({
        search_products: productPages([
          productHit(1, { links: 3, flagged_links: 1, campaigns: ["Spring 2026", "Outdoor"] }),
          productHit(2),
        ]),
      }),
    );

    const row = await screen.findByTestId("product-row-SKU-1");
    expect(row.textContent).toContain("Product 1");
    expect(row.textContent).toContain("Men/Jackets · Spring 2026, Outdoor");
    expect(row.textContent).toContain("3 images");
    expect(screen.getByTestId("product-warning-SKU-1").getAttribute("title")).toBe(
      "1 linked images have expiring or expired rights",
    );
    expect(screen.queryByTestId("product-warning-SKU-2")).toBeNull();
    expect(screen.getByTestId("product-count").textContent).toBe("2 products");
  });

  it("searches by SKU as the user stops typing", async () => {
    const { backend } = renderApp(handlers());
    await screen.findByTestId("product-row-SKU-1");

    fireEvent.change(screen.getByTestId("product-search"), { target: { value: "SKU-4" } });

    await waitFor(() =>
      expect(productQueries(backend.calls).at(-1)).toMatchObject({ text: "SKU-4", sort: "relevance", offset: 0 }),
    );
  });

  it("says when no product matches the search", async () => {
    const all = [productHit(1)];
    renderApp(handlers({ search_products: (q) => productPages(q.text ? [] : all)(q) }));
    await screen.findByTestId("product-row-SKU-1");

    fireEvent.change(screen.getByTestId("product-search"), { target: { value: "ZZZ" } });

    expect(await screen.findByText("No product matches “ZZZ”. Try a shorter part of the SKU or the name.")).toBeTruthy();
  });

  it("tells a demo user that nothing was synced yet", async () => {
    renderApp(handlers({ search_products: productPages([]) }));

    expect(await screen.findByText(/Its products will be listed here after the first sync/)).toBeTruthy();
  });

  it("shows the core's error and tries again", async () => {
    let fail = true;
    renderApp(
      handlers({
        search_products: (q) => {
          if (fail) throw new BackendError({ code: "internal", message: "cannot read the products: disk full" });
          return productPages([productHit(1)])(q);
        },
      }),
    );

    const alert = await screen.findByTestId("product-list-error");
    expect(alert.textContent).toContain("cannot read the products: disk full");
    fail = false;
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("product-row-SKU-1")).toBeTruthy();
  });

  it("moves through rows with the arrow keys and opens one with Enter", async () => {
    const { backend } = renderApp(handlers());
    await screen.findByTestId("product-row-SKU-1");
    const list = screen.getByTestId("product-list");

    fireEvent.keyDown(list, { key: "ArrowDown" });
    fireEvent.keyDown(list, { key: "ArrowDown" });
    fireEvent.keyDown(list, { key: "Enter" });

    await screen.findByTestId("product-detail");
    expect(backend.calls.find((c) => c.command === "product_detail")?.request).toEqual({ id: "P2" });
  });
});

describe("the product detail", () => {
  it("lists the linked images in order, hero first, with roles and states", async () => {
    renderApp(
      handlers({
        product_detail: () =>
          productDetail({
            links: [
              productLink("I3", { position: 2, role: "detail", state: "failed", state_reason: "4ALLPORTAL answered 503: retried 5 times" }),
              productLink("I1", { position: 1, role: "gallery", state: "queued" }),
              productLink("I2", { position: 0, role: "hero", state: "confirmed" }),
            ],
          }),
      }),
    );
    fireEvent.click(await screen.findByTestId("product-row-SKU-1"));

    const links = await screen.findByTestId("product-links");
    const order = within(links)
      .getAllByRole("listitem")
      .map((li) => li.getAttribute("data-testid"));
    expect(order).toEqual(["product-link-I2", "product-link-I1", "product-link-I3"]);
    expect(screen.getByTestId("product-link-role-I2").textContent).toBe("Hero");
    expect(screen.getByTestId("product-link-state-I1").getAttribute("data-state")).toBe("queued");
    expect(screen.getByTestId("product-link-state-I3").textContent).toBe("Failed");
    expect(screen.getByTestId("product-link-I3").textContent).toContain("4ALLPORTAL answered 503: retried 5 times");
    expect(screen.getByTestId("product-detail-sku").textContent).toBe("SKU-1 · Trail jacket");
  });

  it("opens a variant and goes back to its parent", async () => {
    const { backend } = renderApp(
      handlers({
        product_detail: ({ id }) =>
          id === "P1"
            ? productDetail({ variants: [{ id: "P11", sku: "SKU-1-M", name: "Trail jacket M" }] })
            : productDetail({ id, sku: "SKU-1-M", name: "Trail jacket M", parent: { id: "P1", sku: "SKU-1", name: "Trail jacket" } }),
      }),
    );
    fireEvent.click(await screen.findByTestId("product-row-SKU-1"));

    fireEvent.click(await screen.findByTestId("variant-SKU-1-M"));
    expect((await screen.findByTestId("product-parent")).textContent).toBe("SKU-1 · Trail jacket");
    fireEvent.click(screen.getByTestId("product-parent"));
    await screen.findByTestId("variant-SKU-1-M");
    const opened = backend.calls.filter((c) => c.command === "product_detail").map((c) => c.request);
    expect(opened).toEqual([{ id: "P1" }, { id: "P11" }, { id: "P1" }]);
  });

  it("says how to add images to a product without any", async () => {
    renderApp(handlers());
    fireEvent.click(await screen.findByTestId("product-row-SKU-1"));

    expect((await screen.findByTestId("product-links-none")).textContent).toBe(
      "No images yet. Drop images here, or select them and press L.",
    );
  });

  it("shows the core's error for a product that is gone", async () => {
    renderApp(
      handlers({
        product_detail: () => {
          throw new BackendError({ code: "not_found", message: "the product P1 is not in the cache: sync, then look again" });
        },
      }),
    );
    fireEvent.click(await screen.findByTestId("product-row-SKU-1"));

    expect((await screen.findByTestId("product-detail-error")).textContent).toContain(
      "the product P1 is not in the cache: sync, then look again",
    );
  });
});
