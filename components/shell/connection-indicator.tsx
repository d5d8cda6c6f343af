"use client";
import { useLiveOverview } from "@/components/live/live-overview";
import { RelativeTime } from "@/components/ui/relative-time";

const DOT = {
  connected: "bg-emerald-500",
  connecting: "bg-amber-500",
  reconnecting: "bg-amber-500",
  closed: "bg-red-500",
} as const;

const LABEL = {
  connected: "Connected",
  connecting: "Connecting",
  reconnecting: "Reconnecting",
  closed: "Closed",
} as const;

/** Environment, server URL and version, and NATS connection status, kept live. */
export function ConnectionIndicator() {
  const { overview } = useLiveOverview();
  const c = overview.connection;
  const url = c.connectedUrl ?? c.servers.join(", ");
  return (
    <div
      data-testid="connection-indicator"
      data-state={c.state}
      className="flex min-w-0 items-center gap-2 text-xs text-zinc-600 dark:text-zinc-300"
    >
      <span
        className={`size-2.5 shrink-0 rounded-full ${DOT[c.state]} ${c.state === "connected" ? "" : "animate-pulse"}`}
        aria-hidden
      />
      <span className="shrink-0 font-semibold text-zinc-900 dark:text-zinc-100">{c.name}</span>
      <span className="hidden min-w-0 truncate font-mono xl:inline" title={url}>
        {url}
      </span>
      {c.serverVersion ? (
        <span className="hidden shrink-0 rounded bg-zinc-100 px-1 font-mono lg:inline dark:bg-zinc-800">
          v{c.serverVersion}
        </span>
      ) : null}
      <span title={c.lastError ?? url} className="sr-only shrink-0 whitespace-nowrap sm:not-sr-only">
        {LABEL[c.state]} <RelativeTime iso={c.since} duration className="text-zinc-500" />
      </span>
    </div>
  );
}
