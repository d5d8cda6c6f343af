// Starts every environment's collector and trace index when the server boots, so polling never waits for a
// first viewer, and ends live event streams on shutdown.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAllCollectors } = await import("@/lib/collector/registry");
  const { startAllTraceIndexers } = await import("@/lib/traces/registry");
  const { closeEventStreamsOnShutdown } = await import("@/lib/http/shutdown");
  startAllCollectors();
  startAllTraceIndexers();
  closeEventStreamsOnShutdown();
}
