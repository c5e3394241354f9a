import { act, fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { BackendError } from "../../backend/Backend";
import type { FakeHandlers } from "../../backend/fake";
import type { ActivityEntry } from "../../bindings/ActivityEntry";
import type { ActivityQuery } from "../../bindings/ActivityQuery";
import { appStatus, renderApp } from "../../test/render";

const entry = (overrides: Partial<ActivityEntry>): ActivityEntry => ({
  id: 1,
  at: "2026-12-03T10:00:00.000Z",
  kind: "linked",
  category: "link",
  summary: "Done: link MH02-black_main.jpg on MH02-XS-Black",
  sku: "MH02-XS-Black",
  file_name: "MH02-black_main.jpg",
  job: 4,
  ...overrides,
});

async function openActivity(handlers: FakeHandlers) {
  const rendered = renderApp({ app_status: () => appStatus(), ...handlers });
  fireEvent.click(await screen.findByTestId("view-activity"));
  return rendered;
}

const queries = (calls: { command: string; request: unknown }[]) =>
  calls.filter((c) => c.command === "activity_list").map((c) => c.request as ActivityQuery);

describe("the Activity view", () => {
  it("lists what moved, newest first as the core gives it", async () => {
    await openActivity({
      activity_list: () => ({
        total: 2,
        entries: [
          entry({ id: 2, kind: "shared", category: "share", summary: "Shared 2 file(s) in Press", sku: null, file_name: null }),
          entry({}),
        ],
      }),
    });
    const first = await screen.findByTestId("activity-2");
    expect(first.textContent).toContain("Share");
    expect(first.textContent).toContain("Shared 2 file(s) in Press");
    expect(screen.getByTestId("activity-1").textContent).toContain("MH02-XS-Black · MH02-black_main.jpg");
    expect(screen.getByText("2 entries")).toBeTruthy();
  });

  it("filters by category, words and date", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { backend } = await openActivity({ activity_list: () => ({ total: 0, entries: [] }) });
    await screen.findByText("Nothing has happened yet");

    fireEvent.click(screen.getByTestId("activity-category-flag"));
    fireEvent.click(screen.getByTestId("activity-category-approval"));
    fireEvent.change(screen.getByTestId("activity-search"), { target: { value: " MH02 " } });
    await act(async () => {
      vi.advanceTimersByTime(300);
    });
    fireEvent.change(screen.getByTestId("activity-from"), { target: { value: "2026-12-01" } });

    expect(await screen.findByText("Nothing matches")).toBeTruthy();
    expect(queries(backend.calls).at(-1)).toEqual({
      categories: ["flag", "approval"],
      text: "MH02",
      from: "2026-12-01",
      to: null,
      offset: 0,
      limit: 100,
    });
    vi.useRealTimers();
  });

  it("pages through a long log", async () => {
    const { backend } = await openActivity({
      activity_list: (q) => ({ total: 250, entries: [entry({ id: q.offset + 1 })] }),
    });
    fireEvent.click(await screen.findByTestId("activity-next"));
    expect(await screen.findByTestId("activity-101")).toBeTruthy();
    expect(screen.getByText("101–200 of 250")).toBeTruthy();
    expect(queries(backend.calls).at(-1)?.offset).toBe(100);
  });

  it("exports what is selected and says where the file is", async () => {
    const { backend } = await openActivity({
      activity_list: () => ({ total: 1, entries: [entry({})] }),
      activity_export: () => ({ path: "/home/ana/Downloads/shelflink-activity-2026-12-04.csv", rows: 1 }),
    });
    fireEvent.click(await screen.findByTestId("activity-category-link"));
    await screen.findByTestId("activity-1");
    fireEvent.click(screen.getByTestId("activity-export"));

    expect((await screen.findByTestId("activity-exported")).textContent).toBe(
      "Exported 1 entries to /home/ana/Downloads/shelflink-activity-2026-12-04.csv",
    );
    expect(backend.calls.find((c) => c.command === "activity_export")?.request).toEqual({
      query: { categories: ["link"], text: null, from: null, to: null, offset: 0, limit: null },
      folder: null,
    });
  });

  it("shows the reason when the log cannot be read, and when the export fails", async () => {
    let fail = true;
    await openActivity({
      activity_list: () => {
        if (fail) throw new BackendError({ code: "internal", message: "cannot read the activity log: disk I/O error" });
        return { total: 1, entries: [entry({})] };
      },
      activity_export: () => {
        throw new BackendError({ code: "internal", message: "cannot write /home/ana/Downloads/x.csv: disk full" });
      },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("cannot read the activity log: disk I/O error");
    fail = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByTestId("activity-1");
    fireEvent.click(screen.getByTestId("activity-export"));
    expect((await screen.findByTestId("activity-exported")).textContent).toBe("cannot write /home/ana/Downloads/x.csv: disk full");
  });
});
