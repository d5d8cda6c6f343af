// Age of the oldest unprocessed message per consumer (docs/architecture.md §2): the first message after the ack
// floor that matches the consumer's filter, fetched with STREAM.MSG.GET next_by_subj and cached by
// (stream, consumer, ack floor) so an unchanged floor costs no request.
import type { NatsConnection } from "@nats-io/transport-node";
import { JetStreamApiError, type ConsumerInfo } from "@nats-io/jetstream";
import { jsApiRequest, type ApiCounter } from "@/lib/nats/jetstream-api";
import { filterSubjectsOf } from "./summarize";
import { consumerKey } from "@/lib/core/series-keys";

type Found = { seq: number; time: number } | null;
type CacheEntry = { floor: number; found: Found };

/** Says whether a stream sequence has already been dead-lettered for a consumer (it is then not "unprocessed"). */
export type DeadLetteredCheck = (stream: string, consumer: string, seq: number) => boolean;

const NO_MESSAGE = 10037;
/** Dead-lettered messages right after the floor to step over; each is one request, paid once per floor. */
const MAX_SKIPS = 100;

export class OldestUnprocessedTracker {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly isDeadLettered: DeadLetteredCheck = () => false) {}

  /** Updates the cache for every consumer with a backlog; returns the oldest unprocessed message per consumer key. */
  async refresh(
    nc: NatsConnection,
    prefix: string,
    consumers: ConsumerInfo[],
    counter: ApiCounter,
    concurrency = 16,
  ): Promise<Map<string, Found>> {
    const result = new Map<string, Found>();
    const live = new Set<string>();
    const work = consumers.filter((ci) => ci.num_pending + ci.num_ack_pending > 0);
    for (const ci of work) live.add(key(ci));
    let next = 0;
    const worker = async () => {
      while (next < work.length) {
        const ci = work[next++]!;
        const k = key(ci);
        const floor = ci.ack_floor.stream_seq;
        const cached = this.cache.get(k);
        if (
          cached &&
          cached.floor === floor &&
          (!cached.found || !this.isDeadLettered(ci.stream_name, ci.name, cached.found.seq))
        ) {
          result.set(k, cached.found);
          continue;
        }
        const found = await this.firstAfter(nc, prefix, ci, floor, counter).catch(
          () => cached?.found ?? null,
        );
        this.cache.set(k, { floor, found });
        result.set(k, found);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, worker));
    for (const k of this.cache.keys()) if (!live.has(k)) this.cache.delete(k);
    return result;
  }

  private async firstAfter(
    nc: NatsConnection,
    prefix: string,
    ci: ConsumerInfo,
    floor: number,
    counter: ApiCounter,
  ): Promise<Found> {
    const filters = filterSubjectsOf(ci);
    let from = floor + 1;
    for (let hop = 0; hop <= MAX_SKIPS; hop++) {
      const candidates = await Promise.all(
        (filters.length ? filters : [">"]).map((subject) =>
          getNext(nc, prefix, ci.stream_name, from, subject, counter),
        ),
      );
      const first =
        candidates.filter((c): c is NonNullable<Found> => c !== null).sort((a, b) => a.seq - b.seq)[0] ??
        null;
      if (!first || !this.isDeadLettered(ci.stream_name, ci.name, first.seq)) return first;
      from = first.seq + 1;
    }
    return null;
  }
}

function key(ci: ConsumerInfo): string {
  return consumerKey(ci.stream_name, ci.name);
}

async function getNext(
  nc: NatsConnection,
  prefix: string,
  stream: string,
  seq: number,
  subject: string,
  counter: ApiCounter,
): Promise<Found> {
  try {
    const reply = await jsApiRequest<{ message: { seq: number; time: string } }>(
      nc,
      prefix,
      `STREAM.MSG.GET.${stream}`,
      { seq, next_by_subj: subject },
      counter,
    );
    return { seq: reply.message.seq, time: Date.parse(reply.message.time) };
  } catch (error) {
    if (error instanceof JetStreamApiError && (error.code === NO_MESSAGE || error.status === 404))
      return null;
    throw error;
  }
}
