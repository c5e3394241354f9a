import { useT } from "../../i18n";
import { useLinkArea } from "./LinkContext";

/** What the last link or undo did, next to the products it went to: how many were linked,
 * each refused image with the core's reason, and Undo. */
export function LinkFeedback() {
  const t = useT();
  const { linking } = useLinkArea();
  const { feedback } = linking;
  if (!feedback) return null;
  if (feedback.kind === "nothing") {
    return (
      <div className="link-feedback" role="status" data-testid="link-feedback">
        <p>{t("link.feedback.nothingToUndo")}</p>
        <button type="button" className="linkish" onClick={linking.dismiss}>
          {t("link.feedback.dismiss")}
        </button>
      </div>
    );
  }
  const sku = feedback.product.sku ?? feedback.product.name;
  if (feedback.kind === "undone") {
    return (
      <div className="link-feedback" role="status" data-testid="link-feedback">
        <p data-testid="link-undone">{t("link.feedback.undone", { count: feedback.count, sku })}</p>
        {feedback.failed.map((f) => (
          <p key={f.asset} className="link-feedback__refusal">
            {f.reason}
          </p>
        ))}
        <button type="button" className="linkish" onClick={linking.dismiss}>
          {t("link.feedback.dismiss")}
        </button>
      </div>
    );
  }
  const { linked, already, refused, warnings } = feedback;
  return (
    <div
      className={`link-feedback${refused.length ? " link-feedback--refused" : ""}`}
      role={refused.length ? "alert" : "status"}
      data-testid="link-feedback"
    >
      {linked.length > 0 && <p data-testid="link-done">{t("link.feedback.linked", { count: linked.length, sku })}</p>}
      {already.length > 0 && <p>{t("link.feedback.already", { count: already.length, sku })}</p>}
      {refused.length > 0 && (
        <div data-testid="link-refusal">
          <p className="link-feedback__title">{t("link.feedback.refused", { count: refused.length, sku })}</p>
          <ul>
            {refused.map((r) => (
              <li key={r.asset} data-testid={`link-refusal-${r.asset}`}>
                {r.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {warnings.map((w) => (
        <p key={w} className="link-feedback__warning">
          {w}
        </p>
      ))}
      <p className="link-feedback__actions">
        {linking.canUndo && linked.length > 0 && (
          <button type="button" onClick={() => void linking.undo()} data-testid="link-undo">
            {t("link.feedback.undo")}
          </button>
        )}
        <button type="button" className="linkish" onClick={linking.dismiss}>
          {t("link.feedback.dismiss")}
        </button>
      </p>
    </div>
  );
}
