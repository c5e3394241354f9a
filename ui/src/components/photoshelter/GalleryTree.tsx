import { useState } from "react";
import type { TreeNode } from "../../bindings/TreeNode";
import { useCommand } from "../../backend/useCommand";
import { useT } from "../../i18n";
import { EmptyState } from "../EmptyState";
import { InlineError } from "../InlineError";

/** Collections and galleries; choosing a gallery limits the grid to it. */
export function GalleryTree({
  gallery,
  onChoose,
  workspace,
}: {
  gallery: string | null;
  onChoose: (gallery: string | null) => void;
  workspace: "demo" | "live" | null;
}) {
  const t = useT();
  const tree = useCommand("gallery_tree", {});
  if (tree.state === "loading") return <p className="muted">{t("app.loading")}</p>;
  if (tree.state === "failed") {
    return (
      <InlineError message={tree.error.message} onRetry={tree.reload} testId="gallery-tree-error" />
    );
  }
  if (tree.data.galleries === 0) {
    return (
      <EmptyState
        title={t("empty.galleries.title")}
        body={t(workspace === "demo" ? "empty.galleries.demo" : "empty.galleries.live")}
      />
    );
  }
  return (
    <ul className="tree" role="tree" aria-label={t("photoshelter.galleries")}>
      <li role="treeitem" aria-selected={gallery === null}>
        <button
          type="button"
          className={`tree__item${gallery === null ? " tree__item--current" : ""}`}
          onClick={() => onChoose(null)}
          data-testid="gallery-all"
        >
          {t("link.gallery.all")}
        </button>
      </li>
      {tree.data.roots.map((node) => (
        <Node key={node.id} node={node} gallery={gallery} onChoose={onChoose} />
      ))}
    </ul>
  );
}

function Node({
  node,
  gallery,
  onChoose,
}: {
  node: TreeNode;
  gallery: string | null;
  onChoose: (gallery: string | null) => void;
}) {
  const t = useT();
  const [open, setOpen] = useState(true);
  if (node.kind === "gallery") {
    const current = gallery === node.id;
    return (
      <li role="treeitem" aria-selected={current}>
        <button
          type="button"
          className={`tree__item${current ? " tree__item--current" : ""}`}
          onClick={() => onChoose(node.id)}
          data-testid={`gallery-${node.id}`}
        >
          <span className="tree__name">{node.name}</span>
          <span className="tree__count">{node.image_count}</span>
        </button>
      </li>
    );
  }
  return (
    <li role="treeitem" aria-expanded={open} aria-selected={false}>
      <button
        type="button"
        className="tree__item tree__item--collection"
        onClick={() => setOpen(!open)}
        aria-label={t(open ? "link.gallery.collapse" : "link.gallery.expand", { name: node.name })}
        data-testid={`collection-${node.id}`}
      >
        <span aria-hidden="true">{open ? "▾" : "▸"}</span>
        <span className="tree__name">{node.name}</span>
        <span className="tree__count">{node.image_count}</span>
      </button>
      {open && (
        <ul role="group">
          {node.children.map((child) => (
            <Node key={child.id} node={child} gallery={gallery} onChoose={onChoose} />
          ))}
        </ul>
      )}
    </li>
  );
}
