import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError } from "./Backend";
import { createTauriBackend } from "./tauri";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

describe("the Tauri backend", () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it("sends every command through the shell's one `call` command", async () => {
    invoke.mockResolvedValue({ app_version: "0.1.0" });

    const response = await createTauriBackend().call("app_status", {});

    expect(invoke).toHaveBeenCalledWith("call", { command: "app_status", request: {} });
    expect(response).toEqual({ app_version: "0.1.0" });
  });

  it("turns the core's error into a BackendError with its code", async () => {
    invoke.mockRejectedValue({ code: "workspace_unavailable", message: "the data folder is read-only" });

    const failure = await createTauriBackend().call("app_status", {}).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(BackendError);
    expect((failure as BackendError).code).toBe("workspace_unavailable");
    expect((failure as BackendError).message).toBe("the data folder is read-only");
  });

  it("reports a refusal of the shell itself as an internal error", async () => {
    invoke.mockRejectedValue("call not allowed on window `other`");

    const failure = await createTauriBackend().call("app_status", {}).catch((e: unknown) => e);

    expect((failure as BackendError).code).toBe("internal");
    expect((failure as BackendError).message).toBe("call not allowed on window `other`");
  });
});
