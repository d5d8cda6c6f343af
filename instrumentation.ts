// Starts every environment's collector, advisory tail, dead-letter capture and redrive runner when the server boots,
// so polling and capture never wait for a first viewer, and ends live event streams on shutdown so open browsers
// cannot hold the server up.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAllCollectors } = await import("@/lib/collector/registry");
  const { startAllAdvisoryTails } = await import("@/lib/advisories/registry");
  const { startAllDeadLetterServices } = await import("@/lib/dlq/registry");
  const { closeAllEventStreams } = await import("@/lib/http/sse");
  startAllCollectors();
  startAllAdvisoryTails();
  startAllDeadLetterServices();
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, closeAllEventStreams);
}
