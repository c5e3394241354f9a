import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { BackendProvider } from "./backend/context";
import { forwardUncaughtErrors } from "./backend/log";
import { createTauriBackend } from "./backend/tauri";
import { detectLocale, I18nProvider } from "./i18n";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

forwardUncaughtErrors();
const locale = detectLocale(navigator.languages);
document.documentElement.lang = locale;

createRoot(root).render(
  <StrictMode>
    <I18nProvider locale={locale}>
      <BackendProvider backend={createTauriBackend()}>
        <App />
      </BackendProvider>
    </I18nProvider>
  </StrictMode>,
);
