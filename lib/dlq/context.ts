// What API routes and pages need for one environment's dead letters: a NATS source, the job store, the DLQ stream list.
import "server-only";
import type { DeadLetterStreamInfo } from "@/lib/dto/dead-letters";
import { AppError } from "@/lib/core/errors";
import { toAppError } from "@/lib/nats/errors";
import type { Source } from "./browse";
import { ensureOwnDlqStream, OWN_DLQ_STREAM } from "./dlq-stream";
import { listDeadLetterStreams } from "./dlq-sources";
import type { RedriveStore } from "./redrive-store";
import { dlqServices, type DlqServices } from "./registry";

export type DlqContext = { services: DlqServices; src: Source; store: () => Promise<RedriveStore> };

export async function dlqContext(environment: string): Promise<DlqContext> {
  const services = dlqServices(environment);
  const src = await services.source();
  return { services, src, store: () => services.runner.jobStore() };
}

export async function deadLetterStreams(ctx: DlqContext): Promise<DeadLetterStreamInfo[]> {
  try {
    await ensureOwnDlqStream(ctx.src.jsm);
    return await listDeadLetterStreams(ctx.src.jsm, ctx.services.configured);
  } catch (error) {
    throw toAppError(error);
  }
}

/** The DLQ stream a request means: the one named (it must be a DLQ stream), else Switchyard's own. */
export async function resolveDlq(ctx: DlqContext, requested: string | undefined): Promise<string> {
  if (!requested) return OWN_DLQ_STREAM;
  const streams = await deadLetterStreams(ctx);
  if (!streams.some((s) => s.name === requested))
    throw new AppError("stream_not_found", `${requested} is not a dead-letter stream of this environment`);
  return requested;
}
