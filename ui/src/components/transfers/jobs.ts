import type { JobState } from "../../bindings/JobState";
import type { JobView } from "../../bindings/JobView";
import type { MessageKey } from "../../i18n";

export type JobFilter = "open" | "failed" | "done" | "all";

export const FILTERS: readonly JobFilter[] = ["open", "failed", "done", "all"];

export const FILTER_STATES: Record<JobFilter, JobState[]> = {
  open: ["queued", "running", "failed", "needs_attention"],
  failed: ["failed", "needs_attention"],
  done: ["done", "cancelled"],
  all: [],
};

/** What a job's state reads as: a failed job with a next try is retrying, not given up. */
export function stateLabel(job: JobView): MessageKey {
  if (job.state === "failed") return job.next_try_at ? "transfers.state.retrying" : "transfers.state.failed";
  return `transfers.state.${job.state}` as const;
}

export const canRetry = (job: JobView) => job.state === "failed" || job.state === "needs_attention";
export const canCancel = (job: JobView) => job.state !== "done" && job.state !== "cancelled";

/** Replaces `job` in `jobs` (or puts it first when it belongs to `filter`). */
export function mergeJob(jobs: JobView[], job: JobView, filter: JobFilter): JobView[] {
  const states = FILTER_STATES[filter];
  const fits = states.length === 0 || states.includes(job.state);
  const at = jobs.findIndex((j) => j.id === job.id);
  if (at === -1) return fits ? [job, ...jobs] : jobs;
  const next = [...jobs];
  next[at] = job;
  return next;
}
