import { type FormEvent, useId, useState } from "react";
import { toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import type { AccountService } from "../../bindings/AccountService";
import { useT } from "../../i18n";

const DEFAULT_URL: Record<AccountService, string> = {
  photoshelter: "https://www.photoshelter.com",
  allportal: "",
};

/** Connects one account: the secrets go to the core (and on to the keyring) and the
 * fields holding them are cleared whatever the outcome. */
export function ConnectForm({ service, onConnected }: { service: AccountService; onConnected: () => void }) {
  const t = useT();
  const id = useId();
  const backend = useBackend();
  const [url, setUrl] = useState(DEFAULT_URL[service]);
  const [user, setUser] = useState("");
  const [organization, setOrganization] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const ps = service === "photoshelter";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      const r = await backend.call("account_connect", {
        service,
        base_url: url,
        user,
        organization: ps && organization.trim() ? organization : null,
        api_key: apiKey || null,
        password: password || null,
        mapping: null,
      });
      setOutcome({ ok: true, text: [t("settings.connected", { id: r.account.id }), ...r.notes].join(" · ") });
      onConnected();
    } catch (reason) {
      setOutcome({ ok: false, text: toBackendError(reason).message });
    } finally {
      setApiKey("");
      setPassword("");
      setBusy(false);
    }
  };

  return (
    <form className="connect" data-testid={`connect-${service}`} onSubmit={(e) => void submit(e)}>
      <h4>{t(ps ? "settings.connectPhotoshelter" : "settings.connectAllportal")}</h4>
      <label htmlFor={`${id}-url`}>{t("settings.url")}</label>
      <input id={`${id}-url`} type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
      <label htmlFor={`${id}-user`}>{t(ps ? "settings.email" : "settings.user")}</label>
      <input id={`${id}-user`} required value={user} onChange={(e) => setUser(e.target.value)} autoComplete="username" />
      {ps ? (
        <>
          <label htmlFor={`${id}-org`}>{t("settings.organization")}</label>
          <input id={`${id}-org`} value={organization} onChange={(e) => setOrganization(e.target.value)} />
        </>
      ) : null}
      <label htmlFor={`${id}-key`}>{t("settings.apiKey")}</label>
      <input
        id={`${id}-key`}
        type="password"
        required={ps}
        value={apiKey}
        autoComplete="off"
        onChange={(e) => setApiKey(e.target.value)}
      />
      <label htmlFor={`${id}-password`}>{t("settings.password")}</label>
      <input
        id={`${id}-password`}
        type="password"
        required={ps}
        value={password}
        autoComplete="current-password"
        onChange={(e) => setPassword(e.target.value)}
      />
      {ps ? null : <p className="muted">{t("settings.allportalSecrets")}</p>}
      <button type="submit" disabled={busy || (!ps && !apiKey && !password)} data-testid={`connect-${service}-submit`}>
        {busy ? t("settings.connecting") : t("settings.connect")}
      </button>
      {outcome ? (
        <p className={outcome.ok ? "notice" : "inline-error"} role={outcome.ok ? "status" : "alert"}>
          {outcome.text}
        </p>
      ) : null}
    </form>
  );
}
