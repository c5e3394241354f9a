import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../backend/Backend";
import type { FakeHandlers } from "../../backend/fake";
import { appStatus, job, jobCounts, queueStatus, renderApp } from "../../test/render";

async function openTransfers(handlers: FakeHandlers) {
  const rendered = renderApp({ app_status: () => appStatus(), ...handlers });
  fireEvent.click(await screen.findByTestId("view-transfers"));
  return rendered;
}

const failedUpload = job({
  id: 7,
  state: "failed",
  attempts: 8,
  last_error: "4ALLPORTAL answered 500 on upload: try again later",
  next_try_at: null,
});

describe("the Transfers view", () => {
  it("lists the jobs not done yet with state, attempts and reason", async () => {
    const { backend } = await openTransfers({
      transfer_status: () => queueStatus({ counts: jobCounts({ queued: 1, retrying: 1, given_up: 1 }) }),
      transfer_jobs: () => ({
        jobs: [
          job({ id: 9, kind: "relate", state: "queued", depends_on: [8], summary: "link I1 on MH02-XS-Black" }),
          job({ id: 8, state: "failed", attempts: 2, next_try_at: "2026-12-04T02:00:00.000Z", last_error: "timed out" }),
          failedUpload,
        ],
      }),
    });

    const rows = await screen.findAllByTestId(/^transfer-row-/);
    expect(rows.map((r) => r.dataset.testid)).toEqual(["transfer-row-9", "transfer-row-8", "transfer-row-7"]);
    expect(screen.getByTestId("transfer-state-9").textContent).toBe("Queued");
    expect(within(rows[0]!).getByText("waits for 8")).toBeTruthy();
    expect(screen.getByTestId("transfer-state-8").textContent).toBe("Retrying");
    expect(screen.getByTestId("transfer-state-7").textContent).toBe("Failed");
    expect(screen.getByTestId("transfer-attempts-7").textContent).toBe("8 of 8");
    expect(screen.getByTestId("transfer-reason-7").textContent).toBe("4ALLPORTAL answered 500 on upload: try again later");
    expect(screen.getByTestId("transfers-summary").textContent).toContain("1 queued · 0 running · 1 retrying · 1 failed");
    expect(backend.calls).toContainEqual({
      command: "transfer_jobs",
      request: { states: ["queued", "running", "failed", "needs_attention"], limit: 500 },
    });
  });

  it("retries one job and every failed job, and reloads the list", async () => {
    const { backend } = await openTransfers({
      transfer_status: () => queueStatus({ counts: jobCounts({ given_up: 2 }) }),
      transfer_jobs: () => ({ jobs: [failedUpload] }),
      transfer_retry: ({ job: id }) => ({ jobs: id === null ? [7, 11] : [id] }),
    });

    fireEvent.click(await screen.findByTestId("transfer-retry-7"));
    expect((await screen.findByTestId("transfers-notice")).textContent).toBe("Queued again: 1 job(s).");

    fireEvent.click(screen.getByTestId("transfers-retry-all"));
    await screen.findByText("Queued again: 2 job(s).");

    const retries = backend.calls.filter((c) => c.command === "transfer_retry").map((c) => c.request);
    expect(retries).toEqual([{ job: 7 }, { job: null }]);
    await waitFor(() => expect(backend.calls.filter((c) => c.command === "transfer_jobs")).toHaveLength(3));
  });

  it("pauses and resumes the queue", async () => {
    let paused = false;
    const { backend } = await openTransfers({
      transfer_jobs: () => ({ jobs: [] }),
      transfer_pause: (r) => {
        paused = r.paused;
        return queueStatus({ paused });
      },
    });
    const button = await screen.findByTestId("transfers-pause");
    await screen.findByTestId("transfers-summary");
    expect(button.textContent).toBe("Pause");

    fireEvent.click(button);
    await screen.findByText("Transfers paused. Running jobs finish; nothing new starts.");
    expect(button.textContent).toBe("Resume");
    fireEvent.click(button);
    await screen.findByText("Transfers resumed.");

    expect(backend.calls.filter((c) => c.command === "transfer_pause").map((c) => c.request)).toEqual([
      { paused: true },
      { paused: false },
    ]);
  });

  it("cancels a job and says what cancelling did", async () => {
    const { backend } = await openTransfers({
      transfer_jobs: () => ({ jobs: [job({ id: 3, state: "running" })] }),
      transfer_cancel: () => "stopping",
    });
    fireEvent.click(await screen.findByTestId("transfer-cancel-3"));

    expect((await screen.findByTestId("transfers-notice")).textContent).toBe(
      "Job 3 is running; it stops before its next remote write.",
    );
    expect(backend.calls).toContainEqual({ command: "transfer_cancel", request: { job: 3 } });
  });

  it("shows the core's reason when an action fails", async () => {
    await openTransfers({
      transfer_jobs: () => ({ jobs: [job({ id: 3 })] }),
      transfer_cancel: () => {
        throw new BackendError({ code: "not_found", message: "there is no transfer job 3: refresh the list" });
      },
    });
    fireEvent.click(await screen.findByTestId("transfer-cancel-3"));
    expect((await screen.findByTestId("transfers-problem")).textContent).toBe("there is no transfer job 3: refresh the list");
  });

  it("follows job changes live", async () => {
    const { backend } = await openTransfers({ transfer_jobs: () => ({ jobs: [job({ id: 5 })] }) });
    await screen.findByTestId("transfer-row-5");

    act(() => backend.emit("job_changed", { job: job({ id: 5, state: "running", attempts: 1 }) }));
    expect(screen.getByTestId("transfer-state-5").textContent).toBe("Running");
    act(() => backend.emit("job_changed", { job: job({ id: 6, kind: "write_back" }) }));
    expect(screen.getAllByTestId(/^transfer-row-/).map((r) => r.dataset.testid)).toEqual(["transfer-row-6", "transfer-row-5"]);
  });

  it("filters by state", async () => {
    const { backend } = await openTransfers({ transfer_jobs: () => ({ jobs: [] }) });
    await screen.findByText("Nothing waiting to transfer");

    fireEvent.click(screen.getByTestId("transfers-filter-done"));

    expect(await screen.findByText("No finished transfers yet")).toBeTruthy();
    expect(backend.calls.at(-1)).toEqual({ command: "transfer_jobs", request: { states: ["done", "cancelled"], limit: 500 } });
  });

  it("says what to do when there is nothing, and when the queue cannot be read", async () => {
    let fail = true;
    await openTransfers({
      transfer_jobs: () => {
        if (fail) throw new BackendError({ code: "internal", message: "cannot list the transfer jobs: database is locked" });
        return { jobs: [] };
      },
    });
    expect((await screen.findByRole("alert")).textContent).toContain(
      "The transfer queue could not be read: cannot list the transfer jobs: database is locked",
    );
    fail = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText(/every change to PhotoShelter and 4ALLPORTAL queues here/)).toBeTruthy();
  });

  it("speaks German", async () => {
    renderApp({ app_status: () => appStatus(), transfer_jobs: () => ({ jobs: [failedUpload] }) }, "de");
    fireEvent.click(await screen.findByTestId("view-transfers"));
    expect((await screen.findByTestId("transfer-state-7")).textContent).toBe("Fehlgeschlagen");
    expect(screen.getByRole("heading", { level: 2, name: "Übertragungen" })).toBeTruthy();
  });
});
