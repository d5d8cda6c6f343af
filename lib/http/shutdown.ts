// On SIGTERM/SIGINT, ends open event streams so browsers cannot hold a graceful shutdown open.
import "server-only";
import { closeAllEventStreams } from "./sse";

export function closeEventStreamsOnShutdown(): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, closeAllEventStreams);
}
