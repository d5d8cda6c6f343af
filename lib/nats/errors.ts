// Maps NATS client and JetStream API failures to Switchyard's typed AppErrors.
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import { AppError } from "@/lib/core/errors";

export function natsUnavailable(reason: string): AppError {
  return new AppError("nats_unavailable", `NATS unreachable: ${reason}`);
}

/** Turns anything thrown by a NATS call into an AppError; AppErrors pass through. */
export function toAppError(error: unknown, context: { stream?: string; consumer?: string } = {}): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof JetStreamApiError) {
    if (error.code === JetStreamApiCodes.StreamNotFound) {
      return new AppError("stream_not_found", `stream ${JSON.stringify(context.stream ?? "?")} not found`);
    }
    if (error.code === JetStreamApiCodes.ConsumerNotFound) {
      return new AppError(
        "consumer_not_found",
        `consumer ${JSON.stringify(context.consumer ?? "?")} not found`,
      );
    }
    return new AppError("jetstream_error", `JetStream: ${error.message}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return natsUnavailable(message);
}
