// Calls `reload` whenever one of the core events in `events` arrives (e.g. the status bar's
// counts after a sync finished).
import { useEffect } from "react";
import type { EventName } from "../bindings/events";
import { useBackend } from "./context";

export function useReloadOn(events: readonly EventName[], reload: () => void): void {
  const backend = useBackend();
  const key = events.join(",");
  useEffect(() => {
    let active = true;
    const stops: (() => void)[] = [];
    for (const event of key.split(",") as EventName[]) {
      void backend.listen(event, () => reload()).then((stop) => {
        if (active) stops.push(stop);
        else stop();
      });
    }
    return () => {
      active = false;
      for (const stop of stops) stop();
    };
  }, [backend, key, reload]);
}
