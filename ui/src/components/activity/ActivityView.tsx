import { useEffect, useState } from "react";
import { type BackendError, toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import type { ActivityCategory } from "../../bindings/ActivityCategory";
import type { ActivityPage } from "../../bindings/ActivityPage";
import type { ActivityQuery } from "../../bindings/ActivityQuery";
import { formatTime, useLocale, useT } from "../../i18n";
import { EmptyState } from "../EmptyState";
import { InlineError } from "../InlineError";
import { Pager } from "../Pager";

export const CATEGORIES: readonly ActivityCategory[] = [
  "link",
  "tag",
  "approval",
  "replacement",
  "share",
  "export",
  "flag",
  "transfer",
  "sync",
];

const PAGE = 100;

type Page = { state: "loading" } | { state: "ready"; page: ActivityPage } | { state: "failed"; error: BackendError };

/** What moved between the systems and why: newest first, by category, words and date,
 * paged, and exported as CSV. */
export function ActivityView() {
  const t = useT();
  const locale = useLocale();
  const backend = useBackend();
  const [categories, setCategories] = useState<ActivityCategory[]>([]);
  const [text, setText] = useState("");
  const [words, setWords] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [offset, setOffset] = useState(0);
  const [round, setRound] = useState(0);
  const [page, setPage] = useState<Page>({ state: "loading" });
  const [exported, setExported] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => setWords(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  useEffect(() => setOffset(0), [categories, words, from, to]);

  const query: ActivityQuery = {
    categories,
    text: words || null,
    from: from || null,
    to: to || null,
    offset,
    limit: PAGE,
  };
  const key = JSON.stringify(query);

  useEffect(() => {
    let live = true;
    setPage({ state: "loading" });
    backend.call("activity_list", JSON.parse(key) as ActivityQuery).then(
      (r) => live && setPage({ state: "ready", page: r }),
      (reason: unknown) => live && setPage({ state: "failed", error: toBackendError(reason) }),
    );
    return () => {
      live = false;
    };
  }, [backend, key, round]);

  const toggle = (c: ActivityCategory) =>
    setCategories((current) => (current.includes(c) ? current.filter((x) => x !== c) : [...current, c]));

  const exportCsv = async () => {
    setExported(null);
    try {
      const r = await backend.call("activity_export", { query: { ...query, offset: 0, limit: null }, folder: null });
      setExported({ ok: true, text: t("activity.exported", { rows: r.rows, path: r.path }) });
    } catch (reason) {
      setExported({ ok: false, text: toBackendError(reason).message });
    }
  };

  const filtered = categories.length > 0 || words !== "" || from !== "" || to !== "";
  const total = page.state === "ready" ? page.page.total : 0;

  return (
    <section className="view__section" aria-labelledby="activity-heading">
      <header className="view__header">
        <h2 id="activity-heading">{t("activity.title")}</h2>
        {page.state === "ready" ? <span className="muted">{t("activity.total", { count: total })}</span> : null}
        <span className="view__spacer" />
        <button type="button" data-testid="activity-export" onClick={() => void exportCsv()} disabled={total === 0}>
          {t("activity.export")}
        </button>
      </header>
      <div className="view__filters" role="group" aria-label={t("activity.filters")}>
        {CATEGORIES.map((c) => (
          <label key={c} className="chip">
            <input
              type="checkbox"
              checked={categories.includes(c)}
              data-testid={`activity-category-${c}`}
              onChange={() => toggle(c)}
            />
            {t(`activity.category.${c}` as const)}
          </label>
        ))}
      </div>
      <div className="view__filters">
        <input
          type="search"
          aria-label={t("activity.search")}
          placeholder={t("activity.search")}
          value={text}
          data-testid="activity-search"
          onChange={(e) => setText(e.target.value)}
        />
        <label>
          {t("activity.from")}{" "}
          <input type="date" value={from} data-testid="activity-from" onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t("activity.to")}{" "}
          <input type="date" value={to} data-testid="activity-to" onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {exported ? (
        <p className={exported.ok ? "notice" : "inline-error"} role={exported.ok ? "status" : "alert"} data-testid="activity-exported">
          {exported.text}
        </p>
      ) : null}
      {page.state === "loading" ? <p className="muted">{t("app.loading")}</p> : null}
      {page.state === "failed" ? (
        <InlineError message={t("activity.loadFailed", { message: page.error.message })} onRetry={() => setRound((n) => n + 1)} />
      ) : null}
      {page.state === "ready" && page.page.entries.length === 0 ? (
        <EmptyState
          title={t(filtered ? "activity.empty.filtered.title" : "activity.empty.title")}
          body={t(filtered ? "activity.empty.filtered.body" : "activity.empty.body")}
        />
      ) : null}
      {page.state === "ready" && page.page.entries.length > 0 ? (
        <>
          <table className="table" data-testid="activity-table">
            <thead>
              <tr>
                <th>{t("activity.col.when")}</th>
                <th>{t("activity.col.what")}</th>
                <th>{t("activity.col.summary")}</th>
                <th>{t("activity.col.about")}</th>
              </tr>
            </thead>
            <tbody>
              {page.page.entries.map((e) => (
                <tr key={e.id} data-testid={`activity-${e.id}`}>
                  <td>{formatTime(locale, e.at)}</td>
                  <td>
                    <span className={`state state--${e.category}`}>{t(`activity.category.${e.category}` as const)}</span>
                  </td>
                  <td>{e.summary}</td>
                  <td className="muted">{[e.sku, e.file_name].filter(Boolean).join(" · ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            total={total}
            offset={offset}
            size={PAGE}
            onOffset={setOffset}
            label={t("activity.pages")}
            nextTestId="activity-next"
          />
        </>
      ) : null}
    </section>
  );
}
