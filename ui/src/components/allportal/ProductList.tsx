import { useDroppable } from "@dnd-kit/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { ProductHit } from "../../bindings/ProductHit";
import { useT } from "../../i18n";
import { EmptyState } from "../EmptyState";
import { type ProductTarget, useLinkArea } from "../link/LinkContext";
import type { PagedSearch } from "../link/usePagedSearch";
import { InlineError } from "../InlineError";

export const ROW_HEIGHT = 52;

/** Where a drop on a product row or the open product lands. */
export interface ProductDrop {
  kind: "product";
  product: ProductTarget;
}

export function targetOf(product: ProductHit): ProductTarget {
  return { id: product.id, sku: product.sku, name: product.name, links: product.links };
}

/** The virtualized product list: SKU, name, category, campaign, image count and a rights
 * warning; each row takes dropped images. */
export function ProductList({ results, empty }: { results: PagedSearch<"search_products">; empty: string }) {
  const t = useT();
  const { openProduct, setOpenProduct, setTarget } = useLinkArea();
  const scroller = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<number | null>(null);
  const virtualizer = useVirtualizer({
    count: results.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items.length ? (items[0]?.index ?? 0) : 0;
  const last = items.length ? (items[items.length - 1]?.index ?? 0) : -1;
  const { ensure } = results;
  useEffect(() => {
    if (results.total > 0) ensure(first, last);
  }, [ensure, first, last, results.total]);

  const pick = (index: number, open: boolean) => {
    const product = results.itemAt(index);
    if (!product) return;
    setFocus(index);
    setTarget(targetOf(product));
    if (open) setOpenProduct(product.id);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = Math.min(results.total - 1, Math.max(0, (focus ?? -1) + (event.key === "ArrowDown" ? 1 : -1)));
      virtualizer.scrollToIndex(next);
      pick(next, false);
    } else if (event.key === "Enter" && focus !== null) {
      pick(focus, true);
    }
  };

  if (results.state === "failed") {
    return (
      <InlineError message={results.error?.message ?? ""} onRetry={results.reload} testId="product-list-error" />
    );
  }
  return (
    <div className="list-wrap">
      <p className="grid-count" aria-live="polite" data-testid="product-count">
        {results.state === "loading" ? t("app.loading") : t("link.products.count", { count: results.total })}
      </p>
      <div
        ref={scroller}
        className="product-list"
        role="listbox"
        aria-label={t("allportal.products")}
        aria-busy={results.state === "loading"}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="product-list"
      >
        {results.state === "ready" && results.total === 0 ? (
          <EmptyState title={t("empty.products.title")} body={empty} />
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((row) => {
              const product = results.itemAt(row.index);
              return (
                <div
                  key={row.key}
                  className="product-list__slot"
                  style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                >
                  {product ? (
                    <Row
                      product={product}
                      open={product.id === openProduct}
                      focused={focus === row.index}
                      onPick={(open) => pick(row.index, open)}
                    />
                  ) : (
                    <div className="product-row product-row--pending" aria-hidden="true" />
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

function Row({
  product,
  open,
  focused,
  onPick,
}: {
  product: ProductHit;
  open: boolean;
  focused: boolean;
  onPick: (open: boolean) => void;
}) {
  const t = useT();
  const { setNodeRef, isOver } = useDroppable({
    id: `product-row:${product.id}`,
    data: { kind: "product", product: targetOf(product) } satisfies ProductDrop,
  });
  const label = product.sku ?? product.id;
  return (
    <div
      ref={setNodeRef}
      role="option"
      aria-selected={open}
      className={`product-row${open ? " product-row--open" : ""}${focused ? " product-row--focused" : ""}${isOver ? " product-row--over" : ""}`}
      onClick={() => onPick(true)}
      data-testid={`product-row-${label}`}
      data-product-id={product.id}
    >
      <span className="product-row__sku">{label}</span>
      <span className="product-row__name">{product.name}</span>
      <span className="product-row__meta">
        {[product.category, product.campaigns.join(", ")].filter(Boolean).join(" · ")}
      </span>
      <span className="product-row__count" title={t("link.products.images", { count: product.links })}>
        {t("link.products.images", { count: product.links })}
      </span>
      {product.flagged_links > 0 && (
        <span
          className="chip chip--expiring"
          title={t("link.products.rightsWarningLong", { count: product.flagged_links })}
          data-testid={`product-warning-${label}`}
        >
          {t("link.products.rightsWarning", { count: product.flagged_links })}
        </span>
      )}
    </div>
  );
}
