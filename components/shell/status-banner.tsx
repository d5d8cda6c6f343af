"use client";
import { useLiveOverview } from "@/components/live/live-overview";
import { RelativeTime } from "@/components/ui/relative-time";

/** Says loudly when NATS is unreachable, when the data shown is stale, or when live updates are down. */
export function StatusBanner() {
  const { overview, live } = useLiveOverview();
  const { connection, poll } = overview;
  if (connection.state !== "connected") {
    return (
      <div
        role="alert"
        data-testid="nats-unreachable"
        className="border-b border-red-300 bg-red-50 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
      >
        <div className="mx-auto max-w-7xl px-4">
          <strong>NATS unreachable</strong>: {connection.lastError ?? connection.state}, retrying (since{" "}
          <RelativeTime iso={connection.since} />
          ).{" "}
          {poll.polledAt ? (
            <>
              Figures below are from the last successful poll, <RelativeTime iso={poll.polledAt} />.
            </>
          ) : (
            "No data has been collected yet."
          )}
        </div>
      </div>
    );
  }
  if (poll.stale) {
    return (
      <div
        aria-live="polite"
        className="border-b border-amber-300 bg-amber-50 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200"
      >
        <div className="mx-auto max-w-7xl px-4">
          <strong>Stale data</strong>: the last poll failed ({poll.error}); showing figures from{" "}
          <RelativeTime iso={poll.polledAt} />.
        </div>
      </div>
    );
  }
  if (live === "retrying") {
    return (
      <div
        aria-live="polite"
        className="border-b border-amber-300 bg-amber-50 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200"
      >
        <div className="mx-auto max-w-7xl px-4">
          Live updates interrupted (is the Switchyard server running?); reconnecting…
        </div>
      </div>
    );
  }
  return null;
}
