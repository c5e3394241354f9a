import { act, fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BackendError } from "./backend/Backend";
import type { FakeHandlers } from "./backend/fake";
import { assetPages, productPages } from "./components/link/testing";
import { appStatus, renderApp } from "./test/render";

/** An empty cache: no galleries, images or products. */
const emptyCache: FakeHandlers = {
  gallery_tree: () => ({ galleries: 0, roots: [] }),
  search_assets: assetPages([]),
  search_products: productPages([]),
};

describe("the main window", () => {
  it("shows both panes and the status the core reports", async () => {
    const { backend } = renderApp({
      ...emptyCache,
      app_status: () =>
        appStatus({ workspace: "demo", data_dir: "/srv/shelflink/demo", schema_version: 4, app_version: "2.3.1" }),
    });

    expect((await screen.findByTestId("status-data-dir")).textContent).toBe("/srv/shelflink/demo");
    const headings = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual(["PhotoShelter", "4ALLPORTAL"]);
    expect(screen.getByTestId("status-workspace").textContent).toBe("Demo workspace");
    expect(screen.getByTestId("status-schema").textContent).toBe("Cache schema 4");
    expect(screen.getByTestId("status-version").textContent).toBe("Shelflink 2.3.1");
    expect(screen.getByTestId("status-counts").textContent).toBe("Nothing synced yet");
    expect(backend.calls.map((c) => c.command).sort()).toEqual([
      "app_status",
      "gallery_tree",
      "search_assets",
      "search_products",
    ]);
  });

  it("tells a user of a live workspace to connect the accounts and sync", async () => {
    renderApp({ ...emptyCache, app_status: () => appStatus({ workspace: "live" }) });

    expect(await screen.findByText(/Connect your PhotoShelter account and run a sync/)).toBeTruthy();
    expect(await screen.findByText(/Connect your 4ALLPORTAL account and run a sync/)).toBeTruthy();
    expect(await screen.findByText(/pick one on the left to see its images/)).toBeTruthy();
    expect(screen.getByTestId("status-workspace").textContent).toBe("Live workspace");
  });

  it("says plainly that nothing was synced into the demo workspace yet", async () => {
    renderApp({ ...emptyCache, app_status: () => appStatus({ workspace: "demo" }) });

    expect(await screen.findByText(/Nothing has been synced into the demo workspace yet. Its galleries/)).toBeTruthy();
    expect(await screen.findByText(/Nothing has been synced into the demo workspace yet. Its products/)).toBeTruthy();
    expect(screen.queryByText(/Connect your/)).toBeNull();
  });

  it("shows what the cache holds in the status bar", async () => {
    renderApp({
      ...emptyCache,
      app_status: () => appStatus({ counts: { galleries: 3, images: 120, products: 40, links: 7 } }),
    });

    await screen.findByText("3 galleries · 120 images · 40 products · 7 links");
    expect(screen.getByTestId("status-counts").textContent).toBe(
      "3 galleries · 120 images · 40 products · 7 links",
    );
  });

  it("shows the core's reason when the workspace cannot be opened, and tries again", async () => {
    let attempts = 0;
    renderApp({
      ...emptyCache,
      app_status: () => {
        attempts += 1;
        if (attempts === 1) {
          throw new BackendError({
            code: "workspace_unavailable",
            message: "the cache database /x/cache.sqlite was written by a newer Shelflink",
          });
        }
        return appStatus();
      },
    });

    const alert = await screen.findByRole("alert");
    expect(alert.querySelector("h2")?.textContent).toBe("Shelflink cannot open its workspace");
    expect(alert.textContent).toContain("the cache database /x/cache.sqlite was written by a newer Shelflink");
    expect(screen.queryByRole("heading", { name: "PhotoShelter" })).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Try again" }));

    expect(await screen.findByRole("heading", { name: "PhotoShelter" })).toBeTruthy();
    expect(attempts).toBe(2);
  });

  it("speaks German", async () => {
    renderApp({ ...emptyCache, app_status: () => appStatus({ workspace: "demo" }) }, "de");

    expect(await screen.findByText("Noch keine Galerien")).toBeTruthy();
    expect(screen.getByTestId("status-workspace").textContent).toBe("Demo-Arbeitsbereich");
    expect(screen.getByRole("heading", { name: "Galerien" })).toBeTruthy();
  });
  it("shows the synced counts as soon as a sync finished", async () => {
    let synced = false;
    const { backend } = renderApp({
      app_status: () =>
        appStatus({
          workspace: "demo",
          counts: synced
            ? { galleries: 12, images: 200, products: 60, links: 30 }
            : { galleries: 0, images: 0, products: 0, links: 0 },
        }),
    });
    expect((await screen.findByTestId("status-counts")).textContent).toBe("Nothing synced yet");

    synced = true;
    act(() => backend.emit("sync_finished", { phase: "finished", report: null, error: null }));

    await screen.findByText("12 galleries · 200 images · 60 products · 30 links");
    expect(backend.calls.filter((c) => c.command === "app_status")).toHaveLength(2);
  });
});
