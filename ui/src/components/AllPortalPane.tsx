import type { AppStatus } from "../bindings/AppStatus";
import { useT } from "../i18n";
import { EmptyState } from "./EmptyState";

/** The right pane: 4ALLPORTAL's products with their SKUs. */
export function AllPortalPane({ status }: { status: AppStatus | null }) {
  const t = useT();
  return (
    <section className="pane" aria-labelledby="pane-allportal">
      <header className="pane__header">
        <h2 id="pane-allportal">{t("allportal.title")}</h2>
      </header>
      <div className="pane__body" aria-labelledby="products-heading">
        <h3 id="products-heading">{t("allportal.products")}</h3>
        {status === null ? (
          <p className="muted">{t("app.loading")}</p>
        ) : status.counts.products === 0 ? (
          <EmptyState
            title={t("empty.products.title")}
            body={t(status.workspace === "demo" ? "empty.products.demo" : "empty.products.live")}
          />
        ) : (
          <p>{t("cached.products", { count: status.counts.products })}</p>
        )}
      </div>
    </section>
  );
}
