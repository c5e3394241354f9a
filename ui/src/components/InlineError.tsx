// A failure shown in place of what could not be read: the core's message and a retry.
import { useT } from "../i18n";

export function InlineError({
  message,
  onRetry,
  testId,
}: {
  message: string;
  onRetry: () => void;
  testId?: string;
}) {
  const t = useT();
  return (
    <div role="alert" className="inline-error" data-testid={testId}>
      <p>{message}</p>
      <button type="button" onClick={onRetry}>
        {t("problem.retry")}
      </button>
    </div>
  );
}
