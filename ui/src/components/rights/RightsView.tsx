import { useMemo, useState } from "react";
import { toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import { useCommand } from "../../backend/useCommand";
import { formatDay, useLocale, useT } from "../../i18n";
import { EmptyState } from "../EmptyState";
import { type Filters, type GroupBy, items, rows, WINDOWS } from "./review";
import { TimeAxis } from "./TimeAxis";
import { InlineError } from "../InlineError";

/** The longest window the filters offer: the review is asked for once with it. */
const LONGEST = 30;

/** Licences ending soon, ended and still linked, and restricted images: on a time axis by
 * product or campaign, with the products affected per image, and exported as CSV. */
export function RightsView() {
  const t = useT();
  const locale = useLocale();
  const backend = useBackend();
  const review = useCommand("rights_review", { within_days: LONGEST });
  const restricted = useCommand("rights_restricted", {});
  const [filters, setFilters] = useState<Filters>({ expired: true, within: 30, restricted: true });
  const [by, setBy] = useState<GroupBy>("product");
  const [exported, setExported] = useState<{ ok: boolean; text: string } | null>(null);
  const [exporting, setExporting] = useState(false);

  const reviewData = review.state === "ready" ? review.data : null;
  const restrictedData = restricted.state === "ready" ? restricted.data.assets : null;
  const shown = useMemo(
    () => (reviewData && restrictedData ? items(reviewData, restrictedData, filters) : []),
    [reviewData, restrictedData, filters],
  );
  const axisRows = useMemo(
    () => rows(shown, by, t("rights.unlinked"), t("rights.noCampaign")),
    [shown, by, t],
  );

  const exportCsv = async () => {
    setExported(null);
    setExporting(true);
    try {
      const r = await backend.call("rights_review_export", { within_days: LONGEST, folder: null });
      setExported({ ok: true, text: t("rights.exported", { rows: r.rows, path: r.path }) });
    } catch (reason) {
      setExported({ ok: false, text: toBackendError(reason).message });
    } finally {
      setExporting(false);
    }
  };

  const failed = review.state === "failed" ? review : restricted.state === "failed" ? restricted : null;

  return (
    <section className="view__section" aria-labelledby="rights-heading">
      <header className="view__header">
        <h2 id="rights-heading">{t("rights.title")}</h2>
        {reviewData ? <span className="muted">{t("rights.today.is", { day: formatDay(locale, reviewData.today) })}</span> : null}
        <span className="view__spacer" />
        <button type="button" data-testid="rights-export" disabled={exporting || !reviewData} onClick={() => void exportCsv()}>
          {t("rights.export")}
        </button>
      </header>
      <div className="view__filters" role="group" aria-label={t("rights.filters")}>
        <label className="chip">
          <input
            type="checkbox"
            data-testid="rights-filter-expired"
            checked={filters.expired}
            onChange={() => setFilters({ ...filters, expired: !filters.expired })}
          />
          {t("rights.filter.expired")}
        </label>
        {WINDOWS.map((w) => (
          <label key={w} className="chip">
            <input
              type="checkbox"
              data-testid={`rights-filter-${w}`}
              checked={filters.within === w}
              onChange={() => setFilters({ ...filters, within: filters.within === w ? null : w })}
            />
            {t("rights.filter.within", { days: w })}
          </label>
        ))}
        <label className="chip">
          <input
            type="checkbox"
            data-testid="rights-filter-restricted"
            checked={filters.restricted}
            onChange={() => setFilters({ ...filters, restricted: !filters.restricted })}
          />
          {t("rights.filter.restricted")}
        </label>
        <span className="view__spacer" />
        <span role="radiogroup" aria-label={t("rights.groupBy")} className="segmented">
          {(["product", "campaign"] as const).map((g) => (
            <label key={g} className="chip">
              <input type="radio" name="rights-group" checked={by === g} data-testid={`rights-group-${g}`} onChange={() => setBy(g)} />
              {t(g === "product" ? "rights.byProduct" : "rights.byCampaign")}
            </label>
          ))}
        </span>
      </div>
      {exported ? (
        <p className={exported.ok ? "notice" : "inline-error"} role={exported.ok ? "status" : "alert"} data-testid="rights-export-result">
          {exported.text}
        </p>
      ) : null}
      {failed ? (
        <InlineError
          message={t("rights.loadFailed", { message: failed.error.message })}
          onRetry={() => {
            review.reload();
            restricted.reload();
          }}
        />
      ) : !reviewData || !restrictedData ? (
        <p className="muted">{t("app.loading")}</p>
      ) : shown.length === 0 ? (
        <EmptyState title={t("rights.empty.title")} body={t("rights.empty.body")} />
      ) : (
        <>
          <TimeAxis rows={axisRows} today={reviewData.today} within={filters.within ?? 7} />
          <table className="table" data-testid="rights-table">
            <thead>
              <tr>
                <th>{t("rights.col.image")}</th>
                <th>{t("rights.col.status")}</th>
                <th>{t("rights.col.end")}</th>
                <th>{t("rights.col.reason")}</th>
                <th>{t("rights.col.products")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((item) => (
                <tr key={`${item.status}-${item.id}`} data-testid={`rights-row-${item.id}`}>
                  <td>{item.file_name}</td>
                  <td>
                    <span className={`state state--${item.status}`} data-testid={`rights-status-${item.id}`}>
                      {item.status === "expiring" && item.days_left !== null
                        ? t("rights.status.expiringIn", { days: item.days_left })
                        : t(item.status === "expired" ? "rights.status.expired" : "rights.status.restricted")}
                    </span>
                  </td>
                  <td>{item.licence_end ? formatDay(locale, item.licence_end) : "—"}</td>
                  <td>{item.reason}</td>
                  <td data-testid={`rights-products-${item.id}`}>
                    {item.products.length === 0
                      ? t("rights.unlinked")
                      : item.products.map((p) => p.sku ?? p.name).join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
