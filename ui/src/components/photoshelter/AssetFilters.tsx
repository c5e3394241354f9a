import type { ApprovalState } from "../../bindings/ApprovalState";
import type { VerdictKind } from "../../bindings/VerdictKind";
import { type MessageKey, useT } from "../../i18n";

export interface AssetFilterValues {
  text: string;
  approval: ApprovalState | null;
  verdict: VerdictKind | null;
  linked: boolean | null;
}

const approvals: ApprovalState[] = ["open", "approved", "rejected"];
export const verdicts: VerdictKind[] = ["ok", "expiring", "expired", "not_yet_valid", "restricted", "unknown"];

/** The search box and the approval, rights and linked filters above the grid. */
export function AssetFilters({
  value,
  onChange,
}: {
  value: AssetFilterValues;
  onChange: (value: AssetFilterValues) => void;
}) {
  const t = useT();
  return (
    <div className="filters" role="search">
      <input
        type="search"
        className="filters__search"
        placeholder={t("link.assets.search")}
        aria-label={t("link.assets.search")}
        value={value.text}
        onChange={(e) => onChange({ ...value, text: e.target.value })}
        data-testid="asset-search"
      />
      <select
        aria-label={t("link.filter.approval")}
        value={value.approval ?? ""}
        onChange={(e) => onChange({ ...value, approval: (e.target.value || null) as ApprovalState | null })}
        data-testid="filter-approval"
      >
        <option value="">{t("link.filter.anyApproval")}</option>
        {approvals.map((a) => (
          <option key={a} value={a}>
            {t(`link.approval.${a}` as MessageKey)}
          </option>
        ))}
      </select>
      <select
        aria-label={t("link.filter.verdict")}
        value={value.verdict ?? ""}
        onChange={(e) => onChange({ ...value, verdict: (e.target.value || null) as VerdictKind | null })}
        data-testid="filter-verdict"
      >
        <option value="">{t("link.filter.anyVerdict")}</option>
        {verdicts.map((v) => (
          <option key={v} value={v}>
            {t(`link.verdict.${v}` as MessageKey)}
          </option>
        ))}
      </select>
      <select
        aria-label={t("link.filter.linked")}
        value={value.linked === null ? "" : value.linked ? "linked" : "unlinked"}
        onChange={(e) =>
          onChange({ ...value, linked: e.target.value === "" ? null : e.target.value === "linked" })
        }
        data-testid="filter-linked"
      >
        <option value="">{t("link.filter.anyLinked")}</option>
        <option value="linked">{t("link.filter.linkedOnly")}</option>
        <option value="unlinked">{t("link.filter.unlinkedOnly")}</option>
      </select>
    </div>
  );
}
