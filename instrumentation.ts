// Starts every environment's background work when the server boots — collector, advisory tail, dead-letter capture
// and redrive runner, trace index, tool monitor — so nothing waits for a first viewer; ends live event streams on shutdown.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAllCollectors } = await import("@/lib/collector/registry");
  const { startAllAdvisoryTails } = await import("@/lib/advisories/registry");
  const { startAllDeadLetterServices } = await import("@/lib/dlq");
  const { startAllTraceIndexers } = await import("@/lib/traces/registry");
  const { startAllToolMonitors } = await import("@/lib/tools/registry");
  const { startAllIncidentServices } = await import("@/lib/incidents");
  const { closeEventStreamsOnShutdown } = await import("@/lib/http/shutdown");
  startAllCollectors();
  startAllAdvisoryTails();
  startAllDeadLetterServices();
  startAllTraceIndexers();
  startAllToolMonitors();
  startAllIncidentServices();
  closeEventStreamsOnShutdown();
}
