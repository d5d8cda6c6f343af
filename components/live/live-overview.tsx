"use client";
// Holds the environment's live summary for every client component on the page, and the data of the one view the
// page shows (a page of rows, a stream, a consumer): one EventSource per tab, sized to that view (live-store.ts).
import {
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { apiGet } from "@/lib/client-fetch";
import { apiPaths, type ApiPath } from "@/lib/dto/api-paths";
import type { EstateSummary } from "@/lib/dto/estate";
import type { LiveViewRequest } from "@/lib/dto/live-view";
import { LiveStore, type LiveState, type ViewData } from "./live-store";

export type { LiveState } from "./live-store";

type LiveOverview = { overview: EstateSummary; live: LiveState };

// The store, one per environment and tab: the context's value never changes, so it never re-renders the page.
const LiveStoreContext = createContext<LiveStore | null>(null);

export function LiveOverviewProvider({
  initial,
  children,
}: {
  initial: EstateSummary;
  children: React.ReactNode;
}) {
  const [store, setStore] = useState(() => new LiveStore(initial));
  if (store.environment !== initial.environment) setStore(new LiveStore(initial));
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  return <LiveStoreContext value={store}>{children}</LiveStoreContext>;
}

function useLiveStore(): LiveStore {
  const store = useContext(LiveStoreContext);
  if (!store) throw new Error("useLiveOverview must be used inside <LiveOverviewProvider>");
  return store;
}

export function useLiveOverview(): LiveOverview {
  const store = useLiveStore();
  const overview = useSyncExternalStore(store.subscribe, store.getOverview, store.initialOverview);
  const live = useSyncExternalStore(store.subscribe, store.getLive, store.initialLive);
  return { overview, live };
}

/** How long a changed view waits for the next change before its event stream follows (its rows come by fetch). */
const SWITCH_STREAM_AFTER_MS = 250;

/**
 * The live data of `request` (the page's view), starting from what the server rendered. While a changed request's
 * rows are on their way the component keeps its last data and `pending` is true. With `snapshot` (a list API URL
 * answering the same rows) a changed request's rows are fetched at once and the tab's event stream follows once the
 * request has settled, so a burst of keystrokes costs one small GET per key and one stream switch.
 */
export function useLiveView<T>(
  request: LiveViewRequest,
  initial: T,
  snapshot?: ApiPath,
): { data: T; pending: boolean } {
  const store = useLiveStore();
  const view = useSyncExternalStore(store.subscribe, store.getView, store.initialView);
  const { show, release } = store;
  const url = apiPaths.events(store.environment, request);
  const wanted = JSON.stringify(request);
  const [last, setLast] = useState<{ url: string; data: T; from: ViewData | null }>({
    url,
    data: initial,
    from: null,
  });
  const mounted = useRef(false);
  // A layout effect: the new view's rows are asked for before the browser paints the keystroke, not after.
  useLayoutEffect(() => {
    const next = JSON.parse(wanted) as LiveViewRequest;
    if (!snapshot || !mounted.current) {
      mounted.current = true;
      show(next);
      return;
    }
    const abort = new AbortController();
    void apiGet<T>(snapshot, { signal: abort.signal }).then((answer) => {
      if (!answer.ok || abort.signal.aborted) return;
      // The stream's rows (from a later poll) win over the fetched ones.
      setLast((kept) => (kept.url === url && kept.from ? kept : { url, data: answer.data, from: null }));
    });
    const timer = setTimeout(() => show(next), SWITCH_STREAM_AFTER_MS);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [wanted, show, snapshot, url]);
  useEffect(() => release, [release]);
  // Adopt the view's data when it is this request's (React's "adjust state while rendering" pattern).
  if (view && view.url === url && last.from !== view) setLast({ url, data: view.data as T, from: view });
  return { data: last.data, pending: last.url !== url };
}
