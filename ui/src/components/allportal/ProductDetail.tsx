import { type DragEndEvent, useDndMonitor, useDroppable } from "@dnd-kit/core";
import { arrayMove, SortableContext, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useEffect, useState } from "react";
import { toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import type { ProductDetail as Detail } from "../../bindings/ProductDetail";
import type { ProductLink } from "../../bindings/ProductLink";
import type { Role } from "../../bindings/Role";
import { type MessageKey, useT } from "../../i18n";
import { type ProductTarget, useLinkArea } from "../link/LinkContext";
import { LinkState } from "../link/LinkState";
import { assetThumbUrl } from "../link/thumbs";
import { useLiveCommand } from "../link/useLiveCommand";
import type { ProductDrop } from "./ProductList";
import { InlineError } from "../InlineError";

const roleOrder: Record<Role, number> = { hero: 0, gallery: 1, detail: 2, swatch: 3 };

/** The product's images in order: the hero (main) image first, then by position. */
export function orderedLinks(links: readonly ProductLink[]): ProductLink[] {
  return [...links].sort(
    (a, b) => (a.role === "hero" ? 0 : 1) - (b.role === "hero" ? 0 : 1) || a.position - b.position || roleOrder[a.role] - roleOrder[b.role],
  );
}

/** What a drag of one of the product's images carries. */
export interface LinkSort {
  kind: "product-link";
  product: string;
  asset: string;
  /** The product, for images dragged from the grid and dropped on its list. */
  target: ProductTarget;
}

/** The new order after a product's image was dropped on another of its images, or null
 * when the drop does not reorder. */
export function reordered(event: Pick<DragEndEvent, "active" | "over">, order: readonly string[]): string[] | null {
  const from = event.active.data.current as LinkSort | undefined;
  const to = event.over?.data.current as LinkSort | undefined;
  if (from?.kind !== "product-link" || to?.kind !== "product-link" || from.product !== to.product) return null;
  const a = order.indexOf(from.asset);
  const b = order.indexOf(to.asset);
  if (a < 0 || b < 0 || a === b) return null;
  return arrayMove([...order], a, b);
}

/** The open product: fields, linked images in order with their roles and states, variants. */
export function ProductDetail({ id }: { id: string }) {
  const t = useT();
  const { revision } = useLinkArea();
  const detail = useLiveCommand("product_detail", { id }, revision);
  if (detail.state === "loading") {
    return (
      <section className="product-detail" aria-busy="true" data-testid="product-detail">
        <p className="muted">{t("app.loading")}</p>
      </section>
    );
  }
  if (detail.state === "failed") {
    return (
      <section className="product-detail" data-testid="product-detail">
        <InlineError message={detail.error.message} onRetry={detail.reload} testId="product-detail-error" />
      </section>
    );
  }
  return <ProductInfo product={detail.data} />;
}

function ProductInfo({ product }: { product: Detail }) {
  const t = useT();
  const { setOpenProduct, setTarget, selection, linking, changed } = useLinkArea();
  const target = { id: product.id, sku: product.sku, name: product.name, links: product.links.length };
  const { setNodeRef, isOver } = useDroppable({
    id: `product-detail:${product.id}`,
    data: { kind: "product", product: target } satisfies ProductDrop,
  });
  const backend = useBackend();
  // The order just dropped, shown until the product is read again.
  const [pending, setPending] = useState<string[] | null>(null);
  const [reorderError, setReorderError] = useState<string | null>(null);
  useEffect(() => setPending(null), [product]);
  const shown = orderedLinks(product.links);
  const links = pending
    ? pending.flatMap((asset) => shown.filter((l) => l.asset === asset))
    : shown;
  const order = links.map((l) => l.asset);
  useDndMonitor({
    onDragEnd(event) {
      const next = reordered(event, order);
      if (!next) return;
      setPending(next);
      setReorderError(null);
      backend.call("reorder_links", { product: product.id, assets: next }).then(
        () => changed(),
        (reason: unknown) => {
          setPending(null);
          setReorderError(toBackendError(reason).message);
        },
      );
    },
  });
  const go = (id: string) => setOpenProduct(id);
  const fields: [MessageKey, string | null][] = [
    ["link.product.category", product.category],
    ["link.product.campaigns", product.campaigns.length ? product.campaigns.join(", ") : null],
    ["link.product.owner", product.owner_name ?? product.owner],
    ["link.product.colour", product.colour],
    ["link.product.size", product.size],
    ["link.product.status", product.status],
  ];
  return (
    <section
      ref={setNodeRef}
      className={`product-detail${isOver ? " product-detail--over" : ""}`}
      aria-labelledby="product-detail-heading"
      tabIndex={-1}
      onFocus={() => setTarget(target)}
      data-testid="product-detail"
      data-product-id={product.id}
    >
      <h3 id="product-detail-heading" data-testid="product-detail-sku">
        {product.sku ?? product.id} · {product.name}
      </h3>
      {product.deleted && <p className="chip chip--expired">{t("link.product.deleted")}</p>}
      {product.description && <p className="product-detail__description">{product.description}</p>}
      <dl className="fields">
        {fields
          .filter(([, v]) => v)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {product.parent && (
        <p>
          {t("link.product.variantOf")}{" "}
          <button type="button" className="linkish" onClick={() => go(product.parent!.id)} data-testid="product-parent">
            {product.parent.sku ?? product.parent.id} · {product.parent.name}
          </button>
        </p>
      )}

      <div className="product-detail__bar">
        <h4>{t("link.product.images", { count: links.length })}</h4>
        <button
          type="button"
          disabled={selection.ids.length === 0 || linking.busy || product.deleted}
          onClick={() => {
            setTarget(target);
            void linking.link(selection.ids, target);
          }}
          data-testid="link-selected"
        >
          {t("link.product.linkSelected", { count: selection.ids.length })}
        </button>
      </div>
      {links.length === 0 ? (
        <p className="muted drop-hint" data-testid="product-links-none">
          {t("link.product.noImages")}
        </p>
      ) : (
        <SortableContext items={order.map((a) => `link:${a}`)} strategy={verticalListSortingStrategy}>
          <ol className="product-links" data-testid="product-links">
            {links.map((link) => (
              <LinkRow key={link.link_id} link={link} product={target} />
            ))}
          </ol>
        </SortableContext>
      )}
      {reorderError && (
        <p role="alert" className="link-state__reason" data-testid="reorder-error">
          {reorderError}
        </p>
      )}

      {product.variants.length > 0 && (
        <>
          <h4>{t("link.product.variants", { count: product.variants.length })}</h4>
          <ul className="variants" data-testid="product-variants">
            {product.variants.map((v) => (
              <li key={v.id}>
                <button type="button" className="linkish" onClick={() => go(v.id)} data-testid={`variant-${v.sku ?? v.id}`}>
                  {v.sku ?? v.id} · {v.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function LinkRow({ link, product: target }: { link: ProductLink; product: ProductTarget }) {
  const product = target.id;
  const t = useT();
  const backend = useBackend();
  const { changed } = useLinkArea();
  const [error, setError] = useState<string | null>(null);
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: `link:${link.asset}`,
    data: { kind: "product-link", product, asset: link.asset, target } satisfies LinkSort,
  });
  const unlink = () => {
    setError(null);
    backend.call("unlink_asset", { asset: link.asset, product }).then(changed, (reason: unknown) =>
      setError(toBackendError(reason).message),
    );
  };
  const url = assetThumbUrl({ id: link.asset, thumb_base: link.thumb_base, fingerprint: link.fingerprint }, 160);
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`product-link${isDragging ? " product-link--dragging" : ""}`}
      data-testid={`product-link-${link.asset}`}
      data-file-name={link.file_name}
    >
      <span
        className="product-link__handle"
        {...attributes}
        {...listeners}
        aria-label={t("link.product.reorder", { file: link.file_name })}
        data-testid={`product-link-handle-${link.asset}`}
      >
        ⠿
      </span>
      <span className="product-link__thumb">{url && <img src={url} alt="" loading="lazy" decoding="async" width={48} height={48} />}</span>
      <span className="product-link__name">{link.file_name}</span>
      <span className={`chip chip--role-${link.role}`} data-testid={`product-link-role-${link.asset}`}>
        {t(`link.role.${link.role}` as MessageKey)}
      </span>
      <LinkState
        state={link.state}
        reason={link.state_reason}
        flag={link.flag_reason}
        testId={`product-link-state-${link.asset}`}
      />
      <button
        type="button"
        className="linkish"
        onClick={unlink}
        aria-label={t("link.product.unlinkLabel", { file: link.file_name })}
        data-testid={`product-link-unlink-${link.asset}`}
      >
        {t("link.product.unlink")}
      </button>
      {error && (
        <span role="alert" className="link-state__reason">
          {error}
        </span>
      )}
    </li>
  );
}
