import { describe, expect, it } from "vitest";
import { BackendError } from "./Backend";
import { FakeBackend } from "./fake";

describe("the fake backend", () => {
  it("rejects a command it has no handler for, as the core rejects an unknown one", async () => {
    const failure = await new FakeBackend({}).call("app_status", {}).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(BackendError);
    expect((failure as BackendError).code).toBe("unknown_command");
  });
});
