import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { BackendError } from "../../backend/Backend";
import type { ExportProgress } from "../../bindings/ExportProgress";
import type { ExportReport } from "../../bindings/ExportReport";
import type { LeftOut } from "../../bindings/LeftOut";
import { ExportDialog } from "./ExportDialog";
import { renderWith } from "./render";

const expired: LeftOut = {
  sku: "MH04",
  name: "Mars HeatTech Pullover",
  role: "gallery",
  position: 3,
  photoshelter_id: "I0003",
  original_file_name: "mh04-green_back.jpg",
  reason: { kind: "rights", blocked: { kind: "expired", since: "2026-12-01" } },
  reason_text: "the licence expired: it ended on 2026-12-01. Renew the licence or choose another image",
};

const report: ExportReport = {
  target: "/home/ana/Pictures/Shelflink exports/Eco",
  phase: "finished",
  products: 2,
  images: [],
  left_out: [expired],
  without_images: [],
  downloaded: 3,
  unchanged: 1,
  bytes_downloaded: 250000,
};

/** The last progress event of export `e1`: finished, with `report`. */
const finished: ExportProgress = {
  export: "e1",
  phase: "finished",
  total: 4,
  done: 4,
  downloaded: 3,
  bytes: 250000,
  current: null,
  error: null,
  report,
};

function handlers() {
  return {
    export_folder: ({ label }: { label: string }) => ({ path: `/home/ana/Pictures/Shelflink exports/${label}` }),
    export_start: vi.fn(() => ({
      export: "e1",
      target: "/home/ana/Pictures/Shelflink exports/Eco",
      products: 2,
      total: 4,
      left_out: [expired],
      without_images: [],
    })),
    export_cancel: vi.fn(() => ({ stopping: true })),
  };
}

describe("the export dialog", () => {
  it("exports a campaign's originals into the suggested folder and shows the result with the left-out reasons", async () => {
    const h = handlers();
    const { backend } = renderWith(h, <ExportDialog open onClose={() => {}} />);

    fireEvent.change(screen.getByLabelText("Campaign name"), { target: { value: "Eco" } });
    const folder = screen.getByLabelText("Target folder") as HTMLInputElement;
    await waitFor(() => expect(folder.value).toBe("/home/ana/Pictures/Shelflink exports/Eco"));
    fireEvent.click(screen.getByRole("button", { name: "Export" }));

    expect(await screen.findByText("4 images of 2 products go to /home/ana/Pictures/Shelflink exports/Eco.")).toBeTruthy();
    expect(h.export_start).toHaveBeenCalledWith({
      selection: { by: "campaign", value: "Eco" },
      size: { kind: "original" },
      use: { channel: null, region: null },
      target: "/home/ana/Pictures/Shelflink exports/Eco",
    });
    act(() =>
      backend.emit("export_progress", {
        export: "e1",
        phase: "running",
        total: 4,
        done: 2,
        downloaded: 2,
        bytes: 1000,
        current: "MH04_02_gallery.jpg",
        error: null,
        report: null,
      }),
    );
    expect(screen.getByTestId("export-progress").textContent).toBe("2 of 4 images");
    act(() => backend.emit("export_progress", finished));
    const result = screen.getByTestId("export-result");
    expect(result.textContent).toContain(
      "Done: 0 images in /home/ana/Pictures/Shelflink exports/Eco (3 downloaded, 1 unchanged).",
    );
    expect(screen.getByTestId("left-out").textContent).toContain("MH04 #3 mh04-green_back.jpg: the licence expired");
  });

  it("shows a small export's result even when it finished before the start was answered", async () => {
    const h = handlers();
    const started = h.export_start.getMockImplementation()!;
    h.export_start.mockImplementation(() => {
      rendered.backend.emit("export_progress", finished);
      return started();
    });
    const rendered = renderWith(h, <ExportDialog open onClose={() => {}} />);
    fireEvent.change(screen.getByLabelText("Campaign name"), { target: { value: "Eco" } });
    fireEvent.change(screen.getByLabelText("Target folder"), { target: { value: "/tmp/eco" } });
    fireEvent.click(screen.getByRole("button", { name: "Export" }));

    expect((await screen.findByTestId("export-result")).textContent).toContain("3 downloaded, 1 unchanged");
  });

  it("sends the selected SKUs, a size and the intended use, and can stop a running export", async () => {
    const h = handlers();
    renderWith(h, <ExportDialog open onClose={() => {}} preset={{ selection: { by: "skus", value: ["MH04", "MJ04"] } }} />);

    fireEvent.click(screen.getByLabelText("Fit inside a size"));
    fireEvent.change(screen.getByLabelText("Width (px)"), { target: { value: "800" } });
    fireEvent.change(screen.getByLabelText("Height (px)"), { target: { value: "600" } });
    fireEvent.change(screen.getByLabelText("Channel"), { target: { value: "print" } });
    fireEvent.change(screen.getByLabelText("Country"), { target: { value: "de" } });
    fireEvent.change(screen.getByLabelText("Target folder"), { target: { value: "/tmp/sell sheet" } });
    fireEvent.click(screen.getByRole("button", { name: "Export" }));

    await screen.findByRole("button", { name: "Stop" });
    expect(h.export_start).toHaveBeenCalledWith({
      selection: { by: "skus", value: ["MH04", "MJ04"] },
      size: { kind: "fit", width: 800, height: 600 },
      use: { channel: "print", region: "DE" },
      target: "/tmp/sell sheet",
    });
    fireEvent.click(screen.getByRole("button", { name: "Stop" }));
    await waitFor(() => expect(h.export_cancel).toHaveBeenCalledWith({ export: "e1" }));
  });

  it("shows the core's reason when the export cannot start, in German", async () => {
    renderWith(
      {
        export_folder: () => ({ path: "/home/ana/Bilder/Shelflink exports/Export" }),
        export_start: () => {
          throw new BackendError({
            code: "not_found",
            message: "no product in the cache is in the campaign Öko: check the spelling, or sync 4ALLPORTAL first",
          });
        },
      },
      <ExportDialog open onClose={() => {}} />,
      "de",
    );
    fireEvent.change(screen.getByLabelText("Name der Kampagne"), { target: { value: "Öko" } });
    await waitFor(() => expect((screen.getByLabelText("Zielordner") as HTMLInputElement).value).not.toBe(""));
    fireEvent.click(screen.getByRole("button", { name: "Exportieren" }));
    expect((await screen.findByRole("alert")).textContent).toContain("no product in the cache is in the campaign Öko");
  });

  it("renders nothing while closed", () => {
    const { container } = renderWith(handlers(), <ExportDialog open={false} onClose={() => {}} />);
    expect(container.textContent).toBe("");
  });
});
