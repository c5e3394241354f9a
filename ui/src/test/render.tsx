import { render } from "@testing-library/react";
import { App } from "../App";
import type { AppStatus } from "../bindings/AppStatus";
import type { JobCounts } from "../bindings/JobCounts";
import type { JobView } from "../bindings/JobView";
import type { TransferStatus } from "../bindings/TransferStatus";
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

/** Job counts with every state at zero but those given. */
export function jobCounts(overrides: Partial<JobCounts> = {}): JobCounts {
  return {
    queued: 0,
    running: 0,
    done: 0,
    retrying: 0,
    given_up: 0,
    needs_attention: 0,
    cancelled: 0,
    blocked: 0,
    ...overrides,
  };
}

/** The transfer queue as `transfer_status` reports it. */
export function queueStatus(overrides: Partial<TransferStatus> = {}): TransferStatus {
  return { counts: jobCounts(), paused: false, open: [], ...overrides };
}

/** One transfer job as the core shows it. */
export function job(overrides: Partial<JobView> = {}): JobView {
  return {
    id: 1,
    kind: "upload_file",
    state: "queued",
    summary: "upload mh02-black_main.jpg to 4ALLPORTAL",
    attempts: 0,
    max_attempts: 8,
    next_try_at: null,
    last_error: null,
    attention_reason: null,
    depends_on: [],
    link_id: 4,
    created_at: "2026-12-04T01:00:00.000Z",
    updated_at: "2026-12-04T01:00:00.000Z",
    ...overrides,
  };
}

/** Renders the whole window against a fake backend. */
export function renderApp(handlers: FakeHandlers, locale: Locale = "en") {
  const backend = new FakeBackend({ transfer_status: () => queueStatus(), ...handlers });
  const view = render(
    <I18nProvider locale={locale}>
      <BackendProvider backend={backend}>
        <App />
      </BackendProvider>
    </I18nProvider>,
  );
  return { backend, ...view };
}
