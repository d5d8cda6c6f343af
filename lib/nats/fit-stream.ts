// Creates a stream Switchyard owns sized to fit the account (docs/architecture.md §13: read the limits, never assume
// a GiB): its byte limit is the wanted size, at most a share of the account's storage limit; when the server has no
// room (a JetStream store smaller than the account allows) it is halved until it fits, then cut to the same share of
// what fitted.
import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";
import { ownReplicasOf } from "./own-replicas";

export type FitOptions = {
  /** Wanted max_bytes; undefined: no byte limit unless the account has one. */
  wantBytes?: number;
  /** Share of the account's storage limit the stream may take at most. */
  accountShare: number;
  /** Below this the stream is not worth creating: the error is passed on. */
  minBytes?: number;
};

export const MIN_FITTED_BYTES = 4 * 1024 * 1024;
/** JSInsufficientResourcesErr: the server cannot reserve the stream's max_bytes. */
const INSUFFICIENT_RESOURCES = 10023;

/** Errors that mean "smaller would fit": no resources on the server, or over the account's limit. */
function tooBig(error: unknown): boolean {
  if (!(error instanceof JetStreamApiError)) return false;
  return (
    error.code === INSUFFICIENT_RESOURCES ||
    /insufficient|exceed|maximum bytes|storage resources/i.test(error.message)
  );
}

/** The byte limit to ask for first: the wanted size within the account's share (undefined: none). */
export async function fittedBytes(jsm: JetStreamManager, options: FitOptions): Promise<number | undefined> {
  const account = await jsm.getAccountInfo().catch(() => undefined);
  const limit = account?.limits.max_storage ?? -1;
  const share = limit > 0 ? Math.floor(limit * options.accountShare) : undefined;
  if (options.wantBytes === undefined) return share;
  return share === undefined ? options.wantBytes : Math.min(options.wantBytes, share);
}

/**
 * Creates the stream when it is missing (an existing one, and its operator's edits, are left alone); returns the
 * byte limit it was created with (undefined when it existed or has none).
 */
export async function createFittedStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
  options: FitOptions,
): Promise<number | undefined> {
  try {
    await jsm.streams.info(config.name);
    return undefined;
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
  }
  const minBytes = options.minBytes ?? MIN_FITTED_BYTES;
  config = { num_replicas: ownReplicasOf(jsm), ...config };
  let bytes = await fittedBytes(jsm, options);
  let halved = false;
  for (;;) {
    try {
      await jsm.streams.add(bytes === undefined ? config : { ...config, max_bytes: bytes });
      if (!halved || bytes === undefined) return bytes;
      // It fits in what the server has left, which is all we learned: take the stream's share of that, and leave
      // the rest to the other streams (Switchyard's DLQ, KV buckets, the applications).
      const share = Math.max(minBytes, Math.floor(bytes * options.accountShare));
      if (share < bytes) await jsm.streams.update(config.name, { ...config, max_bytes: share });
      return share;
    } catch (error) {
      if (!tooBig(error)) throw error;
      // No byte limit asked and still no room: start from the wanted default of a GiB and halve.
      const next = Math.floor((bytes ?? 2 * 1024 * 1024 * 1024) / 2);
      if (next < minBytes)
        throw new Error(
          `cannot create ${config.name}: ${error instanceof Error ? error.message : String(error)} (even at ${Math.round((bytes ?? 0) / 1024 / 1024)} MiB)`,
          { cause: error },
        );
      bytes = next;
      halved = true;
    }
  }
}
