import { useT } from "../../i18n";
import type { QueueState } from "../frame/useTransferProgress";

/** Counts of the queue, live, with what runs now. */
export function QueueSummaryLine({ queue, paused }: { queue: QueueState; paused: boolean }) {
  const t = useT();
  if (queue.state !== "ready") return null;
  const { counts, offline, running } = queue.summary;
  return (
    <div className="queue-summary" data-testid="transfers-summary" aria-live="polite">
      <span>
        {t("transfers.counts", {
          queued: counts.queued,
          running: counts.running,
          retrying: counts.retrying,
          failed: counts.given_up + counts.needs_attention,
          done: counts.done,
        })}
      </span>
      {paused ? <span className="state state--paused">{t("transfers.paused")}</span> : null}
      {offline ? <span className="state state--failed">{t("transfers.offline", { service: offline })}</span> : null}
      {running.length > 0 ? (
        <span className="muted" data-testid="transfers-running">
          {t("transfers.runningNow", { summary: running.map((r) => r.summary).join("; ") })}
        </span>
      ) : null}
    </div>
  );
}
