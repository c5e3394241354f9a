// The export dialog: choose products (a campaign, a category or the selected SKUs), the
// size, the intended use and the target folder; follow the progress; see what was exported
// and which images were left out, with the reason.
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import type { ExportProgress } from "../../bindings/ExportProgress";
import type { ExportReport } from "../../bindings/ExportReport";
import type { ExportStarted } from "../../bindings/ExportStarted";
import type { ImageSize } from "../../bindings/ImageSize";
import type { LeftOut } from "../../bindings/LeftOut";
import type { Selection } from "../../bindings/Selection";
import { useT } from "../../i18n";
import "./dialog.css";

export interface ExportPreset {
  selection?: Selection;
}

type By = Selection["by"];
const CHANNELS = ["", "web", "print", "social", "marketplace", "press"] as const;

function selectionOf(by: By, text: string): Selection {
  if (by === "skus") {
    return { by, value: text.split(/[\s,]+/).filter((s) => s.length > 0) };
  }
  return { by, value: text.trim() };
}

function presetText(selection?: Selection): string {
  if (!selection) return "";
  return Array.isArray(selection.value) ? selection.value.join(", ") : selection.value;
}

export function LeftOutList({ items }: { items: LeftOut[] }) {
  const t = useT();
  if (items.length === 0) return null;
  return (
    <section aria-label={t("export.leftOut.title", { count: items.length })}>
      <h4>{t("export.leftOut.title", { count: items.length })}</h4>
      <ul className="dialog__list" data-testid="left-out">
        {items.map((l) => (
          <li key={`${l.sku}-${l.photoshelter_id}-${l.position}`}>
            <strong>
              {l.sku} #{l.position}
            </strong>{" "}
            {l.original_file_name}: {l.reason_text}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ExportDialog({
  open,
  onClose,
  preset,
}: {
  open: boolean;
  onClose: () => void;
  preset?: ExportPreset;
}) {
  const t = useT();
  const backend = useBackend();
  const titleId = useId();
  const [by, setBy] = useState<By>(preset?.selection?.by ?? "campaign");
  const [what, setWhat] = useState(presetText(preset?.selection));
  const [originals, setOriginals] = useState(true);
  const [width, setWidth] = useState("1600");
  const [height, setHeight] = useState("1600");
  const [channel, setChannel] = useState("");
  const [region, setRegion] = useState("");
  const [target, setTarget] = useState("");
  const [targetEdited, setTargetEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<ExportStarted | null>(null);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [report, setReport] = useState<ExportReport | null>(null);

  // Suggest a folder named for what is exported, until the user types their own.
  useEffect(() => {
    if (!open || targetEdited) return;
    const label = what.trim() || t("export.defaultLabel");
    let current = true;
    backend.call("export_folder", { label }).then(
      (folder) => current && setTarget(folder.path),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [backend, open, what, targetEdited, t]);

  // The export's progress, listened to while the dialog is open: an export can send its
  // first (or, when small, every) progress before `export_start` answers, so what arrives
  // before its id is known is kept and shown once it is.
  const startedId = useRef<string | null>(null);
  const early = useRef(new Map<string, ExportProgress>());
  const show = useCallback((p: ExportProgress) => {
    setProgress(p);
    if (p.report) setReport(p.report);
    if (p.phase === "failed") setError(p.error);
  }, []);
  useEffect(() => {
    if (!open) return;
    let stop: (() => void) | undefined;
    let live = true;
    backend
      .listen("export_progress", (p) => {
        if (startedId.current === null) early.current.set(p.export, p);
        else if (p.export === startedId.current) show(p);
      })
      .then((unlisten) => (live ? (stop = unlisten) : unlisten()));
    return () => {
      live = false;
      stop?.();
    };
  }, [backend, open, show]);

  if (!open) return null;

  const running = started !== null && report === null && progress?.phase !== "failed";
  const size: ImageSize = originals
    ? { kind: "original" }
    : { kind: "fit", width: Number(width), height: Number(height) };

  async function start() {
    setError(null);
    setReport(null);
    setProgress(null);
    startedId.current = null;
    early.current.clear();
    try {
      const answer = await backend.call("export_start", {
        selection: selectionOf(by, what),
        size,
        use: { channel: channel || null, region: region.trim().toUpperCase() || null },
        target,
      });
      startedId.current = answer.export;
      setStarted(answer);
      const before = early.current.get(answer.export);
      early.current.clear();
      if (before) show(before);
    } catch (reason) {
      setError(toBackendError(reason).message);
    }
  }

  async function cancel() {
    if (started) await backend.call("export_cancel", { export: started.export });
  }

  const byLabel = { campaign: "export.by.campaign", category: "export.by.category", skus: "export.by.skus" } as const;
  return (
    <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
      <h3 id={titleId}>{t("export.title")}</h3>
      <fieldset disabled={running}>
        <legend>{t("export.products")}</legend>
        {(["campaign", "category", "skus"] as const).map((b) => (
          <label key={b}>
            <input type="radio" name="export-by" checked={by === b} onChange={() => setBy(b)} />
            {t(byLabel[b])}
          </label>
        ))}
        <label>
          {t(by === "skus" ? "export.skus" : by === "campaign" ? "export.campaign" : "export.category")}
          <input value={what} onChange={(e) => setWhat(e.target.value)} />
        </label>
      </fieldset>
      <fieldset disabled={running}>
        <legend>{t("export.size")}</legend>
        <label>
          <input type="radio" name="export-size" checked={originals} onChange={() => setOriginals(true)} />
          {t("export.originals")}
        </label>
        <label>
          <input type="radio" name="export-size" checked={!originals} onChange={() => setOriginals(false)} />
          {t("export.fit")}
        </label>
        {!originals && (
          <span className="dialog__row">
            <label>
              {t("export.width")}
              <input inputMode="numeric" value={width} onChange={(e) => setWidth(e.target.value)} />
            </label>
            <label>
              {t("export.height")}
              <input inputMode="numeric" value={height} onChange={(e) => setHeight(e.target.value)} />
            </label>
          </span>
        )}
      </fieldset>
      <fieldset disabled={running}>
        <legend>{t("export.use")}</legend>
        <label>
          {t("export.channel")}
          <select value={channel} onChange={(e) => setChannel(e.target.value)}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {c === "" ? t("export.channel.any") : c}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("export.region")}
          <input maxLength={2} value={region} placeholder="DE" onChange={(e) => setRegion(e.target.value)} />
        </label>
      </fieldset>
      <label>
        {t("export.target")}
        <input
          value={target}
          disabled={running}
          onChange={(e) => {
            setTargetEdited(true);
            setTarget(e.target.value);
          }}
        />
      </label>
      {error && (
        <p className="dialog__error" role="alert">
          {error}
        </p>
      )}
      {started && !report && (
        <section aria-live="polite">
          <p>{t("export.planned", { total: started.total, products: started.products, target: started.target })}</p>
          <progress max={started.total} value={progress?.done ?? 0} aria-label={t("export.progress")} />
          <p data-testid="export-progress">
            {t("export.progressText", { done: progress?.done ?? 0, total: started.total })}
          </p>
          <LeftOutList items={started.left_out} />
        </section>
      )}
      {report && (
        <section aria-live="polite" data-testid="export-result">
          <p>
            {t(report.phase === "finished" ? "export.done" : "export.stopped", {
              images: report.images.length,
              downloaded: report.downloaded,
              unchanged: report.unchanged,
              target: report.target,
            })}
          </p>
          <LeftOutList items={report.left_out} />
        </section>
      )}
      <div className="dialog__buttons">
        {running ? (
          <button type="button" onClick={cancel}>
            {t("export.cancel")}
          </button>
        ) : (
          <button type="button" onClick={start} disabled={what.trim() === "" || target.trim() === ""}>
            {t(report ? "export.again" : "export.start")}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {t("export.close")}
        </button>
      </div>
    </div>
  );
}
