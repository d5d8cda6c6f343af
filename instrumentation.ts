// Starts every environment's collector when the server boots, so polling never waits for a first viewer,
// and ends live event streams on shutdown.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAllCollectors } = await import("@/lib/collector/registry");
  const { closeEventStreamsOnShutdown } = await import("@/lib/http/shutdown");
  startAllCollectors();
  closeEventStreamsOnShutdown();
}
