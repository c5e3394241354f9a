import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { SHORTCUTS } from "../../shortcuts";
import { appStatus, jobCounts, queueStatus, renderApp } from "../../test/render";
import { SPLIT_KEY } from "./SplitPanes";

const press = (key: string, init: KeyboardEventInit = {}) => fireEvent.keyDown(window, { key, ...init });

describe("the window frame", () => {
  it("opens on the Link view with both panes, and switches views from the toolbar", async () => {
    renderApp({ app_status: () => appStatus(), transfer_jobs: () => ({ jobs: [] }) });

    const link = await screen.findByTestId("view-link");
    expect(link.getAttribute("aria-current")).toBe("page");
    expect(screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent)).toEqual(["PhotoShelter", "4ALLPORTAL"]);

    fireEvent.click(screen.getByTestId("view-transfers"));

    expect(screen.getByTestId("view-transfers").getAttribute("aria-current")).toBe("page");
    expect(await screen.findByRole("heading", { level: 2, name: "Transfers" })).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "PhotoShelter" })).toBeNull();
  });

  it("switches views with the keyboard", async () => {
    renderApp({ app_status: () => appStatus(), transfer_jobs: () => ({ jobs: [] }) });
    await screen.findByTestId("status-data-dir");

    press("3", { ctrlKey: true });
    expect(await screen.findByRole("heading", { level: 2, name: "Transfers" })).toBeTruthy();

    press("1", { ctrlKey: true });
    expect(screen.getByRole("heading", { level: 2, name: "PhotoShelter" })).toBeTruthy();
  });

  it("lists every shortcut of the registry in the help overlay, opened with ? or F1", async () => {
    renderApp({ app_status: () => appStatus() });
    await screen.findByTestId("status-data-dir");

    press("?", { shiftKey: true });
    const overlay = await screen.findByTestId("help-overlay");
    for (const s of SHORTCUTS) expect(within(overlay).getByTestId(`shortcut-${s.id}`)).toBeTruthy();
    expect(within(overlay).getByTestId("shortcut-view.transfers").textContent).toBe("Ctrl+3Watch the transfer queue");

    press("Escape");
    expect(screen.queryByTestId("help-overlay")).toBeNull();

    press("F1");
    expect(screen.getByTestId("help-overlay")).toBeTruthy();
    fireEvent.click(within(screen.getByTestId("help-overlay")).getByRole("button", { name: "Close" }));
    expect(screen.queryByTestId("help-overlay")).toBeNull();
  });

  it("does not take a typed ? for the help overlay", async () => {
    renderApp({ app_status: () => appStatus() });
    await screen.findByTestId("status-data-dir");
    const field = document.createElement("input");
    document.body.appendChild(field);

    fireEvent.keyDown(field, { key: "?" });

    expect(screen.queryByTestId("help-overlay")).toBeNull();
    field.remove();
  });

  it("shows the demo banner only on the demo workspace", async () => {
    const { unmount } = renderApp({ app_status: () => appStatus({ workspace: "live" }) });
    await screen.findByTestId("status-data-dir");
    expect(screen.queryByTestId("demo-banner")).toBeNull();
    unmount();

    renderApp({ app_status: () => appStatus({ workspace: "demo" }) });
    expect((await screen.findByTestId("demo-banner")).textContent).toContain("You are looking at the demo workspace");
  });

  it("remembers the width of the panes", async () => {
    localStorage.setItem(SPLIT_KEY, "35");
    renderApp({ app_status: () => appStatus() });
    const separator = await screen.findByTestId("pane-separator");
    expect(separator.getAttribute("aria-valuenow")).toBe("35");
    expect(document.querySelector<HTMLElement>(".panes")?.style.gridTemplateColumns).toBe("35% 5px 1fr");

    fireEvent.keyDown(separator, { key: "ArrowRight", shiftKey: true });

    expect(separator.getAttribute("aria-valuenow")).toBe("45");
    expect(localStorage.getItem(SPLIT_KEY)).toBe("45");
    fireEvent.keyDown(separator, { key: "Home" });
    expect(localStorage.getItem(SPLIT_KEY)).toBe("20");
  });

  it("ignores a remembered width out of range", async () => {
    localStorage.setItem(SPLIT_KEY, "97");
    renderApp({ app_status: () => appStatus() });
    expect((await screen.findByTestId("pane-separator")).getAttribute("aria-valuenow")).toBe("50");
  });

  it("shows the transfer queue live in the status bar, and opens it on a click", async () => {
    const { backend } = renderApp({
      app_status: () => appStatus(),
      transfer_status: () => queueStatus({ counts: jobCounts({ queued: 4, given_up: 1 }) }),
      transfer_jobs: () => ({ jobs: [] }),
    });
    const indicator = await screen.findByTestId("status-transfers");
    await screen.findByText("4 waiting · 1 failed");

    act(() =>
      backend.emit("transfer_progress", {
        counts: jobCounts({ running: 2, queued: 1, done: 7 }),
        paused: true,
        offline: null,
        running: [{ id: 9, kind: "relate", summary: "link I1 on MH02" }],
        jobs_per_second: 0.5,
      }),
    );
    expect(indicator.textContent).toBe("Paused · 2 transferring · 1 waiting");

    fireEvent.click(indicator);
    expect(await screen.findByRole("heading", { level: 2, name: "Transfers" })).toBeTruthy();
  });

  it("says when the transfer queue cannot be read", async () => {
    renderApp({
      app_status: () => appStatus(),
      transfer_status: () => {
        throw new Error("cannot read the transfer queue: disk I/O error");
      },
    });
    expect((await screen.findByText("Transfer queue unavailable")).dataset.testid).toBe("status-transfers");
  });
});
