// The lifecycle of a service that reads the stream list: discover now, again every `everyMs`, and whenever the
// connection comes back (streams may have been created or changed while it was down).
import type { EnvironmentConnection } from "./connection";

/** Starts rediscovery; returns what stops it. */
export function keepDiscovering(
  connection: EnvironmentConnection,
  discover: () => Promise<void>,
  everyMs: number,
): () => void {
  const timer = setInterval(() => void discover(), everyMs);
  const unsubscribe = connection.onStatus((status) => {
    if (status.state === "connected") void discover();
  });
  void discover();
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}
