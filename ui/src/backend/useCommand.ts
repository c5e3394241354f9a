import { useCallback, useEffect, useState } from "react";
import type { CommandName } from "../bindings/commands";
import { type BackendError, type Request, type Response, toBackendError } from "./Backend";
import { useBackend } from "./context";

export type CommandState<K extends CommandName> =
  | { state: "loading" }
  | { state: "ready"; data: Response<K> }
  | { state: "failed"; error: BackendError };

/** Runs `command` when the component mounts (and on `reload`), tracking its outcome. */
export function useCommand<K extends CommandName>(
  command: K,
  request: Request<K>,
): CommandState<K> & { reload: () => void } {
  const backend = useBackend();
  const [result, setResult] = useState<CommandState<K>>({ state: "loading" });
  const [round, setRound] = useState(0);
  const key = JSON.stringify(request);

  useEffect(() => {
    let current = true;
    setResult({ state: "loading" });
    backend.call(command, JSON.parse(key) as Request<K>).then(
      (data) => current && setResult({ state: "ready", data }),
      (reason: unknown) => current && setResult({ state: "failed", error: toBackendError(reason) }),
    );
    return () => {
      current = false;
    };
  }, [backend, command, key, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...result, reload };
}
