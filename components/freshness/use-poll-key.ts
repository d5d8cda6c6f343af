"use client";
// When a list should look again: a key that changes after a poll in which something it shows may have changed.
// Lists refetch on a change only, so an idle page costs nothing beyond the tab's one live stream.
import { useState } from "react";
import { useLiveOverview, useLiveView } from "@/components/live/live-overview";
import type { StreamView } from "@/lib/dto/live-view";

type PollKey = { key: string; changed: boolean };

/**
 * Every poll, or at most once per `everyMs`. `changed` stays false until the first change, so the page's
 * server-rendered data is not fetched again at once.
 */
export function usePollKey({ everyMs }: { everyMs?: number } = {}): PollKey {
  const { overview } = useLiveOverview();
  const polledAt = overview.poll.polledAt;
  const key = everyMs && polledAt ? String(Math.floor(Date.parse(polledAt) / everyMs)) : String(polledAt);
  const [first] = useState(key);
  return { key, changed: key !== first };
}

/**
 * Changes when `stream` gains or loses messages (its last sequence or count moved), from the tab's live view of
 * that one stream (the summary the tab always gets carries no per-stream rows). `changed` turns true with the
 * view's first data, not only at its first change: what arrived between the page's render and that first data
 * (the tab's event stream can take seconds to switch views on a busy server) would otherwise never be announced.
 */
export function useStreamPollKey(stream: string): PollKey {
  const { data } = useLiveView<StreamView | null>({ view: "stream", stream, limit: 1 }, null);
  const s = data?.stream;
  return { key: s ? `${stream}:${s.lastSeq}:${s.messages}` : `${stream}:?`, changed: Boolean(s) };
}
