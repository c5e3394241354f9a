import { useT } from "../../i18n";
import { AccountsSection } from "./AccountsSection";
import { PreferencesForm } from "./PreferencesForm";

/** Accounts of both services with the 4ALLPORTAL field mapping, and the preferences. */
export function SettingsView() {
  const t = useT();
  return (
    <section className="view__section settings" aria-labelledby="settings-heading">
      <header className="view__header">
        <h2 id="settings-heading">{t("settings.title")}</h2>
      </header>
      <AccountsSection />
      <PreferencesForm />
    </section>
  );
}
