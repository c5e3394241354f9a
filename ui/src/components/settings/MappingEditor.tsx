import { useId, useState } from "react";
import { toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import type { AccountView } from "../../bindings/AccountView";
import { useT } from "../../i18n";

/** The 4ALLPORTAL field mapping of one account as JSON, checked against the instance
 * before it is kept. */
export function MappingEditor({ account, onSaved }: { account: AccountView; onSaved: () => void }) {
  const t = useT();
  const id = useId();
  const backend = useBackend();
  const [text, setText] = useState(() => JSON.stringify(account.mapping, null, 2));
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const validate = async () => {
    setOutcome(null);
    let mapping: unknown;
    try {
      mapping = JSON.parse(text);
    } catch (error) {
      setOutcome({ ok: false, text: t("settings.mappingNotJson", { message: (error as Error).message }) });
      return;
    }
    setBusy(true);
    try {
      const r = await backend.call("mapping_validate", { account: account.id, mapping: mapping as never });
      setOutcome({ ok: true, text: t("settings.mappingFits", { modules: r.modules.join(", ") }) });
      onSaved();
    } catch (reason) {
      setOutcome({ ok: false, text: toBackendError(reason).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="mapping">
      <summary>{t("settings.mapping")}</summary>
      <label htmlFor={`${id}-mapping`} className="muted">
        {t("settings.mappingHelp")}
      </label>
      <textarea
        id={`${id}-mapping`}
        rows={14}
        spellCheck={false}
        value={text}
        data-testid="mapping-text"
        onChange={(e) => setText(e.target.value)}
      />
      <button type="button" disabled={busy} data-testid="mapping-validate" onClick={() => void validate()}>
        {busy ? t("settings.validating") : t("settings.validate")}
      </button>
      {outcome ? (
        <p className={outcome.ok ? "notice" : "inline-error"} role={outcome.ok ? "status" : "alert"} data-testid="mapping-outcome">
          {outcome.text}
        </p>
      ) : null}
    </details>
  );
}
