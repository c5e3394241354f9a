import type { AppStatus } from "../bindings/AppStatus";
import { useT } from "../i18n";
import { EmptyState } from "./EmptyState";

/** The left pane: PhotoShelter's galleries and the image grid of the chosen gallery. */
export function PhotoShelterPane({ status }: { status: AppStatus | null }) {
  const t = useT();
  return (
    <section className="pane" aria-labelledby="pane-photoshelter">
      <header className="pane__header">
        <h2 id="pane-photoshelter">{t("photoshelter.title")}</h2>
      </header>
      <div className="pane__body pane__body--split">
        <nav className="galleries" aria-labelledby="galleries-heading">
          <h3 id="galleries-heading">{t("photoshelter.galleries")}</h3>
          {status === null ? (
            <p className="muted">{t("app.loading")}</p>
          ) : status.counts.galleries === 0 ? (
            <EmptyState
              title={t("empty.galleries.title")}
              body={t(status.workspace === "demo" ? "empty.galleries.demo" : "empty.galleries.live")}
            />
          ) : (
            <p>{t("cached.galleries", { count: status.counts.galleries })}</p>
          )}
        </nav>
        <div className="images" aria-labelledby="images-heading">
          <h3 id="images-heading">{t("photoshelter.images")}</h3>
          {status === null ? (
            <p className="muted">{t("app.loading")}</p>
          ) : status.counts.images === 0 ? (
            <EmptyState title={t("empty.images.title")} body={t("empty.images.body")} />
          ) : (
            <p>{t("cached.images", { count: status.counts.images })}</p>
          )}
        </div>
      </div>
    </section>
  );
}
