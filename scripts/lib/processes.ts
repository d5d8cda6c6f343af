// Child-process helpers for the scripts: spawn with inherited output, stop politely, wait for HTTP readiness.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createServer } from "node:net";

export function startChild(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(command, args, { stdio: "inherit", ...options });
}

/** Sends `signal`, escalating to SIGKILL after `graceMs`; resolves once the process has exited. */
export function stopChild(
  child: ChildProcess | undefined,
  signal: NodeJS.Signals = "SIGTERM",
  graceMs = 10_000,
): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export function portIsFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Keeps the last `maxChars` of what `child` writes to piped stdout/stderr (and keeps draining them, so a child whose
 * output nobody else reads never blocks on a full pipe).
 */
function outputTail(child: ChildProcess, maxChars = 4000): () => string {
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-maxChars);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => tail.trim();
}

/**
 * Resolves once `url` answers 2xx. With `child`, fails as soon as it exits, quoting the end of its piped output
 * (spawn it with `stdio: ["ignore", "ignore", "pipe"]` so a failed start says why).
 */
export async function waitForHttp(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const tail = child ? outputTail(child) : () => "";
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      const output = tail();
      throw new Error(
        `the process serving ${url} exited with code ${child.exitCode}` +
          (output ? `; its last output:\n${output}` : " (its output was not piped)"),
      );
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

export const NEXT_BIN = "node_modules/next/dist/bin/next";
/** The production server (Next behind a peer-address-stamping HTTP server); args: -p PORT -H HOST. */
export const SERVE_SCRIPT = "scripts/serve.mjs";

/**
 * Node's arguments for the production server on `port`/`host`: scripts/serve.mjs with 8 MiB semi-spaces and the old
 * generation grown by 15 % at a time. V8's defaults let a server watching 2,000 consumers with 7 days of history sit
 * at ~290 MB; --optimize-for-size held it lower but shrank the young generation below 1 MB, so a poll of 10,000
 * consumers spent 40 % of its time in ~2,000 scavenges and held requests for 300–600 ms (docs/decisions.md, "Server
 * memory" and "Issue 12, 2026-11-30 night").
 */
export function serveArgs(port: number, host: string): string[] {
  return [
    "--max-semi-space-size=8",
    "--heap-growing-percent=15",
    SERVE_SCRIPT,
    "-p",
    String(port),
    "-H",
    host,
  ];
}

/**
 * glibc malloc settings for the production server (read at process start, so set by whoever launches it): a fixed
 * 64 KiB mmap threshold returns freed NATS response buffers to the OS instead of letting the dynamic threshold
 * grow and fragment the heap, and two arenas are plenty for one JS thread plus libuv's pool.
 */
export const SERVE_ENV = {
  MALLOC_ARENA_MAX: "2",
  MALLOC_MMAP_THRESHOLD_: "65536",
  MALLOC_TRIM_THRESHOLD_: "1048576",
} as const;

/** stdio for a quiet child whose failed start still says why: stderr piped, read by waitForHttp. */
export const QUIET_STDIO: SpawnOptions["stdio"] = ["ignore", "ignore", "pipe"];

/**
 * Starts the production server (serveArgs + SERVE_ENV over `env`); the one way the scripts, benches and tests
 * launch it.
 */
export function startServer(
  port: number,
  host: string,
  env: NodeJS.ProcessEnv,
  options: Omit<SpawnOptions, "env"> = {},
): ChildProcess {
  return startChild(process.execPath, serveArgs(port, host), { ...options, env: { ...env, ...SERVE_ENV } });
}
