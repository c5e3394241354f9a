import { useCallback, useEffect, useRef, useState } from "react";
import type { CommandName } from "../../bindings/commands";
import { type Request, toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import type { CommandState } from "../../backend/useCommand";

/** Like `useCommand`, and runs the command again whenever `revision` moves (links changed,
 * a transfer job moved) while keeping what it shows until the new answer arrives, so a
 * pane does not flash "Loading…" on every change. */
export function useLiveCommand<K extends CommandName>(
  command: K,
  request: Request<K>,
  revision: number,
): CommandState<K> & { reload: () => void } {
  const backend = useBackend();
  const [result, setResult] = useState<CommandState<K>>({ state: "loading" });
  const [round, setRound] = useState(0);
  const key = JSON.stringify(request);
  const asked = useRef(0);

  const run = useCallback(
    (clear: boolean) => {
      const ticket = ++asked.current;
      if (clear) setResult({ state: "loading" });
      backend.call(command, JSON.parse(key) as Request<K>).then(
        (data) => ticket === asked.current && setResult({ state: "ready", data }),
        (reason: unknown) =>
          ticket === asked.current && setResult({ state: "failed", error: toBackendError(reason) }),
      );
    },
    [backend, command, key],
  );

  useEffect(() => {
    run(true);
    return () => {
      asked.current += 1;
    };
  }, [run, round]);

  const seen = useRef(revision);
  useEffect(() => {
    if (revision === seen.current) return;
    seen.current = revision;
    run(false);
  }, [revision, run]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...result, reload };
}
