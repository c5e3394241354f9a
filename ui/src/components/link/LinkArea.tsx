// The central Link work area: PhotoShelter on the left, 4ALLPORTAL on the right, and the
// pointer drag (dnd-kit, not HTML5 drag and drop) that carries images onto products.
import {
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import type { AppStatus } from "../../bindings/AppStatus";
import { useT } from "../../i18n";
import { AllPortalPane } from "../AllPortalPane";
import { PhotoShelterPane } from "../PhotoShelterPane";
import type { LinkSort } from "../allportal/ProductDetail";
import type { ProductDrop } from "../allportal/ProductList";
import type { AssetDrag } from "../photoshelter/AssetGrid";
import { LinkAreaProvider, type ProductTarget, useLinkArea } from "./LinkContext";
import { isLinkKey, isUndoKey } from "./shortcuts";

/** What a finished drag links: the images it carried and the product row or detail it was
 * dropped on; null for any other drop (or none). */
export function dropped(event: Pick<DragEndEvent, "active" | "over">): { assets: string[]; product: ProductTarget } | null {
  const drag = event.active.data.current as AssetDrag | undefined;
  const drop = event.over?.data.current as ProductDrop | LinkSort | undefined;
  if (drag?.kind !== "assets" || drag.ids.length === 0 || !drop) return null;
  if (drop.kind === "product") return { assets: drag.ids, product: drop.product };
  if (drop.kind === "product-link") return { assets: drag.ids, product: drop.target };
  return null;
}

/** The drop target is what the pointer is over (the dragged card is taller than a product
 * row and would otherwise overlap several); a keyboard drag has no pointer and falls back
 * to the overlap. */
export const underPointer: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : rectIntersection(args);
};

/** How the two panes are laid out (the app frame may put them in resizable panes). */
export type PaneLayout = (left: ReactNode, right: ReactNode) => ReactNode;

const sideBySide: PaneLayout = (left, right) => (
  <main className="panes">
    {left}
    {right}
  </main>
);

export function LinkArea({ status, layout = sideBySide }: { status: AppStatus | null; layout?: PaneLayout }) {
  return (
    <LinkAreaProvider>
      <Panes status={status} layout={layout} />
    </LinkAreaProvider>
  );
}

function Panes({ status, layout }: { status: AppStatus | null; layout: PaneLayout }) {
  const t = useT();
  // A few pixels of movement before a drag starts, so clicks still select.
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor),
  );
  const [carrying, setCarrying] = useState<string[] | null>(null);
  const onDragStart = (event: DragStartEvent) => {
    const data = event.active.data.current as AssetDrag | undefined;
    setCarrying(data?.kind === "assets" ? data.ids : null);
  };
  const area = useLinkArea();
  const { linking, changed } = area;
  const onDragEnd = (event: DragEndEvent) => {
    setCarrying(null);
    const drop = dropped(event);
    if (drop) {
      area.setTarget(drop.product);
      void linking.link(drop.assets, drop.product);
    }
  };

  // L links the selection to the picked product; Ctrl+Z undoes the last link action.
  const latest = useRef(area);
  latest.current = area;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const { selection, target, linking } = latest.current;
      if (isLinkKey(event) && selection.ids.length > 0 && target && !linking.busy) {
        event.preventDefault();
        void linking.link(selection.ids, target);
      } else if (isUndoKey(event) && !linking.busy) {
        event.preventDefault();
        void linking.undo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Link states follow the transfer jobs: re-read the panes when a job of a link moves.
  const backend = useBackend();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stop: (() => void) | undefined;
    let live = true;
    void backend
      .listen("job_changed", (payload) => {
        if (payload.job.link_id === null) return;
        clearTimeout(timer);
        timer = setTimeout(changed, 150);
      })
      .then((unlisten) => {
        if (live) stop = unlisten;
        else unlisten();
      });
    return () => {
      live = false;
      clearTimeout(timer);
      stop?.();
    };
  }, [backend, changed]);
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={underPointer}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setCarrying(null)}
    >
      {layout(<PhotoShelterPane status={status} />, <AllPortalPane status={status} />)}
      <DragOverlay dropAnimation={null}>
        {carrying && (
          <div className="drag-overlay" data-testid="drag-overlay">
            {t("link.drag.count", { count: carrying.length })}
          </div>
        )}
      </DragOverlay>
    </DndContext>
  );
}
