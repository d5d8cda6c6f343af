// Runs cleanup once, on SIGINT/SIGTERM (Ctrl-C) or when asked, then exits; a second signal exits at once.
export function onShutdown(cleanup: () => Promise<void>): (exitCode: number) => Promise<never> {
  let stopping: Promise<never> | undefined;
  const shutdown = (exitCode: number): Promise<never> => {
    stopping ??= cleanup()
      .catch((error) => {
        console.error(error);
        exitCode = exitCode || 1;
      })
      .then(() => process.exit(exitCode));
    return stopping;
  };
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    console.log(`\n${signal}: stopping…`);
    void shutdown(0);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return shutdown;
}
