import { useDraggable } from "@dnd-kit/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, memo, type MouseEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { AssetHit } from "../../bindings/AssetHit";
import { type MessageKey, useT } from "../../i18n";
import { EmptyState } from "../EmptyState";
import { useLinkArea } from "../link/LinkContext";
import { clickAt, dragged, moveFocus, type Selection, selectAll } from "../link/selection";
import { assetThumbUrl } from "../link/thumbs";
import type { PagedSearch } from "../link/usePagedSearch";
import { InlineError } from "../InlineError";

/** One grid cell with its margin, thumbnail and caption (fixed, so nothing moves while
 * images load); styles.css gives `.cell` these sizes less its 2 px margin on each side. */
export const CELL_WIDTH = 168;
export const CELL_HEIGHT = 204;
/** The thumbnail's box: the 160 px rendition at its own size, never scaled while painting. */
const THUMB_BOX = 160;

/** What a drag from the grid carries. */
export interface AssetDrag {
  kind: "assets";
  ids: string[];
}

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** Whether a scroll step from `from` to `to` moved more than the grid's `height`. */
function flungFrom(from: number, to: number, height: number | undefined): boolean {
  return Math.abs(to - from) > (height ?? 0);
}

/** The virtualized thumbnail grid over paged search results, with multi-select. */
export function AssetGrid({ results, empty }: { results: PagedSearch<"search_assets">; empty: MessageKey }) {
  const t = useT();
  const area = useLinkArea();
  const { selection, setSelection, setActiveAsset } = area;
  const scroller = useRef<HTMLDivElement>(null);
  const width = useWidth(scroller);
  const columns = Math.max(1, Math.floor(width / CELL_WIDTH));
  const rows = Math.ceil(results.total / columns);
  // Each scroll event's step, kept for the renders between events: whether it moved more
  // than the grid's height (a fling, a drag of the scrollbar).
  const step = useRef({ offset: 0, fast: false });
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => CELL_HEIGHT,
    overscan: 2,
    // The grid re-renders when the rows in view (or whether it scrolls) change, not on
    // every scroll event: rows sit at fixed places (positioned below), so a scroll step that
    // brings in no row needs no React work. (No element is handed to the virtualizer, so it
    // writes no style itself.)
    directDomUpdates: true,
    onChange: (instance) => {
      const offset = instance.scrollOffset ?? 0;
      step.current = { offset, fast: flungFrom(step.current.offset, offset, instance.scrollRect?.height) };
    },
  });
  const items = virtualizer.getVirtualItems();
  // Rows flung past show their placeholders: nobody sees a thumbnail that is gone the next
  // frame, and it would still be fetched, made and decoded. Once the scroll slows or stops,
  // the cells in view load theirs.
  const offset = virtualizer.scrollOffset ?? 0;
  const fast =
    offset === step.current.offset
      ? step.current.fast
      : flungFrom(step.current.offset, offset, virtualizer.scrollRect?.height);
  const flinging = virtualizer.isScrolling && fast;
  const first = items.length ? (items[0]?.index ?? 0) * columns : 0;
  const last = items.length ? ((items[items.length - 1]?.index ?? 0) + 1) * columns - 1 : -1;
  const { ensure } = results;
  useEffect(() => {
    if (results.total > 0) ensure(first, Math.min(last, results.total - 1));
  }, [ensure, first, last, results.total]);

  // A performance mark once the first cells are on screen (the grid benchmark reads it).
  const painted = useRef(false);
  useEffect(() => {
    if (painted.current || results.state !== "ready" || results.total === 0 || !results.itemAt(0)) return;
    painted.current = true;
    requestAnimationFrame(() => performance.mark("shelflink:grid-first-paint"));
  }, [results]);

  const idAt = (index: number) => results.itemAt(index)?.id;
  const selected = new Set(selection.ids);

  const apply = (next: Selection) => {
    setSelection(next);
    const focused = next.focus === null ? undefined : idAt(next.focus);
    if (focused) setActiveAsset(focused);
    if (next.focus !== null) virtualizer.scrollToIndex(Math.floor(next.focus / columns));
  };

  const onCellClick = (index: number, event: MouseEvent) => {
    scroller.current?.focus();
    apply(clickAt(selection, index, idAt, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey }));
  };
  // One click handler for every cell, so a scroll re-renders only the cells that appear.
  const latestClick = useRef(onCellClick);
  useLayoutEffect(() => {
    latestClick.current = onCellClick;
  });
  const onAnyCellClick = useCallback((index: number, event: MouseEvent) => latestClick.current(index, event), []);

  const onKeyDown = (event: KeyboardEvent) => {
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns };
    const delta = step[event.key];
    if (delta !== undefined) {
      event.preventDefault();
      apply(moveFocus(selection, delta, results.total, idAt, event.shiftKey));
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "a") {
      event.preventDefault();
      void results.loadAll().then(() => setSelection(selectAll(selection, results.total, idAt)));
    } else if (event.key === "Escape") {
      setSelection({ ids: [], anchor: null, focus: selection.focus });
    }
  };

  if (results.state === "failed") {
    return (
      <InlineError message={results.error?.message ?? ""} onRetry={results.reload} testId="asset-grid-error" />
    );
  }

  return (
    <div className="grid-wrap">
      <p className="grid-count" aria-live="polite" data-testid="asset-count">
        {results.state === "loading"
          ? t("app.loading")
          : selection.ids.length > 0
            ? t("link.assets.countSelected", { count: results.total, selected: selection.ids.length })
            : t("link.assets.count", { count: results.total })}
      </p>
      <div
        ref={scroller}
        className="grid"
        role="listbox"
        aria-multiselectable="true"
        aria-label={t("photoshelter.images")}
        aria-busy={results.state === "loading"}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="asset-grid"
      >
        {results.state === "ready" && results.total === 0 ? (
          <EmptyState title={t("empty.images.title")} body={t(empty)} />
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((row) => (
              <div
                key={row.key}
                className="grid__row"
                style={{ transform: `translateY(${row.start}px)`, width: columns * CELL_WIDTH, height: CELL_HEIGHT }}
              >
                {Array.from({ length: columns }, (_, col) => {
                  const index = row.index * columns + col;
                  if (index >= results.total) return null;
                  const asset = results.itemAt(index);
                  return asset ? (
                    <Cell
                      key={asset.id}
                      asset={asset}
                      index={index}
                      selected={selected.has(asset.id)}
                      focused={selection.focus === index}
                      selection={selection}
                      thumbnail={!flinging}
                      onClick={onAnyCellClick}
                    />
                  ) : (
                    <div key={`p${index}`} className="cell cell--pending" aria-hidden="true" />
                  );
                })}
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

/** One cell: the thumbnail (or its placeholder), the file name and the badges, as few
 * nodes as that takes. Nothing in it changes while its thumbnail loads (the image fills a
 * fixed box over the placeholder's colour), so a scroll renders only the cells it brings in. */
const Cell = memo(function Cell({
  asset,
  index,
  selected,
  focused,
  selection,
  thumbnail,
  onClick,
}: {
  asset: AssetHit;
  index: number;
  selected: boolean;
  focused: boolean;
  selection: Selection;
  /** Whether the cell may load its thumbnail yet (not while the grid flings past it); once
   * it has, it keeps it. */
  thumbnail: boolean;
  onClick: (index: number, event: MouseEvent) => void;
}) {
  const t = useT();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `asset:${asset.id}`,
    data: { kind: "assets", ids: dragged(selection, asset.id) } satisfies AssetDrag,
  });
  // The 160 px box fills the thumbnail at its own size on a standard screen; 320 px only
  // where it is sharper.
  const shown = useRef(false);
  if (thumbnail) shown.current = true;
  const url = shown.current ? assetThumbUrl(asset, 160) : null;
  const sharp = assetThumbUrl(asset, 320);
  const badge = asset.verdict === "ok" ? null : asset.verdict;
  const approved = asset.approval === "approved";
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      role="option"
      tabIndex={-1}
      aria-selected={selected}
      className={`cell${selected ? " cell--selected" : ""}${focused ? " cell--focused" : ""}${isDragging ? " cell--dragging" : ""}`}
      onClick={(e) => onClick(index, e)}
      title={asset.title ?? asset.file_name}
      data-testid={`asset-cell-${asset.id}`}
      data-file-name={asset.file_name}
    >
      {url ? (
        <img
          className="cell__thumb"
          src={url}
          srcSet={sharp ? `${url} 1x, ${sharp} 2x` : undefined}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          width={THUMB_BOX}
          height={THUMB_BOX}
        />
      ) : (
        <span className="cell__thumb" />
      )}
      <span className="cell__name">{asset.file_name}</span>
      {approved || badge || asset.links > 0 ? (
        <span className="cell__badges">
          {approved && (
            <span className="chip chip--approved" title={t("link.approval.approved")}>
              ✓
            </span>
          )}
          {badge && (
            <span className={`chip chip--${badge}`} data-testid={`asset-verdict-${asset.id}`}>
              {t(`link.verdict.${badge}` as MessageKey)}
            </span>
          )}
          {asset.links > 0 && (
            <span className="chip" title={t("link.assets.linkedTo", { count: asset.links })}>
              ↔ {asset.links}
            </span>
          )}
        </span>
      ) : null}
    </div>
  );
});
