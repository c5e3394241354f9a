import type { JobView } from "../../bindings/JobView";
import { formatTime, useLocale, useT } from "../../i18n";
import { canCancel, canRetry, stateLabel } from "./jobs";

/** One job: kind and summary, state, attempts, next try, reason, and what can be done. */
export function JobRow({
  job,
  onRetry,
  onCancel,
}: {
  job: JobView;
  onRetry: (job: JobView) => void;
  onCancel: (job: JobView) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const reason = job.attention_reason ?? job.last_error;
  const waitsFor = job.depends_on.length > 0 && job.state === "queued";
  return (
    <tr data-testid={`transfer-row-${job.id}`} className={`job job--${job.state}`}>
      <td>
        <span className="job__kind">{t(`transfers.kind.${job.kind}` as const)}</span>
        <span className="job__summary">{job.summary}</span>
      </td>
      <td>
        <span className={`state state--${job.state}`} data-testid={`transfer-state-${job.id}`}>
          {t(stateLabel(job))}
        </span>
        {waitsFor ? (
          <span className="muted job__waits">{t("transfers.waitsFor", { ids: job.depends_on.join(", ") })}</span>
        ) : null}
      </td>
      <td data-testid={`transfer-attempts-${job.id}`}>
        {t("transfers.attempts", { attempts: job.attempts, max: job.max_attempts })}
      </td>
      <td>{job.state === "done" || job.state === "cancelled" ? "—" : formatTime(locale, job.next_try_at, t("transfers.now"))}</td>
      <td className="job__reason" data-testid={`transfer-reason-${job.id}`}>
        {reason ?? "—"}
      </td>
      <td className="job__actions">
        {canRetry(job) ? (
          <button type="button" data-testid={`transfer-retry-${job.id}`} onClick={() => onRetry(job)}>
            {t("transfers.retry")}
          </button>
        ) : null}
        {canCancel(job) ? (
          <button
            type="button"
            className="button--quiet"
            data-testid={`transfer-cancel-${job.id}`}
            onClick={() => onCancel(job)}
          >
            {t("transfers.cancel")}
          </button>
        ) : null}
      </td>
    </tr>
  );
}
