import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../backend/Backend";
import type { FakeHandlers } from "../../backend/fake";
import type { AccountView } from "../../bindings/AccountView";
import type { Preferences } from "../../bindings/Preferences";
import { appStatus, renderApp } from "../../test/render";

const preferences: Preferences = {
  warning_windows: [30, 14, 0],
  unknown_rights: "allow_with_warning",
  version_rule: "{sku}[_{view}][_v{version}]",
  approval: { kind: "keyword", keyword: "approved" },
};

const allportal: AccountView = {
  id: "allportal:api-user@dam.example.com",
  service: "allportal",
  base_url: "https://dam.example.com",
  user: "api-user",
  organization: null,
  stored: ["api_key", "password"],
  connected_at: "2026-12-01T10:00:00.000Z",
  mapping: { product: { sku: "sku" } },
};

async function openSettings(handlers: FakeHandlers, workspace: "demo" | "live" = "live") {
  const rendered = renderApp({
    app_status: () => appStatus({ workspace }),
    settings_get: () => preferences,
    accounts_list: () => ({ accounts: [], for_live_workspace: false }),
    ...handlers,
  });
  fireEvent.click(await screen.findByTestId("view-settings"));
  return rendered;
}

const change = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

describe("the Settings view", () => {
  it("opens from the demo banner and says where accounts are kept", async () => {
    renderApp({
      app_status: () => appStatus({ workspace: "demo" }),
      settings_get: () => preferences,
      accounts_list: () => ({ accounts: [], for_live_workspace: true }),
    });
    fireEvent.click(await screen.findByTestId("demo-connect"));

    expect(await screen.findByRole("heading", { level: 2, name: "Settings" })).toBeTruthy();
    expect((await screen.findByTestId("settings-for-live")).textContent).toContain("kept for your live workspace");
    expect(screen.getByText("No accounts connected")).toBeTruthy();
  });

  it("connects an account, sends the secrets once and clears them, and never shows one", async () => {
    let accounts: AccountView[] = [];
    const { backend } = await openSettings({
      accounts_list: () => ({ accounts, for_live_workspace: false }),
      account_connect: (r) => {
        accounts = [{ ...allportal, base_url: r.base_url, user: r.user }];
        return { account: accounts[0]!, notes: ["the events feed `shelflink_product` is ready"] };
      },
    });
    const form = await screen.findByTestId("connect-allportal");
    change(within(form).getByLabelText("Address"), "https://dam.example.com");
    change(within(form).getByLabelText("User name"), "api-user");
    change(within(form).getByLabelText("API key"), "75d6a19f-key");
    change(within(form).getByLabelText("Password"), "ap-pass-Zr52");
    fireEvent.click(within(form).getByTestId("connect-allportal-submit"));

    expect(await within(form).findByRole("status")).toBeTruthy();
    expect(within(form).getByRole("status").textContent).toBe(
      "Connected allportal:api-user@dam.example.com · the events feed `shelflink_product` is ready",
    );
    expect((within(form).getByLabelText("API key") as HTMLInputElement).value).toBe("");
    expect((within(form).getByLabelText("Password") as HTMLInputElement).value).toBe("");
    expect(backend.calls.find((c) => c.command === "account_connect")?.request).toEqual({
      service: "allportal",
      base_url: "https://dam.example.com",
      user: "api-user",
      organization: null,
      api_key: "75d6a19f-key",
      password: "ap-pass-Zr52",
      mapping: null,
    });
    const listed = await screen.findByTestId("account-allportal");
    expect(listed.textContent).toContain("API key stored · Password stored");
    expect(document.body.textContent).not.toContain("ap-pass-Zr52");
  });

  it("shows the core's reason when signing in fails", async () => {
    await openSettings({
      account_connect: () => {
        throw new BackendError({ code: "refused", message: "PhotoShelter refused the API key: check it in your account" });
      },
    });
    const form = await screen.findByTestId("connect-photoshelter");
    change(within(form).getByLabelText("E-mail"), "ana@example.org");
    change(within(form).getByLabelText("API key"), "k");
    change(within(form).getByLabelText("Password"), "p");
    fireEvent.submit(form);
    expect((await within(form).findByRole("alert")).textContent).toBe(
      "PhotoShelter refused the API key: check it in your account",
    );
  });

  it("validates the field mapping against the instance and shows the missing field", async () => {
    let attempt = 0;
    const { backend } = await openSettings({
      accounts_list: () => ({ accounts: [allportal], for_live_workspace: false }),
      mapping_validate: () => {
        attempt += 1;
        if (attempt === 1) {
          throw new BackendError({ code: "refused", message: "the module product has no field sku_code (the SKU)" });
        }
        return { modules: ["product", "file"], account: allportal };
      },
    });
    const text = await screen.findByTestId("mapping-text");
    change(text, '{"product": {"sku": "sku_code"}}');
    fireEvent.click(screen.getByTestId("mapping-validate"));
    expect((await screen.findByTestId("mapping-outcome")).textContent).toBe(
      "the module product has no field sku_code (the SKU)",
    );
    expect(backend.calls.find((c) => c.command === "mapping_validate")?.request).toEqual({
      account: allportal.id,
      mapping: { product: { sku: "sku_code" } },
    });

    change(text, "{not json");
    fireEvent.click(screen.getByTestId("mapping-validate"));
    expect((await screen.findByTestId("mapping-outcome")).textContent).toMatch(/^The mapping is not valid JSON/);
    expect(backend.calls.filter((c) => c.command === "mapping_validate")).toHaveLength(1);

    change(text, '{"product": {"sku": "sku"}}');
    fireEvent.click(screen.getByTestId("mapping-validate"));
    expect(await screen.findByText("The mapping fits the instance (modules product, file) and is kept.")).toBeTruthy();
  });

  it("saves warning windows, unknown rights, the version rule and the approval signal", async () => {
    const { backend } = await openSettings({ settings_save: (p) => ({ ...p, warning_windows: [60, 7, 0] }) });
    change(await screen.findByTestId("settings-windows"), "7, 60 0");
    fireEvent.click(screen.getByTestId("settings-unknown-block"));
    change(screen.getByTestId("settings-rule"), "{sku}_{view}");
    fireEvent.click(screen.getByTestId("settings-signal-gallery"));
    change(screen.getByTestId("settings-signal-value"), "Approved finals");
    fireEvent.click(screen.getByTestId("settings-save"));

    expect((await screen.findByTestId("settings-outcome")).textContent).toBe("Preferences saved.");
    expect(backend.calls.find((c) => c.command === "settings_save")?.request).toEqual({
      warning_windows: [7, 60, 0],
      unknown_rights: "block",
      version_rule: "{sku}_{view}",
      approval: { kind: "gallery", name: "Approved finals" },
    });
    expect((screen.getByTestId("settings-windows") as HTMLInputElement).value).toBe("60, 7, 0");
  });

  it("refuses windows that are not whole days before asking the core, and shows the core's refusal", async () => {
    const { backend } = await openSettings({
      settings_save: () => {
        throw new BackendError({ code: "invalid_request", message: 'the file-name pattern "{view}" has no {sku}: add {sku} where the SKU stands' });
      },
    });
    change(await screen.findByTestId("settings-windows"), "30, two weeks");
    fireEvent.click(screen.getByTestId("settings-save"));
    expect((await screen.findByTestId("settings-outcome")).textContent).toContain("whole days");
    expect(backend.calls.some((c) => c.command === "settings_save")).toBe(false);

    change(screen.getByTestId("settings-windows"), "30");
    fireEvent.click(screen.getByTestId("settings-save"));
    expect(await screen.findByText(/has no \{sku\}: add \{sku\}/)).toBeTruthy();
  });

  it("says when the settings cannot be read", async () => {
    await openSettings({
      settings_get: () => {
        throw new BackendError({ code: "internal", message: "the settings file /x/settings.json is not valid" });
      },
      accounts_list: () => {
        throw new BackendError({ code: "internal", message: "cannot read the settings file" });
      },
    });
    expect(await screen.findByText("The preferences could not be read: the settings file /x/settings.json is not valid")).toBeTruthy();
    expect(screen.getByText("The accounts could not be read: cannot read the settings file")).toBeTruthy();
  });
});
