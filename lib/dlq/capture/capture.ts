// Dead-letter capture: a durable consumer on the advisory stream turns each MAX_DELIVERIES / TERMINATED advisory
// into exactly one entry in SWITCHYARD_DLQ (docs/architecture.md §7). Replicas share the durable, so none
// double-captures.
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  type JetStreamManager,
  type JsMsg,
  type StoredMsg,
} from "@nats-io/jetstream";
import { nanos, type NatsConnection } from "@nats-io/transport-node";
import { ADVISORY_STREAM, ensureAdvisoryStream } from "@/lib/advisories/advisory-stream";
import { advisoryKind, parseAdvisory, type Advisory } from "@/lib/advisories/advisory";
import { deadLetterMsgId, REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import { describeError, RepeatLog } from "@/lib/core/repeat-log";
import { jsApiRequest } from "@/lib/nats/jetstream-api";
import { AppDlqIndex } from "./app-dlq-index";
import { findStranded, strandedAdvisory } from "./sweep";
import {
  appDeadLetterStreams,
  deadLetterHeaders,
  findInTap,
  ensureOwnDlqStream,
  OWN_DLQ_STREAM,
  ownEntrySubject,
  type CaptureReason,
  type OriginHeaderConfig,
} from "@/lib/dlq/entries";

export const CAPTURE_CONSUMER = "switchyard-dlq-capture";

export type CaptureOptions = {
  connection: () => NatsConnection;
  apiPrefix: string;
  /** Streams configured as DLQs (their own dead letters are never captured again). */
  configuredDlqStreams: readonly string[];
  /** Work-queue streams whose originals stay after capture (default: originals are removed from work queues). */
  keepOriginalStreams: readonly string[];
  /** Called when an entry was a redriven message coming back (loop guard). */
  onReturned?: (jobId: string) => void;
  batch?: number;
  /** `deadLetterHeaders`: origin header names of application DLQ streams (default X-Dlq-*). */
  originHeaders?: OriginHeaderConfig;
  /** Ack wait of the shared durable (set when it is created): how long an advisory held by a crashed replica waits. */
  ackWaitMs?: number;
  /** Byte limits for SWITCHYARD_ADVISORIES and SWITCHYARD_DLQ when capture creates them (fitted to the account). */
  streamBytes?: { advisories?: number; deadLetters?: number };
  /** Why capture cannot run (undefined once it runs): the registry turns it into a finding and health `degraded`. */
  onProblem?: (cause: string | undefined) => void;
  /** How often capture sweeps for dead letters whose advisory was lost (./sweep.ts); default 30 s. */
  sweepMs?: number;
  /** Every WATCH_MS while capture runs: how far behind it is and how full the account's JetStream storage is. */
  onWatch?: (figures: CaptureWatch) => void;
};

export type CaptureWatch = {
  /** Advisories waiting for capture (pending plus in flight on the shared durable). */
  waiting: number;
  /** Capture's last batch failed (it backs off). */
  failing: boolean;
  /** Dead letters whose advisory was lost, found by the last sweep and not captured (yet). */
  stranded: number;
  /** The account's JetStream file storage: bytes used and its limit (null: unlimited). */
  storage: { used: number; limit: number | null } | null;
};

const WATCH_MS = 15_000;
const SWEEP_MS = 30_000;

export type CaptureStats = {
  captured: number;
  duplicates: number;
  appAlreadyDeadLettered: number;
  payloadLost: number;
  removed: number;
  errors: number;
  /** Entries made by the sweep (dead letters whose advisory was lost), and sweeps done. */
  swept: number;
  sweeps: number;
};

export type CaptureOutcome = "captured" | "duplicate" | "app" | "skipped";

const RETRY_MS = 1000;
/** While advisories keep failing (the DLQ refuses, NATS trouble) capture waits longer between batches, up to this. */
const MAX_BACKOFF_MS = 30_000;
const APP_STREAMS_TTL_MS = 10_000;

export class DeadLetterCapture {
  readonly stats: CaptureStats = {
    captured: 0,
    duplicates: 0,
    appAlreadyDeadLettered: 0,
    payloadLost: 0,
    removed: 0,
    errors: 0,
    swept: 0,
    sweeps: 0,
  };
  private stopped = false;
  private running?: Promise<void>;
  private appStreams?: { names: string[]; at: number };
  private retention = new Map<string, RetentionPolicy | null>();
  private index?: { nc: NatsConnection; index: AppDlqIndex };
  /** One line per cause with a count: a NATS restart fails hundreds of advisories for the same reason. */
  private readonly log = new RepeatLog("[dlq-capture]");

  constructor(private readonly options: CaptureOptions) {}

  start(): this {
    this.running ??= this.loop();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private backoffMs = 0;

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.session(this.options.connection());
      } catch (error) {
        if (this.stopped) break;
        this.stats.errors++;
        if (!String(error).includes("NATS unreachable")) {
          this.log.report(error);
          this.options.onProblem?.(describeError(error));
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /**
   * JetStream answers on the environment's API prefix, or capture says which setting is wrong: a misspelt
   * jetstreamDomain gets no responders, which otherwise looks like "NATS unreachable" everywhere.
   */
  private async checkJetStream(nc: NatsConnection): Promise<void> {
    const prefix = this.options.apiPrefix;
    try {
      await jsApiRequest(nc, prefix, "INFO", undefined, { requests: 0 });
    } catch (error) {
      const text = describeError(error);
      if (!/no responders|timeout|503/i.test(text)) throw error;
      const domain = /^\$JS\.(.+)\.API$/.exec(prefix)?.[1];
      throw new Error(
        domain
          ? `no JetStream answers for jetstreamDomain "${domain}" (${prefix}.INFO: ${text}); check the domain name`
          : `JetStream does not answer (${prefix}.INFO: ${text}); is JetStream enabled for this account?`,
        { cause: error },
      );
    }
  }

  /** Provisions the streams and the durable, then processes advisories until stopped or the connection breaks. */
  private async session(nc: NatsConnection): Promise<void> {
    await this.checkJetStream(nc);
    const prefix = this.options.apiPrefix;
    const jsm = await jetstreamManager(nc, { checkAPI: false, apiPrefix: prefix });
    const bytes = this.options.streamBytes;
    await ensureAdvisoryStream(jsm, bytes?.advisories).catch((error: unknown) => {
      throw new Error(`cannot create ${ADVISORY_STREAM}: ${describeError(error)}`);
    });
    await ensureOwnDlqStream(jsm, bytes?.deadLetters).catch((error: unknown) => {
      throw new Error(`cannot create ${OWN_DLQ_STREAM}: ${describeError(error)}`);
    });
    await jsm.consumers
      .add(ADVISORY_STREAM, {
        durable_name: CAPTURE_CONSUMER,
        description: "Switchyard dead-letter capture (shared by every replica)",
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
        max_ack_pending: 4096,
      })
      .catch(async (error: unknown) => {
        // Another replica created it first (or it exists with edits): use it as it is.
        if (!(await jsm.consumers.info(ADVISORY_STREAM, CAPTURE_CONSUMER).catch(() => undefined)))
          throw error;
      });
    const consumer = await jetstream(nc, { apiPrefix: prefix }).consumers.get(
      ADVISORY_STREAM,
      CAPTURE_CONSUMER,
    );
    this.options.onProblem?.(undefined);
    let watchedAt = 0;
    let sweptAt = 0;
    while (!this.stopped && !nc.isClosed()) {
      if (Date.now() - sweptAt >= (this.options.sweepMs ?? SWEEP_MS) && this.backoffMs === 0) {
        sweptAt = Date.now();
        await this.sweep(nc, jsm).catch((error: unknown) =>
          this.log.report(`sweep: ${describeError(error)}`),
        );
      }
      if (this.options.onWatch && Date.now() - watchedAt >= WATCH_MS) {
        watchedAt = Date.now();
        await this.watch(jsm).catch(() => undefined);
      }
      const batch: JsMsg[] = [];
      const messages = await consumer.fetch({ max_messages: this.options.batch ?? 256, expires: 1000 });
      for await (const m of messages) batch.push(m);
      const failed = batch.length > 0 ? await this.processBatch(nc, jsm, batch) : 0;
      // Back off while advisories fail (the DLQ refuses new entries, NATS trouble): the failed ones come back after
      // the durable's ack wait, and no NAK per failure feeds the advisory stream with advisories about ourselves.
      this.backoffMs = failed > 0 ? Math.min(MAX_BACKOFF_MS, Math.max(RETRY_MS, this.backoffMs * 2)) : 0;
      if (this.backoffMs > 0) await new Promise((resolve) => setTimeout(resolve, this.backoffMs));
    }
  }

  /** Dead letters found by the last sweep that could not be captured. */
  private stranded = 0;

  /** Captures what reached max deliveries without an advisory (./sweep.ts), exactly once like an advisory would. */
  private async sweep(nc: NatsConnection, jsm: JetStreamManager): Promise<void> {
    const found = await findStranded(jsm, this.options.keepOriginalStreams);
    if (found.length > 0) await this.appIndex(nc, jsm).catchUp(await this.appStreamNames(jsm));
    let left = 0;
    for (const s of found) {
      try {
        const outcome = await this.captureOne(nc, jsm, strandedAdvisory(s));
        if (outcome === "captured") this.stats.swept++;
      } catch (error) {
        left++;
        this.log.report(`sweep ${s.stream} ${s.seq}: ${describeError(error)}`);
      }
    }
    this.stranded = left;
    this.stats.sweeps++;
  }

  private async watch(jsm: JetStreamManager): Promise<void> {
    const [consumer, account] = await Promise.all([
      jsm.consumers.info(ADVISORY_STREAM, CAPTURE_CONSUMER),
      jsm.getAccountInfo().catch(() => undefined),
    ]);
    const limit = account?.limits.max_storage ?? -1;
    this.options.onWatch?.({
      waiting: consumer.num_pending + consumer.num_ack_pending,
      failing: this.backoffMs > 0,
      stranded: this.stranded,
      storage: account ? { used: account.storage, limit: limit > 0 ? limit : null } : null,
    });
  }

  /** Captures a batch; returns how many advisories failed (left unacknowledged: redelivered after the ack wait). */
  private async processBatch(nc: NatsConnection, jsm: JetStreamManager, batch: JsMsg[]): Promise<number> {
    const advisories = batch.map((m) => parseAdvisory(m.string()));
    const needsCapture = advisories.some((a) => a && advisoryKind(a) !== "naked");
    if (needsCapture) await this.appIndex(nc, jsm).catchUp(await this.appStreamNames(jsm));
    let failed = 0;
    await Promise.all(
      batch.map(async (m, i) => {
        const advisory = advisories[i];
        try {
          if (advisory && advisoryKind(advisory) !== "naked") await this.captureOne(nc, jsm, advisory);
          m.ack();
        } catch (error) {
          failed++;
          this.stats.errors++;
          this.log.report(`advisory ${advisory?.stream} ${advisory?.stream_seq}: ${describeError(error)}`);
        }
      }),
    );
    return failed;
  }

  private appIndex(nc: NatsConnection, jsm: JetStreamManager): AppDlqIndex {
    if (this.index?.nc !== nc)
      this.index = {
        nc,
        index: new AppDlqIndex(
          nc,
          jsm,
          this.options.apiPrefix,
          this.options.onReturned,
          this.options.originHeaders,
        ),
      };
    return this.index.index;
  }

  private async appStreamNames(jsm: JetStreamManager): Promise<string[]> {
    if (!this.appStreams || Date.now() - this.appStreams.at > APP_STREAMS_TTL_MS) {
      this.appStreams = {
        names: await appDeadLetterStreams(jsm, this.options.configuredDlqStreams),
        at: Date.now(),
      };
    }
    return this.appStreams.names;
  }

  /** One advisory → at most one entry; returns what happened. Exposed for tests and the benchmark. */
  async captureOne(nc: NatsConnection, jsm: JetStreamManager, advisory: Advisory): Promise<CaptureOutcome> {
    const kind = advisoryKind(advisory);
    if (kind === "naked") return "skipped";
    if (advisory.stream === OWN_DLQ_STREAM || advisory.stream === ADVISORY_STREAM) return "skipped";
    if (this.index?.index.has(advisory.stream, advisory.stream_seq)) {
      this.stats.appAlreadyDeadLettered++;
      return "app";
    }
    const original = await getOriginal(jsm, advisory.stream, advisory.stream_seq);
    // Gone from its work queue (terminated): the trace tap still knows its subject, headers and size.
    const tapped = original ? null : await findInTap(jsm, advisory.stream, advisory.stream_seq);
    const originalSubject = original?.subject ?? tapped?.subject ?? "";
    const reason: CaptureReason = kind;
    const reasonText =
      kind === "max_deliveries"
        ? `max deliveries (${advisory.deliveries})`
        : `terminated${advisory.type === "io.nats.jetstream.advisory.v1.terminated" && advisory.reason ? `: ${advisory.reason}` : ""}`;
    const h = deadLetterHeaders(original?.header ?? tapped?.header, {
      stream: advisory.stream,
      subject: originalSubject,
      seq: advisory.stream_seq,
      consumer: advisory.consumer,
      deliveries: advisory.deliveries,
      reason: reasonText,
      time: advisory.timestamp,
      payloadLost: !original,
      originalSize: tapped?.size,
    });
    const subject = ownEntrySubject(reason, advisory.stream, advisory.consumer, originalSubject || "_lost");
    const ack = await jetstream(nc, { apiPrefix: this.options.apiPrefix }).publish(
      subject,
      original?.data ?? new Uint8Array(),
      {
        msgID: deadLetterMsgId(advisory.stream, advisory.stream_seq),
        headers: h,
        // No Nats-Expected-Stream: it would be stored on the entry; switchyard.dlq.> belongs to SWITCHYARD_DLQ alone.
      },
    );
    if (ack.duplicate) {
      this.stats.duplicates++;
    } else {
      this.stats.captured++;
      if (!original) this.stats.payloadLost++;
      const job = original?.header?.get(REDRIVE_HEADERS.job);
      if (job) this.options.onReturned?.(job);
    }
    // Only after the copy is acknowledged: remove the original from a work queue (it would sit there forever).
    if (original && (await this.removesOriginals(jsm, advisory.stream))) {
      const removed = await jsm.streams
        .deleteMessage(advisory.stream, advisory.stream_seq, false)
        .catch(() => false);
      if (removed) this.stats.removed++;
    }
    return ack.duplicate ? "duplicate" : "captured";
  }

  private async removesOriginals(jsm: JetStreamManager, stream: string): Promise<boolean> {
    if (this.options.keepOriginalStreams.includes(stream)) return false;
    if (!this.retention.has(stream)) {
      const info = await jsm.streams.info(stream).catch(() => undefined);
      this.retention.set(stream, info?.config.retention ?? null);
    }
    return this.retention.get(stream) === RetentionPolicy.Workqueue;
  }
}

async function getOriginal(jsm: JetStreamManager, stream: string, seq: number): Promise<StoredMsg | null> {
  try {
    return await jsm.streams.getMessage(stream, { seq });
  } catch (error) {
    // Deleted, expired, or the stream itself is gone: the entry records the advisory and says the payload is lost.
    // Anything else (timeouts, NATS down) is retried: a payload must never be declared lost by accident.
    if (
      error instanceof JetStreamApiError &&
      (error.code === JetStreamApiCodes.NoMessageFound || error.code === JetStreamApiCodes.StreamNotFound)
    )
      return null;
    throw error;
  }
}
