import { useT } from "../../i18n";
import { useTransferProgress } from "./useTransferProgress";

/** The status bar's live word on the transfer queue; a click opens the Transfers view. */
export function TransferIndicator({ onOpen }: { onOpen: () => void }) {
  const t = useT();
  const queue = useTransferProgress();
  let text: string;
  let tone = "";
  if (queue.state === "loading") text = t("indicator.loading");
  else if (queue.state === "failed") {
    text = t("indicator.failed");
    tone = "bad";
  } else {
    const { counts, paused, offline } = queue.summary;
    const failed = counts.given_up + counts.needs_attention;
    const waiting = counts.queued + counts.retrying;
    const parts: string[] = [];
    if (counts.running > 0) parts.push(t("indicator.running", { count: counts.running }));
    if (waiting > 0) parts.push(t("indicator.waiting", { count: waiting }));
    if (failed > 0) parts.push(t("indicator.failedJobs", { count: failed }));
    if (parts.length === 0) parts.push(t("indicator.idle"));
    if (paused) parts.unshift(t("indicator.paused"));
    if (offline) parts.unshift(t("indicator.offline"));
    text = parts.join(" · ");
    tone = failed > 0 || offline ? "bad" : counts.running > 0 ? "busy" : "";
  }
  return (
    <button
      type="button"
      className={`status-bar__transfers ${tone ? `status-bar__transfers--${tone}` : ""}`}
      data-testid="status-transfers"
      title={t("indicator.open")}
      onClick={onOpen}
    >
      {queue.state === "ready" && queue.summary.counts.running > 0 ? <span className="spinner" aria-hidden /> : null}
      {text}
    </button>
  );
}
