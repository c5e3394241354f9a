// The Backend of the real app: every command goes through the shell's single `call`
// command, which dispatches through the core's declared list.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { type Backend, toBackendError } from "./Backend";

export function createTauriBackend(): Backend {
  return {
    async call(command, request) {
      try {
        return await invoke("call", { command, request });
      } catch (reason) {
        throw toBackendError(reason);
      }
    },
    async listen(event, handler) {
      return listen(event, (message) => handler(message.payload as never));
    },
  };
}
