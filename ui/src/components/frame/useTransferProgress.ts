import { useEffect, useState } from "react";
import type { BackendError } from "../../backend/Backend";
import { toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import type { JobCounts } from "../../bindings/JobCounts";
import type { RunningJob } from "../../bindings/RunningJob";

export interface QueueSummary {
  counts: JobCounts;
  paused: boolean;
  offline: string | null;
  running: RunningJob[];
}

export type QueueState =
  | { state: "loading" }
  | { state: "ready"; summary: QueueSummary }
  | { state: "failed"; error: BackendError };

/** The queue as a whole: read once from `transfer_status`, then kept live by
 * `transfer_progress` events. */
export function useTransferProgress(): QueueState {
  const backend = useBackend();
  const [state, setState] = useState<QueueState>({ state: "loading" });
  useEffect(() => {
    let live = true;
    let heard = false;
    let stop: (() => void) | undefined;
    void backend
      .listen("transfer_progress", (p) => {
        heard = true;
        if (live) {
          setState({
            state: "ready",
            summary: { counts: p.counts, paused: p.paused, offline: p.offline, running: p.running },
          });
        }
      })
      .then((unlisten) => {
        if (live) stop = unlisten;
        else unlisten();
      });
    backend.call("transfer_status", {}).then(
      (s) => {
        if (live && !heard) {
          setState({
            state: "ready",
            summary: { counts: s.counts, paused: s.paused, offline: null, running: [] },
          });
        }
      },
      (reason: unknown) => live && !heard && setState({ state: "failed", error: toBackendError(reason) }),
    );
    return () => {
      live = false;
      stop?.();
    };
  }, [backend]);
  return state;
}
