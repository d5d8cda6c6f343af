"use client";
// Holds the environment's live summary for every client component on the page, and the data of the one view the
// page shows (a page of rows, a stream, a consumer): one EventSource per tab, sized to that view.
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useRef, useState } from "react";
import { apiGet } from "@/lib/client-fetch";
import { apiPaths, type ApiPath } from "@/lib/dto/api-paths";
import type { EstateSummary } from "@/lib/dto/estate";
import type { LiveViewRequest } from "@/lib/dto/live-view";

export type LiveState = "connecting" | "open" | "retrying";

type LiveOverview = { overview: EstateSummary; live: LiveState };
type ViewData = { url: string; data: unknown };
type LiveContext = LiveOverview & {
  view: ViewData | null;
  show: (view: LiveViewRequest) => void;
  release: () => void;
};

const LiveOverviewContext = createContext<LiveContext | null>(null);

export function LiveOverviewProvider({
  initial,
  children,
}: {
  initial: EstateSummary;
  children: React.ReactNode;
}) {
  const [overview, setOverview] = useState(initial);
  const [live, setLive] = useState<LiveState>("connecting");
  const [view, setView] = useState<ViewData | null>(null);
  const source = useRef<{ url: string; events: EventSource } | null>(null);
  const releasing = useRef<ReturnType<typeof setTimeout>>(undefined);
  const lastSummary = useRef<string>(undefined);
  const environment = initial.environment;

  // Switching views is imperative (not an effect of a render), so a new filter's stream opens at once. A new view is
  // a new stream: its first events carry the summary and the view's rows, later ones only what changed.
  const open = useCallback((url: string) => {
    clearTimeout(releasing.current);
    if (source.current?.url === url) return;
    source.current?.events.close();
    // EventSource reconnects by itself (the server sends `retry: 2000`); we only track its state.
    const events = new EventSource(url);
    events.addEventListener("open", () => setLive("open"));
    events.addEventListener("error", () => setLive("retrying"));
    events.addEventListener("summary", (event) => {
      setLive("open");
      const data = (event as MessageEvent<string>).data;
      // A new stream starts with the summary the page already has: no need to draw every reader of it again.
      if (data === lastSummary.current) return;
      lastSummary.current = data;
      setOverview(JSON.parse(data) as EstateSummary);
    });
    events.addEventListener("view", (event) => {
      setView({ url, data: JSON.parse((event as MessageEvent<string>).data) });
    });
    source.current = { url, events };
  }, []);

  const show = useCallback(
    (request: LiveViewRequest) => open(apiPaths.events(environment, request)),
    [open, environment],
  );
  // A page that leaves hands back to the summary alone, unless the next page asks for its view right away.
  const release = useCallback(() => {
    clearTimeout(releasing.current);
    releasing.current = setTimeout(() => open(apiPaths.events(environment, null)), 0);
  }, [open, environment]);

  useEffect(() => {
    // Pages without a view get the summary; a page's view (its layout effect ran first) is kept.
    if (!source.current) open(apiPaths.events(environment, null));
    return () => {
      clearTimeout(releasing.current);
      source.current?.events.close();
      source.current = null;
    };
  }, [open, environment]);

  return (
    <LiveOverviewContext value={{ overview, live, view, show, release }}>{children}</LiveOverviewContext>
  );
}

function useLiveContext(): LiveContext {
  const value = useContext(LiveOverviewContext);
  if (!value) throw new Error("useLiveOverview must be used inside <LiveOverviewProvider>");
  return value;
}

export function useLiveOverview(): LiveOverview {
  const { overview, live } = useLiveContext();
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
  const { overview, view, show, release } = useLiveContext();
  const url = apiPaths.events(overview.environment, request);
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
