// Linking the selected images to a product, one link_asset call per image (the core checks
// each one and refuses a blocked image with its reason), and undoing the last link action
// (unlink_asset cancels jobs that have not run and takes off what already arrived).
import { useCallback, useMemo, useRef, useState } from "react";
import { toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import type { ProductTarget } from "./LinkContext";

export interface Refusal {
  asset: string;
  reason: string;
}

/** What the last link or undo did, for the message next to the drop target. */
export type LinkFeedback =
  | { kind: "linked"; product: ProductTarget; linked: string[]; already: string[]; refused: Refusal[]; warnings: string[] }
  | { kind: "undone"; product: ProductTarget; count: number; failed: Refusal[] }
  | { kind: "nothing" };

interface UndoEntry {
  product: ProductTarget;
  assets: string[];
}

export interface Linking {
  feedback: LinkFeedback | null;
  dismiss: () => void;
  busy: boolean;
  /** Links `assets` to `product`, in order, after its current images (the first image of a
   * product without any becomes its hero). */
  link: (assets: readonly string[], product: ProductTarget) => Promise<void>;
  canUndo: boolean;
  /** Undoes the last link action. */
  undo: () => Promise<void>;
}

export function useLinking(changed: () => void): Linking {
  const backend = useBackend();
  const [feedback, setFeedback] = useState<LinkFeedback | null>(null);
  const [busy, setBusy] = useState(false);
  const history = useRef<UndoEntry[]>([]);
  const [depth, setDepth] = useState(0);

  const link = useCallback(
    async (assets: readonly string[], product: ProductTarget) => {
      if (assets.length === 0) return;
      setBusy(true);
      const linked: string[] = [];
      const already: string[] = [];
      const refused: Refusal[] = [];
      const warnings: string[] = [];
      let place = product.links;
      for (const asset of assets) {
        try {
          const outcome = await backend.call("link_asset", {
            asset,
            product: product.id,
            role: place === 0 ? "hero" : "gallery",
            position: place,
            from_suggestion: false,
          });
          if (outcome.already_linked) {
            already.push(asset);
          } else {
            linked.push(asset);
            place += 1;
          }
          if (outcome.warning) warnings.push(outcome.warning);
        } catch (reason) {
          refused.push({ asset, reason: toBackendError(reason).message });
        }
      }
      if (linked.length > 0) {
        history.current.push({ product, assets: linked });
        setDepth(history.current.length);
      }
      setFeedback({ kind: "linked", product, linked, already, refused, warnings });
      setBusy(false);
      changed();
    },
    [backend, changed],
  );

  const undo = useCallback(async () => {
    const last = history.current.pop();
    setDepth(history.current.length);
    if (!last) {
      setFeedback({ kind: "nothing" });
      return;
    }
    setBusy(true);
    const failed: Refusal[] = [];
    let count = 0;
    for (const asset of last.assets) {
      try {
        const outcome = await backend.call("unlink_asset", { asset, product: last.product.id });
        if (outcome.removed) count += 1;
      } catch (reason) {
        failed.push({ asset, reason: toBackendError(reason).message });
      }
    }
    setFeedback({ kind: "undone", product: last.product, count, failed });
    setBusy(false);
    changed();
  }, [backend, changed]);

  const dismiss = useCallback(() => setFeedback(null), []);
  return useMemo(
    () => ({ feedback, dismiss, busy, link, canUndo: depth > 0, undo }),
    [feedback, dismiss, busy, link, depth, undo],
  );
}
