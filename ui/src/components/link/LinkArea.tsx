// The central Link work area: PhotoShelter on the left, 4ALLPORTAL on the right, and the
// pointer drag (dnd-kit, not HTML5 drag and drop) that carries images onto products.
import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { useState } from "react";
import type { AppStatus } from "../../bindings/AppStatus";
import { useT } from "../../i18n";
import { AllPortalPane } from "../AllPortalPane";
import { PhotoShelterPane } from "../PhotoShelterPane";
import type { ProductDrop } from "../allportal/ProductList";
import type { AssetDrag } from "../photoshelter/AssetGrid";
import { LinkAreaProvider } from "./LinkContext";

export function LinkArea({ status }: { status: AppStatus | null }) {
  return (
    <LinkAreaProvider>
      <Panes status={status} />
    </LinkAreaProvider>
  );
}

function Panes({ status }: { status: AppStatus | null }) {
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
  const onDragEnd = (event: DragEndEvent) => {
    setCarrying(null);
    const drag = event.active.data.current as AssetDrag | undefined;
    const drop = event.over?.data.current as ProductDrop | undefined;
    if (drag?.kind === "assets" && drop?.kind === "product") void drop;
  };
  return (
    <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setCarrying(null)}>
      <main className="panes">
        <PhotoShelterPane status={status} />
        <AllPortalPane status={status} />
      </main>
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
