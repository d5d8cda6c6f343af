"use client";
// "N new events — show" above a trace: every few seconds the trace is read again and its events counted. Showing
// them re-renders the page in place (the selected message stays selected).
import { useRouter } from "next/navigation";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { NewItemsBar } from "@/components/freshness/new-items-bar";
import { usePollKey } from "@/components/freshness/use-poll-key";
import { apiPaths } from "@/lib/dto/api-paths";
import type { Timeline } from "@/lib/dto/traces";

const events = (t: Pick<Timeline, "marks" | "markers">) => t.marks.length + t.markers.length;

export function TraceUpdates({
  environment,
  id,
  shownEvents,
}: {
  environment: string;
  id: string;
  /** Messages and markers on the page now. */
  shownEvents: number;
}) {
  const router = useRouter();
  // A trace read costs requests that grow with the conversation: at most every 5 s.
  const poll = usePollKey({ everyMs: 5000 });
  const { data } = useRefreshingJson<Timeline>(
    poll.changed ? apiPaths.conversation(environment, id) : null,
    poll.key,
  );
  const count = data ? Math.max(0, events(data) - shownEvents) : 0;
  return <NewItemsBar count={count} noun={["new event", "new events"]} onShow={() => router.refresh()} />;
}
