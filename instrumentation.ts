// Starts every environment's collector and trace index when the server boots, so polling never waits for a first viewer,
// and ends live event streams on shutdown so open browsers cannot hold the server up.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAllCollectors } = await import("@/lib/collector/registry");
  const { closeAllEventStreams } = await import("@/lib/http/sse");
  const { startAllTraceIndexers } = await import("@/lib/traces/registry");
  startAllCollectors();
  startAllTraceIndexers();
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, closeAllEventStreams);
}
