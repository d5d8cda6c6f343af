// Pure, bounded: per subject-keyed stream, the sequences a headers-only tail saw for each conversation.
// nats-server 2.9's next_by_subj scans a block message by message from the start sequence and walks every block from
// there (it has no per-subject skip): a lookup that gets a conversation's messages by sequence instead costs one block
// lookup per message, whatever the stream's size. The last sequence also tells the conversations list what changed.

/** Source label of the feeds in the index status; lookups do not list them as searched. */
export const SUBJECT_FEED_VIA = "subject feed";

type StreamFeed = {
  /** The stream's creation time: a stream deleted and created again starts over. */
  created: string;
  /** Conversation → its sequences, ascending; the map is in order of last activity, oldest first. */
  seen: Map<string, number[]>;
  /** How many sequences `seen` holds (bounded). */
  held: number;
  /** Every message of the tail's filter from the start through `through` has been seen (ordered consumer: no gaps). */
  through: number;
  /**
   * No stored message is older than the tail's start, and nothing was dropped for room: the feed knows every
   * conversation.
   */
  complete: boolean;
};

/**
 * How to read one conversation's subject whose last message is at `lastSeq`: get `known` by sequence, then continue
 * with next_by_subj from `from` (null: nothing beyond `known`). `exact` is false when the feed cannot vouch for it
 * (then `from` is 1: the whole stream).
 */
export type ReadPlan = { known: number[]; from: number | null; exact: boolean };

const WHOLE_STREAM: ReadPlan = { known: [], from: 1, exact: false };

/**
 * Most conversations have a few messages: their arrays are copied to exact size (push would reserve 16 more
 * slots each).
 */
const EXACT_UP_TO = 32;

function append(seqs: number[] | undefined, seq: number): number[] {
  if (!seqs) return [seq];
  if (seqs.length < EXACT_UP_TO) return seqs.concat(seq);
  seqs.push(seq);
  return seqs;
}

export class SubjectFeed {
  private readonly streams = new Map<string, StreamFeed>();

  constructor(readonly maxSequencesPerStream: number) {}

  /**
   * A tail starts at `startSeq`. It continues the known state when it resumes right after it (same stream, no gap);
   * otherwise the stream starts over, complete when the tail starts at or before the stream's first stored message.
   */
  start(stream: string, created: string, startSeq: number, streamFirstSeq: number): void {
    const feed = this.streams.get(stream);
    if (feed && feed.created === created && startSeq === feed.through + 1) return;
    // An empty stream reports first sequence 0 (never written) or last + 1 (emptied): either way nothing is older.
    this.streams.set(stream, {
      created,
      seen: new Map(),
      held: 0,
      through: startSeq - 1,
      complete: startSeq <= Math.max(1, streamFirstSeq),
    });
  }

  /** The sequence to resume a stopped tail at, when its state is still usable for this stream. */
  resumeAt(stream: string, created: string): number | null {
    const feed = this.streams.get(stream);
    return feed && feed.created === created ? feed.through + 1 : null;
  }

  seen(stream: string, id: string, seq: number): void {
    const feed = this.streams.get(stream);
    if (!feed || seq <= feed.through) return;
    feed.through = seq;
    const seqs = feed.seen.get(id);
    // Re-inserting keeps the map in order of last activity, which is the order `prune` and the bound drop in.
    if (seqs) feed.seen.delete(id);
    feed.seen.set(id, append(seqs, seq));
    feed.held++;
    while (feed.held > this.maxSequencesPerStream) {
      const [oldest, dropped] = feed.seen.entries().next().value!;
      feed.seen.delete(oldest);
      feed.held -= dropped.length;
      feed.complete = false;
    }
  }

  /** Forgets conversations whose last message is older than the stream's first stored one: they have none left. */
  prune(stream: string, firstSeq: number): void {
    const feed = this.streams.get(stream);
    if (!feed) return;
    for (const [id, seqs] of feed.seen) {
      if (seqs.at(-1)! >= firstSeq) break;
      feed.seen.delete(id);
      feed.held -= seqs.length;
    }
  }

  /** Last sequence seen for the conversation (0: none), or null when the stream has no feed. */
  last(stream: string, id: string): number | null {
    const feed = this.streams.get(stream);
    return feed ? (feed.seen.get(id)?.at(-1) ?? 0) : null;
  }

  /** How to read `id` in `stream` when the server says its last message is at `lastSeq`. */
  plan(stream: string, id: string, lastSeq: number): ReadPlan {
    const feed = this.streams.get(stream);
    if (!feed?.complete) return WHOLE_STREAM;
    // The feed may already have seen messages newer than the server's answer: those are not asked for.
    const seqs = feed.seen.get(id) ?? [];
    let upTo = seqs.length;
    while (upTo > 0 && seqs[upTo - 1]! > lastSeq) upTo--;
    const known = seqs.slice(0, upTo);
    if (known.at(-1) === lastSeq) return { known, from: null, exact: true };
    // The feed lags the stream a little: what it has not seen yet can only come after `through`.
    if (lastSeq > feed.through) return { known, from: feed.through + 1, exact: true };
    // The server has a message the feed should have seen and did not (e.g. the stream was purged and
    // refilled): read it all.
    return WHOLE_STREAM;
  }

  /** Sequences held for the stream (bounded by maxSequencesPerStream). */
  size(stream: string): number {
    return this.streams.get(stream)?.held ?? 0;
  }

  isComplete(stream: string): boolean {
    return this.streams.get(stream)?.complete ?? false;
  }
}
