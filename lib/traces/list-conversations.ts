// Recent conversations from the index, each summarised from a headers-only lookup, with status / stuck / id filters.
import "server-only";
import type { ConversationList, ConversationListQuery, ConversationSummary, Timeline } from "@/lib/dto/traces";
import { lookupConversation, type LookupDeps } from "./lookup-conversation";

const CONCURRENCY = 8;

export function summarize(timeline: Timeline): ConversationSummary {
  const waiting = timeline.pairs.map((p) => p.waitingMs ?? 0);
  return {
    conversationId: timeline.conversationId,
    status: timeline.status,
    startedAt: timeline.startedAt,
    durationMs: timeline.durationMs,
    messages: timeline.counts.messages,
    tools: timeline.counts.tools,
    failures: timeline.counts.failures,
    waitingMs: waiting.length && Math.max(...waiting) > 0 ? Math.max(...waiting) : null,
  };
}

export async function listConversations(deps: LookupDeps, query: ConversationListQuery): Promise<ConversationList> {
  const limit = query.limit ?? 50;
  const stuckAfterSeconds = query.stuckAfter ?? deps.indexer.settings.stuckAfterSeconds;
  const filtered = Boolean(query.status || query.stuck);
  const needle = query.q?.trim().toLowerCase();
  // A status or stuck filter looks further back, since most recent conversations will not match it.
  // "In DLQ" needs a dead-letter entry, which the index knows without a lookup: older ones are found too.
  const index = deps.indexer.index;
  const candidates = index.recent(filtered ? Math.max(limit, 200) : limit, (id) => {
    if (needle && !id.toLowerCase().includes(needle)) return false;
    return query.status !== "dlq" || index.has(id, "dead_letter");
  });
  const summaries: ConversationSummary[] = new Array(candidates.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, candidates.length) }, async () => {
      while (next < candidates.length) {
        const i = next++;
        summaries[i] = summarize(await lookupConversation(deps, candidates[i]!, { payloads: false }));
      }
    }),
  );
  const conversations = summaries
    .filter((s) => !query.status || s.status === query.status)
    .filter((s) => !query.stuck || (s.waitingMs !== null && s.waitingMs >= stuckAfterSeconds * 1000))
    .slice(0, limit);
  return { conversations, scanned: candidates.length, stuckAfterSeconds, index: deps.indexer.status() };
}
