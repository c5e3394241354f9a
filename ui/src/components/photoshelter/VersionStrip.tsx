import type { AssetDetail } from "../../bindings/AssetDetail";
import type { VersionInfo } from "../../bindings/VersionInfo";
import { useT } from "../../i18n";
import { useLinkArea } from "../link/LinkContext";

/** The versions of the shot, oldest first, the current one marked; a click shows one. */
export function VersionStrip({ asset, versions }: { asset: AssetDetail; versions: VersionInfo }) {
  const t = useT();
  const { setActiveAsset } = useLinkArea();
  return (
    <section aria-labelledby="asset-versions-heading">
      <h4 id="asset-versions-heading">{t("link.asset.versions", { group: versions.group })}</h4>
      <ol className="version-strip" data-testid="version-strip">
        {versions.members.map((m) => (
          <li key={m.asset}>
            <button
              type="button"
              className={`version${m.asset === asset.id ? " version--shown" : ""}${m.current ? " version--current" : ""}`}
              aria-current={m.asset === asset.id ? "true" : undefined}
              onClick={() => setActiveAsset(m.asset)}
              data-testid={`version-${m.asset}`}
              title={m.file_name}
            >
              <span className="version__number">{t("link.asset.version", { number: m.version })}</span>
              {m.current && <span className="chip chip--approved">{t("link.asset.current")}</span>}
              <span className="version__name">{m.file_name}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
