import type { BackendError } from "../backend/Backend";
import { useT } from "../i18n";

/** Shown instead of the panes when the core cannot serve the window; the core's message
 * says what went wrong and what to do. */
export function Problem({ error, onRetry }: { error: BackendError; onRetry: () => void }) {
  const t = useT();
  const title = error.code === "workspace_unavailable" ? "problem.title" : "problem.statusTitle";
  return (
    <main className="problem" role="alert">
      <h2>{t(title)}</h2>
      <p className="problem__message">{error.message}</p>
      <button type="button" onClick={onRetry}>
        {t("problem.retry")}
      </button>
    </main>
  );
}
