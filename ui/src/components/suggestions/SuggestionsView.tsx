import { useCallback, useEffect, useMemo, useState } from "react";
import { type BackendError, toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";
import type { SuggestionPage } from "../../bindings/SuggestionPage";
import type { SuggestionView } from "../../bindings/SuggestionView";
import { useT } from "../../i18n";
import { useShortcut } from "../../shortcuts";
import { EmptyState } from "../EmptyState";
import { SuggestionRow } from "./SuggestionRow";
import { InlineError } from "../InlineError";
import { Pager } from "../Pager";

const PAGE = 200;

type Page = { state: "loading" } | { state: "ready"; page: SuggestionPage } | { state: "failed"; error: BackendError };

export const key = (s: SuggestionView) => `${s.asset}|${s.product}`;

/** Proposed links with the rule that fired and its confidence; accept (through the core's
 * link operation, which may refuse with a reason) or reject, one by one or several. */
export function SuggestionsView() {
  const t = useT();
  const backend = useBackend();
  const [offset, setOffset] = useState(0);
  const [round, setRound] = useState(0);
  const [page, setPage] = useState<Page>({ state: "loading" });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [refused, setRefused] = useState<Map<string, string>>(new Map());
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setPage((p) => (p.state === "ready" ? p : { state: "loading" }));
    backend.call("suggestions_list", { offset, limit: PAGE }).then(
      (r) => live && setPage({ state: "ready", page: r }),
      (reason: unknown) => live && setPage({ state: "failed", error: toBackendError(reason) }),
    );
    return () => {
      live = false;
    };
  }, [backend, offset, round]);

  const rows = useMemo(() => (page.state === "ready" ? page.page.suggestions : []), [page]);
  const picked = rows.filter((s) => selected.has(key(s)));

  const toggle = (s: SuggestionView) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(key(s))) next.delete(key(s));
      else next.add(key(s));
      return next;
    });

  const accept = useCallback(
    async (items: SuggestionView[]) => {
      if (items.length === 0) return;
      setBusy(true);
      setProblem(null);
      setNotice(null);
      try {
        const r = await backend.call("suggestions_accept", {
          items: items.map((s) => ({ asset: s.asset, product: s.product, rule: s.rule })),
        });
        const blocked = new Map(refused);
        let linked = 0;
        const warnings: string[] = [];
        for (const o of r.outcomes) {
          if (o.refused) blocked.set(`${o.asset}|${o.product}`, o.refused);
          else {
            linked += 1;
            if (o.warning) warnings.push(o.warning);
          }
        }
        setRefused(blocked);
        setNotice(
          [t("suggestions.accepted", { linked, refused: r.outcomes.length - linked }), ...warnings].join(" · "),
        );
        setSelected(new Set());
        setRound((n) => n + 1);
      } catch (reason) {
        setProblem(toBackendError(reason).message);
      } finally {
        setBusy(false);
      }
    },
    [backend, refused, t],
  );

  const reject = useCallback(
    async (items: SuggestionView[]) => {
      if (items.length === 0) return;
      setBusy(true);
      setProblem(null);
      setNotice(null);
      try {
        const r = await backend.call("suggestions_reject", {
          items: items.map((s) => ({ asset: s.asset, product: s.product, rule: s.rule })),
        });
        setNotice(t("suggestions.rejected", { count: r.rejected }));
        setSelected(new Set());
        setRound((n) => n + 1);
      } catch (reason) {
        setProblem(toBackendError(reason).message);
      } finally {
        setBusy(false);
      }
    },
    [backend, t],
  );

  useShortcut("suggestions.accept", () => void accept(picked), picked.length > 0 && !busy);
  useShortcut("suggestions.reject", () => void reject(picked), picked.length > 0 && !busy);
  useShortcut("suggestions.selectAll", () => setSelected(new Set(rows.map(key))), rows.length > 0);

  const total = page.state === "ready" ? page.page.total : 0;
  const allSelected = rows.length > 0 && picked.length === rows.length;

  return (
    <section className="view__section" aria-labelledby="suggestions-heading">
      <header className="view__header">
        <h2 id="suggestions-heading">{t("suggestions.title")}</h2>
        {page.state === "ready" ? (
          <span className="muted" data-testid="suggestions-total">
            {t("suggestions.total", { count: total })}
          </span>
        ) : null}
        <span className="view__spacer" />
        <button
          type="button"
          data-testid="suggestions-accept-selected"
          disabled={busy || picked.length === 0}
          onClick={() => void accept(picked)}
        >
          {t("suggestions.acceptSelected", { count: picked.length })}
        </button>
        <button
          type="button"
          className="button--quiet"
          data-testid="suggestions-reject-selected"
          disabled={busy || picked.length === 0}
          onClick={() => void reject(picked)}
        >
          {t("suggestions.rejectSelected", { count: picked.length })}
        </button>
      </header>
      {problem ? (
        <p className="inline-error" role="alert" data-testid="suggestions-problem">
          {problem}
        </p>
      ) : null}
      {notice ? (
        <p className="notice" role="status" data-testid="suggestions-notice">
          {notice}
        </p>
      ) : null}
      {page.state === "loading" ? <p className="muted">{t("app.loading")}</p> : null}
      {page.state === "failed" ? (
        <InlineError message={t("suggestions.loadFailed", { message: page.error.message })} onRetry={() => setRound((n) => n + 1)} />
      ) : null}
      {page.state === "ready" && rows.length === 0 ? (
        <EmptyState title={t("suggestions.empty.title")} body={t("suggestions.empty.body")} />
      ) : null}
      {rows.length > 0 ? (
        <>
          <table className="table" data-testid="suggestions-table">
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    aria-label={t("suggestions.selectAll")}
                    checked={allSelected}
                    data-testid="suggestions-select-all"
                    onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map(key)))}
                  />
                </th>
                <th>{t("suggestions.col.image")}</th>
                <th>{t("suggestions.col.product")}</th>
                <th>{t("suggestions.col.rule")}</th>
                <th>{t("suggestions.col.confidence")}</th>
                <th>
                  <span className="visually-hidden">{t("transfers.col.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <SuggestionRow
                  key={key(s)}
                  suggestion={s}
                  selected={selected.has(key(s))}
                  refused={refused.get(key(s)) ?? null}
                  busy={busy}
                  onToggle={toggle}
                  onAccept={(one) => void accept([one])}
                  onReject={(one) => void reject([one])}
                />
              ))}
            </tbody>
          </table>
          <Pager total={total} offset={offset} size={PAGE} onOffset={setOffset} label={t("suggestions.pages")} />
        </>
      ) : null}
    </section>
  );
}
