// An in-memory Backend for UI tests: each command answers from a handler the test gives,
// every call is recorded, and events are emitted by hand.
import type { CommandName } from "../bindings/commands";
import type { EventName, Events } from "../bindings/events";
import { type Backend, BackendError, type Request, type Response } from "./Backend";

export type FakeHandlers = {
  [K in CommandName]?: (request: Request<K>) => Response<K> | Promise<Response<K>>;
};

export interface RecordedCall {
  command: CommandName;
  request: unknown;
}

export class FakeBackend implements Backend {
  readonly calls: RecordedCall[] = [];
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();

  constructor(private readonly handlers: FakeHandlers) {}

  async call<K extends CommandName>(command: K, request: Request<K>): Promise<Response<K>> {
    this.calls.push({ command, request });
    const handler = this.handlers[command] as
      | ((request: Request<K>) => Response<K> | Promise<Response<K>>)
      | undefined;
    if (!handler) {
      throw new BackendError({
        code: "unknown_command",
        message: `the fake backend has no handler for ${command}`,
      });
    }
    try {
      return await handler(request);
    } catch (reason) {
      throw reason instanceof BackendError
        ? reason
        : new BackendError({ code: "internal", message: String(reason) });
    }
  }

  async listen<E extends EventName>(
    event: E,
    handler: (payload: Events[E]) => void,
  ): Promise<() => void> {
    const set = this.listeners.get(event) ?? new Set();
    set.add(handler as (payload: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(handler as (payload: never) => void);
  }

  /** Delivers `payload` to every listener of `event`, as the core would. */
  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const handler of this.listeners.get(event) ?? []) handler(payload as never);
  }
}
