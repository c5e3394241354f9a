import { useState } from "react";
import type { AppStatus } from "../bindings/AppStatus";
import { useT } from "../i18n";
import { useLinkArea } from "./link/LinkContext";
import { emptySelection } from "./link/selection";
import { useDebounced } from "./link/useDebounced";
import { usePagedSearch } from "./link/usePagedSearch";
import { useRevision } from "./link/useRevision";
import { AssetFilters, type AssetFilterValues } from "./photoshelter/AssetFilters";
import { AssetGrid } from "./photoshelter/AssetGrid";
import { AssetPanel } from "./photoshelter/AssetPanel";
import { GalleryTree } from "./photoshelter/GalleryTree";

const noFilters: AssetFilterValues = { text: "", approval: null, verdict: null, linked: null };

/** The left pane: PhotoShelter's galleries, the image grid and the chosen image. */
export function PhotoShelterPane({ status }: { status: AppStatus | null }) {
  const t = useT();
  const { activeAsset, setSelection, revision } = useLinkArea();
  const [gallery, setGallery] = useState<string | null>(null);
  const [filters, setFilters] = useState(noFilters);
  const text = useDebounced(filters.text, 250);
  const results = usePagedSearch("search_assets", {
    text,
    gallery,
    approval: filters.approval,
    verdict: filters.verdict,
    linked: filters.linked,
    sort: text ? "relevance" : gallery ? "gallery_order" : "file_name",
    descending: false,
  });
  // Linking changes which images are linked, and how often: read the pages again.
  useRevision(revision, results.refresh);
  const narrowed = text !== "" || filters.approval !== null || filters.verdict !== null || filters.linked !== null;
  const choose = (next: AssetFilterValues | null, nextGallery?: string | null) => {
    setSelection(emptySelection);
    if (next) setFilters(next);
    if (nextGallery !== undefined) setGallery(nextGallery);
  };
  return (
    <section className="pane" aria-labelledby="pane-photoshelter">
      <header className="pane__header">
        <h2 id="pane-photoshelter">{t("photoshelter.title")}</h2>
      </header>
      <div className={`pane__body pane__body--ps${activeAsset ? " pane__body--with-panel" : ""}`}>
        <nav className="galleries" aria-labelledby="galleries-heading">
          <h3 id="galleries-heading">{t("photoshelter.galleries")}</h3>
          <GalleryTree
            gallery={gallery}
            onChoose={(g) => choose(null, g)}
            workspace={status?.workspace ?? null}
          />
        </nav>
        <div className="images" aria-labelledby="images-heading">
          <h3 id="images-heading">{t("photoshelter.images")}</h3>
          <AssetFilters value={filters} onChange={(f) => choose(f)} />
          <AssetGrid
            results={results}
            empty={narrowed ? "link.assets.noMatch" : gallery ? "link.assets.emptyGallery" : "empty.images.body"}
          />
        </div>
        {activeAsset && <AssetPanel key={activeAsset} id={activeAsset} />}
      </div>
    </section>
  );
}
