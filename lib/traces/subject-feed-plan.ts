// Which subject feeds run: one headers-only tail per subject-keyed rule and stream, where each starts, and
// what it records.
import { RetentionPolicy, type ConsumerInfo, type JsMsg, type StreamInfo } from "@nats-io/jetstream";
import type { KeyRule } from "@/lib/config/schema";
import { conversationId, type IndexSourceStatus } from "@/lib/dto/traces";
import { subjectsOverlap } from "@/lib/core/subjects";
import type { TailSource, TailStart } from "./index-tail";
import { isSubjectKeyed } from "@/lib/keys/key-rules";
import { SUBJECT_FEED_VIA, type SubjectFeed } from "./subject-feed";

/** A feed's name in the SubjectFeed: one per stream and rule pattern. */
export const feedKey = (stream: string, pattern: string) => `${stream} ${pattern}`;

export type FeedTail = {
  feed: string;
  /** The stream's first stored sequence now: conversations that ended before it have no message left. */
  firstSeq: number;
  source: TailSource;
  start: TailStart;
  onReady: (info: ConsumerInfo) => void;
  onMessage: (msg: JsMsg) => void;
};

export type FeedPlan = {
  /** Streams holding each subject-keyed rule's subjects (as STREAM.NAMES would say). */
  ruleStreams: Map<KeyRule, string[]>;
  feeds: string[];
  tails: FeedTail[];
  /** Work-queue streams: their consumers are exclusive, so they get no feed. */
  unavailable: { key: string; status: IndexSourceStatus }[];
};

/**
 * A tail resumes right after what its feed saw; a new one reads the whole stream when it holds no more than
 * `maxMessages` (then the feed knows every conversation's messages), else from `windowStart` on.
 */
export function planFeeds(
  infos: readonly StreamInfo[],
  rules: readonly KeyRule[],
  feed: SubjectFeed,
  options: { maxMessages: number; windowStart: Date },
): FeedPlan {
  const plan: FeedPlan = { ruleStreams: new Map(), feeds: [], tails: [], unavailable: [] };
  for (const rule of rules.filter(isSubjectKeyed)) {
    const streams = infos.filter((info) =>
      rule.stream
        ? rule.stream === info.config.name
        : (info.config.subjects ?? []).some((s) => subjectsOverlap(s, rule.subjects)),
    );
    plan.ruleStreams.set(
      rule,
      streams.map((info) => info.config.name),
    );
    for (const info of streams) {
      const stream = info.config.name;
      const key = feedKey(stream, rule.subjects);
      plan.feeds.push(key);
      const source: TailSource = {
        key: `feed:${key}`,
        stream,
        filter: rule.subjects,
        headersOnly: true,
        via: SUBJECT_FEED_VIA,
        label: stream,
      };
      if (info.config.retention === RetentionPolicy.Workqueue) {
        plan.unavailable.push({
          key: source.key,
          status: {
            stream,
            via: SUBJECT_FEED_VIA,
            state: "unavailable",
            indexed: 0,
            pending: 0,
            note: "work-queue stream: lookups read it from its first message",
          },
        });
        continue;
      }
      const resume = feed.resumeAt(key, info.created);
      const start: TailStart =
        resume !== null
          ? { seq: resume }
          : info.state.messages <= options.maxMessages
            ? { seq: Math.max(1, info.state.first_seq) }
            : { time: options.windowStart };
      const token = rule.key.subjectToken - 1;
      plan.tails.push({
        feed: key,
        firstSeq: info.state.first_seq,
        source,
        start,
        onReady: (consumer) =>
          feed.start(key, info.created, consumer.delivered.stream_seq + 1, info.state.first_seq),
        onMessage: (msg) => {
          const id = msg.subject.split(".")[token];
          if (id && conversationId.safeParse(id).success) feed.seen(key, id, msg.info.streamSequence);
        },
      });
    }
  }
  return plan;
}
