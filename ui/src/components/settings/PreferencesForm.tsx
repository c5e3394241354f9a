import { type FormEvent, useEffect, useId, useState } from "react";
import { toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import { useCommand } from "../../backend/useCommand";
import type { Preferences } from "../../bindings/Preferences";
import { useT } from "../../i18n";
import { InlineError } from "../InlineError";

/** Days typed as `30, 14, 0` → numbers; null when something is not a whole number. */
export function parseWindows(text: string): number[] | null {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.map(Number);
}

/** Warning windows, what unknown rights mean, the version rule and the approval signal. */
export function PreferencesForm() {
  const t = useT();
  const id = useId();
  const backend = useBackend();
  const loaded = useCommand("settings_get", {});
  const [draft, setDraft] = useState<Preferences | null>(null);
  const [windows, setWindows] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const data = loaded.state === "ready" ? loaded.data : null;
  useEffect(() => {
    if (data) {
      setDraft(data);
      setWindows(data.warning_windows.join(", "));
    }
  }, [data]);

  if (loaded.state === "loading" || (loaded.state === "ready" && draft === null)) {
    return <p className="muted">{t("app.loading")}</p>;
  }
  if (loaded.state === "failed" || draft === null) {
    return (
      <InlineError message={t("settings.preferencesFailed", { message: loaded.state === "failed" ? loaded.error.message : "" })} onRetry={loaded.reload} />
    );
  }

  const approvalText = draft.approval.kind === "keyword" ? draft.approval.keyword : draft.approval.name;
  const setApproval = (kind: "keyword" | "gallery", value: string) =>
    setDraft({ ...draft, approval: kind === "keyword" ? { kind, keyword: value } : { kind, name: value } });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    const parsed = parseWindows(windows);
    if (parsed === null) {
      setOutcome({ ok: false, text: t("settings.windowsInvalid") });
      return;
    }
    setBusy(true);
    try {
      const saved = await backend.call("settings_save", { ...draft, warning_windows: parsed });
      setDraft(saved);
      setWindows(saved.warning_windows.join(", "));
      setOutcome({ ok: true, text: t("settings.saved") });
    } catch (reason) {
      setOutcome({ ok: false, text: toBackendError(reason).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="settings__group preferences" data-testid="settings-preferences" onSubmit={(e) => void submit(e)}>
      <h3>{t("settings.rights")}</h3>
      <label htmlFor={`${id}-windows`}>{t("settings.windows")}</label>
      <input id={`${id}-windows`} data-testid="settings-windows" value={windows} onChange={(e) => setWindows(e.target.value)} />
      <p className="muted">{t("settings.windowsHelp")}</p>
      <fieldset>
        <legend>{t("settings.unknown")}</legend>
        {(["allow_with_warning", "block"] as const).map((value) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name={`${id}-unknown`}
              value={value}
              data-testid={`settings-unknown-${value}`}
              checked={draft.unknown_rights === value}
              onChange={() => setDraft({ ...draft, unknown_rights: value })}
            />
            {t(value === "block" ? "settings.unknown.block" : "settings.unknown.allow")}
          </label>
        ))}
      </fieldset>

      <h3>{t("settings.versions")}</h3>
      <label htmlFor={`${id}-rule`}>{t("settings.rule")}</label>
      <input
        id={`${id}-rule`}
        data-testid="settings-rule"
        value={draft.version_rule}
        spellCheck={false}
        onChange={(e) => setDraft({ ...draft, version_rule: e.target.value })}
      />
      <p className="muted">{t("settings.ruleHelp")}</p>

      <h3>{t("settings.approval")}</h3>
      <fieldset>
        <legend>{t("settings.approvalSignal")}</legend>
        {(["keyword", "gallery"] as const).map((kind) => (
          <label key={kind} className="radio">
            <input
              type="radio"
              name={`${id}-signal`}
              value={kind}
              data-testid={`settings-signal-${kind}`}
              checked={draft.approval.kind === kind}
              onChange={() => setApproval(kind, approvalText)}
            />
            {t(kind === "keyword" ? "settings.signal.keyword" : "settings.signal.gallery")}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-signal-value`}>
        {t(draft.approval.kind === "keyword" ? "settings.signal.keywordName" : "settings.signal.galleryName")}
      </label>
      <input
        id={`${id}-signal-value`}
        data-testid="settings-signal-value"
        value={approvalText}
        onChange={(e) => setApproval(draft.approval.kind, e.target.value)}
      />

      <div className="settings__actions">
        <button type="submit" disabled={busy} data-testid="settings-save">
          {t("settings.save")}
        </button>
        {outcome ? (
          <p className={outcome.ok ? "notice" : "inline-error"} role={outcome.ok ? "status" : "alert"} data-testid="settings-outcome">
            {outcome.text}
          </p>
        ) : null}
      </div>
    </form>
  );
}
