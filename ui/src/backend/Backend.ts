// The one way the UI reaches the core. Every call is typed from the generated command map,
// so a command that does not exist, or a request of the wrong shape, does not compile.
import type { CommandError } from "../bindings/CommandError";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { CommandName, Commands } from "../bindings/commands";
import type { EventName, Events } from "../bindings/events";

export type Request<K extends CommandName> = Commands[K]["request"];
export type Response<K extends CommandName> = Commands[K]["response"];

export interface Backend {
  /** Runs one declared core command. Rejects with a {@link BackendError}. */
  call<K extends CommandName>(command: K, request: Request<K>): Promise<Response<K>>;
  /** Calls `handler` for each core event `event`; resolves to a function that stops it. */
  listen<E extends EventName>(event: E, handler: (payload: Events[E]) => void): Promise<() => void>;
}

/** A failed command: the core's error code and its message (which says what to do). */
export class BackendError extends Error {
  readonly code: ErrorCode;

  constructor(error: CommandError) {
    super(error.message);
    this.name = "BackendError";
    this.code = error.code;
  }
}

/** Turns whatever a transport rejected with into a {@link BackendError}. */
export function toBackendError(reason: unknown): BackendError {
  if (reason instanceof BackendError) return reason;
  if (isCommandError(reason)) return new BackendError(reason);
  const message = reason instanceof Error ? reason.message : String(reason);
  return new BackendError({ code: "internal", message });
}

function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}
