import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { ShareOutcome } from "../../bindings/ShareOutcome";
import { ShareDialog } from "./ShareDialog";
import { renderWith } from "./render";

const pending: ShareOutcome = {
  job: 7,
  state: "pending",
  gallery: "Press kit Eco",
  recipients: ["press@example.org"],
  url: null,
  share_id: null,
  expires_at: "2027-01-31T23:59:59.999Z",
  reused: false,
  error: null,
};

const job = {
  id: 7,
  kind: "share" as const,
  state: "done" as const,
  summary: "Share 2 file(s)",
  attempts: 1,
  max_attempts: 8,
  next_try_at: null,
  last_error: null,
  attention_reason: null,
  created_at: "2026-12-04T01:00:00.000Z",
  updated_at: "2026-12-04T01:00:01.000Z",
  depends_on: [],
  link_id: null,
};

describe("the share dialog", () => {
  it("shares the selected SKUs into an existing gallery and shows the link and its expiry", async () => {
    let done = false;
    const share_products = vi.fn(() => ({
      job: 7,
      files: ["f1", "f2"],
      left_out: [{ sku: "MH04", file: "mh04-green_back.jpg", reason: "mh04-green_back.jpg: the licence expired" }],
      expires_at: "2027-01-31T23:59:59.999Z",
    }));
    const { backend } = renderWith(
      {
        share_galleries: () => ({ names: ["Press kit Eco", "Retail preview"] }),
        share_products,
        share_status: () =>
          done ? { ...pending, state: "done", url: "https://ps.example/share/S0001" } : pending,
      },
      <ShareDialog open onClose={() => {}} preset={{ selection: { by: "skus", value: ["MH04"] } }} />,
    );

    const existing = screen.getByLabelText("Existing gallery") as HTMLInputElement;
    await waitFor(() => expect(existing.disabled).toBe(false));
    fireEvent.click(existing);
    expect((screen.getByLabelText("Gallery") as HTMLSelectElement).value).toBe("Press kit Eco");
    fireEvent.change(screen.getByLabelText("E-mail addresses"), { target: { value: "press@example.org" } });
    fireEvent.change(screen.getByLabelText("Expires on (optional)"), { target: { value: "2027-01-31" } });
    fireEvent.click(screen.getByRole("button", { name: "Share" }));

    expect(await screen.findByText("2 images are being shared in the gallery Press kit Eco.")).toBeTruthy();
    expect(share_products).toHaveBeenCalledWith({
      selection: { by: "skus", value: ["MH04"] },
      gallery: "Press kit Eco",
      recipients: ["press@example.org"],
      expires_on: "2027-01-31",
      message: null,
      channel: null,
      region: null,
    });
    expect(screen.getByTestId("share-left-out").textContent).toContain("the licence expired");
    expect(screen.getByRole("button", { name: "Sharing…" })).toBeTruthy();

    done = true;
    act(() => backend.emit("job_changed", { job }));
    expect((await screen.findByTestId("share-link")).textContent).toBe("https://ps.example/share/S0001");
    expect(screen.getByTestId("share-expiry").textContent).toBe("The link opens until 2027-01-31.");
  });

  it("says why a share did not go out, in German", async () => {
    renderWith(
      {
        share_galleries: () => ({ names: [] }),
        share_products: () => ({ job: 9, files: ["f1"], left_out: [], expires_at: null }),
        share_status: () => ({ ...pending, job: 9, state: "stopped", error: "PhotoShelter refused the gallery name" }),
      },
      <ShareDialog open onClose={() => {}} preset={{ selection: { by: "campaign", value: "Eco" } }} />,
      "de",
    );
    fireEvent.change(screen.getByLabelText("Galerie"), { target: { value: "Presse" } });
    fireEvent.change(screen.getByLabelText("E-Mail-Adressen"), { target: { value: "a@b.example, c@d.example" } });
    fireEvent.click(screen.getByRole("button", { name: "Teilen" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Die Freigabe wurde nicht erstellt: PhotoShelter refused the gallery name",
    );
  });
});
