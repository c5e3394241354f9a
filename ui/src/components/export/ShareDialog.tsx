// The share dialog: the images of products (the selected SKUs or a campaign) go to a new or
// existing PhotoShelter gallery, shared with outside recipients, optionally until a date;
// it shows which images may not go out and why, then the link and its expiry.
import { useEffect, useId, useState } from "react";
import { toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import type { QueuedShare } from "../../bindings/QueuedShare";
import type { Selection } from "../../bindings/Selection";
import type { ShareOutcome } from "../../bindings/ShareOutcome";
import { useT } from "../../i18n";
import "./dialog.css";

export interface SharePreset {
  selection?: Selection;
  gallery?: string;
}

function presetText(selection?: Selection): string {
  if (!selection) return "";
  return Array.isArray(selection.value) ? selection.value.join(", ") : selection.value;
}

export function ShareDialog({
  open,
  onClose,
  preset,
}: {
  open: boolean;
  onClose: () => void;
  preset?: SharePreset;
}) {
  const t = useT();
  const backend = useBackend();
  const titleId = useId();
  const [byCampaign, setByCampaign] = useState(preset?.selection?.by === "campaign");
  const [what, setWhat] = useState(presetText(preset?.selection));
  const [existing, setExisting] = useState<string[]>([]);
  const [newGallery, setNewGallery] = useState(true);
  const [gallery, setGallery] = useState(preset?.gallery ?? "");
  const [recipients, setRecipients] = useState("");
  const [expires, setExpires] = useState("");
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState<QueuedShare | null>(null);
  const [outcome, setOutcome] = useState<ShareOutcome | null>(null);

  useEffect(() => {
    if (!open) return;
    let current = true;
    backend.call("share_galleries", {}).then(
      (g) => current && setExisting(g.names),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [backend, open]);

  // Once queued: read the job's outcome now and whenever the job changes.
  useEffect(() => {
    if (!queued) return;
    let live = true;
    let stop: (() => void) | undefined;
    const read = () =>
      backend.call("share_status", { job: queued.job }).then(
        (o) => live && setOutcome(o),
        (reason: unknown) => live && setError(toBackendError(reason).message),
      );
    backend
      .listen("job_changed", (changed) => {
        if (changed.job.id === queued.job) void read();
      })
      .then((unlisten) => (live ? (stop = unlisten) : unlisten()));
    void read();
    return () => {
      live = false;
      stop?.();
    };
  }, [backend, queued]);

  if (!open) return null;

  const sending = queued !== null && (outcome === null || outcome.state === "pending");
  const list = recipients.split(/[\s,;]+/).filter((r) => r.length > 0);

  async function share() {
    setError(null);
    setOutcome(null);
    try {
      const selection: Selection = byCampaign
        ? { by: "campaign", value: what.trim() }
        : { by: "skus", value: what.split(/[\s,]+/).filter((s) => s.length > 0) };
      const answer = await backend.call("share_products", {
        selection,
        gallery: gallery.trim(),
        recipients: list,
        expires_on: expires || null,
        message: message.trim() || null,
        channel: null,
        region: null,
      });
      setQueued(answer);
    } catch (reason) {
      setError(toBackendError(reason).message);
    }
  }

  return (
    <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
      <h3 id={titleId}>{t("share.title")}</h3>
      <fieldset disabled={sending}>
        <legend>{t("share.products")}</legend>
        <label>
          <input type="radio" name="share-by" checked={!byCampaign} onChange={() => setByCampaign(false)} />
          {t("share.by.skus")}
        </label>
        <label>
          <input type="radio" name="share-by" checked={byCampaign} onChange={() => setByCampaign(true)} />
          {t("share.by.campaign")}
        </label>
        <label>
          {t(byCampaign ? "share.campaign" : "share.skus")}
          <input value={what} onChange={(e) => setWhat(e.target.value)} />
        </label>
      </fieldset>
      <fieldset disabled={sending}>
        <legend>{t("share.gallery")}</legend>
        <label>
          <input type="radio" name="share-gallery" checked={newGallery} onChange={() => setNewGallery(true)} />
          {t("share.gallery.new")}
        </label>
        <label>
          <input
            type="radio"
            name="share-gallery"
            checked={!newGallery}
            disabled={existing.length === 0}
            onChange={() => {
              setNewGallery(false);
              if (!existing.includes(gallery)) setGallery(existing[0] ?? "");
            }}
          />
          {t("share.gallery.existing")}
        </label>
        {newGallery ? (
          <label>
            {t("share.gallery.name")}
            <input value={gallery} onChange={(e) => setGallery(e.target.value)} />
          </label>
        ) : (
          <label>
            {t("share.gallery.name")}
            <select value={gallery} onChange={(e) => setGallery(e.target.value)}>
              {existing.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          </label>
        )}
      </fieldset>
      <fieldset disabled={sending}>
        <legend>{t("share.recipients")}</legend>
        <label>
          {t("share.recipients.hint")}
          <input value={recipients} onChange={(e) => setRecipients(e.target.value)} />
        </label>
        <label>
          {t("share.expires")}
          <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </label>
        <label>
          {t("share.message")}
          <textarea value={message} onChange={(e) => setMessage(e.target.value)} />
        </label>
      </fieldset>
      {error && (
        <p className="dialog__error" role="alert">
          {error}
        </p>
      )}
      {queued && (
        <section aria-live="polite">
          <p>{t("share.queued", { files: queued.files.length, gallery: gallery.trim() })}</p>
          {queued.left_out.length > 0 && (
            <>
              <h4>{t("share.leftOut", { count: queued.left_out.length })}</h4>
              <ul className="dialog__list" data-testid="share-left-out">
                {queued.left_out.map((l) => (
                  <li key={`${l.sku}-${l.file}`}>
                    <strong>{l.sku}</strong> {l.file}: {l.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      {outcome?.state === "done" && (
        <section data-testid="share-result">
          <p>{t("share.done", { recipients: outcome.recipients.join(", ") })}</p>
          <p className="dialog__link" data-testid="share-link">
            {outcome.url}
          </p>
          <p data-testid="share-expiry">
            {outcome.expires_at
              ? t("share.expiresOn", { date: outcome.expires_at.slice(0, 10) })
              : t("share.noExpiry")}
          </p>
        </section>
      )}
      {outcome?.state === "stopped" && (
        <p className="dialog__error" role="alert">
          {t("share.stopped", { reason: outcome.error ?? "" })}
        </p>
      )}
      <div className="dialog__buttons">
        <button
          type="button"
          onClick={share}
          disabled={sending || what.trim() === "" || gallery.trim() === "" || list.length === 0}
        >
          {t(sending ? "share.sending" : "share.start")}
        </button>
        <button type="button" onClick={onClose}>
          {t("share.close")}
        </button>
      </div>
    </div>
  );
}
