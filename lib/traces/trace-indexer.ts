// One per environment: discovers header-keyed, dead-letter and tapped streams, tails them into the bounded
// index, and the advisories too;
// feeds from subject-keyed streams say where each conversation's messages are there and when they changed.
import "server-only";
import {
  jetstream,
  RetentionPolicy,
  type ConsumerInfo,
  type JsMsg,
  type StreamInfo,
} from "@nats-io/jetstream";
import type { KeyRule } from "@/lib/config/schema";
import { ADVISORY_STREAM, ensureAdvisoryStream } from "@/lib/advisories/advisory-stream";
import { advisoryKind, parseAdvisory } from "@/lib/advisories/advisory";
import { isDeadLetterStream } from "@/lib/dto/dead-letter-streams";
import { conversationId, type IndexSourceStatus, type IndexStatus, type TraceRole } from "@/lib/dto/traces";
import type { EnvironmentConnection } from "@/lib/nats/connection";
import { keepDiscovering } from "@/lib/nats/rediscover";
import { AdvisoryIndex } from "./advisory-index";
import { deadLetterKey, extractKey, findRule, headerValue, type HeaderList } from "@/lib/keys/extract-key";
import { HeaderIndex, packHeaders } from "./header-index";
import { runTail, type TailSource, type TailStart } from "./index-tail";
import { isSubjectKeyed, needsPayload, type TraceSettings } from "@/lib/keys/key-rules";
import { originHeadersFor } from "@/lib/dlq/entries";
import { subjectsOverlap } from "@/lib/core/subjects";
import { ensureTapStream, isTapRepublish, TAP_STREAM, tapSubjectPrefix } from "./tap-stream";
import { SubjectFeed } from "./subject-feed";
import { feedKey, planFeeds } from "./subject-feed-plan";
import { SummaryCache } from "./summary-cache";
import type { PlanFor } from "./subject-lookup";

const DISCOVER_EVERY_MS = 30_000;
/** A lookup that misses reads the stream list again, but not more often than this. */
const REFRESH_AT_MOST_EVERY_MS = 2_000;
const TAP_HEADERS = new Set([
  "nats-stream",
  "nats-subject",
  "nats-sequence",
  "nats-last-sequence",
  "nats-msg-size",
  "nats-time-stamp",
]);
/** Without a feed on every subject-keyed stream, list rows are recomputed at least this often. */
const UNTRACKED_REFRESH_MS = 5_000;
const SUMMARY_ROWS = 10_000;

function headerPairs(msg: JsMsg): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [key, values] of msg.headers ?? []) for (const value of values) pairs.push([key, value]);
  return pairs;
}

/** The exact change that gives a work-queue stream the trace tap (2.10+ edits it in place; 2.9 cannot). */
export function tapFix(stream: string): string {
  const dest = `${tapSubjectPrefix(stream)}.>`;
  return (
    `nats stream edit ${stream} --republish-source '>' --republish-destination '${dest}' --republish-headers` +
    ` (nats-server 2.10 or later; on 2.9 RePublish cannot be added to an existing stream: recreate it with` +
    ` "republish": ${JSON.stringify({ src: ">", dest, headers_only: true })})`
  );
}

export class TraceIndexer {
  readonly index: HeaderIndex;
  readonly advisories: AdvisoryIndex;
  /** Per subject-keyed stream and rule: each conversation's sequences there. */
  readonly feed: SubjectFeed;
  /** Conversation list rows, reused while nothing they depend on changed. */
  readonly summaries = new SummaryCache(SUMMARY_ROWS);
  private readonly sources = new Map<string, IndexSourceStatus>();
  /** Streams holding each subject-keyed rule's subjects, from the last discovery. */
  private ruleStreams?: Map<KeyRule, string[]>;
  private feedKeys: string[] = [];
  private readonly running = new Set<string>();
  private deadLetterStreams = new Set<string>();
  /** Header- or payload-keyed work-queue streams without the trace tap: lookups read their stored messages. */
  private untapped: { stream: string; rule: KeyRule }[] = [];
  private refreshing?: Promise<void>;
  private discoveredAt = 0;
  private stopDiscovering?: () => void;
  private stopped = false;

  constructor(
    private readonly connection: EnvironmentConnection,
    readonly settings: TraceSettings,
    private readonly options: { refreshAtMostEveryMs?: number } = {},
  ) {
    this.index = new HeaderIndex(settings.indexMaxMessages, settings.indexMaxAgeMinutes * 60_000);
    this.advisories = new AdvisoryIndex(settings.indexMaxMessages);
    this.feed = new SubjectFeed(settings.indexMaxMessages);
  }

  start(): this {
    this.stopDiscovering ??= keepDiscovering(this.connection, () => this.discover(), DISCOVER_EVERY_MS);
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.stopDiscovering?.();
  }

  /** Work-queue streams without the tap (stored messages only), from the last discovery. */
  untappedWorkQueues(): readonly { stream: string; rule: KeyRule }[] {
    return this.untapped;
  }

  /**
   * Reads the stream list again now (a lookup that found nothing may be about a stream created since the last
   * discovery); concurrent callers share one discovery.
   */
  refreshStreams(): Promise<void> {
    // Misses on ids nobody has (typos, probes) must not turn every lookup into a stream listing.
    const every = this.options.refreshAtMostEveryMs ?? REFRESH_AT_MOST_EVERY_MS;
    if (Date.now() - this.discoveredAt < every) return Promise.resolve();
    this.refreshing ??= this.discover().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  isDeadLetter(stream: string): boolean {
    return this.deadLetterStreams.has(stream);
  }

  status(): IndexStatus {
    const oldest = this.index.oldest();
    return {
      entries: this.index.size,
      conversations: this.index.conversations,
      maxEntries: this.settings.indexMaxMessages,
      maxAgeMinutes: this.settings.indexMaxAgeMinutes,
      oldest: oldest === null ? null : new Date(oldest).toISOString(),
      sources: [...this.sources.values()].map((s) => ({ ...s })),
    };
  }

  /** Finds the streams to tail and starts a tail for each one not yet running. */
  async discover(): Promise<void> {
    if (this.stopped) return;
    let infos: StreamInfo[];
    try {
      const jsm = await this.connection.manager();
      // Without permission to create them, traces still work from what is readable: not fatal.
      await ensureAdvisoryStream(jsm).catch(() => undefined);
      await ensureTapStream(jsm, this.settings.indexMaxAgeMinutes * 60_000).catch(() => undefined);
      infos = [];
      for await (const info of jsm.streams.list()) infos.push(info);
    } catch {
      return; // NATS down: the next discovery or reconnect tries again
    }
    this.deadLetterStreams = new Set(
      infos
        .map((i) => i.config.name)
        .filter((name) => isDeadLetterStream(name, this.connection.env.deadLetterStreams)),
    );
    const untapped: { stream: string; rule: KeyRule }[] = [];
    for (const source of this.plan(infos, untapped)) this.startTail(source);
    this.untapped = untapped;
    const feeds = planFeeds(infos, this.settings.keyRules, this.feed, {
      maxMessages: this.settings.indexMaxMessages,
      windowStart: new Date(Date.now() - this.settings.indexMaxAgeMinutes * 60_000),
    });
    for (const { key, status } of feeds.unavailable) this.sources.set(key, status);
    for (const tail of feeds.tails) {
      this.feed.prune(tail.feed, tail.firstSeq);
      this.startTail(tail.source, tail.start, tail.onMessage, tail.onReady);
    }
    this.ruleStreams = feeds.ruleStreams;
    this.discoveredAt = Date.now();
    this.feedKeys = feeds.feeds;
  }

  /**
   * Streams that store a subject-keyed rule's subjects (as STREAM.NAMES would say), or null before the first
   * discovery.
   */
  subjectStreams(rule: KeyRule): string[] | null {
    return this.ruleStreams ? (this.ruleStreams.get(rule) ?? []) : null;
  }

  /** How a lookup reads conversation `id` in a subject-keyed stream (see SubjectFeed.plan). */
  planFor(stream: string, pattern: string, id: string): PlanFor {
    return (lastSeq) => this.feed.plan(feedKey(stream, pattern), id, lastSeq);
  }

  /**
   * Changes whenever something a conversation's summary depends on changes: its index entries, advisories on them, and its
   * messages in subject-keyed streams (the feeds). Where a feed is missing, it also changes every few seconds.
   */
  fingerprint(id: string, now = Date.now()): string {
    let advisories = 0;
    for (const ref of this.index.refs(id)) advisories += this.advisories.get(ref.stream, ref.seq).length;
    const parts: (string | number)[] = [this.index.version(id), advisories];
    let tracked = this.ruleStreams !== undefined;
    for (const key of this.feedKeys) {
      const last = this.feed.last(key, id);
      if (last === null || !this.running.has(`feed:${key}`)) tracked = false;
      parts.push(last ?? 0);
    }
    if (!tracked) parts.push(`t${Math.floor(now / UNTRACKED_REFRESH_MS)}`);
    return parts.join(":");
  }

  private plan(
    infos: StreamInfo[],
    untapped: { stream: string; rule: KeyRule }[],
  ): (TailSource | { key: string; stream: string; via: string; note: string; fix?: string })[] {
    const planned: (TailSource | { key: string; stream: string; via: string; note: string; fix?: string })[] =
      [];
    planned.push({
      key: "advisories",
      stream: ADVISORY_STREAM,
      filter: ">",
      headersOnly: false,
      via: "advisories",
      label: ADVISORY_STREAM,
    });
    for (const info of infos) {
      const name = info.config.name;
      if (name === TAP_STREAM || name === ADVISORY_STREAM) continue;
      if (this.deadLetterStreams.has(name)) {
        planned.push({
          key: `dlq:${name}`,
          stream: name,
          filter: ">",
          // Entries are keyed by their original stream's rule: a JSON-keyed one needs the payload.
          headersOnly: !this.settings.keyRules.some(needsPayload),
          via: "headers-only tail (dead letters)",
          label: name,
        });
        continue;
      }
      const rules = this.settings.keyRules.filter(
        (r) =>
          !isSubjectKeyed(r) &&
          (r.stream
            ? r.stream === name
            : (info.config.subjects ?? []).some((s) => subjectsOverlap(s, r.subjects))),
      );
      for (const rule of rules) {
        const headersOnly = !needsPayload(rule);
        if (info.config.retention === RetentionPolicy.Workqueue) {
          if (isTapRepublish(name, info.config.republish)) {
            planned.push({
              key: `tap:${name}`,
              stream: TAP_STREAM,
              filter: `${tapSubjectPrefix(name)}.>`,
              headersOnly: true,
              via: `trace tap (${TAP_STREAM})`,
              label: name,
            });
          } else {
            untapped.push({ stream: name, rule });
            planned.push({
              key: `tap:${name}`,
              stream: name,
              via: "trace tap",
              note: "work-queue stream without the trace tap: stored messages are read by direct gets, consumed ones cannot be shown",
              fix: tapFix(name),
            });
          }
        } else {
          planned.push({
            key: `rule:${name}:${rule.subjects}`,
            stream: name,
            filter: rule.subjects,
            headersOnly,
            via: headersOnly ? "headers-only tail" : "payload tail",
            label: name,
          });
        }
      }
    }
    return planned;
  }

  private startTail(
    source: TailSource | { key: string; stream: string; via: string; note: string; fix?: string },
    start?: TailStart,
    onFeedMessage?: (msg: JsMsg) => void,
    onReady?: (info: ConsumerInfo) => void,
  ): void {
    if (this.running.has(source.key)) return;
    if ("note" in source) {
      this.sources.set(source.key, {
        stream: source.stream,
        via: source.via,
        state: "unavailable",
        indexed: 0,
        pending: 0,
        note: source.note,
        fix: source.fix,
      });
      return;
    }
    const status: IndexSourceStatus = this.sources.get(source.key) ?? {
      stream: source.label,
      via: source.via,
      state: "building",
      indexed: 0,
      pending: 0,
    };
    status.state = "building";
    status.note = undefined;
    status.fix = undefined;
    this.sources.set(source.key, status);
    this.running.add(source.key);
    const since = new Date(
      Math.max(this.index.oldest() ?? 0, Date.now() - this.settings.indexMaxAgeMinutes * 60_000),
    );
    const handler =
      onFeedMessage ??
      (source.key === "advisories"
        ? (msg: JsMsg) => this.onAdvisory(msg)
        : (msg: JsMsg) => this.onMessage(source, msg));
    let nc;
    try {
      nc = this.connection.connection();
    } catch {
      this.running.delete(source.key);
      return;
    }
    runTail(jetstream(nc), source, start ?? { time: since }, status, handler, () => this.stopped, onReady)
      .catch((error: unknown) => {
        status.state = "unavailable";
        status.note = error instanceof Error ? error.message : String(error);
      })
      .finally(() => this.running.delete(source.key));
  }

  private onAdvisory(msg: JsMsg): void {
    const advisory = parseAdvisory(msg.string());
    if (!advisory) return;
    this.advisories.add({
      kind: advisoryKind(advisory),
      stream: advisory.stream,
      seq: advisory.stream_seq,
      consumer: advisory.consumer,
      deliveries: advisory.deliveries,
      time: advisory.timestamp,
      reason: "reason" in advisory ? advisory.reason : undefined,
    });
  }

  private onMessage(source: TailSource, msg: JsMsg): void {
    const all = headerPairs(msg);
    const get = (name: string) => all.find(([k]) => k.toLowerCase() === name)?.[1];
    const tapped = source.stream === TAP_STREAM;
    const stream = tapped ? (get("nats-stream") ?? source.label) : source.stream;
    const seq = tapped ? Number(get("nats-sequence")) : msg.info.streamSequence;
    const subject = tapped ? (get("nats-subject") ?? msg.subject) : msg.subject;
    const size = Number(get("nats-msg-size") ?? msg.data.length) || 0;
    const headers: HeaderList = all.filter(([k]) => !TAP_HEADERS.has(k.toLowerCase()));
    if (!Number.isInteger(seq)) return;
    const payload = source.headersOnly ? null : msg.data;
    let key: { conversationId: string | null; role: TraceRole };
    if (this.deadLetterStreams.has(stream)) {
      // The same extractor as every other stream: the rule of the entry's original stream and subject.
      const names = originHeadersFor(this.connection.env.deadLetters?.originHeaders, stream);
      key = {
        conversationId: deadLetterKey(this.settings.keyRules, {
          originStream: headerValue(headers, [names.stream]),
          originSubject: headerValue(headers, [names.subject]),
          headers,
          payload,
        }).conversationId,
        role: "dead_letter",
      };
    } else {
      const rule = findRule(this.settings.keyRules, stream, subject);
      if (!rule) return;
      key = extractKey(rule, { subject, headers, payload }, this.settings.requestIdHeaders);
    }
    if (!key.conversationId || !conversationId.safeParse(key.conversationId).success) return;
    const role = key.role;
    this.index.add({
      conversationId: key.conversationId,
      stream,
      seq,
      subject,
      time: msg.info.timestampNanos / 1e6,
      size,
      role,
      headers: packHeaders(headers),
    });
  }
}
