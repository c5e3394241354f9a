import { useState } from "react";
import { type BackendError, toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import type { ApprovalPreview } from "../../bindings/ApprovalPreview";
import type { AssetDetail } from "../../bindings/AssetDetail";
import { type MessageKey, useT } from "../../i18n";
import { useLinkArea } from "../link/LinkContext";

type Step =
  | { step: "idle" }
  | { step: "previewing" }
  | { step: "confirm"; preview: ApprovalPreview }
  | { step: "approving"; preview: ApprovalPreview }
  | { step: "done"; replaced: number; held: number }
  | { step: "failed"; error: BackendError };

/** "Approve": asks the core what approving would change, lists the products in a
 * confirmation, and approves only once that is confirmed. */
export function ApproveVersion({ asset }: { asset: AssetDetail }) {
  const t = useT();
  const backend = useBackend();
  const { changed } = useLinkArea();
  const [state, setState] = useState<Step>({ step: "idle" });
  const current = asset.versions?.members.find((m) => m.asset === asset.id)?.current ?? true;
  if (asset.deleted || (asset.approval === "approved" && current)) return null;

  const ask = () => {
    setState({ step: "previewing" });
    backend.call("approve_preview", { asset: asset.id }).then(
      (preview) => setState({ step: "confirm", preview }),
      (reason: unknown) => setState({ step: "failed", error: toBackendError(reason) }),
    );
  };
  const confirm = (preview: ApprovalPreview) => {
    setState({ step: "approving", preview });
    backend.call("approve_version", { asset: asset.id }).then(
      (approved) => {
        setState({ step: "done", replaced: approved.replaced.length, held: approved.held.length });
        changed();
      },
      (reason: unknown) => setState({ step: "failed", error: toBackendError(reason) }),
    );
  };

  return (
    <div className="approve">
      <button
        type="button"
        className="primary"
        onClick={ask}
        disabled={state.step === "previewing" || state.step === "approving"}
        data-testid="approve-button"
      >
        {t("link.approve.button")}
      </button>
      {state.step === "failed" && (
        <p role="alert" className="link-state__reason" data-testid="approve-error">
          {state.error.message}
        </p>
      )}
      {state.step === "done" && (
        <p role="status" data-testid="approve-done">
          {t("link.approve.done", { file: asset.file_name, replaced: state.replaced, held: state.held })}
        </p>
      )}
      {(state.step === "confirm" || state.step === "approving") && (
        <div
          className="dialog"
          role="dialog"
          aria-modal="true"
          aria-labelledby="approve-title"
          data-testid="approve-confirm-dialog"
          onKeyDown={(e) => e.key === "Escape" && setState({ step: "idle" })}
        >
          <h4 id="approve-title">{t("link.approve.title", { file: state.preview.file_name })}</h4>
          {state.preview.current_file && (
            <p>{t("link.approve.replacesVersion", { file: state.preview.current_file })}</p>
          )}
          {state.preview.products.length === 0 ? (
            <p data-testid="approve-preview-none">{t("link.approve.noProducts")}</p>
          ) : (
            <>
              <p>{t("link.approve.products", { count: state.preview.products.length })}</p>
              <ul className="approve__products" data-testid="approve-preview">
                {state.preview.products.map((p) => (
                  <li key={`${p.product}-${p.change}`} data-testid={`approve-preview-${p.sku ?? p.product}`}>
                    <strong>{p.sku ?? p.product}</strong> {p.name} —{" "}
                    {t(`link.approve.change.${p.change}` as MessageKey, {
                      file: p.from_file,
                      role: t(`link.role.${p.role}` as MessageKey),
                    })}
                    {p.reason && <span className="link-state__reason"> {p.reason}</span>}
                  </li>
                ))}
              </ul>
              {state.preview.owners_told > 0 && (
                <p className="muted">{t("link.approve.owners", { count: state.preview.owners_told })}</p>
              )}
            </>
          )}
          <p className="dialog__actions">
            <button
              type="button"
              className="primary"
              autoFocus
              disabled={state.step === "approving"}
              onClick={() => confirm(state.preview)}
              data-testid="approve-confirm"
            >
              {t("link.approve.confirm")}
            </button>
            <button type="button" onClick={() => setState({ step: "idle" })} data-testid="approve-cancel">
              {t("link.approve.cancel")}
            </button>
          </p>
        </div>
      )}
    </div>
  );
}
