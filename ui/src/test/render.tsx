import { render } from "@testing-library/react";
import { App } from "../App";
import type { AppStatus } from "../bindings/AppStatus";
import { BackendProvider } from "../backend/context";
import { FakeBackend, type FakeHandlers } from "../backend/fake";
import { I18nProvider, type Locale } from "../i18n";

/** A status as the core reports it for a freshly opened workspace. */
export function appStatus(overrides: Partial<AppStatus> = {}): AppStatus {
  return {
    app_version: "0.1.0",
    data_dir: "/home/ana/.local/share/Shelflink",
    workspace: "live",
    schema_version: 1,
    counts: { galleries: 0, images: 0, products: 0, links: 0 },
    demo: null,
    first_sync: { state: "pending" },
    transfer_stopped: null,
    ...overrides,
  };
}

/** Renders the whole window against a fake backend. */
export function renderApp(handlers: FakeHandlers, locale: Locale = "en") {
  const backend = new FakeBackend(handlers);
  const view = render(
    <I18nProvider locale={locale}>
      <BackendProvider backend={backend}>
        <App />
      </BackendProvider>
    </I18nProvider>,
  );
  return { backend, ...view };
}
