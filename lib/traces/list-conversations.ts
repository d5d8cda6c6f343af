// Recent conversations from the index, with status / stuck / id filters; a row is looked up again only when
// its conversation changed.
import "server-only";
import type { ApiCounter } from "@/lib/nats/jetstream-api";
import type { ConversationList, ConversationListQuery, ConversationSummary } from "@/lib/dto/traces";
import { lookupConversation, type LookupDeps } from "./lookup-conversation";
import { summaryAt, summaryRow } from "./summary-cache";
import type { TraceIndexer } from "./trace-indexer";

const CONCURRENCY = 8;

export type ListDeps = LookupDeps & {
  indexer: LookupDeps["indexer"] & Pick<TraceIndexer, "fingerprint" | "summaries">;
};

export async function listConversations(
  deps: ListDeps,
  query: ConversationListQuery,
  options: { counter?: ApiCounter; now?: number } = {},
): Promise<ConversationList> {
  const limit = query.limit ?? 50;
  const stuckAfterSeconds = query.stuckAfter ?? deps.indexer.settings.stuckAfterSeconds;
  const filtered = Boolean(query.status || query.stuck);
  const needle = query.q?.trim().toLowerCase();
  // A status or stuck filter looks further back, since most recent conversations will not match it.
  // "In DLQ" needs a dead-letter entry, which the index knows without a lookup: older ones are found too.
  const { index, summaries: cache } = deps.indexer;
  const candidates = index.recent(filtered ? Math.max(limit, 200) : limit, (id) => {
    if (needle && !id.toLowerCase().includes(needle)) return false;
    return query.status !== "dlq" || index.has(id, "dead_letter");
  });
  const now = options.now ?? Date.now();
  const summaries: ConversationSummary[] = new Array(candidates.length);
  const stale: number[] = [];
  candidates.forEach((id, i) => {
    const cached = cache.get(id, deps.indexer.fingerprint(id, now), now);
    if (cached) summaries[i] = cached;
    else stale.push(i);
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, stale.length) }, async () => {
      while (next < stale.length) {
        const i = stale[next++]!;
        const id = candidates[i]!;
        // Taken before the lookup: anything that changes during it makes the row stale again.
        const fingerprint = deps.indexer.fingerprint(id, now);
        const at = Date.now();
        const row = summaryRow(
          await lookupConversation(deps, id, { payloads: false, now: at, counter: options.counter }),
          at,
        );
        cache.set(id, fingerprint, row);
        summaries[i] = summaryAt(row, now);
      }
    }),
  );
  const conversations = summaries
    .filter((s) => !query.status || s.status === query.status)
    .filter((s) => !query.stuck || (s.waitingMs !== null && s.waitingMs >= stuckAfterSeconds * 1000))
    .slice(0, limit);
  return { conversations, scanned: candidates.length, stuckAfterSeconds, index: deps.indexer.status() };
}
