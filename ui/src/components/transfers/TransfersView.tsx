import { useCallback, useEffect, useState } from "react";
import { type BackendError, toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import type { JobView } from "../../bindings/JobView";
import { useT } from "../../i18n";
import { useShortcut } from "../../shortcuts";
import { EmptyState } from "../EmptyState";
import { useTransferProgress } from "../frame/useTransferProgress";
import { FILTER_STATES, FILTERS, type JobFilter, mergeJob } from "./jobs";
import { JobRow } from "./JobRow";
import { QueueSummaryLine } from "./QueueSummaryLine";
import { InlineError } from "../InlineError";

type Jobs = { state: "loading" } | { state: "ready"; jobs: JobView[] } | { state: "failed"; error: BackendError };

/** The transfer queue: every job with its state, attempts, next try and reason; retry,
 * cancel, pause and resume. Live through `job_changed` and `transfer_progress`. */
export function TransfersView() {
  const t = useT();
  const backend = useBackend();
  const queue = useTransferProgress();
  const [filter, setFilter] = useState<JobFilter>("open");
  const [jobs, setJobs] = useState<Jobs>({ state: "loading" });
  const [round, setRound] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [paused, setPaused] = useState<boolean | null>(null);

  useEffect(() => {
    let live = true;
    setJobs({ state: "loading" });
    backend.call("transfer_jobs", { states: FILTER_STATES[filter], limit: 500 }).then(
      (r) => live && setJobs({ state: "ready", jobs: r.jobs }),
      (reason: unknown) => live && setJobs({ state: "failed", error: toBackendError(reason) }),
    );
    return () => {
      live = false;
    };
  }, [backend, filter, round]);

  useEffect(() => {
    let stop: (() => void) | undefined;
    let live = true;
    void backend
      .listen("job_changed", ({ job }) => {
        setJobs((current) => (current.state === "ready" ? { state: "ready", jobs: mergeJob(current.jobs, job, filter) } : current));
      })
      .then((unlisten) => (live ? (stop = unlisten) : unlisten()));
    return () => {
      live = false;
      stop?.();
    };
  }, [backend, filter]);

  const summary = queue.state === "ready" ? queue.summary : null;
  const isPaused = paused ?? summary?.paused ?? false;
  useEffect(() => setPaused(null), [summary?.paused]);

  const act = useCallback(
    async (run: () => Promise<string | null>) => {
      setProblem(null);
      setNotice(null);
      try {
        setNotice(await run());
        setRound((n) => n + 1);
      } catch (reason) {
        setProblem(toBackendError(reason).message);
      }
    },
    [],
  );

  const togglePause = () =>
    act(async () => {
      const s = await backend.call("transfer_pause", { paused: !isPaused });
      setPaused(s.paused);
      return t(s.paused ? "transfers.pausedNotice" : "transfers.resumedNotice");
    });
  const retryAll = () =>
    act(async () => {
      const r = await backend.call("transfer_retry", { job: null });
      return t("transfers.retriedNotice", { count: r.jobs.length });
    });
  const retry = (job: JobView) =>
    act(async () => {
      const r = await backend.call("transfer_retry", { job: job.id });
      return t("transfers.retriedNotice", { count: r.jobs.length });
    });
  const cancel = (job: JobView) =>
    act(async () => {
      const r = await backend.call("transfer_cancel", { job: job.id });
      return t(`transfers.cancel.${r}` as const, { id: job.id });
    });

  useShortcut("transfers.pause", () => void togglePause());
  useShortcut("transfers.retryAll", () => void retryAll());

  const failedCount = summary ? summary.counts.given_up + summary.counts.needs_attention : 0;

  return (
    <section className="view__section" aria-labelledby="transfers-heading">
      <header className="view__header">
        <h2 id="transfers-heading">{t("transfers.title")}</h2>
        <QueueSummaryLine queue={queue} paused={isPaused} />
        <span className="view__spacer" />
        <button type="button" data-testid="transfers-pause" onClick={() => void togglePause()} disabled={summary === null}>
          {t(isPaused ? "transfers.resume" : "transfers.pause")}
        </button>
        <button
          type="button"
          data-testid="transfers-retry-all"
          onClick={() => void retryAll()}
          disabled={summary === null || failedCount === 0}
        >
          {t("transfers.retryAll", { count: failedCount })}
        </button>
      </header>
      <div className="view__filters" role="radiogroup" aria-label={t("transfers.filter")}>
        {FILTERS.map((f) => (
          <label key={f} className="chip">
            <input
              type="radio"
              name="transfer-filter"
              value={f}
              checked={filter === f}
              data-testid={`transfers-filter-${f}`}
              onChange={() => setFilter(f)}
            />
            {t(`transfers.filter.${f}` as const)}
          </label>
        ))}
      </div>
      {problem ? (
        <p className="inline-error" role="alert" data-testid="transfers-problem">
          {problem}
        </p>
      ) : null}
      {notice ? (
        <p className="notice" role="status" data-testid="transfers-notice">
          {notice}
        </p>
      ) : null}
      {jobs.state === "loading" ? (
        <p className="muted">{t("app.loading")}</p>
      ) : jobs.state === "failed" ? (
        <InlineError message={t("transfers.loadFailed", { message: jobs.error.message })} onRetry={() => setRound((n) => n + 1)} />
      ) : jobs.jobs.length === 0 ? (
        <EmptyState title={t(`transfers.empty.${filter}.title` as const)} body={t("transfers.empty.body")} />
      ) : (
        <table className="table" data-testid="transfers-table">
          <thead>
            <tr>
              <th>{t("transfers.col.job")}</th>
              <th>{t("transfers.col.state")}</th>
              <th>{t("transfers.col.attempts")}</th>
              <th>{t("transfers.col.nextTry")}</th>
              <th>{t("transfers.col.reason")}</th>
              <th>
                <span className="visually-hidden">{t("transfers.col.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.jobs.map((job) => (
              <JobRow key={job.id} job={job} onRetry={retry} onCancel={cancel} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
