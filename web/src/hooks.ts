import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type RequestOptions } from './api/client';
import type { Locale } from './i18n/index.ts';
import { PAGE_LIMIT } from '../../src/platform/http/page-limit.ts';

export interface Loadable<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Replace the data locally (after a change the server confirmed). */
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/**
 * Loads data from the API and reloads it when `deps` change. A newer load wins over an older one,
 * and nothing is set after the component unmounts.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loadable<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setDataState(value);
        setLoading(false);
      },
      (reason: unknown) => {
        if (controller.signal.aborted) return;
        setError(reason);
        setLoading(false);
      },
    );
    return () => controller.abort();
    // The caller's deps list says when to load again (as useEffect's would); `load` itself changes every render.
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}

/** A page of a list the API hands out a cursor at a time. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorPages<P extends CursorPage<unknown>> {
  /** The first page, loaded again when the caller's `deps` change; its other fields (counts, capacity) are read from here. */
  first: Loadable<P>;
  /** Every item loaded so far: the first page's, then those of each page loaded after it. */
  rows: P['items'][number][];
  /** Where the next page starts; null when there is none. */
  cursor: string | null;
  loadingMore: boolean;
  /** Appends the next page (a failure is shown as a message). */
  loadMore: () => Promise<void>;
}

/**
 * A cursor-paged list: the first page (reloaded when `deps` change, which also forgets the later pages) and the
 * pages appended after it with the same query.
 */
export function useCursorPages<P extends CursorPage<unknown>>(path: string, query: RequestOptions['query'], deps: readonly unknown[]): CursorPages<P> {
  const [more, setMore] = useState<P['items'][number][]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const first = useLoad(async (signal) => {
    const page = await api.get<P>(path, { signal, query });
    setMore([]);
    setCursor(page.nextCursor);
    return page;
  }, deps);

  async function loadMore() {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = await api.get<P>(path, { notify: true, query: { ...query, cursor } });
      setMore((current) => [...current, ...next.items]);
      setCursor(next.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  }

  const rows = useMemo(() => [...(first.data?.items ?? []), ...more], [first.data, more]);
  return { first, rows, cursor, loadingMore, loadMore };
}

/**
 * Every item of a cursor-paged list, page after page at the API's largest page size: for views that need the
 * whole of a bounded list at once (an order's pipeline).
 */
export async function loadAllPages<T>(path: string, query: RequestOptions['query'], signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: CursorPage<T> = await api.get<CursorPage<T>>(path, { signal, query: { ...query, limit: PAGE_LIMIT.max, ...(cursor ? { cursor } : {}) } });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** `value` once it has stayed the same for `ms` (a field typed into asks the server once the typing pauses). */
export function useDebounced<T extends string | number | boolean | null | undefined>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The current UI language as a Tenure locale. */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}
