// Paged search results for a virtualized list: pages are fetched as their rows come into
// view, kept by offset, and dropped when the query changes.
import { useCallback, useEffect, useRef, useState } from "react";
import { type BackendError, type Request, type Response, toBackendError } from "../../backend/Backend";
import { useBackend } from "../../backend/context";

type SearchCommand = "search_assets" | "search_products";
type Item<K extends SearchCommand> = Response<K>["items"][number];
/** The query without its paging. */
export type SearchQuery<K extends SearchCommand> = Omit<Request<K>, "offset" | "limit">;

export interface PagedSearch<K extends SearchCommand> {
  /** `loading` until the first page arrives for this query. */
  state: "loading" | "ready" | "failed";
  error: BackendError | null;
  /** Matches in all pages (0 while loading). */
  total: number;
  /** The row at `index`, or undefined while its page is not loaded. */
  itemAt: (index: number) => Item<K> | undefined;
  /** Fetches the pages holding rows `start`..`end` that are not loaded or loading yet. */
  ensure: (start: number, end: number) => void;
  /** Fetches every page (for select all); resolves once all are loaded. */
  loadAll: () => Promise<void>;
  /** Drops every page and fetches again (after an error). */
  reload: () => void;
  /** Fetches the loaded pages again in place, keeping the rows shown until they arrive
   * (after links changed). */
  refresh: () => void;
}

export function usePagedSearch<K extends SearchCommand>(
  command: K,
  query: SearchQuery<K>,
  pageSize = 100,
): PagedSearch<K> {
  const backend = useBackend();
  const key = JSON.stringify(query);
  const pages = useRef(new Map<number, Item<K>[]>());
  const pending = useRef(new Map<number, Promise<void>>());
  const generation = useRef(0);
  const [total, setTotal] = useState(0);
  const [state, setState] = useState<PagedSearch<K>["state"]>("loading");
  const [error, setError] = useState<BackendError | null>(null);
  const [tick, setTick] = useState(0);
  const [round, setRound] = useState(0);

  const fetchPage = useCallback(
    (page: number): Promise<void> => {
      if (pages.current.has(page)) return Promise.resolve();
      const inFlight = pending.current.get(page);
      if (inFlight) return inFlight;
      const gen = generation.current;
      const request = { ...(JSON.parse(key) as SearchQuery<K>), offset: page * pageSize, limit: pageSize };
      const done = backend.call(command, request as Request<K>).then(
        (result) => {
          if (gen !== generation.current) return;
          pending.current.delete(page);
          pages.current.set(page, result.items as Item<K>[]);
          setTotal(result.total);
          setState("ready");
          setTick((n) => n + 1);
        },
        (reason: unknown) => {
          if (gen !== generation.current) return;
          pending.current.delete(page);
          setError(toBackendError(reason));
          setState("failed");
        },
      );
      pending.current.set(page, done);
      return done;
    },
    [backend, command, key, pageSize],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    pending.current = new Map();
    setState("loading");
    setError(null);
    setTotal(0);
    void fetchPage(0);
  }, [fetchPage, round]);

  const itemAt = useCallback(
    (index: number) => pages.current.get(Math.floor(index / pageSize))?.[index % pageSize],
    // A new function whenever a page arrives (the tick), so rows re-render.
    [pageSize, tick],
  );

  const ensure = useCallback(
    (start: number, end: number) => {
      if (end < start) return;
      for (let page = Math.floor(start / pageSize); page <= Math.floor(end / pageSize); page += 1) {
        void fetchPage(page);
      }
    },
    [fetchPage, pageSize],
  );

  const loadAll = useCallback(async () => {
    const last = Math.ceil(total / pageSize);
    // A few pages at a time, so a select-all over 50,000 images does not flood the core.
    for (let first = 0; first < last; first += 4) {
      const batch: Promise<void>[] = [];
      for (let page = first; page < Math.min(last, first + 4); page += 1) batch.push(fetchPage(page));
      await Promise.all(batch);
    }
  }, [fetchPage, pageSize, total]);

  const reload = useCallback(() => setRound((n) => n + 1), []);

  const refresh = useCallback(() => {
    const loaded = [...new Set([...pages.current.keys(), ...pending.current.keys()])];
    generation.current += 1;
    pending.current = new Map();
    const gen = generation.current;
    for (const page of loaded) {
      const request = { ...(JSON.parse(key) as SearchQuery<K>), offset: page * pageSize, limit: pageSize };
      backend.call(command, request as Request<K>).then(
        (result) => {
          if (gen !== generation.current) return;
          pages.current.set(page, result.items as Item<K>[]);
          setTotal(result.total);
          setTick((n) => n + 1);
        },
        (reason: unknown) => {
          if (gen !== generation.current) return;
          setError(toBackendError(reason));
          setState("failed");
        },
      );
    }
  }, [backend, command, key, pageSize]);

  return { state, error, total, itemAt, ensure, loadAll, reload, refresh };
}
