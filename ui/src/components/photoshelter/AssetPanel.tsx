import type { AssetDetail } from "../../bindings/AssetDetail";
import type { LicenceDate } from "../../bindings/LicenceDate";
import type { LicenceType } from "../../bindings/LicenceType";
import type { Rights } from "../../bindings/Rights";
import { type MessageKey, useT } from "../../i18n";
import { useLinkArea } from "../link/LinkContext";
import { LinkState } from "../link/LinkState";
import { useLiveCommand } from "../link/useLiveCommand";
import { assetThumbUrl } from "../link/thumbs";
import { ApproveVersion } from "./ApproveVersion";
import { VersionStrip } from "./VersionStrip";
import { InlineError } from "../InlineError";

/** The chosen image: preview, IPTC, rights with the verdict and its reason, versions and
 * the products it is linked to. */
export function AssetPanel({ id }: { id: string }) {
  const t = useT();
  const { revision } = useLinkArea();
  const detail = useLiveCommand("asset_detail", { id }, revision);
  const { reload } = detail;
  if (detail.state === "loading") {
    return (
      <aside className="asset-panel" aria-busy="true" data-testid="asset-panel">
        <p className="muted">{t("app.loading")}</p>
      </aside>
    );
  }
  if (detail.state === "failed") {
    return (
      <aside className="asset-panel" data-testid="asset-panel">
        <InlineError message={detail.error.message} onRetry={reload} testId="asset-panel-error" />
      </aside>
    );
  }
  return <AssetInfo asset={detail.data} />;
}

function AssetInfo({ asset }: { asset: AssetDetail }) {
  const t = useT();
  const url = assetThumbUrl(asset, 640);
  const iptc: [MessageKey, string | null][] = [
    ["link.asset.title", asset.title],
    ["link.asset.headline", asset.headline],
    ["link.asset.caption", asset.caption],
    ["link.asset.author", asset.author],
    ["link.asset.credit", asset.credit],
    ["link.asset.copyright", asset.copyright],
    ["link.asset.keywords", asset.keywords.length ? asset.keywords.join(", ") : null],
    ["link.asset.size", asset.width && asset.height ? `${asset.width} × ${asset.height}` : null],
  ];
  return (
    <aside className="asset-panel" aria-labelledby="asset-panel-heading" data-testid="asset-panel">
      <div className="asset-panel__preview">{url && <img src={url} alt="" decoding="async" />}</div>
      <h3 id="asset-panel-heading" className="asset-panel__name" data-testid="asset-panel-name">
        {asset.file_name}
      </h3>
      <p>
        <span className={`chip chip--approval-${asset.approval}`} data-testid="asset-approval">
          {t(`link.approval.${asset.approval}` as MessageKey)}
        </span>
        {asset.deleted && <span className="chip chip--expired">{t("link.asset.deleted")}</span>}
      </p>
      <ApproveVersion asset={asset} />

      <section aria-labelledby="asset-rights-heading">
        <h4 id="asset-rights-heading">{t("link.asset.rights")}</h4>
        <p className="verdict">
          <span className={`chip chip--${asset.verdict_kind}`} data-testid="asset-verdict">
            {t(`link.verdict.${asset.verdict_kind}` as MessageKey)}
          </span>{" "}
          <span data-testid="asset-verdict-reason">{asset.verdict_reason}</span>
        </p>
        <RightsList rights={asset.rights} />
      </section>

      <section aria-labelledby="asset-iptc-heading">
        <h4 id="asset-iptc-heading">{t("link.asset.iptc")}</h4>
        <dl className="fields" data-testid="asset-iptc">
          {iptc
            .filter(([, value]) => value)
            .map(([label, value]) => (
              <div key={label}>
                <dt>{t(label)}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      </section>

      {asset.versions && <VersionStrip asset={asset} versions={asset.versions} />}

      <section aria-labelledby="asset-links-heading">
        <h4 id="asset-links-heading">{t("link.asset.linkedTo")}</h4>
        {asset.links.length === 0 ? (
          <p className="muted" data-testid="asset-links-none">
            {t("link.asset.notLinked")}
          </p>
        ) : (
          <ul className="asset-links" data-testid="asset-links">
            {asset.links.map((link) => (
              <li key={link.link_id} data-testid={`asset-link-${link.sku ?? link.product}`}>
                <span className="asset-links__sku">{link.sku ?? link.product}</span>{" "}
                <span className="asset-links__name">{link.name}</span>{" "}
                <span className="muted">{t(`link.role.${link.role}` as MessageKey)}</span>{" "}
                <LinkState state={link.state} reason={link.state_reason} flag={link.flag_reason} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}

function day(date: LicenceDate): string {
  return date.kind === "day" ? date.date : date.at.slice(0, 10);
}

function licenceType(type: LicenceType, t: ReturnType<typeof useT>): string {
  return typeof type === "string" ? t(`link.licence.${type}` as MessageKey) : type.other;
}

function RightsList({ rights }: { rights: Rights }) {
  const t = useT();
  const rows: [MessageKey, string | null][] = [
    ["link.rights.start", rights.licence_start ? day(rights.licence_start.value) : null],
    ["link.rights.end", rights.licence_end ? day(rights.licence_end.value) : null],
    ["link.rights.type", rights.licence_type ? licenceType(rights.licence_type.value, t) : null],
    ["link.rights.holder", rights.licence_holder?.value ?? null],
    ["link.rights.terms", rights.usage_terms?.value ?? null],
    ["link.rights.regions", rights.regions ? rights.regions.value.join(", ") : t("link.rights.worldwide")],
    ["link.rights.channels", rights.channels ? rights.channels.value.join(", ") : t("link.rights.anyChannel")],
    [
      "link.rights.modelRelease",
      rights.model_release ? t(`link.release.${rights.model_release.value}` as MessageKey) : null,
    ],
    [
      "link.rights.propertyRelease",
      rights.property_release ? t(`link.release.${rights.property_release.value}` as MessageKey) : null,
    ],
  ];
  return (
    <>
      <dl className="fields" data-testid="asset-rights">
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {rights.conflicts.length > 0 && (
        <ul className="conflicts">
          {rights.conflicts.map((c) => (
            <li key={c.field}>
              {t("link.rights.conflict", { field: c.field, used: c.used.value, other: c.other.value, rule: c.rule })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
