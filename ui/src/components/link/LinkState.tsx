import type { LinkStateKind } from "../../bindings/LinkStateKind";
import { type MessageKey, useT } from "../../i18n";

/** A link's state (queued, pushed, confirmed, failed with its reason) and its flag. */
export function LinkState({
  state,
  reason,
  flag,
  testId,
}: {
  state: LinkStateKind;
  reason: string | null;
  flag: string | null;
  testId?: string;
}) {
  const t = useT();
  return (
    <span className="link-state">
      <span className={`chip chip--state-${state}`} data-testid={testId} data-state={state}>
        {t(`link.linkState.${state}` as MessageKey)}
      </span>
      {state === "failed" && reason && <span className="link-state__reason">{reason}</span>}
      {flag && <span className="link-state__flag chip chip--expiring">{flag}</span>}
    </span>
  );
}
