// Renders one dialog against a fake backend, in a language.
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { BackendProvider } from "../../backend/context";
import { FakeBackend, type FakeHandlers } from "../../backend/fake";
import { I18nProvider, type Locale } from "../../i18n";

export function renderWith(handlers: FakeHandlers, ui: ReactNode, locale: Locale = "en") {
  const backend = new FakeBackend(handlers);
  const view = render(
    <I18nProvider locale={locale}>
      <BackendProvider backend={backend}>{ui}</BackendProvider>
    </I18nProvider>,
  );
  return { backend, ...view };
}
