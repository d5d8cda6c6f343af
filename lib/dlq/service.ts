// One environment's dead letters as routes and pages use them: each verb resolves the DLQ stream a request names,
// brings the environment's source, job store and runner wake-up, and calls the job that does the work.
import "server-only";
import type { z } from "zod";
import type {
  browseQuerySchema,
  DeadLetterDetail,
  DeadLetterPage,
  DeadLetterStreamInfo,
  DeadLetterSummary,
  discardRequestSchema,
  editRedriveSchema,
  InDoubtRequest,
  RedriveJob,
  RedrivePlan,
  RedriveRequest,
} from "@/lib/dto/dead-letters";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { toAppError } from "@/lib/nats/errors";
import { discloseMessage, MASKED, type Disclosure } from "@/lib/masking/for-actor";
import { browse, entryDetail, exportNdjson, summarize } from "@/lib/dlq/browse";
import { discard } from "@/lib/dlq/discard";
import {
  ensureOwnDlqStream,
  listDeadLetterStreams,
  OWN_DLQ_STREAM,
  readEntry,
  type Source,
} from "@/lib/dlq/entries";
import {
  controlJob,
  editAndRedrive,
  resolveInDoubt,
  startRedrive,
  toJobDto,
  type JobAction,
  type RedriveDefaults,
  type RedriveStore,
} from "@/lib/dlq/redrive";
import { dlqServices, type DlqServices } from "./registry";

type BrowseQuery = z.infer<typeof browseQuerySchema>;
type DiscardRequest = z.infer<typeof discardRequestSchema>;
type EditRedrive = z.infer<typeof editRedriveSchema>;

type DlqContext = { services: DlqServices; src: Source; store: () => Promise<RedriveStore> };

async function dlqContext(environment: string): Promise<DlqContext> {
  const services = dlqServices(environment);
  const src = await services.source();
  return { services, src, store: () => services.runner.jobStore() };
}

async function listStreams(ctx: DlqContext): Promise<DeadLetterStreamInfo[]> {
  try {
    await ensureOwnDlqStream(ctx.src.jsm);
    return await listDeadLetterStreams(ctx.src.jsm, ctx.services.configured);
  } catch (error) {
    throw toAppError(error);
  }
}

export type DeadLetters = ReturnType<typeof deadLetters>;

/**
 * The dead-letter service of one environment. Make one per request or page render: it reads the environment's
 * DLQ stream list at most once, so a page that lists the streams and then browses one of them asks NATS once.
 */
export function deadLetters(environment: string) {
  let listed: Promise<DeadLetterStreamInfo[]> | undefined;
  const streams = (ctx: DlqContext) => (listed ??= listStreams(ctx));

  /** The DLQ stream a request means: the one named (it must be a DLQ stream), else Switchyard's own. */
  async function resolveDlq(ctx: DlqContext, requested: string | undefined): Promise<string> {
    if (!requested) return OWN_DLQ_STREAM;
    if (!(await streams(ctx)).some((s) => s.name === requested))
      throw new AppError("stream_not_found", `${requested} is not a dead-letter stream of this environment`);
    return requested;
  }

  return {
    /** Redrive rate and after-redrive setting of this environment. */
    async defaults(): Promise<RedriveDefaults> {
      return (await dlqContext(environment)).services.defaults;
    },

    /** Switchyard's own DLQ stream (created when missing) and every other dead-letter stream. */
    async streams(): Promise<DeadLetterStreamInfo[]> {
      return streams(await dlqContext(environment));
    },

    async browse(query: BrowseQuery): Promise<DeadLetterPage> {
      const ctx = await dlqContext(environment);
      const { dlq, cursor, limit, ...filter } = query;
      return browse(ctx.src, await resolveDlq(ctx, dlq), filter, cursor, limit ?? 50);
    },

    async summary(query: BrowseQuery): Promise<DeadLetterSummary> {
      const ctx = await dlqContext(environment);
      const { dlq, cursor: _cursor, limit: _limit, ...filter } = query;
      return summarize(ctx.src, await resolveDlq(ctx, dlq), filter);
    },

    /** Every matching entry as NDJSON, streamed; `dlq` names the stream for the download's file name. */
    async exportNdjson(query: BrowseQuery): Promise<{ dlq: string; body: ReadableStream<Uint8Array> }> {
      const ctx = await dlqContext(environment);
      const { dlq, cursor: _cursor, limit: _limit, ...filter } = query;
      const stream = await resolveDlq(ctx, dlq);
      return { dlq: stream, body: exportNdjson(ctx.src, stream, filter) };
    },

    /** One entry, masked unless `disclosure` is an audited reveal (lib/audit/audited-reveal.ts). */
    async entry(
      dlq: string | undefined,
      seq: number,
      disclosure: Disclosure = MASKED,
    ): Promise<DeadLetterDetail> {
      const ctx = await dlqContext(environment);
      return entryDetail(ctx.src, await resolveDlq(ctx, dlq), seq, disclosure);
    },

    /**
     * One entry's whole payload, for the download: masked unless revealed; a binary payload that masking cannot
     * look inside is refused (403) unless revealed.
     */
    async payload(
      dlq: string | undefined,
      seq: number,
      disclosure: Disclosure = MASKED,
    ): Promise<{ dlq: string; subject: string; data: Uint8Array }> {
      const ctx = await dlqContext(environment);
      const stream = await resolveDlq(ctx, dlq);
      const msg = await readEntry(ctx.src.jsm, stream, seq);
      const shown = discloseMessage({ data: msg.data }, disclosure);
      if (shown.data === null)
        throw new AppError(
          "forbidden",
          `entry ${seq} has a binary payload that masking cannot look inside; an operator can reveal it`,
        );
      return { dlq: stream, subject: msg.subject, data: shown.data };
    },

    async editAndRedrive(
      dlq: string | undefined,
      seq: number,
      edit: EditRedrive,
      actor: Actor,
    ): Promise<{ target: string; stream: string; duplicate: boolean }> {
      const ctx = await dlqContext(environment);
      return editAndRedrive(ctx.src, await resolveDlq(ctx, dlq), seq, edit, actor);
    },

    async discard(request: DiscardRequest, actor: Actor): Promise<{ discarded: number; missing: number }> {
      const ctx = await dlqContext(environment);
      return discard(
        ctx.src,
        await ctx.store(),
        await resolveDlq(ctx, request.dlq),
        request.selection,
        request.confirmCount,
        actor,
      );
    },

    /** Dry run (dryRun: true) or start a job, which this environment's runner picks up at once. */
    async startRedrive(
      request: RedriveRequest,
      actor: Actor,
    ): Promise<{ plan: RedrivePlan } | { job: RedriveJob }> {
      const ctx = await dlqContext(environment);
      const dlq = await resolveDlq(ctx, request.dlq);
      return startRedrive(
        {
          src: ctx.src,
          store: await ctx.store(),
          poke: () => ctx.services.runner.poke(),
          defaults: ctx.services.defaults,
        },
        { ...request, dlq },
        actor,
      );
    },

    /** The newest `limit` redrive jobs. */
    async jobs(limit: number): Promise<RedriveJob[]> {
      const ctx = await dlqContext(environment);
      const store = await ctx.store();
      const jobs = await store.list();
      return Promise.all(jobs.slice(0, limit).map(async (j) => toJobDto(j, await store.returned(j.id))));
    },

    async job(id: string): Promise<RedriveJob> {
      const store = await (await dlqContext(environment)).store();
      const found = await store.get(id);
      if (!found) throw new AppError("not_found", `redrive job ${id} does not exist`);
      return toJobDto(found.job, await store.returned(id));
    },

    /** Cancel, pause or resume a job; a resumed job is picked up by this environment's runner at once. */
    async controlJob(id: string, action: JobAction, actor: Actor): Promise<RedriveJob> {
      const ctx = await dlqContext(environment);
      return controlJob(ctx.src, await ctx.store(), id, action, actor, () => ctx.services.runner.poke());
    },

    /** Send again, or mark redriven, entries a job holds in doubt (may already have been delivered). */
    async resolveInDoubt(id: string, request: InDoubtRequest, actor: Actor): Promise<RedriveJob> {
      const ctx = await dlqContext(environment);
      return resolveInDoubt(ctx.src, await ctx.store(), id, request, actor);
    },
  };
}
