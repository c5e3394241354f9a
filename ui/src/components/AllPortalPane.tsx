import { useState } from "react";
import type { AppStatus } from "../bindings/AppStatus";
import { useT } from "../i18n";
import { ProductDetail } from "./allportal/ProductDetail";
import { ProductList } from "./allportal/ProductList";
import { useLinkArea } from "./link/LinkContext";
import { LinkFeedback } from "./link/LinkFeedback";
import { useDebounced } from "./link/useDebounced";
import { usePagedSearch } from "./link/usePagedSearch";
import { useRevision } from "./link/useRevision";

/** The right pane: 4ALLPORTAL's products with their SKUs, and the open product. */
export function AllPortalPane({ status }: { status: AppStatus | null }) {
  const t = useT();
  const { openProduct, revision } = useLinkArea();
  const [text, setText] = useState("");
  const settled = useDebounced(text, 250);
  const results = usePagedSearch("search_products", {
    text: settled,
    category: null,
    campaign: null,
    owner: null,
    top_level: null,
    linked: null,
    sort: settled ? "relevance" : "sku",
    descending: false,
  });
  useRevision(revision, results.refresh);
  const empty = settled
    ? t("link.products.noMatch", { text: settled })
    : t(status?.workspace === "demo" ? "empty.products.demo" : "empty.products.live");
  return (
    <section className="pane" aria-labelledby="pane-allportal">
      <header className="pane__header">
        <h2 id="pane-allportal">{t("allportal.title")}</h2>
      </header>
      <div className={`pane__body pane__body--ap${openProduct ? " pane__body--with-panel" : ""}`}>
        <div className="products" aria-labelledby="products-heading">
          <h3 id="products-heading">{t("allportal.products")}</h3>
          <div className="filters" role="search">
            <input
              type="search"
              className="filters__search"
              placeholder={t("link.products.search")}
              aria-label={t("link.products.search")}
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="product-search"
            />
          </div>
          <LinkFeedback />
          <ProductList results={results} empty={empty} />
        </div>
        {openProduct && <ProductDetail key={openProduct} id={openProduct} />}
      </div>
    </section>
  );
}
