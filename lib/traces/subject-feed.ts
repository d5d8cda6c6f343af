// Pure, bounded: per subject-keyed stream, the first and last sequence a headers-only tail saw for each conversation.
// nats-server 2.9's next_by_subj walks every message block from the start sequence on (it has no per-subject skip),
// so a lookup that starts at the conversation's first message costs the conversation, not the stream; the last
// sequence also tells the conversations list when a conversation changed.

/** Source label of the feeds in the index status; lookups do not list them as searched. */
export const SUBJECT_FEED_VIA = "subject feed";

export type SeqRange = { first: number; last: number };

type StreamFeed = {
  /** The stream's creation time: a stream deleted and created again starts over. */
  created: string;
  /** Conversation → first and last sequence seen, in order of last activity (so of `last`), oldest first. */
  seen: Map<string, SeqRange>;
  /** Every message of the tail's filter from the start through `through` has been seen (ordered consumer: no gaps). */
  through: number;
  /** No stored message is older than the tail's start, and no entry was dropped for room: a missing id has no message through `through`. */
  complete: boolean;
};

/** Where a lookup starts reading a conversation's subject, and why. */
export type StartHint = { seq: number; exact: boolean };

export class SubjectFeed {
  private readonly streams = new Map<string, StreamFeed>();

  constructor(readonly maxEntriesPerStream: number) {}

  /**
   * A tail starts at `startSeq`. It continues the known state when it resumes right after it (same stream, no gap);
   * otherwise the stream starts over, complete when the tail starts at or before the stream's first stored message.
   */
  start(stream: string, created: string, startSeq: number, streamFirstSeq: number): void {
    const feed = this.streams.get(stream);
    if (feed && feed.created === created && startSeq === feed.through + 1) return;
    // An empty stream reports first sequence 0 (never written) or last + 1 (emptied): either way nothing is older.
    this.streams.set(stream, { created, seen: new Map(), through: startSeq - 1, complete: startSeq <= Math.max(1, streamFirstSeq) });
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
    const range = feed.seen.get(id);
    // Re-inserting keeps the map in order of last activity, which is the order `prune` and the bound drop in.
    if (range) feed.seen.delete(id);
    feed.seen.set(id, { first: range?.first ?? seq, last: seq });
    if (feed.seen.size > this.maxEntriesPerStream) {
      feed.seen.delete(feed.seen.keys().next().value!);
      feed.complete = false;
    }
  }

  /** Forgets conversations whose last message is older than the stream's first stored one: they have none left. */
  prune(stream: string, firstSeq: number): void {
    const feed = this.streams.get(stream);
    if (!feed) return;
    for (const [id, range] of feed.seen) {
      if (range.last >= firstSeq) break;
      feed.seen.delete(id);
    }
  }

  /** Last sequence seen for the conversation (0: none), or null when the stream is not tailed. */
  last(stream: string, id: string): number | null {
    const feed = this.streams.get(stream);
    return feed ? (feed.seen.get(id)?.last ?? 0) : null;
  }

  /**
   * Where to start reading `id` in `stream` when its last message is `lastSeq`: its first message when the feed is
   * complete, the first message the feed has not seen yet when it never saw the id, else sequence 1.
   */
  startFor(stream: string, id: string, lastSeq: number): StartHint {
    const feed = this.streams.get(stream);
    if (!feed?.complete) return { seq: 1, exact: false };
    const range = feed.seen.get(id);
    if (range && range.first <= lastSeq) return { seq: range.first, exact: true };
    // The feed lags the stream a little: a conversation it has not seen yet can only have messages after `through`.
    if (!range && lastSeq > feed.through) return { seq: feed.through + 1, exact: true };
    return { seq: 1, exact: false };
  }

  size(stream: string): number {
    return this.streams.get(stream)?.seen.size ?? 0;
  }

  isComplete(stream: string): boolean {
    return this.streams.get(stream)?.complete ?? false;
  }
}
