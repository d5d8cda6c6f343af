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
import { AppDlqIndex } from "./app-dlq-index";
import {
  appDeadLetterStreams,
  deadLetterHeaders,
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
};

export type CaptureStats = {
  captured: number;
  duplicates: number;
  appAlreadyDeadLettered: number;
  payloadLost: number;
  removed: number;
  errors: number;
};

export type CaptureOutcome = "captured" | "duplicate" | "app" | "skipped";

const RETRY_MS = 1000;
const APP_STREAMS_TTL_MS = 10_000;

export class DeadLetterCapture {
  readonly stats: CaptureStats = {
    captured: 0,
    duplicates: 0,
    appAlreadyDeadLettered: 0,
    payloadLost: 0,
    removed: 0,
    errors: 0,
  };
  private stopped = false;
  private running?: Promise<void>;
  private appStreams?: { names: string[]; at: number };
  private retention = new Map<string, RetentionPolicy | null>();
  private index?: { nc: NatsConnection; index: AppDlqIndex };

  constructor(private readonly options: CaptureOptions) {}

  start(): this {
    this.running ??= this.loop();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.session(this.options.connection());
      } catch (error) {
        if (this.stopped) break;
        this.stats.errors++;
        if (!String(error).includes("NATS unreachable")) console.error("[dlq-capture]", error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /** Provisions the streams and the durable, then processes advisories until stopped or the connection breaks. */
  private async session(nc: NatsConnection): Promise<void> {
    const jsm = await jetstreamManager(nc, { checkAPI: false });
    await ensureAdvisoryStream(jsm);
    await ensureOwnDlqStream(jsm);
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
    const consumer = await jetstream(nc).consumers.get(ADVISORY_STREAM, CAPTURE_CONSUMER);
    while (!this.stopped && !nc.isClosed()) {
      const batch: JsMsg[] = [];
      const messages = await consumer.fetch({ max_messages: this.options.batch ?? 256, expires: 1000 });
      for await (const m of messages) batch.push(m);
      if (batch.length > 0) await this.processBatch(nc, jsm, batch);
    }
  }

  private async processBatch(nc: NatsConnection, jsm: JetStreamManager, batch: JsMsg[]): Promise<void> {
    const advisories = batch.map((m) => parseAdvisory(m.string()));
    const needsCapture = advisories.some((a) => a && advisoryKind(a) !== "naked");
    if (needsCapture) await this.appIndex(nc, jsm).catchUp(await this.appStreamNames(jsm));
    await Promise.all(
      batch.map(async (m, i) => {
        const advisory = advisories[i];
        try {
          if (advisory && advisoryKind(advisory) !== "naked") await this.captureOne(nc, jsm, advisory);
          m.ack();
        } catch (error) {
          this.stats.errors++;
          console.error("[dlq-capture] advisory", advisory?.stream, advisory?.stream_seq, error);
          m.nak(RETRY_MS);
        }
      }),
    );
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
    const reason: CaptureReason = kind;
    const reasonText =
      kind === "max_deliveries"
        ? `max deliveries (${advisory.deliveries})`
        : `terminated${advisory.type === "io.nats.jetstream.advisory.v1.terminated" && advisory.reason ? `: ${advisory.reason}` : ""}`;
    const h = deadLetterHeaders(original?.header, {
      stream: advisory.stream,
      subject: original?.subject ?? "",
      seq: advisory.stream_seq,
      consumer: advisory.consumer,
      deliveries: advisory.deliveries,
      reason: reasonText,
      time: advisory.timestamp,
      payloadLost: !original,
    });
    const subject = ownEntrySubject(reason, advisory.stream, advisory.consumer, original?.subject ?? "_lost");
    const ack = await jetstream(nc).publish(subject, original?.data ?? new Uint8Array(), {
      msgID: deadLetterMsgId(advisory.stream, advisory.stream_seq),
      headers: h,
      // No Nats-Expected-Stream: it would be stored on the entry; switchyard.dlq.> belongs to SWITCHYARD_DLQ alone.
    });
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
