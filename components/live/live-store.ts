"use client";
// The tab's live data outside React: the environment's summary, the event stream's state and the data of the one view
// the page shows, fed by one EventSource per tab. Components read it with useSyncExternalStore, so an update renders
// the components that read what changed and nothing else. (Held in React state, every update was a change of a
// context above the whole page, and React renders a Suspense boundary whose streamed HTML has not been revealed yet
// in the browser when such a change reaches it: the server's copy then lingered, hidden, next to the new one.)
import { apiPaths } from "@/lib/dto/api-paths";
import type { EstateSummary } from "@/lib/dto/estate";
import type { LiveViewRequest } from "@/lib/dto/live-view";

export type LiveState = "connecting" | "open" | "retrying";
export type ViewData = { url: string; data: unknown };

export class LiveStore {
  readonly environment: string;
  private overview: EstateSummary;
  private live: LiveState = "connecting";
  private view: ViewData | null = null;
  private lastSummary: string | undefined;
  private source: { url: string; events: EventSource } | null = null;
  private releasing: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly initial: EstateSummary) {
    this.environment = initial.environment;
    this.overview = initial;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  // Snapshots for useSyncExternalStore; the server rendered (and hydration expects) the initial ones.
  getOverview = (): EstateSummary => this.overview;
  getLive = (): LiveState => this.live;
  getView = (): ViewData | null => this.view;
  initialOverview = (): EstateSummary => this.initial;
  initialLive = (): LiveState => "connecting";
  initialView = (): ViewData | null => null;

  /** The page's view: a new view is a new stream, whose first events carry the summary and the view's rows. */
  show = (request: LiveViewRequest): void => this.open(apiPaths.events(this.environment, request));

  /** A page that leaves hands back to the summary alone, unless the next page asks for its view right away. */
  release = (): void => {
    clearTimeout(this.releasing);
    this.releasing = setTimeout(() => this.open(apiPaths.events(this.environment, null)), 0);
  };

  /** Pages without a view get the summary; a page's view (asked for first) is kept. */
  start(): void {
    if (!this.source) this.open(apiPaths.events(this.environment, null));
  }

  stop(): void {
    clearTimeout(this.releasing);
    this.source?.events.close();
    this.source = null;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  // Switching views is imperative (not an effect of a render), so a new filter's stream opens at once.
  private open(url: string): void {
    clearTimeout(this.releasing);
    if (this.source?.url === url) return;
    this.source?.events.close();
    // EventSource reconnects by itself (the server sends `retry: 2000`); only its state is tracked.
    const events = new EventSource(url);
    const setLive = (live: LiveState) => {
      if (this.live === live) return;
      this.live = live;
      this.notify();
    };
    events.addEventListener("open", () => setLive("open"));
    events.addEventListener("error", () => setLive("retrying"));
    events.addEventListener("summary", (event) => {
      const data = (event as MessageEvent<string>).data;
      this.live = "open";
      // A new stream starts with the summary the page already has: its readers need not render again.
      if (data !== this.lastSummary) {
        this.lastSummary = data;
        this.overview = JSON.parse(data) as EstateSummary;
      }
      this.notify();
    });
    events.addEventListener("view", (event) => {
      this.view = { url, data: JSON.parse((event as MessageEvent<string>).data) };
      this.notify();
    });
    this.source = { url, events };
  }
}
