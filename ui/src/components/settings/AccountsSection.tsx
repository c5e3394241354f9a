import { useEffect, useState } from "react";
import { toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import { useCommand } from "../../backend/useCommand";
import type { AccountView } from "../../bindings/AccountView";
import type { AccountsList } from "../../bindings/AccountsList";
import { formatTime, useLocale, useT } from "../../i18n";
import { EmptyState } from "../EmptyState";
import { ConnectForm } from "./ConnectForm";
import { MappingEditor } from "./MappingEditor";
import { InlineError } from "../InlineError";

/** The connected accounts, connecting one per service, and each 4ALLPORTAL mapping. */
export function AccountsSection() {
  const t = useT();
  const locale = useLocale();
  const backend = useBackend();
  const accounts = useCommand("accounts_list", {});
  const [problem, setProblem] = useState<string | null>(null);
  // The list stays on screen while it is read again (after a connect or a mapping check),
  // so the editors in it keep what they show.
  const [shown, setShown] = useState<AccountsList | null>(null);
  const fresh = accounts.state === "ready" ? accounts.data : null;
  useEffect(() => {
    if (fresh) setShown(fresh);
  }, [fresh]);

  const remove = async (account: AccountView) => {
    setProblem(null);
    try {
      await backend.call("account_remove", { id: account.id });
      accounts.reload();
    } catch (reason) {
      setProblem(toBackendError(reason).message);
    }
  };

  return (
    <section className="settings__group" aria-labelledby="settings-accounts">
      <h3 id="settings-accounts">{t("settings.accounts")}</h3>
      {accounts.state === "loading" && shown === null ? <p className="muted">{t("app.loading")}</p> : null}
      {accounts.state === "failed" ? (
        <InlineError message={t("settings.accountsFailed", { message: accounts.error.message })} onRetry={accounts.reload} />
      ) : null}
      {shown !== null && accounts.state !== "failed" ? (
        <>
          {shown.for_live_workspace ? (
            <p className="muted" data-testid="settings-for-live">
              {t("settings.forLive")}
            </p>
          ) : null}
          {shown.accounts.length === 0 ? (
            <EmptyState title={t("settings.noAccounts.title")} body={t("settings.noAccounts.body")} />
          ) : (
            <ul className="accounts" data-testid="settings-accounts">
              {shown.accounts.map((a) => (
                <li key={a.id} className="account" data-testid={`account-${a.service}`}>
                  <div>
                    <strong>{t(a.service === "photoshelter" ? "settings.photoshelter" : "settings.allportal")}</strong>{" "}
                    {a.user} · {a.base_url}
                    {a.organization ? ` · ${a.organization}` : ""}
                  </div>
                  <div className="muted">
                    {a.stored.map((s) => t(s === "api_key" ? "settings.keyStored" : "settings.passwordStored")).join(" · ")}
                    {a.connected_at ? ` · ${t("settings.connectedAt", { at: formatTime(locale, a.connected_at) })}` : ""}
                  </div>
                  <button type="button" className="button--quiet" onClick={() => void remove(a)}>
                    {t("settings.remove")}
                  </button>
                  {a.service === "allportal" && a.mapping ? <MappingEditor account={a} onSaved={accounts.reload} /> : null}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      {problem ? (
        <p className="inline-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="settings__connect">
        <ConnectForm service="photoshelter" onConnected={accounts.reload} />
        <ConnectForm service="allportal" onConnected={accounts.reload} />
      </div>
    </section>
  );
}
