import type { ReactNode } from "react";
import type { CommandState } from "../backend/useCommand";
import { useT } from "../i18n";

/** The bottom line: which workspace, how much is cached, where the data lives, versions. */
export function StatusBar({ status, transfers }: { status: CommandState<"app_status">; transfers?: ReactNode }) {
  const t = useT();
  if (status.state === "loading") {
    return (
      <footer className="status-bar" role="status">
        <span>{t("status.loading")}</span>
      </footer>
    );
  }
  if (status.state === "failed") {
    return (
      <footer className="status-bar status-bar--failed" role="status">
        <span>{t("status.failed")}</span>
      </footer>
    );
  }
  const { data } = status;
  const { counts } = data;
  const empty = counts.galleries + counts.images + counts.products + counts.links === 0;
  return (
    <footer className="status-bar" role="status">
      <span className={`badge badge--${data.workspace}`} data-testid="status-workspace">
        {t(data.workspace === "demo" ? "status.workspace.demo" : "status.workspace.live")}
      </span>
      <span data-testid="status-counts">{empty ? t("status.nothingSynced") : t("status.counts", counts)}</span>
      {transfers}
      <span className="status-bar__spacer" />
      <span className="status-bar__path" title={data.data_dir}>
        {t("status.dataDir")}: <span data-testid="status-data-dir">{data.data_dir}</span>
      </span>
      <span data-testid="status-schema">{t("status.schema", { version: data.schema_version })}</span>
      <span data-testid="status-version">{t("status.version", { version: data.app_version })}</span>
    </footer>
  );
}
